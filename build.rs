//! Generates the KMS action catalog from `data/kms-actions.tsv`.
//!
//! The TSV is tab-separated with one header row; its columns are described in
//! `semantics.md` section 0. This script checks every row and writes `kms_actions.rs`
//! (plain `static` tables) into `OUT_DIR`, where `src/engine/catalog/mod.rs` includes it.
//! It reads nothing outside the package and needs no build dependencies.
//!
//! A malformed row stops the build with a message naming the line and the column.

// A build script is not shipped: failing loudly on bad data is its job.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::fmt::Write as _;
use std::path::Path;

const TSV: &str = "data/kms-actions.tsv";

const COLUMNS: [&str; 13] = [
    "action",
    "api_operation",
    "resource_type",
    "cross_account",
    "policy_type",
    "effective_in_key_policy",
    "key_specs",
    "grant_operation",
    "access_level",
    "condition_keys_SAR",
    "notes",
    "cross_account_key_identifier",
    "sources",
];

/// Which key identifiers a caller from another account may use: key ARN, alias ARN,
/// short key ID, alias name.
type IdForms = [bool; 4];

/// Every value the `cross_account_key_identifier` column uses, and what it allows.
const IDENTIFIER_VALUES: &[(&str, IdForms)] = &[
    ("-", [false, false, false, false]),
    ("key ARN only", [true, false, false, false]),
    ("key ARN or alias ARN", [true, true, false, false]),
    (
        "key ARN or alias ARN (short key ID also accepted for symmetric Decrypt/ReEncrypt source)",
        [true, true, true, false],
    ),
    // RetireGrant names the grant; the key, when named, is named by key ARN.
    ("grant token, or grant ID + key ARN", [true, false, false, false]),
    // ListRetirableGrants names a principal, never a key.
    ("retiring principal must be in caller account", [false, false, false, false]),
];

/// Rows marked cross-account `yes` whose identifier column is `-`.
///
/// The TSV leaves `cross_account_key_identifier` empty for the two ReEncrypt halves, but
/// SPEC section 3 ("alias ARN for the cryptographic operations ...; a short key ID only for
/// symmetric Decrypt and ReEncryptFrom"), semantics.md section 4.5 and the TSV's own Decrypt
/// row ("short key ID also accepted for symmetric Decrypt/ReEncrypt source") say what they
/// accept. Used only while the TSV still says `-` for them.
const IDENTIFIER_GAPS: &[(&str, IdForms)] =
    &[("kms:ReEncryptFrom", [true, true, true, false]), ("kms:ReEncryptTo", [true, true, false, false])];

struct Row {
    action: String,
    api_operation: String,
    resource: &'static str,
    cross_account: &'static str,
    policy_type: String,
    effective_in_key_policy: bool,
    key_specs: String,
    grant_operation: bool,
    access_level: String,
    condition_keys: Vec<String>,
    notes: String,
    ids: IdForms,
}

fn main() {
    println!("cargo:rerun-if-changed={TSV}");
    println!("cargo:rerun-if-changed=build.rs");

    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let text = std::fs::read_to_string(Path::new(&manifest).join(TSV))
        .unwrap_or_else(|e| panic!("{TSV}: cannot read it: {e}"));
    let rows = parse(&text);

    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let out = Path::new(&out_dir).join("kms_actions.rs");
    std::fs::write(&out, generate(&rows)).unwrap_or_else(|e| panic!("cannot write {}: {e}", out.display()));
}

fn fail(line: usize, message: &str) -> ! {
    panic!("{TSV} line {line}: {message}")
}

fn parse(text: &str) -> Vec<Row> {
    let mut lines = text.lines().enumerate().map(|(i, l)| (i + 1, l.trim_end_matches('\r')));
    let (_, header) = lines.next().unwrap_or_else(|| fail(1, "the file is empty"));
    let names: Vec<&str> = header.split('\t').collect();
    if names != COLUMNS {
        fail(1, &format!("the header must be the {} columns {COLUMNS:?}, found {names:?}", COLUMNS.len()));
    }

    let mut rows: Vec<Row> = Vec::new();
    for (n, line) in lines {
        if line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        if fields.len() != COLUMNS.len() {
            fail(
                n,
                &format!(
                    "expected {} tab-separated fields, found {} (is a tab missing or doubled?)",
                    COLUMNS.len(),
                    fields.len()
                ),
            );
        }
        let row = parse_row(n, &fields);
        if let Some(prev) = rows.last() {
            if prev.action >= row.action {
                fail(
                    n,
                    &format!(
                        "`{}` must come after `{}`: rows are sorted by action, each once",
                        row.action, prev.action
                    ),
                );
            }
        }
        rows.push(row);
    }
    if rows.is_empty() {
        fail(1, "no action rows");
    }
    rows
}

