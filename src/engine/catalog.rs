//! The KMS and STS catalog, from `data/kms-actions.tsv`. (Interim version parsed at first
//! use; the catalog branch replaces it with a table generated at build time.)

use std::sync::OnceLock;

/// The resource an action acts on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResourceKind {
    /// A KMS key.
    Key,
    /// An alias and its key.
    AliasAndKey,
    /// No resource (`*`).
    None,
}

/// Whether the action works across accounts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CrossAccount {
    /// Yes.
    Yes,
    /// No.
    No,
    /// Not applicable.
    NotApplicable,
    /// Special rules.
    Special,
    /// The sources do not say.
    NotStated,
}

/// Which identifiers a caller from another account may use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct KeyIdForms {
    /// Key ARN.
    pub key_arn: bool,
    /// Alias ARN.
    pub alias_arn: bool,
    /// Short key id.
    pub key_id: bool,
    /// Alias name.
    pub alias_name: bool,
}

/// One KMS action.
#[derive(Clone, Debug)]
pub struct ActionInfo {
    /// `kms:Decrypt`.
    pub name: &'static str,
    /// API operation.
    pub api_operation: &'static str,
    /// Resource kind.
    pub resource: ResourceKind,
    /// Cross-account capability.
    pub cross_account: CrossAccount,
    /// Policy type text.
    pub policy_type: &'static str,
    /// Effective in a key policy.
    pub effective_in_key_policy: bool,
    /// Key specs text.
    pub key_specs: &'static str,
    /// Can be allowed by a grant.
    pub grant_operation: bool,
    /// Access level.
    pub access_level: &'static str,
    /// Request condition keys.
    pub condition_keys: &'static [&'static str],
    /// Notes.
    pub notes: &'static str,
    /// Identifier forms across accounts.
    pub cross_account_ids: KeyIdForms,
}

/// An STS action.
#[derive(Clone, Debug)]
pub struct StsAction {
    /// `sts:AssumeRole`.
    pub name: &'static str,
    /// Its condition keys.
    pub condition_keys: &'static [&'static str],
}

const TSV: &str = include_str!("../../data/kms-actions.tsv");

fn parse_row(line: &'static str) -> Option<ActionInfo> {
    let f: Vec<&'static str> = line.split('\t').collect();
    let get = |i: usize| f.get(i).copied().unwrap_or("");
    let keys: Vec<&'static str> = get(9).split(',').map(str::trim).filter(|k| !k.is_empty()).collect();
    let ids = get(11).to_ascii_lowercase();
    Some(ActionInfo {
        name: f.first().copied()?,
        api_operation: get(1),
        resource: match get(2) {
            "key" => ResourceKind::Key,
            "alias+key" => ResourceKind::AliasAndKey,
            _ => ResourceKind::None,
        },
        cross_account: match get(3) {
            "yes" => CrossAccount::Yes,
            "no" => CrossAccount::No,
            "n/a" => CrossAccount::NotApplicable,
            "special" => CrossAccount::Special,
            _ => CrossAccount::NotStated,
        },
        policy_type: get(4),
        effective_in_key_policy: get(5) == "yes",
        key_specs: get(6),
        grant_operation: get(7) == "yes",
        access_level: get(8),
        condition_keys: Box::leak(keys.into_boxed_slice()),
        notes: get(10),
        cross_account_ids: KeyIdForms {
            key_arn: ids.contains("key arn"),
            alias_arn: ids.contains("alias arn"),
            key_id: ids.contains("key id"),
            alias_name: false,
        },
    })
}

/// Every KMS action, in catalog (alphabetical) order.
pub fn kms_actions() -> &'static [ActionInfo] {
    static ACTIONS: OnceLock<Vec<ActionInfo>> = OnceLock::new();
    ACTIONS.get_or_init(|| TSV.lines().skip(1).filter(|l| !l.trim().is_empty()).filter_map(parse_row).collect())
}

/// Look up a KMS action, case-insensitively.
pub fn kms_action(name: &str) -> Option<&'static ActionInfo> {
    kms_actions().iter().find(|a| a.name.eq_ignore_ascii_case(name))
}

const STS: &[StsAction] = &[
    StsAction {
        name: "sts:AssumeRole",
        condition_keys: &[
            "sts:ExternalId",
            "sts:RoleSessionName",
            "sts:SourceIdentity",
            "sts:TransitiveTagKeys",
            "aws:RequestTag/",
            "aws:TagKeys",
            "iam:ResourceTag/",
        ],
    },
    StsAction {
        name: "sts:AssumeRoleWithSAML",
        condition_keys: &["saml:", "sts:SourceIdentity", "sts:TransitiveTagKeys", "aws:RequestTag/", "aws:TagKeys"],
    },
    StsAction {
        name: "sts:AssumeRoleWithWebIdentity",
        condition_keys: &["sts:RoleSessionName", "sts:SourceIdentity", "aws:RequestTag/", "aws:TagKeys"],
    },
    StsAction { name: "sts:TagSession", condition_keys: &["aws:RequestTag/", "aws:TagKeys", "sts:TransitiveTagKeys"] },
    StsAction { name: "sts:SetSourceIdentity", condition_keys: &["sts:SourceIdentity"] },
    StsAction { name: "sts:SetContext", condition_keys: &[] },
];

