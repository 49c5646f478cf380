//! Edits to the scenario's `requests` and `grants` (SPEC section 2), which the document keeps
//! as JSON in [`Doc::extra`]. Pure functions used by the store's reducer; each returns
//! whether the document changed. Whatever the person types is stored as typed (an invalid IP
//! or ARN included): the panels say what is wrong next to it, and nothing is thrown away.
//!
//! The matrix never reads these: a matrix cell is a call by key ARN with no extra context
//! (SPEC section 3), so request context only changes the answers to the requests.

use serde_json::{Map, Value};

use super::doc::{arn_account, Doc};

/// The context key the source-IP field edits.
pub const SOURCE_IP_KEY: &str = "aws:SourceIp";

/// A list of `key = value` rows in the scenario.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PairsTarget {
    /// `requests[i].encryptionContext`.
    EncryptionContext(usize),
    /// `requests[i].context` (the source IP has its own field but lives here too).
    Context(usize),
    /// `grants[i].constraints`' `encryptionContextSubset` or `encryptionContextEquals`.
    GrantConstraint(usize),
}

/// One change to a list of `key = value` rows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PairEdit {
    /// Add an empty row (at most one empty row at a time).
    Add,
    /// Remove row `n`.
    Remove(usize),
    /// Rename row `n`'s key (refused when another row has that key).
    SetKey(usize, String),
    /// Change row `n`'s value.
    SetValue(usize, String),
}

/// A list of plain strings in the scenario.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ListTarget {
    /// `requests[i].via`: roles assumed first, in order.
    Via(usize),
    /// `requests[i].grantTokens`.
    GrantTokens(usize),
}

/// One change to a list of strings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ListEdit {
    /// Append an empty entry.
    Add,
    /// Remove entry `n`.
    Remove(usize),
    /// Change entry `n`.
    Set(usize, String),
}

/// How a grant constrains the encryption context.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConstraintKind {
    /// `encryptionContextSubset`: the request's context must include these pairs.
    Subset,
    /// `encryptionContextEquals`: the request's context must be exactly these pairs.
    Equals,
}

impl ConstraintKind {
    /// The scenario's member name.
    pub fn member(self) -> &'static str {
        match self {
            ConstraintKind::Subset => "encryptionContextSubset",
            ConstraintKind::Equals => "encryptionContextEquals",
        }
    }
}

/// The scenario's requests (empty when there are none).
pub fn requests(doc: &Doc) -> &[Value] {
    doc.extra.get("requests").and_then(Value::as_array).map_or(&[], Vec::as_slice)
}

/// The scenario's grants (empty when there are none).
pub fn grants(doc: &Doc) -> &[Value] {
    doc.extra.get("grants").and_then(Value::as_array).map_or(&[], Vec::as_slice)
}

/// A string member of a JSON object, or "".
pub fn str_of<'a>(v: &'a Value, member: &str) -> &'a str {
    v.get(member).and_then(Value::as_str).unwrap_or("")
}

/// A context value as one line of text: a string as is, an array as JSON (`["a","b"]`).
pub fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => serde_json::to_string(other).unwrap_or_default(),
    }
}

/// The `key = value` rows of a target, in order.
pub fn pairs(doc: &Doc, target: &PairsTarget) -> Vec<(String, String)> {
    let map = match target {
        PairsTarget::EncryptionContext(i) => requests(doc).get(*i).and_then(|r| r.get("encryptionContext")),
        PairsTarget::Context(i) => requests(doc).get(*i).and_then(|r| r.get("context")),
        PairsTarget::GrantConstraint(i) => grants(doc).get(*i).and_then(|g| {
            let c = g.get("constraints")?;
            c.get(ConstraintKind::Subset.member()).or_else(|| c.get(ConstraintKind::Equals.member()))
        }),
    };
    map.and_then(Value::as_object)
        .map(|m| m.iter().map(|(k, v)| (k.clone(), value_text(v))).collect())
        .unwrap_or_default()
}

