//! The scenario (`kmsplay/v1`, SPEC section 2): the key, principals, grants, guardrails and
//! requests, with every policy read into a [`Policy`].

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::Value as Json;

use super::arn::Arn;
use super::catalog;
use super::diagnostic::Diagnostic;
use super::json;
use super::limits;
use super::policy::{self, Policy, PolicyKind};
use super::span::{self, LineIndex, Range, Span};
use super::ScenarioError;

/// The format tag of a scenario.
pub const SCENARIO_FORMAT: &str = "kmsplay/v1";

/// One policy of the scenario: its id, its text as ranges refer to it, and what was read.
#[derive(Clone, Debug)]
pub struct PolicySource {
    /// Policy id as reasons and findings name it (`key-policy`, `identity:<arn>/<name>`, ...).
    pub id: String,
    /// The text (raw text as given, or the pretty-printed form of an object).
    pub text: String,
    /// The parsed policy (shared: a re-analysis reuses it when the text did not change).
    pub policy: Arc<Policy>,
    /// Parse-level findings, placed in this policy.
    pub diagnostics: Vec<Diagnostic>,
    /// Where the lines of `text` start (and its characters per block), kept for turning
    /// spans into ranges.
    lines: span::LineTable,
}

impl PolicySource {
    /// Read policy `value` (object or raw text) of `kind` under `id`.
    pub fn from_json(id: String, value: &Json, kind: PolicyKind) -> PolicySource {
        if let Json::String(text) = value {
            return PolicySource::from_text(id, text.clone(), kind);
        }
        // An object is printed and its tree made in one go, instead of printed, then parsed.
        match json::pretty(value) {
            Some((text, root)) => PolicySource::read(id, text, kind, Some(root)),
            None => PolicySource::from_text(id, policy_text(value), kind),
        }
    }

    /// Read raw policy text.
    pub fn from_text(id: String, text: String, kind: PolicyKind) -> PolicySource {
        PolicySource::read(id, text, kind, None)
    }

    fn read(id: String, text: String, kind: PolicyKind, root: Option<json::Node>) -> PolicySource {
        let (policy, diags) = match root {
            Some(root) => policy::read_parsed(&text, kind, root),
            None => policy::read(&text, kind),
        };
        let diagnostics = diags.into_iter().map(|d| d.in_policy(id.clone())).collect();
        let lines = span::LineTable::new(&text);
        PolicySource { id, text, policy: Arc::new(policy), diagnostics, lines }
    }

    /// Lines and columns of the text, without rescanning it.
    pub fn line_index(&self) -> LineIndex<'_> {
        LineIndex::with_table(&self.text, &self.lines)
    }

    /// The report range of `span` in this policy's text.
    pub fn range(&self, span: Span) -> Range {
        self.line_index().range(span)
    }
}

/// The text of a policy given as a JSON value: a string is raw text, anything else is
/// pretty-printed with two spaces, members in the order given (SPEC section 3).
pub fn policy_text(value: &Json) -> String {
    match value {
        Json::String(s) => s.clone(),
        other => serde_json::to_string_pretty(other).unwrap_or_default(),
    }
}

/// Read scenario `text` (already read into `value` by serde_json) for policies given as JSON
/// objects that repeat a key. serde_json keeps only the last value of a repeated key, so such
/// a policy would lose the evidence SPEC section 8 voids it for; it is replaced in `value` by
/// its text, printed as the object form is ([`json::pretty`]) but with every member, and read
/// like raw text. Returns whether anything was replaced. Text the engine's reader refuses
/// (deeper than [`json::MAX_DEPTH`]) is left as serde_json read it.
pub fn keep_duplicate_members(text: &str, value: &mut Json) -> bool {
    // Nearly every scenario repeats no key: a pass that only compares keys is much cheaper
    // than the engine's reader, which builds a tree with spans.
    if !repeats_a_key(text) {
        return false;
    }
    let Ok(root) = json::parse(text) else { return false };
    let mut replaced = false;
    let mut swap = |node: &json::Node, path: &[PathStep<'_>]| {
        if matches!(node.value, json::Value::Object(_)) && json::has_duplicate_keys(node) {
            if let Some(slot) = at_path(value, path) {
                *slot = Json::String(json::pretty_keeping_duplicates(node));
                replaced = true;
            }
        }
    };
    if let Some(p) = member(&root, "key").and_then(|k| member(k, "policy")) {
        swap(p, &[PathStep::Key("key"), PathStep::Key("policy")]);
    }
    if let Some(json::Value::Array(items)) = member(&root, "principals").map(|n| &n.value) {
        for (i, p) in items.iter().enumerate() {
            if let Some(json::Value::Array(pols)) = member(p, "policies").map(|n| &n.value) {
                for (j, entry) in pols.iter().enumerate() {
                    let base = [
                        PathStep::Key("principals"),
                        PathStep::Index(i),
                        PathStep::Key("policies"),
                        PathStep::Index(j),
                    ];
                    match member(entry, "document") {
                        Some(doc) => swap(doc, &[base[0], base[1], base[2], base[3], PathStep::Key("document")]),
                        None => swap(entry, &base),
                    }
                }
            }
            for field in ["permissionsBoundary", "trustPolicy"] {
                if let Some(doc) = member(p, field) {
                    swap(doc, &[PathStep::Key("principals"), PathStep::Index(i), PathStep::Key(field)]);
                }
            }
        }
    }
    if let Some(org) = member(&root, "organization") {
        for field in ["scps", "rcps"] {
            if let Some(json::Value::Array(items)) = member(org, field).map(|n| &n.value) {
                for (i, o) in items.iter().enumerate() {
                    if let Some(doc) = member(o, "document") {
                        let path = [
                            PathStep::Key("organization"),
                            PathStep::Key(field),
                            PathStep::Index(i),
                            PathStep::Key("document"),
                        ];
                        swap(doc, &path);
                    }
                }
            }
        }
    }
    replaced
}