/// STS actions kmsplay models.
pub fn sts_actions() -> &'static [StsAction] {
    STS
}

/// Look up an STS action.
pub fn sts_action(name: &str) -> Option<&'static StsAction> {
    STS.iter().find(|a| a.name.eq_ignore_ascii_case(name))
}

/// Canonical spelling of a known action.
pub fn canonical_action(name: &str) -> Option<&'static str> {
    kms_action(name).map(|a| a.name).or_else(|| sts_action(name).map(|a| a.name))
}

/// Did-you-mean for an action.
pub fn suggest_action(name: &str) -> Option<&'static str> {
    let lower = name.to_ascii_lowercase();
    let candidates = kms_actions().iter().map(|a| a.name).chain(STS.iter().map(|a| a.name));
    let mut best: Option<(f64, &'static str)> = None;
    for c in candidates {
        let cl = c.to_ascii_lowercase();
        let score = if lower.contains(':') {
            strsim::jaro_winkler(&lower, &cl)
        } else {
            strsim::jaro_winkler(&lower, cl.split_once(':').map_or(cl.as_str(), |(_, n)| n))
        };
        if best.is_none_or(|(s, _)| score > s) {
            best = Some((score, c));
        }
    }
    best.filter(|(s, _)| *s > 0.88).map(|(_, c)| c)
}

/// Whether kmsplay models the action's service.
pub fn is_modelled_service(action: &str) -> bool {
    let service = action.split_once(':').map_or("", |(s, _)| s);
    service.eq_ignore_ascii_case("kms") || service.eq_ignore_ascii_case("sts")
}

/// KMS actions whose name satisfies `matches`.
pub fn kms_actions_where(matches: impl Fn(&str) -> bool) -> Vec<&'static ActionInfo> {
    kms_actions().iter().filter(|a| matches(a.name)).collect()
}

/// The standard matrix columns (SPEC section 3).
pub const STANDARD_COLUMNS: &[&str] = &[
    "kms:DescribeKey",
    "kms:Encrypt",
    "kms:Decrypt",
    "kms:ReEncryptFrom",
    "kms:ReEncryptTo",
    "kms:GenerateDataKey",
    "kms:GenerateDataKeyWithoutPlaintext",
    "kms:CreateGrant",
    "kms:ListGrants",
    "kms:RevokeGrant",
    "kms:PutKeyPolicy",
    "kms:ScheduleKeyDeletion",
];

/// Grant operations (API names).
pub fn grant_operations() -> Vec<&'static str> {
    kms_actions().iter().filter(|a| a.grant_operation).map(|a| a.name.trim_start_matches("kms:")).collect()
}

/// Whether `op` is a grant operation.
pub fn is_grant_operation(op: &str) -> bool {
    kms_actions().iter().any(|a| a.grant_operation && a.name.trim_start_matches("kms:") == op)
}

/// Condition key types.
#[allow(missing_docs)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyType {
    String,
    ArrayOfString,
    Numeric,
    Date,
    Bool,
    Arn,
    ArrayOfArn,
    Ip,
    Binary,
}

const GLOBAL: &[&str] = &[
    "aws:PrincipalArn",
    "aws:PrincipalAccount",
    "aws:PrincipalOrgID",
    "aws:PrincipalOrgPaths",
    "aws:PrincipalTag/",
    "aws:PrincipalType",
    "aws:userid",
    "aws:username",
    "aws:SourceIp",
    "aws:SourceVpc",
    "aws:SourceVpce",
    "aws:SourceArn",
    "aws:SourceAccount",
    "aws:SourceOrgID",
    "aws:SourceOrgPaths",
    "aws:ViaAWSService",
    "aws:CalledVia",
    "aws:CalledViaFirst",
    "aws:CalledViaLast",
    "aws:CurrentTime",
    "aws:EpochTime",
    "aws:SecureTransport",
    "aws:MultiFactorAuthPresent",
    "aws:MultiFactorAuthAge",
    "aws:RequestedRegion",
    "aws:RequestTag/",
    "aws:ResourceTag/",
    "aws:TagKeys",
    "aws:ResourceAccount",
    "aws:ResourceOrgID",
    "aws:ResourceOrgPaths",
    "aws:PrincipalIsAWSService",
    "aws:PrincipalServiceName",
    "aws:PrincipalServiceNamesList",
    "aws:TokenIssueTime",
    "aws:UserAgent",
    "aws:Referer",
    "aws:VpcSourceIp",
    "aws:FederatedProvider",
    "aws:SourceIdentity",
    "aws:Ec2InstanceSourceVpc",
    "aws:Ec2InstanceSourcePrivateIPv4",
    "aws:SourceVpcArn",
];

