//! Condition keys: which exist, their types, and which action carries which.
//!
//! Sources:
//! - global keys: IAM User Guide, "AWS global condition context keys"
//!   (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html>),
//!   its five tables (principal, role session, network, resource, request) including the
//!   cross-service keys (`ec2:SourceInstanceArn`, `lambda:SourceFunctionArn`, ...);
//! - `kms:` keys: SAR for AWS KMS, "Condition keys" table (types), and
//!   `data/kms-actions.tsv` (which action carries which);
//! - `sts:`, `iam:ResourceTag/`, `saml:` and identity-provider keys: SAR for AWS STS.
//!
//! Names are in SAR spelling; `${...}` (and the TSV's trailing `*`) stand for one or more
//! characters, so `aws:PrincipalTag/${TagKey}` is the whole tag family.

use super::pattern;
use super::{kms_action, sts_action, ActionInfo, ResourceKind};

/// The data type of a condition key, as the SAR and IAM pages name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyType {
    /// `String`: one string value.
    String,
    /// `ArrayOfString`: a set of strings; needs `ForAnyValue`/`ForAllValues`.
    ArrayOfString,
    /// `Numeric`.
    Numeric,
    /// `Date` (ISO 8601 or epoch seconds).
    Date,
    /// `Bool`.
    Bool,
    /// `ARN`: one ARN; use the `Arn*` operators.
    Arn,
    /// `ArrayOfARN`: a set of ARNs.
    ArrayOfArn,
    /// `IPAddress`: an IPv4/IPv6 address, compared with `IpAddress`/`NotIpAddress`.
    Ip,
    /// `Binary` (base64); no key kmsplay knows has this type.
    Binary,
}

use KeyType::{Arn, ArrayOfArn, ArrayOfString, Bool, Date, Ip, Numeric, String as Str};

/// The condition keys of the SAR `key` resource type. They apply to every action on a key
/// (resource `key` or `alias+key`) in addition to the action's own keys.
pub const KEY_RESOURCE_CONDITION_KEYS: &[&str] = &[
    "aws:ResourceTag/${TagKey}",
    "kms:KeyOrigin",
    "kms:KeySpec",
    "kms:KeyUsage",
    "kms:MultiRegion",
    "kms:MultiRegionKeyType",
    "kms:ResourceAliases",
];