/// Whether some object in JSON `text` has a key twice (keys compared as written; false for
/// text serde_json refuses).
fn repeats_a_key(text: &str) -> bool {
    use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
    use std::borrow::Cow;
    use std::collections::HashSet;

    /// A value read only for its keys: true when an object in it repeats one.
    struct Scan(bool);

    impl<'de> Deserialize<'de> for Scan {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Scan, D::Error> {
            d.deserialize_any(ScanVisitor)
        }
    }

    struct ScanVisitor;

    impl<'de> Visitor<'de> for ScanVisitor {
        type Value = Scan;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("JSON")
        }
        fn visit_bool<E>(self, _: bool) -> Result<Scan, E> {
            Ok(Scan(false))
        }
        fn visit_i64<E>(self, _: i64) -> Result<Scan, E> {
            Ok(Scan(false))
        }
        fn visit_u64<E>(self, _: u64) -> Result<Scan, E> {
            Ok(Scan(false))
        }
        fn visit_f64<E>(self, _: f64) -> Result<Scan, E> {
            Ok(Scan(false))
        }
        fn visit_str<E>(self, _: &str) -> Result<Scan, E> {
            Ok(Scan(false))
        }
        fn visit_unit<E>(self) -> Result<Scan, E> {
            Ok(Scan(false))
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Scan, A::Error> {
            let mut found = false;
            while let Some(Scan(f)) = seq.next_element()? {
                found |= f;
            }
            Ok(Scan(found))
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Scan, A::Error> {
            let mut keys: HashSet<Key<'de>> = HashSet::new();
            let mut found = false;
            while let Some(key) = map.next_key::<Key<'de>>()? {
                found |= !keys.insert(key);
                let Scan(f) = map.next_value()?;
                found |= f;
            }
            Ok(Scan(found))
        }
    }

    /// An object key, borrowed from the text unless it has escapes.
    #[derive(PartialEq, Eq, Hash)]
    struct Key<'de>(Cow<'de, str>);

    impl<'de> Deserialize<'de> for Key<'de> {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Key<'de>, D::Error> {
            struct KeyVisitor;
            impl<'de> Visitor<'de> for KeyVisitor {
                type Value = Key<'de>;
                fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str("a key")
                }
                fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Key<'de>, E> {
                    Ok(Key(Cow::Borrowed(v)))
                }
                fn visit_str<E>(self, v: &str) -> Result<Key<'de>, E> {
                    Ok(Key(Cow::Owned(v.to_string())))
                }
            }
            d.deserialize_str(KeyVisitor)
        }
    }

    serde_json::from_str::<Scan>(text).is_ok_and(|Scan(found)| found)
}

/// One step into a JSON value.
#[derive(Clone, Copy)]
enum PathStep<'a> {
    Key(&'a str),
    Index(usize),
}

/// The member `key` of an object node: the last one, the one serde_json keeps.
fn member<'n>(node: &'n json::Node, key: &str) -> Option<&'n json::Node> {
    match &node.value {
        json::Value::Object(members) => members.iter().rev().find(|m| m.key == key).map(|m| &m.value),
        _ => None,
    }
}

fn at_path<'v>(mut value: &'v mut Json, path: &[PathStep<'_>]) -> Option<&'v mut Json> {
    for step in path {
        value = match step {
            PathStep::Key(k) => value.get_mut(*k)?,
            PathStep::Index(i) => value.get_mut(*i)?,
        };
    }
    Some(value)
}

/// Who manages the key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyManager {
    /// A customer managed key.
    Customer,
    /// An AWS managed key (`aws/<service>`).
    Aws,
}

/// The key under test.
#[derive(Clone, Debug)]
pub struct Key {
    /// The key ARN as given.
    pub arn: String,
    /// Its parts (None when malformed; a `scenario` finding says so).
    pub parsed: Option<Arn>,
    /// The key policy (None when the scenario gives none: nothing is allowed).
    pub policy: Option<PolicySource>,
    /// Customer or AWS managed.
    pub manager: KeyManager,
    /// `Enabled`, `Disabled`, ...
    pub state: String,
    /// KeySpec.
    pub spec: String,
    /// KeyUsage.
    pub usage: String,
    /// Aliases (`alias/NAME`).
    pub aliases: Vec<String>,
    /// Tags.
    pub tags: Vec<(String, String)>,
}

