//! Typed condition values: exact decimals, date instants, booleans, base64, IP ranges.
//!
//! Everything here is hand-written on purpose: the formats are small, the engine must run in
//! wasm with a small binary, and none of them may panic on any input.

use std::cmp::Ordering;
use std::net::IpAddr;

use ipnet::IpNet;

// ---------------------------------------------------------------------------------------------
// Numbers

/// The largest exponent accepted in `1e5` notation; larger ones would make huge digit strings.
const MAX_EXPONENT: i64 = 400;

/// An exact decimal number: compared digit by digit, so `9007199254740993` and
/// `9007199254740992` differ (they would not as `f64`) and `0.1 + 0.2`-style rounding never
/// enters. Normalised: no leading zeros in `int`, no trailing zeros in `frac`, zero is
/// never negative.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Decimal {
    negative: bool,
    int: String,
    frac: String,
}

impl Decimal {
    /// Parse `[+-]digits[.digits][e[+-]digits]` (also `.5` and `5.`). No spaces, no `inf`/`NaN`,
    /// no hex. JSON numbers turned into text parse, including exponent notation.
    pub(crate) fn parse(s: &str) -> Option<Decimal> {
        let (negative, rest) = match s.strip_prefix('-') {
            Some(r) => (true, r),
            None => (false, s.strip_prefix('+').unwrap_or(s)),
        };
        let (mantissa, exponent) = match rest.find(['e', 'E']) {
            Some(i) => {
                let exp_text = rest.get(i + 1..)?;
                let digits = exp_text.strip_prefix(['+', '-']).unwrap_or(exp_text);
                if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                // Parse with a length cap so absurd exponents are rejected, not overflowed.
                if digits.trim_start_matches('0').len() > 6 {
                    return None;
                }
                let e: i64 = exp_text.parse().ok()?;
                if e.abs() > MAX_EXPONENT {
                    return None;
                }
                (rest.get(..i)?, e)
            }
            None => (rest, 0),
        };
        let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        if int.is_empty() && frac.is_empty() {
            return None;
        }
        if !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
            return None;
        }
        // Shift the decimal point by the exponent.
        let mut digits: String = int.chars().chain(frac.chars()).collect();
        let mut point = i64::try_from(int.len()).ok()? + exponent;
        if point < 0 {
            let pad = usize::try_from(-point).ok()?;
            digits = "0".repeat(pad) + &digits;
            point = 0;
        }
        let point = usize::try_from(point).ok()?;
        if point > digits.len() {
            let pad = point - digits.len();
            digits.push_str(&"0".repeat(pad));
        }
        let (int, frac) = digits.split_at(point);
        let int = int.trim_start_matches('0').to_string();
        let frac = frac.trim_end_matches('0').to_string();
        let negative = negative && !(int.is_empty() && frac.is_empty());
        Some(Decimal { negative, int, frac })
    }

    fn cmp_magnitude(&self, other: &Decimal) -> Ordering {
        self.int
            .len()
            .cmp(&other.int.len())
            .then_with(|| self.int.cmp(&other.int))
            .then_with(|| self.frac.cmp(&other.frac))
    }
}

impl Ord for Decimal {
    fn cmp(&self, other: &Decimal) -> Ordering {
        match (self.negative, other.negative) {
            (false, true) => Ordering::Greater,
            (true, false) => Ordering::Less,
            (false, false) => self.cmp_magnitude(other),
            (true, true) => other.cmp_magnitude(self),
        }
    }
}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Decimal) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

// ---------------------------------------------------------------------------------------------
// Dates

/// A point in time: seconds since 1970-01-01T00:00:00Z plus nanoseconds (always `0..1e9`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Instant {
    secs: i64,
    nanos: u32,
}