/// Global condition keys (IAM User Guide, "AWS global condition context keys"), in the
/// order of its tables. `aws:EpochTime` is "Date, Numeric" there; it is typed `Date`.
static GLOBAL_KEYS: &[(&str, KeyType)] = &[
    // Properties of the principal
    ("aws:PrincipalArn", Arn),
    ("aws:PrincipalAccount", Str),
    ("aws:PrincipalOrgPaths", ArrayOfString),
    ("aws:PrincipalOrgID", Str),
    ("aws:PrincipalTag/${TagKey}", Str),
    ("aws:PrincipalIsAWSService", Bool),
    ("aws:PrincipalServiceName", Str),
    ("aws:PrincipalServiceNamesList", ArrayOfString),
    ("aws:PrincipalType", Str),
    ("aws:userid", Str),
    ("aws:username", Str),
    // Properties of a role session
    ("aws:AssumedRoot", Bool),
    ("aws:FederatedProvider", Str),
    ("aws:TokenIssueTime", Date),
    ("aws:SignInSessionArn", Arn),
    ("aws:MultiFactorAuthAge", Numeric),
    ("aws:MultiFactorAuthPresent", Bool),
    ("aws:ChatbotSourceArn", Arn),
    ("aws:Ec2InstanceSourceVpc", Str),
    ("aws:Ec2InstanceSourcePrivateIPv4", Ip),
    ("aws:SourceIdentity", Str),
    ("ec2:RoleDelivery", Numeric),
    ("ec2:SourceInstanceArn", Arn),
    ("glue:RoleAssumedBy", Str),
    ("glue:CredentialIssuingService", Str),
    ("codebuild:BuildArn", Arn),
    ("codebuild:ProjectArn", Arn),
    ("lambda:SourceFunctionArn", Arn),
    ("ssm:SourceInstanceArn", Arn),
    ("identitystore:UserId", Str),
    // Properties of the network
    ("aws:SourceIp", Ip),
    ("aws:SourceVpc", Str),
    ("aws:SourceVpcArn", Arn),
    ("aws:SourceVpce", Str),
    ("aws:VpceAccount", Str),
    ("aws:VpceOrgID", Str),
    ("aws:VpceOrgPaths", ArrayOfString),
    ("aws:VpcSourceIp", Ip),
    // Properties of the resource
    ("aws:ResourceAccount", Str),
    ("aws:ResourceOrgID", Str),
    ("aws:ResourceOrgPaths", ArrayOfString),
    ("aws:ResourceTag/${TagKey}", Str),
    // Properties of the request
    ("aws:CalledVia", ArrayOfString),
    ("aws:CalledViaFirst", Str),
    ("aws:CalledViaLast", Str),
    ("aws:CalledViaAWSMCP", Str),
    ("aws:ViaAWSService", Bool),
    ("aws:ViaAWSMCPService", Bool),
    ("aws:CurrentTime", Date),
    ("aws:EpochTime", Date),
    ("aws:referer", Str),
    ("aws:RequestedRegion", Str),
    ("aws:RequestTag/${TagKey}", Str),
    ("aws:TagKeys", ArrayOfString),
    ("aws:SecureTransport", Bool),
    ("aws:SourceAccount", Str),
    ("aws:SourceArn", Arn),
    ("aws:SourceOrgID", Str),
    ("aws:SourceOrgPaths", ArrayOfString),
    ("aws:UserAgent", Str),
    ("aws:IsMcpServiceAction", Bool),
];

/// The `kms:` keys of the SAR "Condition keys for AWS Key Management Service" table, with
/// its types. The SAR lists each `kms:RecipientAttestation:` key (ImageSha384, PCR0..31,
/// NitroTPMPCR0..23); the TSV and this table treat them as one family.
static KMS_KEYS: &[(&str, KeyType)] = &[
    ("kms:BypassPolicyLockoutSafetyCheck", Bool),
    ("kms:CallerAccount", Str),
    ("kms:CustomerMasterKeySpec", Str),
    ("kms:CustomerMasterKeyUsage", Str),
    ("kms:DataKeyPairSpec", Str),
    ("kms:EncryptionAlgorithm", Str),
    ("kms:EncryptionContext:${EncryptionContextKey}", Str),
    ("kms:EncryptionContextKeys", ArrayOfString),
    ("kms:ExpirationModel", Str),
    ("kms:GrantConstraintSourceArn", Arn),
    ("kms:GrantConstraintType", Str),
    ("kms:GrantIsForAWSResource", Bool),
    ("kms:GrantOperations", ArrayOfString),
    ("kms:GranteePrincipal", Str),
    ("kms:GranteeServicePrincipal", Str),
    ("kms:KeyAgreementAlgorithm", Str),
    ("kms:KeyOrigin", Str),
    ("kms:KeySpec", Str),
    ("kms:KeyUsage", Str),
    ("kms:MacAlgorithm", Str),
    ("kms:MessageType", Str),
    ("kms:MultiRegion", Bool),
    ("kms:MultiRegionKeyType", Str),
    ("kms:PrimaryRegion", Str),
    ("kms:ReEncryptOnSameKey", Bool),
    ("kms:RecipientAttestation:*", Str),
    ("kms:ReplicaRegion", Str),
    ("kms:RequestAlias", Str),
    ("kms:ResourceAliases", ArrayOfString),
    ("kms:RetiringPrincipal", Str),
    ("kms:RetiringServicePrincipal", Str),
    ("kms:RotationPeriodInDays", Numeric),
    ("kms:ScheduleKeyDeletionPendingWindowInDays", Numeric),
    ("kms:SigningAlgorithm", Str),
    ("kms:TrailingDaysWithoutKeyUsage", Numeric),
    ("kms:ValidTo", Date),
    ("kms:ViaService", Str),
    ("kms:WrappingAlgorithm", Str),
    ("kms:WrappingKeySpec", Str),
];