impl Key {
    /// The key's account (empty when the ARN is malformed).
    pub fn account(&self) -> &str {
        self.parsed.as_ref().map_or("", |a| a.account.as_str())
    }

    /// The key's partition.
    pub fn partition(&self) -> &str {
        self.parsed.as_ref().map_or("aws", |a| a.partition.as_str())
    }

    /// The key's region.
    pub fn region(&self) -> &str {
        self.parsed.as_ref().map_or("", |a| a.region.as_str())
    }

    /// The key id (the part after `key/`).
    pub fn key_id(&self) -> &str {
        self.parsed.as_ref().map_or("", |a| a.resource.strip_prefix("key/").unwrap_or(&a.resource))
    }
}

/// A named IAM policy of a principal.
#[derive(Clone, Debug)]
pub struct NamedPolicy {
    /// Its name.
    pub name: String,
    /// Its text and parse.
    pub source: PolicySource,
}

/// An IAM user or role of the scenario.
#[derive(Clone, Debug)]
pub struct Principal {
    /// The ARN as given.
    pub arn: String,
    /// Identity policies.
    pub policies: Vec<NamedPolicy>,
    /// Permissions boundary.
    pub boundary: Option<PolicySource>,
    /// Trust policy (roles).
    pub trust: Option<PolicySource>,
    /// Tags.
    pub tags: Vec<(String, String)>,
}

/// Encryption-context constraints of a grant.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GrantConstraints {
    /// Pairs that must all be present (others allowed).
    pub subset: Option<Vec<(String, String)>>,
    /// The exact pair set required.
    pub equals: Option<Vec<(String, String)>>,
}

/// A grant on the key.
#[derive(Clone, Debug)]
pub struct Grant {
    /// Name (`grant-N` when unnamed).
    pub name: String,
    /// Grantee principal ARN (or account id).
    pub grantee: String,
    /// Operations (API names such as `Decrypt`).
    pub operations: Vec<String>,
    /// Constraints.
    pub constraints: GrantConstraints,
    /// Retiring principal, if any.
    pub retiring: Option<String>,
}

/// An SCP or RCP attached to accounts.
#[derive(Clone, Debug)]
pub struct OrgPolicy {
    /// Name (`policy-N` when unnamed).
    pub name: String,
    /// Accounts it is attached to.
    pub accounts: Vec<String>,
    /// Its text and parse.
    pub source: PolicySource,
}

/// A question: may `principal` call `action` on the key?
#[derive(Clone, Debug, Default)]
pub struct Request {
    /// The principal as given.
    pub principal: String,
    /// The action as given.
    pub action: String,
    /// How the caller names the key (default: the key ARN).
    pub key_id: Option<String>,
    /// Roles assumed first, in order.
    pub via: Vec<String>,
    /// Extra context (keys as given, values as strings).
    pub context: Vec<(String, Vec<String>)>,
    /// `encryptionContext` pairs.
    pub encryption_context: Vec<(String, String)>,
    /// Grant tokens (documentation only).
    pub grant_tokens: Vec<String>,
    /// The decision a test expects (`expect`).
    pub expect: Option<String>,
}

/// A whole scenario, read.
#[derive(Clone, Debug)]
pub struct Scenario {
    /// `title`.
    pub title: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// The key.
    pub key: Key,
    /// Principals with their policies.
    pub principals: Vec<Principal>,
    /// Grants on the key.
    pub grants: Vec<Grant>,
    /// Service control policies.
    pub scps: Vec<OrgPolicy>,
    /// Resource control policies.
    pub rcps: Vec<OrgPolicy>,
    /// Requests to answer.
    pub requests: Vec<Request>,
    /// Findings about the scenario itself (policy `scenario`).
    pub diagnostics: Vec<Diagnostic>,
    /// Members the format does not know (the CLI warns about them).
    pub unknown_members: Vec<String>,
    /// Values the format does not accept, each with what kmsplay did instead (ignored it, or
    /// read `"disabled"` as `"Disabled"`); the CLI prints them as warnings.
    pub warnings: Vec<String>,
}

impl Scenario {
    /// Every policy of the scenario, in a fixed order.
    pub fn policies(&self) -> impl Iterator<Item = &PolicySource> {
        let key = self.key.policy.iter();
        let principals = self
            .principals
            .iter()
            .flat_map(|p| p.policies.iter().map(|n| &n.source).chain(p.boundary.iter()).chain(p.trust.iter()));
        let org = self.scps.iter().chain(self.rcps.iter()).map(|o| &o.source);
        key.chain(principals).chain(org)
    }

    /// The policy with id `id`.
    pub fn policy(&self, id: &str) -> Option<&PolicySource> {
        self.policies().find(|p| p.id == id)
    }