const KEY_RESOURCE_KEYS: &[&str] = &[
    "aws:ResourceTag/",
    "kms:KeySpec",
    "kms:KeyUsage",
    "kms:KeyOrigin",
    "kms:MultiRegion",
    "kms:MultiRegionKeyType",
    "kms:ResourceAliases",
];

const MULTIVALUED: &[&str] = &[
    "kms:EncryptionContextKeys",
    "kms:GrantOperations",
    "kms:ResourceAliases",
    "aws:TagKeys",
    "aws:PrincipalOrgPaths",
    "aws:PrincipalServiceNamesList",
    "aws:CalledVia",
    "sts:TransitiveTagKeys",
    "aws:ResourceOrgPaths",
    "aws:SourceOrgPaths",
];

fn key_matches(pattern: &str, key: &str) -> bool {
    if pattern.ends_with('/') || pattern.ends_with(':') {
        key.len() > pattern.len() && key.get(..pattern.len()).is_some_and(|p| p.eq_ignore_ascii_case(pattern))
    } else {
        pattern.eq_ignore_ascii_case(key)
    }
}

/// Whether `key` is a global condition key.
pub fn is_global_condition_key(key: &str) -> bool {
    GLOBAL.iter().any(|g| key_matches(g, key))
}

fn all_kms_keys() -> impl Iterator<Item = &'static str> {
    kms_actions().iter().flat_map(|a| a.condition_keys.iter().copied()).chain(KEY_RESOURCE_KEYS.iter().copied())
}

/// The type of a known condition key.
pub fn condition_key_type(key: &str) -> Option<KeyType> {
    if is_multivalued_key(key) {
        return Some(KeyType::ArrayOfString);
    }
    if is_known_condition_key(key) {
        return Some(KeyType::String);
    }
    None
}

/// Whether the key is multivalued.
pub fn is_multivalued_key(key: &str) -> bool {
    MULTIVALUED.iter().any(|m| m.eq_ignore_ascii_case(key))
}

fn normalise(k: &str) -> String {
    // "kms:EncryptionContext:${EncryptionContextKey}" -> prefix form "kms:EncryptionContext:"
    match k.find("${") {
        Some(i) => k.get(..i).unwrap_or(k).to_string(),
        None => k.to_string(),
    }
}

/// Whether `action` carries `key` (unknown actions: true).
pub fn action_carries_key(action: &str, key: &str) -> bool {
    if is_global_condition_key(key) {
        return true;
    }
    if let Some(a) = kms_action(action) {
        let own = a.condition_keys.iter().any(|k| key_matches(&normalise(k), key));
        let res = a.resource == ResourceKind::Key && KEY_RESOURCE_KEYS.iter().any(|k| key_matches(k, key));
        return own || res;
    }
    if let Some(s) = sts_action(action) {
        return s.condition_keys.iter().any(|k| key_matches(k, key));
    }
    true
}

/// Whether the key is known.
pub fn is_known_condition_key(key: &str) -> bool {
    is_global_condition_key(key)
        || all_kms_keys().any(|k| key_matches(&normalise(k), key))
        || STS.iter().flat_map(|s| s.condition_keys.iter()).any(|k| key_matches(k, key))
}

/// Did-you-mean for a condition key.
pub fn suggest_condition_key(key: &str) -> Option<String> {
    let lower = key.to_ascii_lowercase();
    let mut names: Vec<String> = GLOBAL.iter().map(|s| s.to_string()).collect();
    names.extend(all_kms_keys().map(normalise));
    let mut best: Option<(f64, String)> = None;
    for n in names {
        let nl = n.to_ascii_lowercase();
        let (cand, cmp) = if nl.ends_with(':') || nl.ends_with('/') {
            // keep the suffix after the prefix the user meant
            let sep = if nl.ends_with(':') { ':' } else { '/' };
            let pre_len = n.len();
            let user_prefix_end = lower.rfind(sep).map_or(lower.len(), |i| i + 1);
            let suffix = key.get(user_prefix_end..).unwrap_or("");
            let _ = pre_len;
            (format!("{n}{suffix}"), strsim::jaro_winkler(lower.get(..user_prefix_end).unwrap_or(&lower), &nl))
        } else {
            (n.clone(), strsim::jaro_winkler(&lower, &nl))
        };
        if best.as_ref().is_none_or(|(s, _)| cmp > *s) {
            best = Some((cmp, cand));
        }
    }
    best.filter(|(s, _)| *s > 0.88).map(|(_, c)| c)
}