/// Deprecated `kms:` keys and the key each was replaced by (SAR; KMS guide "kms:KeySpec").
/// AWS still evaluates them, so they are carried wherever their replacement is.
const DEPRECATED_KMS_KEYS: &[(&str, &str)] =
    &[("kms:CustomerMasterKeySpec", "kms:KeySpec"), ("kms:CustomerMasterKeyUsage", "kms:KeyUsage")];

/// The keys of the SAR "Condition keys for AWS Security Token Service" table, with its
/// types: `sts:`, `iam:ResourceTag/`, `saml:` and the identity providers it names.
/// `cognito-identity.amazonaws.com:amr` is `String` in the SAR but multivalued per the IAM
/// guide ("you test it in a policy using condition set operators"); it is `ArrayOfString`.
static STS_KEYS: &[(&str, KeyType)] = &[
    ("sts:AWSServiceName", Str),
    ("sts:DurationSeconds", Numeric),
    ("sts:ExternalId", Str),
    ("sts:IdentityTokenAudience", ArrayOfString),
    ("sts:RequestContext/${ContextKey}", Str),
    ("sts:RequestContextProviders", ArrayOfArn),
    ("sts:RoleAuthorizedByIdp", Bool),
    ("sts:RoleSessionName", Str),
    ("sts:SigningAlgorithm", Str),
    ("sts:SourceIdentity", Str),
    ("sts:TaskPolicyArn", Arn),
    ("sts:TransitiveTagKeys", ArrayOfString),
    ("iam:ResourceTag/${TagKey}", Str),
    ("saml:aud", Str),
    ("saml:cn", ArrayOfString),
    ("saml:commonName", Str),
    ("saml:doc", Str),
    ("saml:eduorghomepageuri", ArrayOfString),
    ("saml:eduorgidentityauthnpolicyuri", ArrayOfString),
    ("saml:eduorglegalname", ArrayOfString),
    ("saml:eduorgsuperioruri", ArrayOfString),
    ("saml:eduorgwhitepagesuri", ArrayOfString),
    ("saml:edupersonaffiliation", ArrayOfString),
    ("saml:edupersonassurance", ArrayOfString),
    ("saml:edupersonentitlement", ArrayOfString),
    ("saml:edupersonnickname", ArrayOfString),
    ("saml:edupersonorgdn", Str),
    ("saml:edupersonorgunitdn", ArrayOfString),
    ("saml:edupersonprimaryaffiliation", Str),
    ("saml:edupersonprimaryorgunitdn", Str),
    ("saml:edupersonprincipalname", Str),
    ("saml:edupersonscopedaffiliation", ArrayOfString),
    ("saml:edupersontargetedid", ArrayOfString),
    ("saml:givenName", Str),
    ("saml:iss", Str),
    ("saml:mail", Str),
    ("saml:name", Str),
    ("saml:namequalifier", Str),
    ("saml:organizationStatus", Str),
    ("saml:primaryGroupSID", Str),
    ("saml:sub", Str),
    ("saml:sub_type", Str),
    ("saml:surname", Str),
    ("saml:uid", Str),
    ("saml:x500UniqueIdentifier", Str),
    ("accounts.google.com:aud", Str),
    ("accounts.google.com:google/organization_number", Numeric),
    ("accounts.google.com:oaud", Str),
    ("accounts.google.com:sub", Str),
    ("cognito-identity.amazonaws.com:amr", ArrayOfString),
    ("cognito-identity.amazonaws.com:aud", Str),
    ("cognito-identity.amazonaws.com:sub", Str),
    ("graph.facebook.com:app_id", Str),
    ("graph.facebook.com:id", Str),
    ("www.amazon.com:app_id", Str),
    ("www.amazon.com:user_id", Str),
];

