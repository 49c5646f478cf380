//! The key policy the AWS KMS console writes when a key is created (semantics.md section 4.2,
//! seeds/000): the account statement, then the key administrators, the key users and, for
//! most key types, the "persistent resources" (grants for AWS services) statement.
//!
//! Sources for the exact lists:
//! - administrators: `kms:Create* Describe* Enable* List* Put* Update* Revoke* Disable* Get*
//!   Delete* TagResource UntagResource ScheduleKeyDeletion CancelKeyDeletion`, in that order
//!   (seeds/000, semantics.md 4.2). The KMS developer guide ("Default key policy") says the two
//!   deletion actions come from the console option "Allow key administrators to delete this
//!   key", that `kms:ImportKeyMaterial` is added for keys created without key material and
//!   `kms:ReplicateKey` + `kms:UpdatePrimaryRegion` for multi-Region keys. Where the console
//!   puts those three in the list is not documented: they are appended at the end here.
//! - key users, by key type (semantics.md 4.2, the guide's four examples):
//!   symmetric `Encrypt, Decrypt, ReEncrypt*, GenerateDataKey*, DescribeKey` (seeds/000's
//!   order), HMAC `DescribeKey, GenerateMac, VerifyMac`, asymmetric encryption `Encrypt,
//!   Decrypt, ReEncrypt*, DescribeKey, GetPublicKey`, asymmetric signing `DescribeKey,
//!   GetPublicKey, Sign, Verify`.
//! - persistent resources: `CreateGrant, ListGrants, RevokeGrant` with
//!   `{"Bool": {"kms:GrantIsForAWSResource": "true"}}` (seeds/000 writes the string
//!   `"true"`; the guide writes the JSON `true`: IAM reads both the same).
//!
//! Other AWS accounts become `arn:PARTITION:iam::ACCOUNT:root` in both key-user statements,
//! after the key users. A statement whose principal list would be empty is left out (a key
//! policy statement must name a principal). The output is indented with four spaces, as the
//! console shows it. Pure and total: any input gives a policy and a list of problems.

use serde::Deserialize;
use serde_json::{json, Map, Value};

/// The console's `Id` for its default key policy (seeds/000).
pub const CONSOLE_POLICY_ID: &str = "key-consolepolicy-3";
/// Sid of the account statement.
pub const SID_ACCOUNT: &str = "Enable IAM User Permissions";
/// Sid of the key administrators statement.
pub const SID_ADMINS: &str = "Allow access for Key Administrators";
/// Sid of the key users statement.
pub const SID_USERS: &str = "Allow use of the key";
/// Sid of the grants-for-AWS-services statement.
pub const SID_PERSISTENT: &str = "Allow attachment of persistent resources";

/// The administrators' actions before the deletion pair (seeds/000 order).
const ADMIN_ACTIONS: &[&str] = &[
    "kms:Create*",
    "kms:Describe*",
    "kms:Enable*",
    "kms:List*",
    "kms:Put*",
    "kms:Update*",
    "kms:Revoke*",
    "kms:Disable*",
    "kms:Get*",
    "kms:Delete*",
    "kms:TagResource",
    "kms:UntagResource",
];
/// Added when administrators may delete the key (the console's default).
const ADMIN_DELETION: &[&str] = &["kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion"];
/// The persistent-resource (grant) actions.
const PERSISTENT_ACTIONS: &[&str] = &["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"];

/// The kind of key, which decides the key users' actions.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum KeyType {
    /// Symmetric encryption (`SYMMETRIC_DEFAULT`), the console's default.
    #[default]
    Symmetric,
    /// HMAC (`HMAC_*`, usage `GENERATE_VERIFY_MAC`).
    Hmac,
    /// Asymmetric, usage `ENCRYPT_DECRYPT`.
    AsymmetricEncrypt,
    /// Asymmetric, usage `SIGN_VERIFY`.
    AsymmetricSign,
}