/// The constraint kind of grant `i`, if it has one.
pub fn constraint_kind(doc: &Doc, i: usize) -> Option<ConstraintKind> {
    let c = grants(doc).get(i)?.get("constraints")?;
    if c.get(ConstraintKind::Subset.member()).is_some() {
        Some(ConstraintKind::Subset)
    } else if c.get(ConstraintKind::Equals.member()).is_some() {
        Some(ConstraintKind::Equals)
    } else {
        None
    }
}

/// A strings-list member (`via`, `grantTokens`, `operations`), non-strings as "".
pub fn strings_of(v: Option<&Value>, member: &str) -> Vec<String> {
    match v.and_then(|v| v.get(member)) {
        Some(Value::Array(items)) => items.iter().map(|s| s.as_str().unwrap_or("").to_string()).collect(),
        Some(Value::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    }
}

/// The entries of a strings-list target.
pub fn list(doc: &Doc, target: &ListTarget) -> Vec<String> {
    match target {
        ListTarget::Via(i) => strings_of(requests(doc).get(*i), "via"),
        ListTarget::GrantTokens(i) => strings_of(requests(doc).get(*i), "grantTokens"),
    }
}

/// The request's value for a context key (case-insensitive name), as text.
pub fn context_value(doc: &Doc, i: usize, key: &str) -> Option<String> {
    let ctx = requests(doc).get(i)?.get("context")?.as_object()?;
    ctx.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)).map(|(_, v)| value_text(v))
}

fn array_mut<'a>(doc: &'a mut Doc, member: &str) -> Option<&'a mut Vec<Value>> {
    let slot = doc.extra.entry(member.to_string()).or_insert_with(|| Value::Array(Vec::new()));
    if !slot.is_array() {
        *slot = Value::Array(Vec::new());
    }
    slot.as_array_mut()
}

fn object_at<'a>(doc: &'a mut Doc, member: &str, i: usize) -> Option<&'a mut Map<String, Value>> {
    doc.extra.get_mut(member)?.as_array_mut()?.get_mut(i)?.as_object_mut()
}

/// A new request: the first principal (or the key account's root) decrypting the key.
pub fn add_request(doc: &mut Doc) -> Option<usize> {
    let principal = doc.principals.first().map(|p| p.arn.clone()).unwrap_or_else(|| {
        let partition = doc.key_arn.split(':').nth(1).filter(|p| !p.is_empty()).unwrap_or("aws");
        format!("arn:{partition}:iam::{}:root", arn_account(&doc.key_arn).unwrap_or("111122223333"))
    });
    let mut r = Map::new();
    r.insert("principal".into(), Value::from(principal));
    r.insert("action".into(), Value::from("kms:Decrypt"));
    let list = array_mut(doc, "requests")?;
    list.push(Value::Object(r));
    Some(list.len() - 1)
}

/// A new grant to the first principal (or the key account's root) for Decrypt.
pub fn add_grant(doc: &mut Doc) -> Option<usize> {
    let grantee = doc.principals.first().map(|p| p.arn.clone()).unwrap_or_else(|| {
        let partition = doc.key_arn.split(':').nth(1).filter(|p| !p.is_empty()).unwrap_or("aws");
        format!("arn:{partition}:iam::{}:root", arn_account(&doc.key_arn).unwrap_or("111122223333"))
    });
    let n = grants(doc).len() + 1;
    let taken: Vec<String> = grants(doc).iter().map(|g| str_of(g, "name").to_string()).collect();
    let name = (n..).map(|k| format!("grant-{k}")).find(|c| !taken.contains(c)).unwrap_or_default();
    let mut g = Map::new();
    g.insert("name".into(), Value::from(name));
    g.insert("grantee".into(), Value::from(grantee));
    g.insert("operations".into(), Value::Array(vec![Value::from("Decrypt")]));
    let list = array_mut(doc, "grants")?;
    list.push(Value::Object(g));
    Some(list.len() - 1)
}