/// A table of keys with an index for [`lookup`].
struct Table {
    entries: &'static [(&'static str, KeyType)],
    index: std::sync::OnceLock<TableIndex>,
}

/// The entries of a table split by shape: plain names by their ASCII-lowercased spelling
/// (to their position), and the positions of the families (names with a placeholder) in
/// table order.
struct TableIndex {
    plain: std::collections::HashMap<Box<[u8]>, usize, super::Fnv>,
    families: Vec<usize>,
}

/// Longest key looked up among the plain names (longer keys equal none of them).
const LONGEST_PLAIN: usize = 128;

impl Table {
    const fn new(entries: &'static [(&'static str, KeyType)]) -> Table {
        Table { entries, index: std::sync::OnceLock::new() }
    }

    fn index(&self) -> &TableIndex {
        self.index.get_or_init(|| {
            let is_family = |name: &str| name.contains('*') || name.contains("${");
            let mut plain = std::collections::HashMap::default();
            for (i, (name, _)) in self.entries.iter().enumerate() {
                if !is_family(name) {
                    // The first of equal spellings wins, as in a scan (the tables have none).
                    plain.entry(name.to_ascii_lowercase().into_bytes().into_boxed_slice()).or_insert(i);
                }
            }
            let families =
                (0..self.entries.len()).filter(|&i| self.entries.get(i).is_some_and(|(n, _)| is_family(n))).collect();
            TableIndex { plain, families }
        })
    }

    fn name(&self, i: usize) -> &'static str {
        self.entries.get(i).map_or("", |(n, _)| n)
    }
}

static GLOBAL_TABLE: Table = Table::new(GLOBAL_KEYS);
static KMS_TABLE: Table = Table::new(KMS_KEYS);
static STS_TABLE: Table = Table::new(STS_KEYS);

/// The first entry of `table` whose pattern `key` belongs to. A plain name matches only a key
/// equal to it but for ASCII case, so it is looked up by the lower-cased key; the few
/// families are matched one by one; the earlier of the two entries wins, as a scan of the
/// table would decide (a linear scan of every pattern was a third of the findings' time).
fn lookup(table: &Table, key: &str) -> Option<KeyType> {
    let index = table.index();
    let mut buf = [0u8; LONGEST_PLAIN];
    let plain = buf.get_mut(..key.len()).and_then(|lower| {
        lower.copy_from_slice(key.as_bytes());
        lower.make_ascii_lowercase();
        index.plain.get(&*lower).copied()
    });
    let family = index.families.iter().copied().find(|&i| pattern::matches(table.name(i), key));
    let first = match (plain, family) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    first.and_then(|i| table.entries.get(i)).map(|(_, t)| *t)
}

/// Whether `key` has the shape of an OIDC identity-provider claim, `issuer:claim`
/// (`token.actions.githubusercontent.com:sub`, `oidc.eks.us-east-1.amazonaws.com/id/ABC:aud`):
/// the part before the first colon is a host name (it has a dot; service prefixes never do).
fn is_provider_claim(key: &str) -> bool {
    key.split_once(':').is_some_and(|(issuer, claim)| {
        issuer.contains('.')
            && !issuer.starts_with('.')
            && !claim.is_empty()
            && !key.chars().any(|c| c.is_whitespace() || c == '*')
    })
}

/// Whether `key` is a global condition key (usable with every action): the `aws:` keys of
/// the IAM global keys page, with the tag families `aws:PrincipalTag/…`,
/// `aws:RequestTag/…`, `aws:ResourceTag/…`, plus the cross-service keys that page lists
/// (`ec2:SourceInstanceArn`, `lambda:SourceFunctionArn`, ...). Case-insensitive.
pub fn is_global_condition_key(key: &str) -> bool {
    lookup(&GLOBAL_TABLE, key).is_some()
}