impl KeyType {
    /// The key users' actions the console writes for this kind of key.
    pub fn user_actions(self) -> &'static [&'static str] {
        match self {
            KeyType::Symmetric => {
                &["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"]
            }
            KeyType::Hmac => &["kms:DescribeKey", "kms:GenerateMac", "kms:VerifyMac"],
            KeyType::AsymmetricEncrypt => {
                &["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:DescribeKey", "kms:GetPublicKey"]
            }
            KeyType::AsymmetricSign => &["kms:DescribeKey", "kms:GetPublicKey", "kms:Sign", "kms:Verify"],
        }
    }

    /// The kind of key a scenario's `key.spec` / `key.usage` describe.
    pub fn from_spec(spec: &str, usage: &str) -> KeyType {
        if spec.starts_with("HMAC") || usage == "GENERATE_VERIFY_MAC" {
            KeyType::Hmac
        } else if spec.is_empty() || spec == "SYMMETRIC_DEFAULT" {
            KeyType::Symmetric
        } else if usage == "SIGN_VERIFY" {
            KeyType::AsymmetricSign
        } else {
            KeyType::AsymmetricEncrypt
        }
    }
}

fn yes() -> bool {
    true
}

/// What the console's key-creation steps ask for.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BuilderInput {
    /// The key's account (12 digits).
    pub account: String,
    /// `aws` (default), `aws-cn`, `aws-us-gov`, ...
    #[serde(default)]
    pub partition: String,
    /// Key administrators: IAM user and role ARNs.
    #[serde(default)]
    pub administrators: Vec<String>,
    /// Key users: IAM user and role ARNs (the console's list is of the key's account; any ARN
    /// is written as given).
    #[serde(default)]
    pub users: Vec<String>,
    /// "Other AWS accounts" that may use the key (12-digit IDs).
    #[serde(default)]
    pub other_accounts: Vec<String>,
    /// "Allow key administrators to delete this key" (on by default, as in the console).
    #[serde(default = "yes")]
    pub allow_key_deletion: bool,
    /// Add the "Allow attachment of persistent resources" statement (on by default).
    #[serde(default = "yes")]
    pub persistent_resources: bool,
    /// The kind of key.
    #[serde(default)]
    pub key_type: KeyType,
    /// The key is created without key material (origin EXTERNAL): administrators also get
    /// `kms:ImportKeyMaterial`.
    #[serde(default)]
    pub imported_key_material: bool,
    /// A multi-Region key: administrators also get `kms:ReplicateKey` and
    /// `kms:UpdatePrimaryRegion`.
    #[serde(default)]
    pub multi_region: bool,
}

impl Default for BuilderInput {
    fn default() -> BuilderInput {
        BuilderInput {
            account: String::new(),
            partition: String::new(),
            administrators: Vec::new(),
            users: Vec::new(),
            other_accounts: Vec::new(),
            allow_key_deletion: true,
            persistent_resources: true,
            key_type: KeyType::Symmetric,
            imported_key_material: false,
            multi_region: false,
        }
    }
}

impl BuilderInput {
    /// An input for the key `key_arn` (its partition and account), with nobody listed yet.
    pub fn for_key(key_arn: &str) -> BuilderInput {
        let mut input = BuilderInput::default();
        if let Ok(arn) = super::arn::ArnParts::parse(key_arn) {
            input.partition = arn.partition.to_string();
            input.account = arn.account.to_string();
        }
        input
    }

    fn partition(&self) -> &str {
        match self.partition.trim() {
            "" => "aws",
            p => p,
        }
    }
}

/// The policy the console would write, and what looks wrong in the input.
#[derive(Clone, Debug, PartialEq)]
pub struct BuiltPolicy {
    /// The policy document.
    pub policy: Value,
    /// The policy as text, four-space indented like the console's JSON view.
    pub text: String,
    /// Problems with the input (an account ID that is not 12 digits, an ARN of another
    /// partition, ...); the policy is written anyway, and the linter will say more.
    pub problems: Vec<String>,
}

fn is_account_id(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
}

/// Trimmed, non-empty, first occurrence only.
fn clean(items: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in items {
        let item = item.trim();
        if !item.is_empty() && !out.iter().any(|o| o == item) {
            out.push(item.to_string());
        }
    }
    out
}