    /// The principal entry of an ARN as given in `principals`.
    pub fn principal(&self, arn: &str) -> Option<&Principal> {
        self.principals.iter().find(|p| p.arn == arn)
    }
}

/// The states of `DescribeKey`'s `KeyState`.
const KEY_STATES: &[&str] = &[
    "Enabled",
    "Disabled",
    "PendingDeletion",
    "PendingImport",
    "PendingReplicaDeletion",
    "Creating",
    "Unavailable",
    "Updating",
];

/// The values of `CreateKey`'s `KeySpec`.
const KEY_SPECS: &[&str] = &[
    "SYMMETRIC_DEFAULT",
    "RSA_2048",
    "RSA_3072",
    "RSA_4096",
    "ECC_NIST_P256",
    "ECC_NIST_P384",
    "ECC_NIST_P521",
    "ECC_SECG_P256K1",
    "ECC_NIST_EDWARDS25519",
    "HMAC_224",
    "HMAC_256",
    "HMAC_384",
    "HMAC_512",
    "SM2",
    "ML_DSA_44",
    "ML_DSA_65",
    "ML_DSA_87",
];

/// The values of `CreateKey`'s `KeyUsage`.
const KEY_USAGES: &[&str] = &["ENCRYPT_DECRYPT", "SIGN_VERIFY", "GENERATE_VERIFY_MAC", "KEY_AGREEMENT"];

/// A member that should be one of `allowed`: the value as AWS spells it (a value in another
/// case is read as that one, with a warning), another string as written (with a warning: AWS
/// may have added a value since), or `None` when it is missing or not a string (with a
/// warning unless missing; the caller then uses the default).
fn one_of(value: Option<&Json>, at: &str, allowed: &[&str], warnings: &mut Vec<String>) -> Option<String> {
    let list = || allowed.join(", ");
    match value? {
        Json::String(s) => {
            if allowed.contains(&s.as_str()) {
                return Some(s.clone());
            }
            if let Some(known) = allowed.iter().find(|a| a.eq_ignore_ascii_case(s)) {
                warnings.push(format!("{at} \"{s}\" is read as \"{known}\" (AWS spells it that way)"));
                return Some((*known).to_string());
            }
            warnings.push(format!("{at} \"{s}\" is not one of {}; kmsplay knows nothing about it", list()));
            Some(s.clone())
        }
        other => {
            warnings.push(format!("{at} is {}, not a string (one of {}); the default is used", kind_of(other), list()));
            None
        }
    }
}

/// A top-level member that must be an array: its items, or `None` (with a warning when it
/// is there but is not an array).
fn array_member<'j>(
    top: &'j serde_json::Map<String, Json>,
    name: &str,
    warnings: &mut Vec<String>,
) -> Option<&'j [Json]> {
    match top.get(name)? {
        Json::Array(items) => Some(items),
        other => {
            warnings.push(format!("\"{name}\" is {}, not an array; it is ignored", kind_of(other)));
            None
        }
    }
}

/// A grant's operations as written. A name that is no grant operation (`kms:Decrypt`,
/// `ReEncrypt*`, `decrypt`) is kept, so it matches no request (CreateGrant would refuse the
/// grant), with a warning that says what to write.
fn grant_operations(value: Option<&Json>, grant: usize, warnings: &mut Vec<String>) -> Vec<String> {
    let out = strings(value);
    for op in out.iter().filter(|op| !catalog::is_grant_operation(op)) {
        let bare = op.strip_prefix("kms:").unwrap_or(op);
        let known = catalog::grant_operations();
        let hint = if let Some(k) = known.iter().find(|k| k.eq_ignore_ascii_case(bare)) {
            format!(" (did you mean \"{k}\"? CreateGrant takes exact names without the kms: prefix)")
        } else if let Some(prefix) = bare.strip_suffix('*') {
            let matching: Vec<&str> = known.iter().copied().filter(|k| k.starts_with(prefix)).collect();
            format!(" (grant operations are exact names, not patterns: {})", matching.join(", "))
        } else {
            String::new()
        };
        warnings
            .push(format!("grants[{grant}].operations: \"{op}\" is not a grant operation{hint}; it allows nothing"));
    }
    out
}

/// "a number", "an object", ...: a JSON value's type in words.
fn kind_of(v: &Json) -> &'static str {
    match v {
        Json::Null => "null",
        Json::Bool(_) => "a boolean",
        Json::Number(_) => "a number",
        Json::String(_) => "a string",
        Json::Array(_) => "an array",
        Json::Object(_) => "an object",
    }
}

fn err(message: impl Into<String>) -> ScenarioError {
    ScenarioError { message: message.into(), line: None, column: None }
}

fn string_map(value: Option<&Json>) -> Vec<(String, String)> {
    match value {
        Some(Json::Object(m)) => m.iter().map(|(k, v)| (k.clone(), scalar_text(v))).collect(),
        _ => Vec::new(),
    }
}