/// The type of a known `aws:`/`kms:`/`sts:` (and `iam:ResourceTag/`, `saml:`, identity
/// provider) condition key; `None` for unknown keys and for other services' keys.
/// Identity-provider claims not in the SAR are `String` (`…:amr` is `ArrayOfString`).
pub fn condition_key_type(key: &str) -> Option<KeyType> {
    lookup(&GLOBAL_TABLE, key).or_else(|| lookup(&KMS_TABLE, key)).or_else(|| lookup(&STS_TABLE, key)).or_else(|| {
        is_provider_claim(key).then(|| {
            let amr = key.rsplit_once(':').is_some_and(|(_, claim)| claim.eq_ignore_ascii_case("amr"));
            if amr {
                ArrayOfString
            } else {
                Str
            }
        })
    })
}

/// Whether a key can hold several values (type `ArrayOfString` or `ArrayOfARN`), so that it
/// needs `ForAnyValue`/`ForAllValues`.
pub fn is_multivalued_key(key: &str) -> bool {
    matches!(condition_key_type(key), Some(ArrayOfString | ArrayOfArn))
}

/// Whether the key is known at all: global, any `kms:` key of any action or of the key
/// resource, an `sts:` key, or one of the other keys of the STS tables (`iam:ResourceTag/…`,
/// `saml:…`, identity-provider claims). Keys of services kmsplay does not model (`s3:prefix`)
/// are not known.
pub fn is_known_condition_key(key: &str) -> bool {
    condition_key_type(key).is_some()
}

fn kms_carries(action: &ActionInfo, key: &str) -> bool {
    let on_key = matches!(action.resource, ResourceKind::Key | ResourceKind::AliasAndKey);
    action.condition_keys.iter().any(|p| pattern::matches(p, key))
        || (on_key && KEY_RESOURCE_CONDITION_KEYS.iter().any(|p| pattern::matches(p, key)))
}

/// Whether `key` is global or carried by `action`: the SAR keys of the action, plus for
/// actions on the `key` resource type (`key` or `alias+key`) the key-resource keys
/// ([`KEY_RESOURCE_CONDITION_KEYS`]). Families match any suffix
/// (`kms:EncryptionContext:<anything>`, `kms:RecipientAttestation:<anything>`); the
/// deprecated `kms:CustomerMasterKeySpec`/`Usage` go with `kms:KeySpec`/`KeyUsage`;
/// `sts:AssumeRoleWithWebIdentity` carries every identity-provider claim (`issuer:claim`).
/// Case-insensitive. An action kmsplay does not know (another service, a wildcard, a typo)
/// gives `true`: expand wildcards with [`super::kms_actions_where`] first.
pub fn action_carries_key(action: &str, key: &str) -> bool {
    is_global_condition_key(key) || action_carries_own_key(action, key)
}

/// [`action_carries_key`] without the global keys: whether `key` is one of `action`'s own
/// (for a caller that already knows the key is not global and asks about many actions).
pub fn action_carries_own_key(action: &str, key: &str) -> bool {
    if let Some(info) = kms_action(action) {
        let key =
            DEPRECATED_KMS_KEYS.iter().find(|(old, _)| old.eq_ignore_ascii_case(key)).map_or(key, |(_, new)| *new);
        return kms_carries(info, key);
    }
    if let Some(sts) = sts_action(action) {
        return sts.condition_keys.iter().any(|p| pattern::matches(p, key))
            || (sts.name == "sts:AssumeRoleWithWebIdentity" && is_provider_claim(key));
    }
    true
}

/// Did-you-mean among all known condition keys (global, `kms:`, `sts:` and the other STS
/// keys), case-insensitive, keeping a tag or context suffix as typed:
/// `"kms:EncryptionContxt:app"` gives `kms:EncryptionContext:app`, `"kms:CallerAcount"` gives
/// `kms:CallerAccount`, `"kms:SourceIp"` gives `aws:SourceIp`. `None` for a key that is
/// already known and when nothing is close.
pub fn suggest_condition_key(key: &str) -> Option<String> {
    if is_known_condition_key(key) {
        return None;
    }
    super::suggest::condition_key(key, all_key_names())
}