/// `"AWS": "one"` for one principal, `"AWS": [...]` for several (as the console writes it).
fn principal(arns: &[String]) -> Value {
    match arns {
        [one] => json!({ "AWS": one }),
        many => json!({ "AWS": many }),
    }
}

fn statement(sid: &str, who: &[String], actions: Value) -> Map<String, Value> {
    let mut st = Map::new();
    st.insert("Sid".into(), json!(sid));
    st.insert("Effect".into(), json!("Allow"));
    st.insert("Principal".into(), principal(who));
    st.insert("Action".into(), actions);
    st.insert("Resource".into(), json!("*"));
    st
}

/// Check one principal ARN of the input; `role` names the list it came from.
fn check_arn(arn: &str, partition: &str, role: &str, problems: &mut Vec<String>) {
    match super::arn::ArnParts::parse(arn) {
        Ok(p) if p.service != "iam" && p.service != "sts" => problems
            .push(format!("{role} {arn} is not an IAM ARN (arn:{partition}:iam::ACCOUNT:user/NAME or role/NAME)")),
        Ok(p) if p.partition != partition => problems.push(format!(
            "{role} {arn} is in partition {}, the key is in {partition}: it can never match",
            p.partition
        )),
        Ok(_) => {}
        Err(_) => problems.push(format!("{role} {arn} is not an ARN")),
    }
}

/// Write the console's default key policy for `input`.
pub fn build(input: &BuilderInput) -> BuiltPolicy {
    let partition = input.partition();
    let account = input.account.trim();
    let mut problems = Vec::new();
    if !is_account_id(account) {
        problems.push(format!("the key's account \"{account}\" is not a 12-digit AWS account ID"));
    }
    let admins = clean(&input.administrators);
    let mut users = clean(&input.users);
    for a in &admins {
        check_arn(a, partition, "administrator", &mut problems);
    }
    for u in &users {
        check_arn(u, partition, "key user", &mut problems);
    }
    for acct in clean(&input.other_accounts) {
        if !is_account_id(&acct) {
            problems.push(format!("other account \"{acct}\" is not a 12-digit AWS account ID"));
        } else if acct == account {
            problems.push(format!("other account {acct} is the key's own account; list its users as key users"));
        }
        let root = format!("arn:{partition}:iam::{acct}:root");
        if !users.contains(&root) {
            users.push(root);
        }
    }

    let root = vec![format!("arn:{partition}:iam::{account}:root")];
    let mut statements = vec![Value::Object(statement(SID_ACCOUNT, &root, json!("kms:*")))];
    if !admins.is_empty() {
        let mut actions: Vec<&str> = ADMIN_ACTIONS.to_vec();
        if input.allow_key_deletion {
            actions.extend_from_slice(ADMIN_DELETION);
        }
        if input.imported_key_material {
            actions.push("kms:ImportKeyMaterial");
        }
        if input.multi_region {
            actions.extend_from_slice(&["kms:ReplicateKey", "kms:UpdatePrimaryRegion"]);
        }
        statements.push(Value::Object(statement(SID_ADMINS, &admins, json!(actions))));
    }
    if !users.is_empty() {
        statements.push(Value::Object(statement(SID_USERS, &users, json!(input.key_type.user_actions()))));
        if input.persistent_resources {
            let mut st = statement(SID_PERSISTENT, &users, json!(PERSISTENT_ACTIONS));
            st.insert("Condition".into(), json!({ "Bool": { "kms:GrantIsForAWSResource": "true" } }));
            statements.push(Value::Object(st));
        }
    }
    let policy = json!({ "Version": "2012-10-17", "Id": CONSOLE_POLICY_ID, "Statement": statements });
    let text = to_text(&policy);
    BuiltPolicy { policy, text, problems }
}