fn parse_row(n: usize, fields: &[&str]) -> Row {
    let field = |i: usize| fields[i].trim();
    let action = field(0);
    let op = action.strip_prefix("kms:").unwrap_or("");
    if op.is_empty() || !op.chars().all(|c| c.is_ascii_alphanumeric()) {
        fail(n, &format!("column action: `{action}` is not `kms:` followed by letters and digits"));
    }
    let resource = match field(2) {
        "key" => "Key",
        "alias+key" => "AliasAndKey",
        "*" => "None",
        other => fail(n, &format!("column resource_type: `{other}` is not one of key, alias+key, *")),
    };
    let cross_account = match field(3) {
        "yes" => "Yes",
        "no" => "No",
        "n/a" => "NotApplicable",
        "special" => "Special",
        "not stated" => "NotStated",
        other => fail(n, &format!("column cross_account: `{other}` is not one of yes, no, n/a, special, not stated")),
    };
    let yes_no = |i: usize| match field(i) {
        "yes" => true,
        "no" => false,
        other => fail(n, &format!("column {}: `{other}` is not yes or no", COLUMNS[i])),
    };
    let condition_keys = field(9)
        .split(',')
        .map(str::trim)
        .filter(|k| !k.is_empty())
        // `kms:RecipientAttestation:* (Nitro/NitroTPM)`: the parenthesis annotates the key.
        .map(|k| k.split(" (").next().unwrap_or(k).trim().to_string())
        .inspect(|k| {
            let (service, name) = k.split_once(':').unwrap_or(("", ""));
            let ok_char = |c: char| c.is_ascii_alphanumeric() || "/:${}*_-.".contains(c);
            if !(service == "kms" || service == "aws") || name.is_empty() || !k.chars().all(ok_char) {
                fail(n, &format!("column condition_keys_SAR: `{k}` is not a kms: or aws: condition key"));
            }
        })
        .collect();
    let identifier = field(11);
    let mut ids =
        IDENTIFIER_VALUES.iter().find(|(text, _)| *text == identifier).map(|(_, ids)| *ids).unwrap_or_else(|| {
            fail(
                n,
                &format!(
                    "column cross_account_key_identifier: `{identifier}` is not a known value; \
                     add it to IDENTIFIER_VALUES in build.rs with the identifiers it allows"
                ),
            )
        });
    if identifier == "-" {
        if let Some((_, gap)) = IDENTIFIER_GAPS.iter().find(|(a, _)| *a == action) {
            ids = *gap;
        }
    }
    if cross_account == "Yes" && !ids[0] {
        fail(
            n,
            &format!(
                "`{action}` works across accounts but column cross_account_key_identifier (`{identifier}`) \
                 allows no key identifier"
            ),
        );
    }
    for (i, name) in [(1, "api_operation"), (4, "policy_type"), (6, "key_specs"), (8, "access_level")] {
        if field(i).is_empty() {
            fail(n, &format!("column {name} is empty"));
        }
    }
    Row {
        action: action.to_string(),
        api_operation: field(1).to_string(),
        resource,
        cross_account,
        policy_type: field(4).to_string(),
        effective_in_key_policy: yes_no(5),
        key_specs: field(6).to_string(),
        grant_operation: yes_no(7),
        access_level: field(8).to_string(),
        condition_keys,
        notes: field(10).to_string(),
        ids,
    }
}

fn generate(rows: &[Row]) -> String {
    let mut s = String::new();
    s.push_str("// Generated by build.rs from data/kms-actions.tsv; edit the TSV, not this file.\n\n");
    s.push_str("/// Every KMS action of `data/kms-actions.tsv`, in file (alphabetical) order.\n");
    s.push_str("static KMS_ACTIONS: &[ActionInfo] = &[\n");
    for r in rows {
        let keys: Vec<String> = r.condition_keys.iter().map(|k| format!("{k:?}")).collect();
        let [key_arn, alias_arn, key_id, alias_name] = r.ids;
        let _ = writeln!(
            s,
            "    ActionInfo {{\n        name: {:?},\n        api_operation: {:?},\n        \
             resource: ResourceKind::{},\n        cross_account: CrossAccount::{},\n        \
             policy_type: {:?},\n        effective_in_key_policy: {},\n        key_specs: {:?},\n        \
             grant_operation: {},\n        access_level: {:?},\n        condition_keys: &[{}],\n        \
             notes: {:?},\n        cross_account_ids: KeyIdForms {{ key_arn: {key_arn}, alias_arn: {alias_arn}, \
             key_id: {key_id}, alias_name: {alias_name} }},\n    }},",
            r.action,
            r.api_operation,
            r.resource,
            r.cross_account,
            r.policy_type,
            r.effective_in_key_policy,
            r.key_specs,
            r.grant_operation,
            r.access_level,
            keys.join(", "),
            r.notes,
        );
    }
    s.push_str("];\n\n");
    s.push_str("/// The operations a grant may allow (`grant_operation` = yes), without the `kms:` prefix.\n");
    s.push_str("static GRANT_OPERATIONS: &[&str] = &[\n");
    for r in rows.iter().filter(|r| r.grant_operation) {
        let _ = writeln!(s, "    {:?},", r.action.trim_start_matches("kms:"));
    }
    s.push_str("];\n");
    s
}