/// A context value as text (SPEC: booleans and numbers mean their string form).
fn scalar_text(v: &Json) -> String {
    match v {
        Json::String(s) => s.clone(),
        Json::Null => String::new(),
        other => other.to_string(),
    }
}

fn strings(value: Option<&Json>) -> Vec<String> {
    match value {
        Some(Json::Array(items)) => items.iter().map(scalar_text).collect(),
        Some(Json::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    }
}

const TOP_MEMBERS: &[&str] = &[
    "format",
    "title",
    "description",
    "key",
    "principals",
    "grants",
    "organization",
    "requests",
    "expectFindings",
    "forbidFindings",
    "expectColumns",
    "forbidColumns",
    "expectFindingText",
    "forbidFindingText",
];
const KEY_MEMBERS: &[&str] = &["arn", "policy", "manager", "state", "spec", "usage", "aliases", "tags"];
const PRINCIPAL_MEMBERS: &[&str] = &["arn", "policies", "permissionsBoundary", "trustPolicy", "tags"];
const NAMED_POLICY_MEMBERS: &[&str] = &["name", "document"];
const GRANT_MEMBERS: &[&str] = &["name", "grantee", "operations", "constraints", "retiringPrincipal"];

/// Add the members of `obj` that are not in `known` to `out`, as `at.member` (SPEC section
/// 2: unknown members are ignored, with a warning from the CLI).
fn note_unknown(obj: &serde_json::Map<String, Json>, known: &[&str], at: &str, out: &mut Vec<String>) {
    out.extend(obj.keys().filter(|k| !known.contains(&k.as_str())).map(|k| format!("{at}.{k}")));
}

const REQUEST_MEMBERS: &[&str] = &[
    "principal",
    "action",
    "keyId",
    "via",
    "context",
    "encryptionContext",
    "grantTokens",
    "expect",
    "expectReason",
    "expectReasons",
    "expectBlockedBy",
    "forbidReasons",
    "summaryContains",
    "expectFixCaution",
    "expectFixPolicies",
    "description",
];

/// Read a scenario from its JSON value.
pub fn parse(value: &Json) -> Result<Scenario, ScenarioError> {
    parse_reusing(value, None)
}

/// The policies of an earlier reading of the scenario, by id: a policy whose id and text are
/// unchanged is not read again (SPEC-wise the same; only faster after a one-policy edit).
struct Reuse<'a> {
    by_id: HashMap<&'a str, &'a PolicySource>,
}

