//! The document being edited: a scenario (SPEC section 2) whose policies are kept as the
//! text the person sees. Conversion from any scenario (policies as objects or strings) and
//! back to the scenario the engine reads (every policy as a raw text string, so report
//! ranges match the editors).

use serde_json::{Map, Value};

/// One named IAM identity policy of a principal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NamedPolicy {
    /// The policy's name (unique per principal, `policy-N` when the scenario gave none).
    pub name: String,
    /// The policy text as shown in the editor.
    pub text: String,
}

/// A principal (IAM user or role) and its policies.
#[derive(Clone, Debug, PartialEq)]
pub struct Principal {
    /// The principal's ARN.
    pub arn: String,
    /// Identity policies, in order.
    pub policies: Vec<NamedPolicy>,
    /// Permissions boundary text, when the principal has one.
    pub boundary: Option<String>,
    /// Trust policy text (roles), when given.
    pub trust: Option<String>,
    /// Other members of the principal object (`tags`, ...), passed through unchanged.
    pub extra: Map<String, Value>,
}

impl Principal {
    /// A principal with no policies.
    pub fn new(arn: impl Into<String>) -> Principal {
        Principal { arn: arn.into(), policies: Vec::new(), boundary: None, trust: None, extra: Map::new() }
    }

    /// Whether the ARN names an IAM role (trust policies only make sense there).
    pub fn is_role(&self) -> bool {
        self.arn.contains(":role/")
    }

    /// A policy name not used yet by this principal (`policy-N`).
    pub fn fresh_policy_name(&self) -> String {
        let mut n = self.policies.len() + 1;
        loop {
            let name = format!("policy-{n}");
            if !self.policies.iter().any(|p| p.name == name) {
                return name;
            }
            n += 1;
        }
    }
}

/// The whole edited scenario.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Doc {
    /// Scenario title (shown above the matrix).
    pub title: String,
    /// Scenario description.
    pub description: String,
    /// The key's ARN.
    pub key_arn: String,
    /// The key policy text (blank: the scenario gives no key policy).
    pub key_policy: String,
    /// Other members of `key` (`manager`, `state`, `aliases`, `tags`, ...), passed through.
    pub key_extra: Map<String, Value>,
    /// Principals, in order.
    pub principals: Vec<Principal>,
    /// Other top-level members (`grants`, `organization`, `requests`, ...), passed through.
    pub extra: Map<String, Value>,
}

/// Where a policy lives in a [`Doc`] (what an editor edits).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PolicyRef {
    /// The key policy.
    Key,
    /// Identity policy `policy` of principal `principal`.
    Identity {
        /// Principal index.
        principal: usize,
        /// Policy index.
        policy: usize,
    },
    /// The permissions boundary of a principal.
    Boundary(usize),
    /// The trust policy of a principal.
    Trust(usize),
}

/// A template for a new policy (valid, allows nothing).
pub const EMPTY_POLICY: &str = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": []\n}";

/// The text of a policy as given in a scenario: a string is kept exactly; an object (or
/// anything else) is shown as `serde_json::to_string_pretty` prints it (SPEC section 3).
pub fn policy_value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => serde_json::to_string_pretty(other).unwrap_or_default(),
    }
}

fn str_member(m: &Map<String, Value>, k: &str) -> String {
    m.get(k).and_then(Value::as_str).unwrap_or_default().to_string()
}

impl Doc {
    /// Read a scenario. Policies given as objects become their pretty-printed text; unnamed
    /// policies are named `policy-N` (1-based), as the engine names them.
    pub fn from_scenario(v: &Value) -> Result<Doc, String> {
        let Some(obj) = v.as_object() else {
            return Err("the scenario is not a JSON object".into());
        };
        let mut doc =
            Doc { title: str_member(obj, "title"), description: str_member(obj, "description"), ..Doc::default() };
        match obj.get("key") {
            Some(Value::Object(key)) => {
                doc.key_arn = str_member(key, "arn");
                doc.key_policy = key.get("policy").map(policy_value_text).unwrap_or_default();
                for (k, v) in key {
                    if k != "arn" && k != "policy" {
                        doc.key_extra.insert(k.clone(), v.clone());
                    }
                }
            }
            Some(_) => return Err("`key` is not an object".into()),
            None => {}
        }
        if let Some(list) = obj.get("principals") {
            let Some(list) = list.as_array() else {
                return Err("`principals` is not an array".into());
            };
            for p in list {
                let Some(p) = p.as_object() else {
                    return Err("a principal is not an object".into());
                };
                let mut principal = Principal::new(str_member(p, "arn"));
                if let Some(pols) = p.get("policies").and_then(Value::as_array) {
                    for (i, pol) in pols.iter().enumerate() {
                        let (name, text) = match pol {
                            Value::Object(m) if m.contains_key("document") || m.contains_key("name") => (
                                m.get("name").and_then(Value::as_str).map(str::to_string),
                                m.get("document").map(policy_value_text).unwrap_or_default(),
                            ),
                            other => (None, policy_value_text(other)),
                        };
                        let name = name.unwrap_or_else(|| format!("policy-{}", i + 1));
                        principal.policies.push(NamedPolicy { name, text });
                    }
                }
                principal.boundary = p.get("permissionsBoundary").map(policy_value_text);
                principal.trust = p.get("trustPolicy").map(policy_value_text);
                for (k, v) in p {
                    if !matches!(k.as_str(), "arn" | "policies" | "permissionsBoundary" | "trustPolicy") {
                        principal.extra.insert(k.clone(), v.clone());
                    }
                }
                doc.principals.push(principal);
            }
        }
        for (k, v) in obj {
            if !matches!(k.as_str(), "format" | "title" | "description" | "key" | "principals" | "ui") {
                doc.extra.insert(k.clone(), v.clone());
            }
        }
        Ok(doc)
    }

