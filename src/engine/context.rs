//! The request context: condition keys and their values for one request.
//!
//! Condition-key names are case-insensitive, and so are the suffixes of keys such as
//! `kms:EncryptionContext:K` and `aws:PrincipalTag/K` (semantics.md §1), so the whole key is
//! lowercased for lookup. The spelling given by the most recent [`Context::insert`] of a key is
//! remembered for display.
//!
//! A context may borrow its keys and values (lifetime `'a`): the engine fills a dozen keys per
//! request from the scenario and the caller, and copying each was a quarter of a request's
//! cost.

use std::borrow::Cow;

/// One key with its values.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Entry<'a> {
    /// The key as given (borrowed when the engine fills in a key it names itself).
    key: Cow<'a, str>,
    /// Whether the key is ASCII (then it compares without lowercasing).
    ascii: bool,
    /// The values; several for multivalued keys, possibly none.
    values: Values<'a>,
}

/// The values of one key: one value (nearly every key) needs no list of its own.
#[derive(Clone)]
enum Values<'a> {
    One(Cow<'a, str>),
    Many(Vec<Cow<'a, str>>),
}

impl<'a> Values<'a> {
    fn of(values: Vec<String>) -> Values<'a> {
        Values::of_cows(values.into_iter().map(Cow::Owned).collect())
    }

    fn of_cows(mut values: Vec<Cow<'a, str>>) -> Values<'a> {
        match values.pop() {
            Some(one) if values.is_empty() => Values::One(one),
            Some(last) => {
                values.push(last);
                Values::Many(values)
            }
            None => Values::Many(values),
        }
    }

    fn as_slice(&self) -> &[Cow<'a, str>] {
        match self {
            Values::One(v) => std::slice::from_ref(v),
            Values::Many(v) => v,
        }
    }
}

impl PartialEq for Values<'_> {
    fn eq(&self, other: &Values<'_>) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl Eq for Values<'_> {}

impl std::fmt::Debug for Values<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.as_slice().fmt(f)
    }
}

/// A request context: keys matched case-insensitively, each with a list of string values.
///
/// Keys keep their insertion order (for display). A key with an empty value list is kept,
/// but condition evaluation treats it as absent (see the `condition` module).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Context<'a> {
    entries: Vec<Entry<'a>>,
}

/// Whether two keys are the same key: equal after lowercasing. Keys equal but for ASCII case
/// are; ASCII keys (all real ones) differ otherwise; anything else is lowercased, as the
/// rule says. `a_ascii` and `b_ascii` say whether each key is ASCII.
#[inline]
fn same_key(a: &str, a_ascii: bool, b: &str, b_ascii: bool) -> bool {
    if a_ascii && b_ascii {
        return a.len() == b.len() && a.eq_ignore_ascii_case(b);
    }
    a.eq_ignore_ascii_case(b) || a.to_lowercase() == b.to_lowercase()
}

