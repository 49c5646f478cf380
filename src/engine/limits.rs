//! Hard limits: inputs past them get a clear message instead of work (issue 9).
//!
//! AWS's own limits are far lower (a key policy holds 32 KB, an IAM managed policy 6 144
//! characters, a role's inline policies 10 240, an SCP 5 120), so kmsplay accepts anything a
//! real account can hold, and more, with findings where AWS would refuse; the limits here only
//! stop absurd input (a 5 MB paste, a generated scenario with ten thousand principals) from
//! taking the page or the CLI down. Every check runs before the work it guards.
//!
//! | limit | value | past it |
//! |---|---|---|
//! | policy text | 4 MiB | `json-syntax` at 1:1, "not read"; the policy is void (SPEC §8) |
//! | scenario text (CLI file, `analyze_str`) | 16 MiB | scenario error (CLI exit 2) |
//! | policy text read in one scenario, in all | 16 MiB | scenario error |
//! | principals | 200 | scenario error |
//! | policies of one principal | 20 | scenario error |
//! | grants | 500 | scenario error |
//! | SCPs, RCPs | 50 each | scenario error |
//! | requests | 1 000 | scenario error |
//! | statements in one scenario, in all | 50 000 | scenario error |
//! | condition values in one scenario, in all | 200 000 | scenario error |
//! | one value after policy variables are replaced | 1 Mi characters | the value matches nothing |

/// Longest policy text read (bytes); a longer one is a `json-syntax` finding and void.
pub const MAX_POLICY_BYTES: usize = 4 << 20;
/// Longest scenario text read (bytes).
pub const MAX_SCENARIO_BYTES: usize = 16 << 20;
/// Most policy text read in one scenario (bytes, objects counted as their pretty-printed
/// text; texts over [`MAX_POLICY_BYTES`] are not read and do not count).
pub const MAX_TOTAL_POLICY_BYTES: usize = 16 << 20;
/// Most principals in a scenario.
pub const MAX_PRINCIPALS: usize = 200;
/// Most identity policies of one principal.
pub const MAX_POLICIES_PER_PRINCIPAL: usize = 20;
/// Most grants.
pub const MAX_GRANTS: usize = 500;
/// Most SCPs, and most RCPs.
pub const MAX_ORG_POLICIES: usize = 50;
/// Most requests.
pub const MAX_REQUESTS: usize = 1_000;
/// Most statements in all the policies of a scenario.
pub const MAX_STATEMENTS: usize = 50_000;
/// Most condition values in all the policies of a scenario.
pub const MAX_CONDITION_VALUES: usize = 200_000;
/// Longest value, in characters, once its policy variables are replaced: past it the value
/// matches nothing, as when a variable has no value. (IAM names are at most 64 characters and
/// a policy at most 10 240, so no real value comes near it.)
pub const MAX_SUBSTITUTED_CHARS: usize = 1 << 20;

/// `n` with thin groups of three digits (`5 242 880`), for messages.
pub fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

/// `bytes` for people: `5.0 MB`, `2.0 MiB`-style values are in bytes with a unit.
pub fn size(bytes: usize) -> String {
    // one decimal, rounded, in integers: float formatting would add kilobytes to the web app
    let tenths = |unit: usize| (bytes.saturating_mul(10).saturating_add(unit / 2)) / unit;
    if bytes >= 1 << 20 {
        let t = tenths(1 << 20);
        format!("{}.{} MiB", t / 10, t % 10)
    } else if bytes >= 1 << 10 {
        let t = tenths(1 << 10);
        format!("{}.{} KiB", t / 10, t % 10)
    } else {
        format!("{bytes} bytes")
    }
}

/// The message for a scenario text over [`MAX_SCENARIO_BYTES`], or None.
pub fn scenario_text_problem(len: usize) -> Option<String> {
    (len > MAX_SCENARIO_BYTES).then(|| {
        format!(
            "the scenario is {} ({} bytes); kmsplay reads scenarios up to {}: remove what the question does not need",
            size(len),
            grouped(len),
            size(MAX_SCENARIO_BYTES)
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_well() {
        assert_eq!(grouped(5_242_880), "5 242 880");
        assert_eq!(grouped(100), "100");
        assert_eq!(grouped(1_000), "1 000");
        assert_eq!(size(5 << 20), "5.0 MiB");
        assert_eq!(size(2048), "2.0 KiB");
        assert_eq!(size(7), "7 bytes");
        assert!(scenario_text_problem(MAX_SCENARIO_BYTES).is_none());
        assert!(scenario_text_problem(MAX_SCENARIO_BYTES + 1).unwrap().contains("16.0 MiB"));
    }
}