    /// The scenario the engine reads: every policy as a raw text string.
    pub fn to_scenario(&self) -> Value {
        let mut obj = Map::new();
        obj.insert("format".into(), Value::from("kmsplay/v1"));
        if !self.title.is_empty() {
            obj.insert("title".into(), Value::from(self.title.clone()));
        }
        if !self.description.is_empty() {
            obj.insert("description".into(), Value::from(self.description.clone()));
        }
        let mut key = Map::new();
        key.insert("arn".into(), Value::from(self.key_arn.clone()));
        if !self.key_policy.trim().is_empty() {
            key.insert("policy".into(), Value::from(self.key_policy.clone()));
        }
        for (k, v) in &self.key_extra {
            key.insert(k.clone(), v.clone());
        }
        obj.insert("key".into(), Value::Object(key));
        let principals: Vec<Value> = self
            .principals
            .iter()
            .map(|p| {
                let mut m = Map::new();
                m.insert("arn".into(), Value::from(p.arn.clone()));
                let pols: Vec<Value> = p
                    .policies
                    .iter()
                    .map(|pol| {
                        let mut pm = Map::new();
                        pm.insert("name".into(), Value::from(pol.name.clone()));
                        pm.insert("document".into(), Value::from(pol.text.clone()));
                        Value::Object(pm)
                    })
                    .collect();
                m.insert("policies".into(), Value::Array(pols));
                if let Some(b) = &p.boundary {
                    m.insert("permissionsBoundary".into(), Value::from(b.clone()));
                }
                if let Some(t) = &p.trust {
                    m.insert("trustPolicy".into(), Value::from(t.clone()));
                }
                for (k, v) in &p.extra {
                    m.insert(k.clone(), v.clone());
                }
                Value::Object(m)
            })
            .collect();
        obj.insert("principals".into(), Value::Array(principals));
        for (k, v) in &self.extra {
            obj.insert(k.clone(), v.clone());
        }
        Value::Object(obj)
    }

    /// The engine's id of a policy (`key-policy`, `identity:<arn>/<name>`, `boundary:<arn>`,
    /// `trust:<arn>`), if it exists.
    pub fn policy_id(&self, r: PolicyRef) -> Option<String> {
        match r {
            PolicyRef::Key => Some("key-policy".into()),
            PolicyRef::Identity { principal, policy } => {
                let p = self.principals.get(principal)?;
                let pol = p.policies.get(policy)?;
                Some(format!("identity:{}/{}", p.arn, pol.name))
            }
            PolicyRef::Boundary(i) => self.principals.get(i).map(|p| format!("boundary:{}", p.arn)),
            PolicyRef::Trust(i) => self.principals.get(i).map(|p| format!("trust:{}", p.arn)),
        }
    }

    /// The policy an engine id names, if it is one the app edits.
    pub fn resolve(&self, id: &str) -> Option<PolicyRef> {
        if id == "key-policy" {
            return Some(PolicyRef::Key);
        }
        if let Some(rest) = id.strip_prefix("identity:") {
            for (pi, p) in self.principals.iter().enumerate() {
                let Some(name) = rest.strip_prefix(p.arn.as_str()).and_then(|r| r.strip_prefix('/')) else {
                    continue;
                };
                if let Some(i) = p.policies.iter().position(|pol| pol.name == name) {
                    return Some(PolicyRef::Identity { principal: pi, policy: i });
                }
            }
            return None;
        }
        if let Some(arn) = id.strip_prefix("boundary:") {
            return self.principals.iter().position(|p| p.arn == arn).map(PolicyRef::Boundary);
        }
        if let Some(arn) = id.strip_prefix("trust:") {
            return self.principals.iter().position(|p| p.arn == arn).map(PolicyRef::Trust);
        }
        None
    }