/// Remove entry `i` of `requests` or `grants`; the member goes when it is empty.
pub fn remove_entry(doc: &mut Doc, member: &str, i: usize) -> bool {
    let Some(list) = doc.extra.get_mut(member).and_then(Value::as_array_mut) else { return false };
    if i >= list.len() {
        return false;
    }
    list.remove(i);
    if list.is_empty() {
        doc.extra.shift_remove(member);
    }
    true
}

/// Set (or, with `None` or an empty string, remove) member `name` of entry `i` of
/// `requests` or `grants`.
pub fn set_member(doc: &mut Doc, member: &str, i: usize, name: &str, value: Option<Value>) -> bool {
    let Some(obj) = object_at(doc, member, i) else { return false };
    let value = value.filter(|v| v.as_str() != Some(""));
    match value {
        Some(v) => {
            if obj.get(name) == Some(&v) {
                return false;
            }
            obj.insert(name.to_string(), v);
            true
        }
        None => obj.shift_remove(name).is_some(),
    }
}

/// Set (or remove, with `None` or "") context key `key` of request `i`; an existing key
/// spelled with other capitals is the one changed.
pub fn set_context(doc: &mut Doc, i: usize, key: &str, value: Option<String>) -> bool {
    let Some(obj) = object_at(doc, "requests", i) else { return false };
    let value = value.filter(|v| !v.is_empty());
    let ctx = obj.entry("context").or_insert_with(|| Value::Object(Map::new()));
    if !ctx.is_object() {
        *ctx = Value::Object(Map::new());
    }
    let Some(ctx) = ctx.as_object_mut() else { return false };
    let existing = ctx.keys().find(|k| k.eq_ignore_ascii_case(key)).cloned();
    let changed = match (existing, value) {
        (Some(k), Some(v)) => {
            let v = Value::from(v);
            if ctx.get(&k) == Some(&v) {
                false
            } else {
                ctx.insert(k, v);
                true
            }
        }
        (None, Some(v)) => {
            ctx.insert(key.to_string(), Value::from(v));
            true
        }
        (Some(k), None) => ctx.shift_remove(&k).is_some(),
        (None, None) => false,
    };
    if ctx.is_empty() {
        obj.shift_remove("context");
    }
    changed
}

/// A typed value: a JSON array of strings stays an array (multivalued keys), else a string.
fn typed_value(text: &str, arrays: bool) -> Value {
    if arrays && text.trim_start().starts_with('[') {
        if let Ok(v @ Value::Array(_)) = serde_json::from_str::<Value>(text) {
            if v.as_array().is_some_and(|a| a.iter().all(Value::is_string)) {
                return v;
            }
        }
    }
    Value::from(text)
}

/// Why a pair edit was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PairError {
    /// Another row already has this key.
    Duplicate(String),
    /// There is an empty row already.
    EmptyRowExists,
}

/// Apply a pair edit. `Ok(changed)`, or why it was refused (the document is unchanged).
pub fn edit_pairs(doc: &mut Doc, target: &PairsTarget, edit: PairEdit) -> Result<bool, PairError> {
    let (member, i, inner): (&str, usize, Option<&str>) = match target {
        PairsTarget::EncryptionContext(i) => ("requests", *i, None),
        PairsTarget::Context(i) => ("requests", *i, None),
        PairsTarget::GrantConstraint(i) => ("grants", *i, Some("constraints")),
    };
    let field = match target {
        PairsTarget::EncryptionContext(_) => "encryptionContext",
        PairsTarget::Context(_) => "context",
        PairsTarget::GrantConstraint(i) => constraint_kind(doc, *i).unwrap_or(ConstraintKind::Subset).member(),
    };
    let arrays = matches!(target, PairsTarget::Context(_));
    let Some(obj) = object_at(doc, member, i) else { return Ok(false) };
    let parent: &mut Map<String, Value> = match inner {
        None => obj,
        Some(name) => {
            let c = obj.entry(name).or_insert_with(|| Value::Object(Map::new()));
            if !c.is_object() {
                *c = Value::Object(Map::new());
            }
            match c.as_object_mut() {
                Some(c) => c,
                None => return Ok(false),
            }
        }
    };
    let mut rows: Vec<(String, Value)> = match parent.get(field) {
        Some(Value::Object(m)) => m.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
        _ => Vec::new(),
    };
    match edit {
        PairEdit::Add => {
            if rows.iter().any(|(k, _)| k.is_empty()) {
                return Err(PairError::EmptyRowExists);
            }
            rows.push((String::new(), Value::from("")));
        }
        PairEdit::Remove(n) => {
            if n >= rows.len() {
                return Ok(false);
            }
            rows.remove(n);
        }
        PairEdit::SetKey(n, key) => {
            if rows.iter().enumerate().any(|(j, (k, _))| j != n && *k == key) {
                return Err(PairError::Duplicate(key));
            }
            match rows.get_mut(n) {
                Some(row) if row.0 != key => row.0 = key,
                _ => return Ok(false),
            }
        }
        PairEdit::SetValue(n, text) => {
            let v = typed_value(&text, arrays);
            match rows.get_mut(n) {
                Some(row) if row.1 != v => row.1 = v,
                _ => return Ok(false),
            }
        }
    }
    if rows.is_empty() && inner.is_none() {
        parent.shift_remove(field);
    } else {
        parent.insert(field.to_string(), Value::Object(rows.into_iter().collect()));
    }
    Ok(true)
}