/// Parse a date the way the `Date...` operators take it.
///
/// Hand-written rather than a date crate: the formats are the small W3C profile of ISO 8601
/// (the "W3C-DTF" note the IAM docs point to) plus epoch seconds, and a calendar crate would
/// add far more code to the wasm build than this needs.
///
/// Accepted:
/// - epoch seconds: `1767225600`, `-5`, `1767225600.25` (a text of digits only is always
///   epoch seconds, never a bare `YYYY` year);
/// - `YYYY-MM` and `YYYY-MM-DD` (midnight UTC);
/// - `YYYY-MM-DDThh:mm`, `...Thh:mm:ss`, `...Thh:mm:ss.s...` (any number of fraction digits,
///   nanosecond precision kept), each followed by `Z`, `+hh:mm` or `-hh:mm`; with no zone the
///   time is taken as UTC (W3C requires a zone; AWS's own values always carry `Z`).
///
/// `T` and `Z` may be lowercase. Seconds may be `60` (a leap second: counted as the next
/// second). Days are checked against the month, leap years included.
pub(crate) fn parse_date(s: &str) -> Option<Instant> {
    if let Some(epoch) = parse_epoch(s) {
        return Some(epoch);
    }
    let b = s.as_bytes();
    let year = digits(b, 0, 4)?;
    let month = match b.get(4) {
        None => return None, // `YYYY` alone is epoch seconds, handled above
        Some(b'-') => digits(b, 5, 2)?,
        Some(_) => return None,
    };
    if !(1..=12).contains(&month) {
        return None;
    }
    let day = match b.get(7) {
        None => 1,
        Some(b'-') => digits(b, 8, 2)?,
        Some(_) => return None,
    };
    if day < 1 || day > days_in_month(year, month) {
        return None;
    }
    let date_secs = days_from_civil(year, month, day) * 86_400;
    if b.len() <= 8 {
        // `YYYY-MM`: only when exactly 7 characters.
        return (b.len() == 7).then_some(Instant { secs: date_secs, nanos: 0 });
    }
    if b.len() == 10 {
        return Some(Instant { secs: date_secs, nanos: 0 });
    }
    if !matches!(b.get(10), Some(b'T' | b't')) {
        return None;
    }
    let hour = digits(b, 11, 2)?;
    if b.get(13) != Some(&b':') {
        return None;
    }
    let minute = digits(b, 14, 2)?;
    let mut pos = 16;
    let mut second = 0;
    let mut nanos = 0u32;
    if b.get(pos) == Some(&b':') {
        second = digits(b, pos + 1, 2)?;
        pos += 3;
        if b.get(pos) == Some(&b'.') {
            pos += 1;
            let start = pos;
            let mut scale = 100_000_000u32;
            while let Some(d) = b.get(pos).filter(|d| d.is_ascii_digit()) {
                nanos += u32::from(d - b'0') * scale;
                scale /= 10;
                pos += 1;
            }
            if pos == start {
                return None;
            }
        }
    }
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let offset_secs = match b.get(pos) {
        None => 0,
        Some(b'Z' | b'z') if pos + 1 == b.len() => 0,
        Some(sign @ (b'+' | b'-')) if pos + 6 == b.len() => {
            let oh = digits(b, pos + 1, 2)?;
            if b.get(pos + 3) != Some(&b':') {
                return None;
            }
            let om = digits(b, pos + 4, 2)?;
            if oh > 23 || om > 59 {
                return None;
            }
            let off = oh * 3600 + om * 60;
            if *sign == b'-' {
                -off
            } else {
                off
            }
        }
        _ => return None,
    };
    let secs = date_secs + hour * 3600 + minute * 60 + second - offset_secs;
    Some(Instant { secs, nanos })
}