    /// Whether [`Doc::create`] can make the policy an engine id names: an identity policy,
    /// boundary or trust policy (of a principal that may not exist yet).
    pub fn can_create(id: &str) -> bool {
        creatable(id).is_some()
    }

    /// The policy an engine id names, created with text [`EMPTY_POLICY`] (and its principal
    /// with it) when it does not exist yet: a suggested fix may add a statement to a policy
    /// that is not there (`identity:ARN/kmsplay-suggested`, a boundary).
    pub fn create(&mut self, id: &str) -> Option<PolicyRef> {
        if let Some(r) = self.resolve(id) {
            return Some(r);
        }
        let (kind, arn, name) = creatable(id)?;
        let i = match self.principals.iter().position(|p| p.arn == arn) {
            Some(i) => i,
            None => {
                self.principals.push(Principal::new(arn));
                self.principals.len() - 1
            }
        };
        let p = self.principals.get_mut(i)?;
        match kind {
            "identity" => p.policies.push(NamedPolicy { name: name.to_string(), text: EMPTY_POLICY.into() }),
            "boundary" => p.boundary = Some(EMPTY_POLICY.into()),
            _ => p.trust = Some(EMPTY_POLICY.into()),
        }
        self.resolve(id)
    }

    /// The text of a policy, if it exists.
    pub fn text(&self, r: PolicyRef) -> Option<&str> {
        match r {
            PolicyRef::Key => Some(self.key_policy.as_str()),
            PolicyRef::Identity { principal, policy } => {
                self.principals.get(principal).and_then(|p| p.policies.get(policy)).map(|p| p.text.as_str())
            }
            PolicyRef::Boundary(i) => self.principals.get(i).and_then(|p| p.boundary.as_deref()),
            PolicyRef::Trust(i) => self.principals.get(i).and_then(|p| p.trust.as_deref()),
        }
    }

    /// Replace the text of a policy; returns whether it existed.
    pub fn set_text(&mut self, r: PolicyRef, text: String) -> bool {
        let slot: Option<&mut String> = match r {
            PolicyRef::Key => Some(&mut self.key_policy),
            PolicyRef::Identity { principal, policy } => {
                self.principals.get_mut(principal).and_then(|p| p.policies.get_mut(policy)).map(|p| &mut p.text)
            }
            PolicyRef::Boundary(i) => self.principals.get_mut(i).and_then(|p| p.boundary.as_mut()),
            PolicyRef::Trust(i) => self.principals.get_mut(i).and_then(|p| p.trust.as_mut()),
        };
        match slot {
            Some(s) => {
                *s = text;
                true
            }
            None => false,
        }
    }

    /// A human label for a policy id (`key policy`, `alice / kms-use`, ...).
    pub fn policy_label(&self, id: &str) -> String {
        match self.resolve(id) {
            Some(PolicyRef::Key) => "key policy".into(),
            Some(PolicyRef::Identity { principal, policy }) => {
                let p = self.principals.get(principal);
                format!(
                    "{} · {}",
                    p.map(|p| short_arn(&p.arn)).unwrap_or_default(),
                    p.and_then(|p| p.policies.get(policy)).map(|x| x.name.as_str()).unwrap_or_default()
                )
            }
            Some(PolicyRef::Boundary(i)) => format!(
                "{} · permissions boundary",
                self.principals.get(i).map(|p| short_arn(&p.arn)).unwrap_or_default()
            ),
            Some(PolicyRef::Trust(i)) => {
                format!("{} · trust policy", self.principals.get(i).map(|p| short_arn(&p.arn)).unwrap_or_default())
            }
            None => match id.split_once(':') {
                Some(("scp", name)) => format!("SCP {name}"),
                Some(("rcp", name)) => format!("RCP {name}"),
                Some(("grant", name)) => format!("grant {name}"),
                _ => id.to_string(),
            },
        }
    }
}

/// `(kind, principal ARN, policy name)` of an engine id [`Doc::create`] can make: kind
/// `identity` (with a name), `boundary` or `trust` (name empty), and a non-empty ARN.
fn creatable(id: &str) -> Option<(&str, &str, &str)> {
    let (kind, rest) = id.split_once(':')?;
    let (arn, name) = match kind {
        "identity" => rest.rsplit_once('/').filter(|(_, name)| !name.is_empty())?,
        "boundary" | "trust" => (rest, ""),
        _ => return None,
    };
    (!arn.is_empty()).then_some((kind, arn, name))
}

/// The resource part of an ARN (`user/alice`, `role/app`, `root`), or the whole text.
pub fn short_arn(arn: &str) -> String {
    let mut parts = arn.splitn(6, ':');
    let resource = parts.nth(5);
    match resource {
        Some(r) if !r.is_empty() => elide(r),
        _ => elide(arn),
    }
}