/// Apply a list edit; the member goes when the list is empty.
pub fn edit_list(doc: &mut Doc, target: &ListTarget, edit: ListEdit) -> bool {
    let (i, field) = match target {
        ListTarget::Via(i) => (*i, "via"),
        ListTarget::GrantTokens(i) => (*i, "grantTokens"),
    };
    let mut items = list(doc, target);
    match edit {
        ListEdit::Add => items.push(String::new()),
        ListEdit::Remove(n) => {
            if n >= items.len() {
                return false;
            }
            items.remove(n);
        }
        ListEdit::Set(n, text) => match items.get_mut(n) {
            Some(s) if *s != text => *s = text,
            _ => return false,
        },
    }
    let Some(obj) = object_at(doc, "requests", i) else { return false };
    if items.is_empty() {
        obj.shift_remove(field);
    } else {
        obj.insert(field.to_string(), Value::Array(items.into_iter().map(Value::from).collect()));
    }
    true
}

/// Turn a grant operation on or off (the list keeps its order; new ones go last).
pub fn toggle_operation(doc: &mut Doc, i: usize, op: &str, on: bool) -> bool {
    let mut ops = strings_of(grants(doc).get(i), "operations");
    let has = ops.iter().any(|o| o == op);
    if has == on {
        return false;
    }
    if on {
        ops.push(op.to_string());
    } else {
        ops.retain(|o| o != op);
    }
    let Some(obj) = object_at(doc, "grants", i) else { return false };
    obj.insert("operations".into(), Value::Array(ops.into_iter().map(Value::from).collect()));
    true
}

/// Give grant `i` a constraint of `kind` (keeping its pairs), or remove its constraints.
pub fn set_constraint_kind(doc: &mut Doc, i: usize, kind: Option<ConstraintKind>) -> bool {
    if constraint_kind(doc, i) == kind {
        return false;
    }
    let pairs: Map<String, Value> =
        pairs(doc, &PairsTarget::GrantConstraint(i)).into_iter().map(|(k, v)| (k, Value::from(v))).collect();
    let Some(obj) = object_at(doc, "grants", i) else { return false };
    match kind {
        None => {
            obj.shift_remove("constraints");
        }
        Some(kind) => {
            let mut c = Map::new();
            c.insert(kind.member().into(), Value::Object(pairs));
            obj.insert("constraints".into(), Value::Object(c));
        }
    }
    true
}