/// Epoch seconds: `[+-]digits[.digits]`.
fn parse_epoch(s: &str) -> Option<Instant> {
    let (negative, rest) = match s.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let (int, frac) = rest.split_once('.').unwrap_or((rest, ""));
    if int.is_empty() || !int.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if rest.contains('.') && (frac.is_empty() || !frac.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    let whole: i64 = int.parse().ok()?;
    let mut nanos = 0u32;
    let mut scale = 100_000_000u32;
    for d in frac.bytes() {
        nanos += u32::from(d - b'0') * scale;
        scale /= 10;
    }
    if !negative {
        return Some(Instant { secs: whole, nanos });
    }
    if nanos == 0 {
        Some(Instant { secs: whole.checked_neg()?, nanos: 0 })
    } else {
        Some(Instant { secs: whole.checked_neg()?.checked_sub(1)?, nanos: 1_000_000_000 - nanos })
    }
}

/// `len` ASCII digits of `b` starting at `at`, as a number.
fn digits(b: &[u8], at: usize, len: usize) -> Option<i64> {
    let part = b.get(at..at + len)?;
    part.iter().try_fold(0i64, |acc, d| d.is_ascii_digit().then(|| acc * 10 + i64::from(d - b'0')))
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

// ---------------------------------------------------------------------------------------------
// Booleans

/// `true`/`false`, case-insensitively (JSON `true` arrives as the text `true`).
pub(crate) fn parse_bool(s: &str) -> Option<bool> {
    if s.eq_ignore_ascii_case("true") {
        Some(true)
    } else if s.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

// ---------------------------------------------------------------------------------------------
// Base64

/// Decode standard base64 (RFC 4648 alphabet `A-Z a-z 0-9 + /`). Padding `=` is optional but,
/// when present, must be right; unused bits in the last character must be zero, so every byte
/// string has exactly one accepted encoding with padding and one without. ASCII whitespace is
/// not accepted.
pub(crate) fn decode_base64(s: &str) -> Option<Vec<u8>> {
    let trimmed = s.trim_end_matches('=');
    let pad = s.len() - trimmed.len();
    if pad > 2 || (pad > 0 && !s.len().is_multiple_of(4)) {
        return None;
    }
    let mut out = Vec::with_capacity(trimmed.len() * 3 / 4);
    let mut acc = 0u32;
    let mut bits = 0u32;
    for c in trimmed.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(((acc >> bits) & 0xff) as u8);
        }
        acc &= (1 << bits) - 1;
    }
    // 6 leftover bits means a lone character in the last group: not valid base64.
    if bits >= 6 || acc != 0 {
        return None;
    }
    Some(out)
}

// ---------------------------------------------------------------------------------------------
// IP addresses

/// A policy IP value: a CIDR (`10.0.0.0/8`, `2001:DB8::/32`) or a bare address (`/32` for
/// IPv4, `/128` for IPv6; semantics.md flags the IPv6 default as undocumented). Bits after the
/// prefix are ignored, as Access Analyzer's "Improve IP range" check describes.
pub(crate) fn parse_ip_range(s: &str) -> Option<IpNet> {
    if let Ok(net) = s.parse::<IpNet>() {
        return Some(net.trunc());
    }
    s.parse::<IpAddr>().ok().map(IpNet::from)
}

/// A request IP value: a bare address.
pub(crate) fn parse_ip(s: &str) -> Option<IpAddr> {
    s.parse::<IpAddr>().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::parse(s).unwrap_or_else(|| panic!("{s} should parse"))
    }

    #[test]
    fn decimals() {
        assert_eq!(d("300"), d("300.0"));
        assert_eq!(d("300"), d("+0300"));
        assert_eq!(d("0"), d("-0.000"));
        assert_eq!(d("1e3"), d("1000"));
        assert_eq!(d("1.5E-2"), d("0.015"));
        assert_eq!(d(".5"), d("0.5"));
        assert_eq!(d("5."), d("5"));
        assert!(d("9007199254740993") > d("9007199254740992"));
        assert!(d("-1") < d("0"));
        assert!(d("-2") < d("-1.5"));
        assert!(d("0.6") > d("0.55"));
        assert!(d("10") > d("9.999"));
        assert!(d("-10") < d("-9.999"));
        for bad in ["", "-", "+", ".", "1.2.3", "1e", "1e+", "abc", "inf", "NaN", " 1", "1 ", "0x10"] {
            assert_eq!(Decimal::parse(bad), None, "{bad:?}");
        }
        assert_eq!(Decimal::parse("1e401"), None);
        assert_eq!(Decimal::parse("1e99999999999999999999"), None);
        assert!(Decimal::parse("1e400").is_some());
    }

    fn t(s: &str) -> Instant {
        parse_date(s).unwrap_or_else(|| panic!("{s} should parse"))
    }

    #[test]
    fn dates() {
        assert_eq!(t("1970-01-01"), Instant { secs: 0, nanos: 0 });
        assert_eq!(t("2026-01-01"), t("1767225600"));
        assert_eq!(t("2026-01-01T00:00:00Z"), t("1767225600"));
        assert_eq!(t("2026-01-01T02:00:00+02:00"), t("2026-01-01T00:00:00Z"));
        assert_eq!(t("2025-12-31T19:00-05:00"), t("2026-01-01T00:00:00Z"));
        assert_eq!(t("2026-01"), t("2026-01-01"));
        assert_eq!(t("2026-01-01t00:00:00z"), t("2026-01-01"));
        assert_eq!(t("2026-01-01T00:00:00"), t("2026-01-01"));
        assert!(t("2026-01-01T00:00:00.5Z") > t("2026-01-01T00:00:00Z"));
        assert!(t("2026-01-01T00:00:00.5Z") < t("2026-01-01T00:00:01Z"));
        assert_eq!(t("2026-01-01T00:00:00.500000000001Z"), t("1767225600.5"));
        assert_eq!(t("2024-02-29"), t("1709164800"));
        assert_eq!(t("-1.5"), Instant { secs: -2, nanos: 500_000_000 });
        assert!(t("1969-12-31T23:59:59Z") < t("0"));
        assert_eq!(t("2016-12-31T23:59:60Z"), t("2017-01-01T00:00:00Z"));
        for bad in [
            "",
            "2026",
            "2026-13-01",
            "2026-00-01",
            "2025-02-29",
            "2026-04-31",
            "2026-01-01T",
            "2026-01-01T24:00:00Z",
            "2026-01-01T00:60Z",
            "2026-01-01T00:00:00.Z",
            "2026-01-01T00:00:00+0200",
            "2026-01-01T00:00:00+02",
            "2026-01-01 00:00:00Z",
            "2026-1-01",
            "2026-01-1",
            "26-01-01",
            "2026-01-01Z",
            "1.",
            "tomorrow",
            "2026-01-01T00:00:00ZZ",
            "99999999999999999999",
            "２０２６-01-01",
        ] {
            if bad == "2026" {
                // digits only: epoch seconds, not a year
                assert_eq!(parse_date(bad), Some(Instant { secs: 2026, nanos: 0 }));
                continue;
            }
            assert_eq!(parse_date(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn base64() {
        assert_eq!(decode_base64("").as_deref(), Some(&b""[..]));
        assert_eq!(decode_base64("YQ==").as_deref(), Some(&b"a"[..]));
        assert_eq!(decode_base64("YQ").as_deref(), Some(&b"a"[..]));
        assert_eq!(decode_base64("YWI=").as_deref(), Some(&b"ab"[..]));
        assert_eq!(decode_base64("YWJj").as_deref(), Some(&b"abc"[..]));
        assert_eq!(decode_base64("QmluYXJ5VmFsdWU=").as_deref(), Some(&b"BinaryValue"[..]));
        assert_eq!(decode_base64("+/+/").as_deref(), Some(&[0xfb, 0xff, 0xbf][..]));
        for bad in ["Y", "YQ=", "YR==", "YQ===", "Y===", "YW J", "YWJj\n", "-_", "é", "=", "YQ==YQ=="] {
            assert_eq!(decode_base64(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn ips() {
        let net = parse_ip_range("203.0.113.0/24").unwrap();
        assert!(net.contains(&parse_ip("203.0.113.7").unwrap()));
        assert!(!net.contains(&parse_ip("203.0.114.7").unwrap()));
        let host = parse_ip_range("203.0.113.7").unwrap();
        assert_eq!(host.prefix_len(), 32);
        let v6 = parse_ip_range("2001:DB8:1234:5678::/64").unwrap();
        assert!(v6.contains(&parse_ip("2001:db8:1234:5678::1").unwrap()));
        assert_eq!(parse_ip_range("2001:db8::1").unwrap().prefix_len(), 128);
        let sloppy = parse_ip_range("203.0.113.7/24").unwrap();
        assert_eq!(sloppy, net);
        for bad in ["", "10.0.0.0/33", "10.0.0", "300.1.1.1", "10.0.0.0/", "::/129", "x"] {
            assert_eq!(parse_ip_range(bad), None, "{bad:?}");
        }
        assert_eq!(parse_ip("10.0.0.0/8"), None);
    }
}