/// Characters of a name shown before it is cut in the middle (real ARNs are at most 2048).
const SHOWN_CHARS: usize = 160;

/// `text` for a label: cut in the middle with `…` past [`SHOWN_CHARS`] characters, so a
/// pasted megabyte never becomes a tab, a row header or a heading (the full text stays in
/// the store, the field and the element's `title`).
pub fn elide(text: &str) -> String {
    crate::engine::render::elide_middle(text, SHOWN_CHARS).into_owned()
}

/// The account ID of an ARN (5th field), if it has one.
pub fn arn_account(arn: &str) -> Option<&str> {
    arn.split(':').nth(4).filter(|a| !a.is_empty())
}

/// A message for display with every word longer than [`SHOWN_CHARS`] cut in the middle
/// ([`elide`]): engine messages quote ARNs and values as given, and a pasted megabyte must
/// not become a paragraph the browser spends seconds laying out.
pub fn elide_words(text: &str) -> String {
    if text.len() <= SHOWN_CHARS {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len().min(4096));
    let mut rest = text;
    while !rest.is_empty() {
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let (word, after) = rest.split_at(end);
        out.push_str(&elide(word));
        let spaces = after.len() - after.trim_start().len();
        let (gap, next) = after.split_at(spaces);
        out.push_str(gap);
        rest = next;
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn long_words_in_messages_are_cut() {
        let long = "x".repeat(1_000);
        let msg = format!("this IAM policy of arn:aws:iam::1:role/{long} is attached\tnowhere  else");
        let shown = super::elide_words(&msg);
        assert!(shown.starts_with("this IAM policy of arn:aws:iam::1:role/x"), "{shown}");
        assert!(shown.ends_with(" is attached\tnowhere  else"), "{shown}");
        assert!(shown.chars().count() < 220, "{shown}");
        assert_eq!(super::elide_words("short message"), "short message");
    }

    #[test]
    fn long_names_are_cut_in_the_middle_for_labels() {
        let arn = format!("arn:aws:iam::111122223333:role/{}", "x".repeat(5000));
        let short = super::short_arn(&arn);
        assert_eq!(short.chars().count(), super::SHOWN_CHARS);
        assert!(short.starts_with("role/xxx") && short.contains('…'));
        assert_eq!(super::short_arn("arn:aws:iam::111122223333:role/R"), "role/R");
        assert_eq!(super::elide("é".repeat(160).as_str()), "é".repeat(160));
    }

    use super::*;
    use serde_json::json;

    #[test]
    fn objects_become_pretty_text_and_names_are_filled_in() {
        let v = json!({
            "title": "t",
            "key": {"arn": "arn:aws:kms:us-east-1:111122223333:key/k", "policy": {"Version": "2012-10-17", "Statement": []}, "state": "Disabled"},
            "principals": [{"arn": "arn:aws:iam::111122223333:role/app", "policies": [{"document": "{ }"}], "tags": {"a": "b"}}],
            "grants": []
        });
        let doc = Doc::from_scenario(&v).unwrap();
        assert_eq!(doc.key_policy, "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": []\n}");
        let p = &doc.principals[0];
        assert_eq!(p.policies[0].name, "policy-1");
        assert_eq!(p.policies[0].text, "{ }");
        let back = doc.to_scenario();
        assert_eq!(back["key"]["policy"], Value::from(doc.key_policy.clone()));
        assert_eq!(back["key"]["state"], "Disabled");
        assert_eq!(back["principals"][0]["tags"]["a"], "b");
        assert_eq!(back["grants"], json!([]));
        assert_eq!(Doc::from_scenario(&back).unwrap(), doc);
    }

    #[test]
    fn ids_resolve_both_ways() {
        let mut doc = Doc::default();
        let mut p = Principal::new("arn:aws:iam::1:role/path/app");
        p.policies.push(NamedPolicy { name: "x/y".into(), text: String::new() });
        p.trust = Some(String::new());
        doc.principals.push(p);
        let r = PolicyRef::Identity { principal: 0, policy: 0 };
        let id = doc.policy_id(r).unwrap();
        assert_eq!(id, "identity:arn:aws:iam::1:role/path/app/x/y");
        assert_eq!(doc.resolve(&id), Some(r));
        assert_eq!(doc.resolve("trust:arn:aws:iam::1:role/path/app"), Some(PolicyRef::Trust(0)));
        assert_eq!(doc.resolve("boundary:nope"), None);
        assert_eq!(doc.resolve("scenario"), None);
        assert_eq!(short_arn("arn:aws:iam::1:role/path/app"), "role/path/app");
    }
}