impl<'a> Reuse<'a> {
    fn new(previous: Option<&'a Scenario>) -> Reuse<'a> {
        Reuse { by_id: previous.map(|p| p.policies().map(|s| (s.id.as_str(), s)).collect()).unwrap_or_default() }
    }

    /// The policy `value` of `kind` under `id`: the earlier reading when its text is the
    /// same (ids name the kind, so the same id is the same kind), else a new one.
    fn source(&self, id: String, value: &Json, kind: PolicyKind) -> PolicySource {
        if let Some(old) = self.by_id.get(id.as_str()) {
            if old.text == policy_text(value) {
                return (*old).clone();
            }
        }
        PolicySource::from_json(id, value, kind)
    }
}

/// Read a scenario from its JSON value, reusing the policies of `previous` (an earlier
/// reading, typically before one edit) whose text did not change.
pub fn parse_reusing(value: &Json, previous: Option<&Scenario>) -> Result<Scenario, ScenarioError> {
    let reuse = Reuse::new(previous);
    let Json::Object(top) = value else {
        return Err(err("the scenario must be a JSON object with at least {\"key\": {\"arn\": \"arn:aws:kms:...\"}}"));
    };
    let mut unknown_members: Vec<String> =
        top.keys().filter(|k| !TOP_MEMBERS.contains(&k.as_str())).map(|k| k.to_string()).collect();
    let Some(Json::Object(key)) = top.get("key") else {
        return Err(err(
            "the scenario has no \"key\" object; add \"key\": {\"arn\": \"arn:aws:kms:REGION:ACCOUNT:key/ID\"}",
        ));
    };
    let Some(Json::String(key_arn)) = key.get("arn") else {
        return Err(err(
            "the scenario's key has no \"arn\" string; add \"arn\": \"arn:aws:kms:REGION:ACCOUNT:key/ID\"",
        ));
    };
    check_counts(top)?;
    let mut diagnostics = Vec::new();
    let parsed = match Arn::parse(key_arn) {
        Ok(a) if a.service == "kms" && a.resource.starts_with("key/") && a.account.len() == 12 => Some(a),
        Ok(_) | Err(_) => {
            diagnostics.push(
                Diagnostic::new(
                    "invalid-arn",
                    Span::default(),
                    format!("the key ARN \"{key_arn}\" is not a KMS key ARN"),
                    "write it as arn:aws:kms:REGION:ACCOUNT:key/KEY-ID",
                )
                .in_policy("scenario"),
            );
            None
        }
    };
    let str_or = |v: Option<&Json>, d: &str| match v {
        Some(Json::String(s)) => s.clone(),
        _ => d.to_string(),
    };
    let mut warnings = Vec::new();
    match top.get("format") {
        None => {}
        Some(Json::String(f)) if f == "kmsplay/v1" => {}
        Some(other) => {
            warnings.push(format!("\"format\" is {other}, not \"kmsplay/v1\"; the scenario is read as kmsplay/v1"))
        }
    }
    let manager = match one_of(key.get("manager"), "key.manager", &["customer", "aws"], &mut warnings).as_deref() {
        Some("aws") => KeyManager::Aws,
        _ => KeyManager::Customer,
    };
    note_unknown(key, KEY_MEMBERS, "key", &mut unknown_members);
    let key = Key {
        arn: key_arn.clone(),
        parsed,
        policy: key.get("policy").map(|p| reuse.source("key-policy".into(), p, PolicyKind::Key)),
        manager,
        state: one_of(key.get("state"), "key.state", KEY_STATES, &mut warnings).unwrap_or_else(|| "Enabled".into()),
        spec: one_of(key.get("spec"), "key.spec", KEY_SPECS, &mut warnings)
            .unwrap_or_else(|| "SYMMETRIC_DEFAULT".into()),
        usage: one_of(key.get("usage"), "key.usage", KEY_USAGES, &mut warnings)
            .unwrap_or_else(|| "ENCRYPT_DECRYPT".into()),
        aliases: strings(key.get("aliases")),
        tags: string_map(key.get("tags")),
    };

    let mut principals = Vec::new();
    if let Some(items) = array_member(top, "principals", &mut warnings) {
        for (pi, item) in items.iter().enumerate() {
            let Json::Object(p) = item else {
                warnings.push(format!("principals[{pi}] is not an object with an \"arn\"; it is ignored"));
                continue;
            };
            note_unknown(p, PRINCIPAL_MEMBERS, &format!("principals[{pi}]"), &mut unknown_members);
            let Some(Json::String(arn)) = p.get("arn") else {
                warnings.push(format!("principals[{pi}] has no \"arn\" string; it is ignored"));
                continue;
            };
            if let Some(problem) = request_principal_problem(arn) {
                warnings.push(format!("principals[{pi}].arn \"{arn}\" {problem}; no request can be made as it"));
            }
            let mut policies = Vec::new();
            if let Some(Json::Array(ps)) = p.get("policies") {
                for (i, entry) in ps.iter().enumerate() {
                    let (name, document) = match entry {
                        Json::Object(o) if o.contains_key("document") => {
                            let at = format!("principals[{pi}].policies[{i}]");
                            note_unknown(o, NAMED_POLICY_MEMBERS, &at, &mut unknown_members);
                            let name = match o.get("name") {
                                Some(Json::String(n)) => n.clone(),
                                _ => format!("policy-{}", i + 1),
                            };
                            (name, o.get("document").unwrap_or(&Json::Null))
                        }
                        // A bare policy (object or text) without a name wrapper.
                        other => (format!("policy-{}", i + 1), other),
                    };
                    let id = format!("identity:{arn}/{name}");
                    policies.push(NamedPolicy { name, source: reuse.source(id, document, PolicyKind::Identity) });
                }
            }
            principals.push(Principal {
                arn: arn.clone(),
                policies,
                boundary: p
                    .get("permissionsBoundary")
                    .map(|b| reuse.source(format!("boundary:{arn}"), b, PolicyKind::Boundary)),
                trust: p.get("trustPolicy").map(|t| reuse.source(format!("trust:{arn}"), t, PolicyKind::Trust)),
                tags: string_map(p.get("tags")),
            });
        }
    }

    let mut grants = Vec::new();
    if let Some(items) = array_member(top, "grants", &mut warnings) {
        for (i, item) in items.iter().enumerate() {
            let Json::Object(g) = item else {
                warnings.push(format!("grants[{i}] is not an object; it is ignored"));
                continue;
            };
            note_unknown(g, GRANT_MEMBERS, &format!("grants[{i}]"), &mut unknown_members);
            let constraints = match g.get("constraints") {
                Some(Json::Object(c)) => {
                    let at = format!("grants[{i}].constraints");
                    note_unknown(c, &["encryptionContextSubset", "encryptionContextEquals"], &at, &mut unknown_members);
                    GrantConstraints {
                        subset: c.get("encryptionContextSubset").map(|v| string_map(Some(v))),
                        equals: c.get("encryptionContextEquals").map(|v| string_map(Some(v))),
                    }
                }
                _ => GrantConstraints::default(),
            };
            grants.push(Grant {
                name: match g.get("name") {
                    Some(Json::String(n)) => n.clone(),
                    _ => format!("grant-{}", i + 1),
                },
                grantee: str_or(g.get("grantee"), ""),
                operations: grant_operations(g.get("operations"), i, &mut warnings),
                constraints,
                retiring: match g.get("retiringPrincipal") {
                    Some(Json::String(r)) => Some(r.clone()),
                    _ => None,
                },
            });
        }
    }

    let mut scps = Vec::new();
    let mut rcps = Vec::new();
    match top.get("organization") {
        Some(Json::Object(_)) | None => {}
        Some(_) => warnings.push("\"organization\" is not an object with \"scps\" and \"rcps\"; it is ignored".into()),
    }
    if let Some(Json::Object(org)) = top.get("organization") {
        note_unknown(org, &["scps", "rcps"], "organization", &mut unknown_members);
        for (field, kind, out, prefix) in
            [("scps", PolicyKind::Scp, &mut scps, "scp"), ("rcps", PolicyKind::Rcp, &mut rcps, "rcp")]
        {
            if let Some(Json::Array(items)) = org.get(field) {
                for (i, item) in items.iter().enumerate() {
                    let Json::Object(o) = item else { continue };
                    let at = format!("organization.{field}[{i}]");
                    note_unknown(o, &["name", "accounts", "document"], &at, &mut unknown_members);
                    let name = match o.get("name") {
                        Some(Json::String(n)) => n.clone(),
                        _ => format!("policy-{}", i + 1),
                    };
                    let document = o.get("document").unwrap_or(&Json::Null);
                    out.push(OrgPolicy {
                        accounts: strings(o.get("accounts")),
                        source: reuse.source(format!("{prefix}:{name}"), document, kind),
                        name,
                    });
                }
            }
        }
    }

    let mut requests = Vec::new();
    if let Some(items) = array_member(top, "requests", &mut warnings) {
        for (i, item) in items.iter().enumerate() {
            let Json::Object(r) = item else {
                return Err(err(format!("request {} is not a JSON object", i + 1)));
            };
            for k in r.keys() {
                if !REQUEST_MEMBERS.contains(&k.as_str()) {
                    unknown_members.push(format!("requests[{i}].{k}"));
                }
            }
            let principal = match r.get("principal") {
                Some(Json::String(p)) => p.clone(),
                _ => return Err(err(format!("request {} has no \"principal\" string", i + 1))),
            };
            if let Some(problem) = request_principal_problem(&principal) {
                return Err(err(format!("request {}: principal \"{principal}\" {problem}", i + 1)));
            }
            let action = match r.get("action") {
                Some(Json::String(a)) => a.clone(),
                _ => return Err(err(format!("request {} has no \"action\" string", i + 1))),
            };
            let mut context = Vec::new();
            if let Some(Json::Object(c)) = r.get("context") {
                for (k, v) in c {
                    let values = match v {
                        Json::Array(items) => items.iter().map(scalar_text).collect(),
                        other => vec![scalar_text(other)],
                    };
                    context.push((k.clone(), values));
                }
            }
            requests.push(Request {
                principal,
                action,
                // Not a string: kept as its JSON text, which names no key, so the request is
                // refused with an `invalid-request` finding rather than answered for the key.
                key_id: match r.get("keyId") {
                    Some(Json::String(k)) => Some(k.clone()),
                    None | Some(Json::Null) => None,
                    Some(other) => {
                        warnings.push(format!(
                            "requests[{i}].keyId is {}, not a string; it is read as the text {other}, which names no key",
                            kind_of(other)
                        ));
                        Some(other.to_string())
                    }
                },
                via: strings(r.get("via")),
                context,
                encryption_context: string_map(r.get("encryptionContext")),
                grant_tokens: strings(r.get("grantTokens")),
                expect: match r.get("expect") {
                    Some(Json::String(e)) => Some(e.clone()),
                    _ => None,
                },
            });
        }
    }

    let scenario = Scenario {
        title: match top.get("title") {
            Some(Json::String(t)) => Some(t.clone()),
            _ => None,
        },
        description: match top.get("description") {
            Some(Json::String(t)) => Some(t.clone()),
            _ => None,
        },
        key,
        principals,
        grants,
        scps,
        rcps,
        requests,
        diagnostics,
        unknown_members,
        warnings,
    };
    check_totals(&scenario)?;
    Ok(scenario)
}

/// The counted limits of [`limits`], checked before any policy is read.
fn check_counts(top: &serde_json::Map<String, Json>) -> Result<(), ScenarioError> {
    let len = |v: Option<&Json>| match v {
        Some(Json::Array(items)) => items.len(),
        _ => 0,
    };
    let over = |n: usize, max: usize, what: &str, fix: &str| {
        if n > max {
            Err(err(format!(
                "the scenario has {} {what}; kmsplay reads at most {}: {fix}",
                limits::grouped(n),
                limits::grouped(max)
            )))
        } else {
            Ok(())
        }
    };
    over(
        len(top.get("principals")),
        limits::MAX_PRINCIPALS,
        "principals",
        "keep the principals the question is about",
    )?;
    if let Some(Json::Array(items)) = top.get("principals") {
        for (i, p) in items.iter().enumerate() {
            let n = len(p.get("policies"));
            if n > limits::MAX_POLICIES_PER_PRINCIPAL {
                return Err(err(format!(
                    "principal {} has {} policies; kmsplay reads at most {} per principal (IAM attaches at most 20 managed policies): merge them",
                    i + 1,
                    limits::grouped(n),
                    limits::MAX_POLICIES_PER_PRINCIPAL
                )));
            }
        }
    }
    over(len(top.get("grants")), limits::MAX_GRANTS, "grants", "keep the grants the question is about")?;
    over(len(top.get("requests")), limits::MAX_REQUESTS, "requests", "split them over several scenarios")?;
    if let Some(Json::Object(org)) = top.get("organization") {
        over(len(org.get("scps")), limits::MAX_ORG_POLICIES, "SCPs", "keep the SCPs that apply to these accounts")?;
        over(len(org.get("rcps")), limits::MAX_ORG_POLICIES, "RCPs", "keep the RCPs that apply to these accounts")?;
    }
    Ok(())
}

/// The summed limits of [`limits`] (policy text, statements, condition values), checked once
/// the policies are read (each read is bounded by `MAX_POLICY_BYTES`) and before any request
/// or matrix cell is evaluated.
fn check_totals(scenario: &Scenario) -> Result<(), ScenarioError> {
    let (mut bytes, mut statements, mut values) = (0usize, 0usize, 0usize);
    for p in scenario.policies() {
        if p.text.len() <= limits::MAX_POLICY_BYTES {
            bytes += p.text.len();
        }
        statements += p.policy.statements.len();
        values += p.policy.statements.iter().flat_map(|s| &s.conditions).map(|c| c.values.len()).sum::<usize>();
    }
    if bytes > limits::MAX_TOTAL_POLICY_BYTES {
        return Err(err(format!(
            "the scenario's policies hold {} of text in all; kmsplay reads at most {}: remove the policies or statements the question does not need",
            limits::size(bytes),
            limits::size(limits::MAX_TOTAL_POLICY_BYTES)
        )));
    }
    for (n, max, what) in
        [(statements, limits::MAX_STATEMENTS, "statements"), (values, limits::MAX_CONDITION_VALUES, "condition values")]
    {
        if n > max {
            return Err(err(format!(
                "the scenario's policies have {} {what} in all; kmsplay evaluates at most {}: remove the statements the question does not need",
                limits::grouped(n),
                limits::grouped(max)
            )));
        }
    }
    Ok(())
}

/// Why `arn` is not one of the request principal forms of SPEC section 2, if it is not.
pub fn request_principal_problem(arn: &str) -> Option<String> {
    let form = "is not a principal kmsplay can evaluate: use an IAM user ARN, an IAM role ARN, an assumed-role session ARN (arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION) or an account root ARN (arn:aws:iam::ACCOUNT:root)";
    let Ok(a) = Arn::parse(arn) else {
        return Some(form.to_string());
    };
    if a.account.len() != 12 || !a.account.bytes().all(|b| b.is_ascii_digit()) {
        return Some(format!("{form}; its account id must be 12 digits"));
    }
    let ok = match a.service.as_str() {
        "iam" => {
            a.resource == "root"
                || a.resource.strip_prefix("user/").is_some_and(|n| !n.is_empty())
                || a.resource.strip_prefix("role/").is_some_and(|n| !n.is_empty())
        }
        "sts" => a
            .resource
            .strip_prefix("assumed-role/")
            .and_then(|r| r.split_once('/'))
            .is_some_and(|(role, session)| !role.is_empty() && !session.is_empty()),
        _ => false,
    };
    if ok {
        None
    } else {
        Some(form.to_string())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn repeated_keys_are_found_as_serde_json_decodes_them() {
        assert!(!repeats_a_key(r#"{"a": {"b": 1, "c": [{"b": 2}]}, "b": 3}"#), "same key in other objects");
        assert!(repeats_a_key(r#"{"a": [{"Effect": "Allow", "Effect": "Deny"}]}"#));
        assert!(repeats_a_key(r#"{"A": 1, "\u0041": 2}"#), "an escaped key is the key it decodes to");
        assert!(!repeats_a_key(r#"{"a": 1,}"#), "text serde_json refuses");
    }

    #[test]
    fn a_policy_object_with_a_repeated_key_becomes_its_text() {
        let text = r#"{"key": {"arn": "arn:aws:kms:us-east-1:111122223333:key/k",
                       "policy": {"Version": "2012-10-17", "Statement": [], "Statement": [1.50]}}}"#;
        let mut value: Json = serde_json::from_str(text).unwrap();
        assert!(keep_duplicate_members(text, &mut value));
        let printed = value["key"]["policy"].as_str().unwrap();
        // Every member, laid out and numbered as serde_json prints the object form.
        assert_eq!(
            printed,
            "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [],\n  \"Statement\": [\n    1.5\n  ]\n}"
        );
        let clean = r#"{"key": {"arn": "k", "policy": {"Version": "2012-10-17", "Statement": []}}}"#;
        let mut value: Json = serde_json::from_str(clean).unwrap();
        assert!(!keep_duplicate_members(clean, &mut value));
        assert!(value["key"]["policy"].is_object());
    }
}