/// Every key name of the tables, in table order (global, kms, sts).
fn all_key_names() -> impl Iterator<Item = &'static str> {
    GLOBAL_KEYS.iter().chain(KMS_KEYS).chain(STS_KEYS).map(|(k, _)| *k)
}

#[cfg(test)]
mod tests {
    use super::super::{kms_actions, sts_actions};
    use super::*;

    #[test]
    fn every_tsv_key_has_a_type() {
        for a in kms_actions() {
            for k in a.condition_keys {
                assert!(condition_key_type(k).is_some(), "{} {k}", a.name);
            }
        }
        for k in KEY_RESOURCE_CONDITION_KEYS {
            assert!(condition_key_type(k).is_some(), "{k}");
        }
    }

    #[test]
    fn every_sts_key_has_a_type() {
        for a in sts_actions() {
            for k in a.condition_keys {
                assert!(condition_key_type(k).is_some(), "{} {k}", a.name);
            }
        }
    }

    #[test]
    fn plain_names_fit_the_lookup_buffer() {
        assert!(all_key_names().all(|k| k.len() <= LONGEST_PLAIN));
        assert_eq!(condition_key_type("AWS:SOURCEIP"), Some(Ip));
        assert_eq!(condition_key_type(&"a".repeat(LONGEST_PLAIN + 1)), None);
    }

    #[test]
    fn tables_have_no_duplicates() {
        let mut names: Vec<String> = all_key_names().map(str::to_ascii_lowercase).collect();
        let n = names.len();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), n);
    }

    #[test]
    fn families_are_families() {
        assert_eq!(condition_key_type("aws:PrincipalTag/team"), Some(Str));
        assert_eq!(condition_key_type("aws:PrincipalTag/"), None);
        assert_eq!(condition_key_type("kms:EncryptionContext:aws:s3:arn"), Some(Str));
        assert_eq!(condition_key_type("kms:RecipientAttestation:PCR0"), Some(Str));
        assert_eq!(condition_key_type("sts:RequestContext/x"), Some(Str));
        assert_eq!(condition_key_type("iam:ResourceTag/x"), Some(Str));
    }

    #[test]
    fn provider_claims() {
        assert!(is_provider_claim("token.actions.githubusercontent.com:sub"));
        assert!(is_provider_claim("oidc.eks.us-east-1.amazonaws.com/id/ABC:aud"));
        assert!(!is_provider_claim("kms:ViaService"));
        assert!(!is_provider_claim("token.actions.githubusercontent.com:"));
        assert!(!is_provider_claim("nocolon.example.com"));
        assert_eq!(condition_key_type("cognito-identity.amazonaws.com:amr"), Some(ArrayOfString));
        assert_eq!(condition_key_type("example.com:amr"), Some(ArrayOfString));
        assert_eq!(condition_key_type("token.actions.githubusercontent.com:sub"), Some(Str));
        assert!(action_carries_key("sts:AssumeRoleWithWebIdentity", "token.actions.githubusercontent.com:sub"));
        assert!(!action_carries_key("sts:AssumeRole", "token.actions.githubusercontent.com:sub"));
        assert!(!action_carries_key("kms:Decrypt", "token.actions.githubusercontent.com:sub"));
    }

    #[test]
    fn deprecated_keys_follow_their_replacements() {
        assert!(action_carries_key("kms:Decrypt", "kms:CustomerMasterKeySpec"));
        assert!(action_carries_key("kms:CreateKey", "kms:CustomerMasterKeyUsage"));
        assert!(!action_carries_key("kms:ListKeys", "kms:CustomerMasterKeySpec"));
    }

    #[test]
    fn alias_operations_carry_key_resource_keys() {
        assert!(action_carries_key("kms:CreateAlias", "kms:ResourceAliases"));
        assert!(action_carries_key("kms:SynchronizeMultiRegionKey", "kms:MultiRegion"));
        assert!(!action_carries_key("kms:ListAliases", "kms:KeySpec"));
        assert!(!action_carries_key("kms:SynchronizeMultiRegionKey", "kms:CallerAccount"));
    }
}