/// Four-space pretty JSON (serde_json never fails to write a `Value` to a `Vec`).
fn to_text(value: &Value) -> String {
    use serde::Serialize;
    let mut out = Vec::new();
    let mut ser =
        serde_json::Serializer::with_formatter(&mut out, serde_json::ser::PrettyFormatter::with_indent(b"    "));
    if value.serialize(&mut ser).is_err() {
        return String::new();
    }
    String::from_utf8(out).unwrap_or_default()
}

/// Read a builder input from JSON text (the CLI and the tests).
pub fn input_from_str(text: &str) -> Result<BuilderInput, String> {
    serde_json::from_str(text).map_err(|e| format!("not a key policy builder input: {e}"))
}

/// The entries of a list field of the form: one per line (commas and spaces separate too).
pub fn split_list(text: &str) -> Vec<String> {
    text.split(|c: char| c == '\n' || c == ',' || c.is_whitespace())
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

/// One edit that turns `old` into `new`: the differing middle, between the longest common
/// prefix and suffix (so the editor's undo restores exactly what changed).
pub fn edit_between(old: &str, new: &str) -> super::report::Edit {
    let mut start = old.bytes().zip(new.bytes()).take_while(|(a, b)| a == b).count();
    while start > 0 && !(old.is_char_boundary(start) && new.is_char_boundary(start)) {
        start -= 1;
    }
    let max_suffix = old.len().min(new.len()) - start;
    let mut suffix = old.bytes().rev().zip(new.bytes().rev()).take(max_suffix).take_while(|(a, b)| a == b).count();
    while suffix > 0 && !(old.is_char_boundary(old.len() - suffix) && new.is_char_boundary(new.len() - suffix)) {
        suffix -= 1;
    }
    let range = super::span::LineIndex::new(old).range(super::span::Span::new(start, old.len() - suffix));
    super::report::Edit { range, text: new.get(start..new.len() - suffix).unwrap_or_default().to_string() }
}

/// The current key policy with the built statements appended (those whose Sid it already
/// has are skipped); `None` when the current text is not a policy the statements can go into.
pub fn add_statements(current: &str, built: &serde_json::Value) -> Option<(String, usize)> {
    let have: Vec<String> = serde_json::from_str::<serde_json::Value>(current)
        .ok()?
        .get("Statement")
        .map(|s| match s {
            serde_json::Value::Array(items) => items.clone(),
            other => vec![other.clone()],
        })
        .unwrap_or_default()
        .iter()
        .filter_map(|s| s.get("Sid").and_then(|v| v.as_str()).map(String::from))
        .collect();
    let mut text = current.to_string();
    let mut added = 0;
    for st in built.get("Statement").and_then(|s| s.as_array()).into_iter().flatten() {
        let sid = st.get("Sid").and_then(|v| v.as_str()).unwrap_or_default();
        if have.iter().any(|h| h == sid) {
            continue;
        }
        let (span, insert) = super::suggest::statement_edit(&text, st)?;
        let (a, b) = (span.start.min(text.len()), span.end.min(text.len()));
        text = format!("{}{}{}", text.get(..a)?, insert, text.get(b..)?);
        added += 1;
    }
    Some((text, added))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nobody_listed_gives_the_account_statement_only() {
        let built = build(&BuilderInput::for_key("arn:aws-cn:kms:cn-north-1:111122223333:key/k"));
        assert_eq!(built.policy["Statement"].as_array().map(Vec::len), Some(1));
        assert_eq!(built.policy["Statement"][0]["Principal"]["AWS"], "arn:aws-cn:iam::111122223333:root");
        assert!(built.problems.is_empty());
        assert!(built.text.contains("\n    \"Version\""), "four-space indent: {}", built.text);
    }

    #[test]
    fn bad_input_is_reported_not_fatal() {
        let input = BuilderInput {
            account: "12".into(),
            other_accounts: vec!["abc".into(), " ".into()],
            administrators: vec!["arn:aws-cn:iam::111122223333:user/x".into(), "bob".into()],
            ..BuilderInput::default()
        };
        let built = build(&input);
        assert_eq!(built.problems.len(), 4, "{:?}", built.problems);
        assert!(!built.text.is_empty());
    }
}