impl<'a> Context<'a> {
    /// An empty context.
    pub fn new() -> Context<'a> {
        Context::default()
    }

    /// An empty context with room for `n` keys.
    pub(crate) fn with_capacity(n: usize) -> Context<'a> {
        Context { entries: Vec::with_capacity(n) }
    }

    /// Set `key` to `values`, replacing any values (and spelling) it had under any casing.
    /// A replaced key keeps its position.
    pub fn insert(&mut self, key: &str, values: Vec<String>) {
        self.set(Cow::Owned(key.to_string()), Values::of(values));
    }

    /// [`Context::insert`] for a key the engine names itself, with borrowed values.
    pub(crate) fn insert_static(&mut self, key: &'static str, values: Vec<Cow<'a, str>>) {
        self.set(Cow::Borrowed(key), Values::of_cows(values));
    }

    /// [`Context::insert`] of borrowed text: a key and values that outlive the context.
    pub(crate) fn insert_borrowed(&mut self, key: &'a str, values: &'a [String]) {
        let values = match values {
            [one] => Values::One(Cow::Borrowed(one.as_str())),
            _ => Values::Many(values.iter().map(|v| Cow::Borrowed(v.as_str())).collect()),
        };
        self.set(Cow::Borrowed(key), values);
    }

    /// [`Context::insert_one`] without copies of what is borrowed.
    pub(crate) fn insert_cow(&mut self, key: Cow<'a, str>, value: Cow<'a, str>) {
        self.set(key, Values::One(value));
    }

    /// [`Context::insert_one`] for a key the engine names itself and that is not present
    /// under any casing (the caller knows): no search for an earlier entry, and no copy of a
    /// borrowed value. Filling the request context of every call searched the keys before it
    /// for each of a dozen keys.
    pub(crate) fn push_static_one(&mut self, key: &'static str, value: impl Into<Cow<'a, str>>) {
        self.entries.push(Entry { key: Cow::Borrowed(key), ascii: key.is_ascii(), values: Values::One(value.into()) });
    }

    fn set(&mut self, key: Cow<'a, str>, values: Values<'a>) {
        let ascii = key.is_ascii();
        match self.entries.iter_mut().find(|e| same_key(&e.key, e.ascii, &key, ascii)) {
            Some(entry) => {
                entry.key = key;
                entry.ascii = ascii;
                entry.values = values;
            }
            None => self.entries.push(Entry { key, ascii, values }),
        }
    }

    /// Set `key` to the single value `value`.
    pub fn insert_one(&mut self, key: &str, value: &str) {
        self.set(Cow::Owned(key.to_string()), Values::One(Cow::Owned(value.to_string())));
    }

    /// The values of `key` (matched case-insensitively), if the key is present.
    pub fn get(&self, key: &str) -> Option<&[Cow<'a, str>]> {
        let ascii = key.is_ascii();
        self.entries.iter().find(|e| same_key(&e.key, e.ascii, key, ascii)).map(|e| e.values.as_slice())
    }

    /// Whether `key` (matched case-insensitively) is present, even with no values.
    pub fn contains(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// Remove `key` (matched case-insensitively), if present.
    pub fn remove(&mut self, key: &str) {
        let ascii = key.is_ascii();
        self.entries.retain(|e| !same_key(&e.key, e.ascii, key, ascii));
    }

    /// The keys (as last given) and their values, in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &[Cow<'a, str>])> {
        self.entries.iter().map(|e| (e.key.as_ref(), e.values.as_slice()))
    }

    /// How many keys are present.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no key is present.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The values of `key` as plain strings.
    fn strs<'c>(ctx: &'c Context<'_>, key: &str) -> Option<Vec<&'c str>> {
        ctx.get(key).map(|v| v.iter().map(AsRef::as_ref).collect())
    }

    #[test]
    fn keys_are_case_insensitive_including_suffixes() {
        let mut ctx = Context::new();
        ctx.insert_one("aws:SourceIp", "10.0.0.1");
        ctx.insert_one("kms:EncryptionContext:Department", "IT");
        ctx.insert("aws:PrincipalTag/Team", vec!["a".into()]);
        assert_eq!(strs(&ctx, "AWS:SOURCEIP"), Some(vec!["10.0.0.1"]));
        assert!(ctx.contains("kms:encryptioncontext:department"));
        assert!(ctx.contains("aws:principaltag/team"));
        assert!(!ctx.contains("aws:PrincipalTag/other"));
        assert_eq!(ctx.len(), 3);
    }

    #[test]
    fn insert_replaces_and_remembers_spelling() {
        let mut ctx = Context::new();
        ctx.insert("aws:TagKeys", vec!["a".into(), "b".into()]);
        ctx.insert_one("kms:CallerAccount", "1");
        ctx.insert("AWS:tagkeys", vec!["c".into()]);
        let all: Vec<(&str, &[Cow<'_, str>])> = ctx.iter().collect();
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].0, "AWS:tagkeys");
        assert_eq!(all[0].1, &[Cow::Borrowed("c")][..]);
        assert_eq!(all[1].0, "kms:CallerAccount");
    }

    #[test]
    fn non_ascii_keys_compare_lowercased() {
        let mut ctx = Context::new();
        ctx.insert_one("aws:PrincipalTag/Ünit", "a");
        assert!(ctx.contains("aws:principaltag/ünit"));
        // The Kelvin sign lowercases to an ASCII k.
        ctx.insert_one("aws:PrincipalTag/\u{212A}", "b");
        assert_eq!(strs(&ctx, "aws:principaltag/k"), Some(vec!["b"]));
        ctx.insert_static("aws:PrincipalTag/K", vec![Cow::Borrowed("c")]);
        assert_eq!(ctx.len(), 2);
        assert_eq!(ctx.iter().nth(1).map(|(k, _)| k), Some("aws:PrincipalTag/K"));
    }

    #[test]
    fn empty_values_and_remove() {
        let mut ctx = Context::new();
        ctx.insert("aws:TagKeys", vec![]);
        assert!(ctx.contains("aws:tagkeys"));
        assert_eq!(strs(&ctx, "aws:TagKeys"), Some(vec![]));
        ctx.remove("AWS:TAGKEYS");
        assert!(!ctx.contains("aws:TagKeys"));
        assert!(ctx.is_empty());
        ctx.remove("absent");
    }
}