/// What is wrong with a request principal (SPEC section 2's forms), if anything.
pub fn principal_problem(arn: &str) -> Option<String> {
    if arn.trim().is_empty() {
        return Some("A request needs a principal: an IAM user, role or account root ARN.".into());
    }
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let ok = match parts.as_slice() {
        ["arn", partition, "iam", "", account, resource] => {
            !partition.is_empty()
                && is_account(account)
                && (*resource == "root"
                    || resource.strip_prefix("user/").is_some_and(|r| !r.is_empty())
                    || resource.strip_prefix("role/").is_some_and(|r| !r.is_empty()))
        }
        ["arn", partition, "sts", "", account, resource] => {
            !partition.is_empty()
                && is_account(account)
                && resource
                    .strip_prefix("assumed-role/")
                    .is_some_and(|r| r.split('/').filter(|s| !s.is_empty()).count() >= 2)
        }
        _ => false,
    };
    (!ok).then(|| {
        "Not a principal the engine accepts: use arn:aws:iam::ACCOUNT:user/NAME, …:role/NAME, …:root \
         or arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION."
            .to_string()
    })
}

/// What is wrong with a role ARN (a `via` hop), if anything.
pub fn role_problem(arn: &str) -> Option<String> {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let ok = matches!(parts.as_slice(), ["arn", p, "iam", "", a, r]
        if !p.is_empty() && is_account(a) && r.strip_prefix("role/").is_some_and(|n| !n.is_empty()));
    (!ok).then(|| "Not a role ARN: use arn:aws:iam::ACCOUNT:role/NAME.".to_string())
}

fn is_account(a: &str) -> bool {
    a.len() == 12 && a.bytes().all(|b| b.is_ascii_digit())
}

/// What is wrong with a source IP (an IPv4 or IPv6 address, optionally with a CIDR
/// prefix, as `aws:SourceIp` conditions compare it), if anything.
pub fn ip_problem(text: &str) -> Option<String> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    let ok = t.parse::<std::net::IpAddr>().is_ok() || t.parse::<ipnet::IpNet>().is_ok();
    (!ok).then(|| format!("“{t}” is not an IP address or CIDR block (e.g. 203.0.113.7, 10.0.0.0/8, 2001:db8::1)."))
}

