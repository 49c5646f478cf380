//! Did-you-mean for actions and condition keys (Damerau–Levenshtein from `strsim`).
//!
//! Every comparison ignores ASCII case. A candidate is offered only when it is within an
//! edit allowance that grows with its length (one edit for short names, at most three);
//! among several, the fewest edits win, then the earlier one in catalog/table order.
//! Inputs longer than [`MAX_INPUT`] characters get no suggestion (cost stays bounded).

use super::pattern;
use super::{canonical_action, kms_actions, sts_actions, MODELLED_SERVICES};

/// Longest input considered, in characters.
const MAX_INPUT: usize = 256;

fn distance(a: &str, b: &str) -> usize {
    strsim::damerau_levenshtein(&a.to_ascii_lowercase(), &b.to_ascii_lowercase())
}

/// Edits allowed for a name of `len` characters.
fn allowance(len: usize, per_edit: usize) -> usize {
    (len / per_edit).clamp(1, 3)
}

/// The best `(score, candidate)` so far; keeps the first on ties.
fn keep_best<T>(best: &mut Option<(usize, T)>, score: usize, candidate: T) {
    if best.as_ref().is_none_or(|(s, _)| score < *s) {
        *best = Some((score, candidate));
    }
}

/// See [`super::suggest_action`].
pub(crate) fn action(name: &str) -> Option<&'static str> {
    if name.chars().count() > MAX_INPUT || name.contains(['*', '?']) {
        return None;
    }
    if let Some(known) = canonical_action(name) {
        return Some(known);
    }
    let (service, op) = match name.split_once(':') {
        Some((s, o)) => (Some(s), o),
        None => (None, name),
    };
    if op.is_empty() {
        return None;
    }
    let op_len = op.chars().count();
    let lower_op = op.to_ascii_lowercase();
    let names = kms_actions().iter().map(|a| a.name).chain(sts_actions().iter().map(|a| a.name));
    let mut best: Option<(usize, &'static str)> = None;
    for candidate in names {
        let Some((cand_service, cand_op)) = candidate.split_once(':') else {
            continue;
        };
        // A wrong but modelled prefix (`kms:AssumeRole`) or a near miss (`ksm:`) costs one edit.
        let service_cost = match service {
            None => 0,
            Some(s) if s.eq_ignore_ascii_case(cand_service) => 0,
            Some(s) if MODELLED_SERVICES.iter().any(|m| m.eq_ignore_ascii_case(s)) => 1,
            Some(s) if distance(s, cand_service) <= 1 => 1,
            Some(_) => continue,
        };
        let cand_len = cand_op.chars().count();
        // A name cut short (`kms:ReEncrypt`, `kms:Describe`) counts as one edit, so the two
        // ReEncrypt halves tie and catalog order picks ReEncryptFrom.
        let truncated = op_len >= 4
            && op_len < cand_len
            && op_len * 2 >= cand_len
            && cand_op.to_ascii_lowercase().starts_with(&lower_op);
        // Damerau–Levenshtein is at least the difference in length: skip the costly distance
        // when that alone is over the allowance (most candidates; the cost stays linear).
        let op_cost = if truncated {
            1
        } else if op_len.abs_diff(cand_len) > allowance(cand_len, 4) {
            continue;
        } else {
            distance(op, cand_op)
        };
        let cost = op_cost + service_cost;
        if cost <= allowance(cand_len, 4) {
            keep_best(&mut best, cost, candidate);
        }
    }
    best.map(|(_, c)| c)
}

/// The service prefix of a name, if it has one.
fn service_of(name: &str) -> Option<&str> {
    name.split_once(':').map(|(s, _)| s)
}

/// The name without its service prefix (the whole name when it has none).
fn rest_of(name: &str) -> &str {
    name.split_once(':').map_or(name, |(_, r)| r)
}

/// Edits between a typed name and a canonical one: either directly, or (one more edit) by
/// the part after the prefix when the prefix is different or missing (`kms:SourceIp`,
/// `SourceIp` for `aws:SourceIp`).
fn key_distance(typed: &str, canonical: &str) -> usize {
    let direct = distance(typed, canonical);
    let same_service = match (service_of(typed), service_of(canonical)) {
        (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
        _ => false,
    };
    if same_service || rest_of(typed).is_empty() {
        return direct;
    }
    direct.min(distance(rest_of(typed), rest_of(canonical)).saturating_add(1))
}

/// [`key_distance`] when it can be at most `max`, else None (decided from the lengths alone
/// when they differ too much, without computing a distance).
fn key_distance_within(typed: &str, canonical: &str, max: usize) -> Option<usize> {
    let len = |s: &str| s.chars().count();
    let direct_floor = len(typed).abs_diff(len(canonical));
    let rest_floor = len(rest_of(typed)).abs_diff(len(rest_of(canonical))).saturating_add(1);
    if direct_floor.min(rest_floor) > max {
        return None;
    }
    Some(key_distance(typed, canonical)).filter(|d| *d <= max)
}

/// See [`super::suggest_condition_key`]; `names` are the table names in SAR spelling.
pub(crate) fn condition_key(key: &str, names: impl Iterator<Item = &'static str>) -> Option<String> {
    let chars: Vec<char> = key.chars().collect();
    if chars.is_empty() || chars.len() > MAX_INPUT {
        return None;
    }
    // (edits, family?) orders concrete keys before families on equal edits.
    let mut best: Option<((usize, bool), String)> = None;
    let mut consider = |score: (usize, bool), suggestion: String| {
        if best.as_ref().is_none_or(|(s, _)| score < *s) {
            best = Some((score, suggestion));
        }
    };
    for name in names {
        if !pattern::has_placeholder(name) {
            if let Some(d) = key_distance_within(key, name, allowance(rest_of(name).chars().count(), 6)) {
                consider((d, false), name.to_string());
            }
            continue;
        }
        let Some(prefix) = pattern::family_prefix(name) else {
            continue;
        };
        // Split the typed key after a separator near the family prefix's length: the head
        // should be the prefix, the rest is the tag or context key, kept as typed.
        let plen = prefix.chars().count();
        let first = plen.saturating_sub(3).max(1);
        let last = (plen + 3).min(chars.len().saturating_sub(1));
        for cut in first..=last {
            if !matches!(chars.get(cut.wrapping_sub(1)), Some(':' | '/')) {
                continue;
            }
            let head: String = chars.iter().take(cut).collect();
            let suffix: String = chars.iter().skip(cut).collect();
            if suffix.is_empty() {
                continue;
            }
            if let Some(d) = key_distance_within(&head, prefix, allowance(rest_of(prefix).chars().count(), 6)) {
                consider((d, true), format!("{prefix}{suffix}"));
            }
        }
    }
    best.map(|(_, s)| s)
}