/// What is wrong with an action name, if anything (the engine says more: `unknown-action`).
pub fn action_problem(action: &str) -> Option<String> {
    let ok = action.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("kms:")) && action.len() > 4;
    (!ok).then(|| "An action looks like kms:Decrypt.".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc() -> Doc {
        Doc::from_scenario(&json!({
            "key": {"arn": "arn:aws:kms:us-east-1:111122223333:key/k"},
            "principals": [{"arn": "arn:aws:iam::111122223333:user/alice"}],
            "requests": [{"principal": "arn:aws:iam::111122223333:user/alice", "action": "kms:Decrypt",
                          "context": {"aws:sourceip": "10.0.0.1", "kms:GrantOperations": ["Decrypt"]}}]
        }))
        .unwrap_or_default()
    }

    #[test]
    fn pairs_keep_order_refuse_duplicates_and_vanish_when_empty() {
        let mut d = doc();
        let t = PairsTarget::EncryptionContext(0);
        assert_eq!(edit_pairs(&mut d, &t, PairEdit::Add), Ok(true));
        assert_eq!(edit_pairs(&mut d, &t, PairEdit::Add), Err(PairError::EmptyRowExists));
        assert_eq!(edit_pairs(&mut d, &t, PairEdit::SetKey(0, "b".into())), Ok(true));
        assert_eq!(edit_pairs(&mut d, &t, PairEdit::Add), Ok(true));
        assert_eq!(edit_pairs(&mut d, &t, PairEdit::SetKey(1, "b".into())), Err(PairError::Duplicate("b".into())));
        assert_eq!(edit_pairs(&mut d, &t, PairEdit::SetKey(1, "a".into())), Ok(true));
        assert_eq!(edit_pairs(&mut d, &t, PairEdit::SetValue(0, "x".into())), Ok(true));
        assert_eq!(pairs(&d, &t), vec![("b".into(), "x".into()), ("a".into(), String::new())]);
        assert_eq!(edit_pairs(&mut d, &t, PairEdit::Remove(0)), Ok(true));
        assert_eq!(edit_pairs(&mut d, &t, PairEdit::Remove(0)), Ok(true));
        assert!(requests(&d)[0].get("encryptionContext").is_none());
    }

    #[test]
    fn context_keys_match_case_insensitively_and_arrays_stay_arrays() {
        let mut d = doc();
        assert_eq!(context_value(&d, 0, SOURCE_IP_KEY).as_deref(), Some("10.0.0.1"));
        assert!(set_context(&mut d, 0, SOURCE_IP_KEY, Some("10.0.0.0/8".into())));
        assert_eq!(requests(&d)[0]["context"]["aws:sourceip"], "10.0.0.0/8");
        let t = PairsTarget::Context(0);
        assert_eq!(edit_pairs(&mut d, &t, PairEdit::SetValue(1, "[\"Encrypt\",\"Decrypt\"]".into())), Ok(true));
        assert_eq!(requests(&d)[0]["context"]["kms:GrantOperations"], json!(["Encrypt", "Decrypt"]));
        assert!(set_context(&mut d, 0, SOURCE_IP_KEY, None));
        assert_eq!(pairs(&d, &t).len(), 1);
    }

    #[test]
    fn requests_and_grants_are_added_edited_and_removed() {
        let mut d = doc();
        assert_eq!(add_request(&mut d), Some(1));
        assert_eq!(str_of(&requests(&d)[1], "principal"), "arn:aws:iam::111122223333:user/alice");
        assert!(edit_list(&mut d, &ListTarget::Via(1), ListEdit::Add));
        assert!(edit_list(&mut d, &ListTarget::Via(1), ListEdit::Set(0, "arn:aws:iam::111122223333:role/r".into())));
        assert_eq!(requests(&d)[1]["via"], json!(["arn:aws:iam::111122223333:role/r"]));
        assert!(edit_list(&mut d, &ListTarget::Via(1), ListEdit::Remove(0)));
        assert!(requests(&d)[1].get("via").is_none());
        assert!(remove_entry(&mut d, "requests", 0));
        assert!(remove_entry(&mut d, "requests", 0));
        assert!(!d.extra.contains_key("requests"));

        assert_eq!(add_grant(&mut d), Some(0));
        assert!(toggle_operation(&mut d, 0, "Encrypt", true));
        assert!(!toggle_operation(&mut d, 0, "Encrypt", true));
        assert_eq!(grants(&d)[0]["operations"], json!(["Decrypt", "Encrypt"]));
        assert!(set_constraint_kind(&mut d, 0, Some(ConstraintKind::Subset)));
        assert_eq!(edit_pairs(&mut d, &PairsTarget::GrantConstraint(0), PairEdit::Add), Ok(true));
        assert_eq!(edit_pairs(&mut d, &PairsTarget::GrantConstraint(0), PairEdit::SetKey(0, "app".into())), Ok(true));
        assert!(set_constraint_kind(&mut d, 0, Some(ConstraintKind::Equals)));
        assert_eq!(grants(&d)[0]["constraints"], json!({"encryptionContextEquals": {"app": ""}}));
        assert!(set_member(&mut d, "grants", 0, "retiringPrincipal", Some(Value::from("x"))));
        assert!(set_member(&mut d, "grants", 0, "retiringPrincipal", Some(Value::from(""))));
        assert!(grants(&d)[0].get("retiringPrincipal").is_none());
    }

    #[test]
    fn validation_messages() {
        assert!(principal_problem("arn:aws:iam::111122223333:user/alice").is_none());
        assert!(principal_problem("arn:aws:sts::111122223333:assumed-role/r/s").is_none());
        assert!(principal_problem("arn:aws:iam::111122223333:root").is_none());
        assert!(principal_problem("alice").is_some());
        assert!(principal_problem("arn:aws:iam::1:user/a").is_some());
        assert!(role_problem("arn:aws:iam::111122223333:user/a").is_some());
        assert!(ip_problem("10.0.0.300").is_some());
        assert!(ip_problem("10.0.0.0/8").is_none());
        assert!(ip_problem("2001:db8::/32").is_none());
        assert!(action_problem("Decrypt").is_some());
    }
}
