//! The KMS and STS catalog: every action kmsplay models, where it can be granted, whether it
//! works across accounts, the grant operations, and the condition keys with their types.
//!
//! The KMS table is generated at build time from `data/kms-actions.tsv` (a copy of the
//! reference table; see `build.rs`). The STS actions and the condition-key tables are written
//! by hand from the Service Authorization Reference (SAR) and the IAM page "AWS global
//! condition context keys"; each table says where it comes from.
//!
//! Everything here is a pure lookup: no allocation beyond the returned values, no panics on
//! any input. Action and condition-key names are compared ASCII-case-insensitively, as IAM
//! does; the canonical spellings are the ones in the tables.

mod keys;
mod pattern;
mod sts;
mod suggest;

pub use keys::{
    action_carries_key, action_carries_own_key, condition_key_type, is_global_condition_key, is_known_condition_key,
    is_multivalued_key, suggest_condition_key, KeyType, KEY_RESOURCE_CONDITION_KEYS,
};
pub use sts::{sts_action, sts_actions, StsAction};

/// The resource type an action is authorized on (TSV column `resource_type`, per the SAR).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResourceKind {
    /// A KMS key (`arn:…:kms:REGION:ACCOUNT:key/ID`); the key policy applies.
    Key,
    /// An alias and the key(s) it points to (CreateAlias, UpdateAlias, DeleteAlias): permission
    /// is needed on both, the alias in IAM and the key in its key policy.
    AliasAndKey,
    /// No resource (`*`): IAM policies only (CreateKey, ListKeys, custom key stores, ...).
    None,
}

/// Whether an action can be called on a key in another account (TSV column `cross_account`,
/// per the API Reference "Cross-account use").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CrossAccount {
    /// Works across accounts: the key policy may name an external principal for it.
    Yes,
    /// Never works across accounts; granting it to another account has no effect.
    No,
    /// The question does not arise (GenerateRandom uses no account resource).
    NotApplicable,
    /// Works in its own way (ListRetirableGrants: see the action's notes).
    Special,
    /// The sources do not say (the permission-only SynchronizeMultiRegionKey).
    NotStated,
}

/// Which identifiers a caller from ANOTHER account may use to name the key for this action
/// (TSV column `cross_account_key_identifier`). In the key's own account every form works
/// wherever the API takes it; this is only about foreign callers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct KeyIdForms {
    /// The key ARN (`arn:aws:kms:us-east-1:111122223333:key/1234abcd-…`).
    pub key_arn: bool,
    /// An alias ARN (`arn:aws:kms:us-east-1:111122223333:alias/app`).
    pub alias_arn: bool,
    /// A short key ID (`1234abcd-…`); only `kms:Decrypt` and `kms:ReEncryptFrom` accept it
    /// from another account, and only for symmetric ciphertext (the key is read from it).
    pub key_id: bool,
    /// An alias name (`alias/app`); never true: a bare alias names the caller's own account.
    pub alias_name: bool,
}

impl KeyIdForms {
    /// Whether any identifier at all lets a foreign caller name the key.
    pub fn any(self) -> bool {
        self.key_arn || self.alias_arn || self.key_id || self.alias_name
    }
}

/// One KMS IAM action, as `data/kms-actions.tsv` describes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActionInfo {
    /// The IAM action, canonical spelling: `"kms:Decrypt"`.
    pub name: &'static str,
    /// The API operation it authorizes: `"Decrypt"`, `"ReEncrypt (source key)"`, ...
    pub api_operation: &'static str,
    /// The resource type it is authorized on.
    pub resource: ResourceKind,
    /// Whether it works on a key in another account.
    pub cross_account: CrossAccount,
    /// Where the API Reference says the permission goes (`"key policy"`, `"IAM policy"`, ...).
    pub policy_type: &'static str,
    /// Whether allowing it in a key policy has any effect (false for `kms:RetireGrant` and
    /// the IAM-only actions).
    pub effective_in_key_policy: bool,
    /// The key types the operation accepts, as prose from the API text.
    pub key_specs: &'static str,
    /// Whether a grant can allow it (see [`grant_operations`]).
    pub grant_operation: bool,
    /// The SAR access level (`"Write"`, `"Read"`, `"List"`, `"Permissions management"`, ...).
    pub access_level: &'static str,
    /// The request condition keys of the SAR action row, in SAR spelling
    /// (`kms:EncryptionContext:${EncryptionContextKey}`, `kms:RecipientAttestation:*`). The
    /// key-resource keys ([`KEY_RESOURCE_CONDITION_KEYS`]) are not repeated here;
    /// [`action_carries_key`] adds them for actions on a key.
    pub condition_keys: &'static [&'static str],
    /// Remarks from the TSV (may be empty).
    pub notes: &'static str,
    /// How a caller from another account may name the key.
    pub cross_account_ids: KeyIdForms,
}

include!(concat!(env!("OUT_DIR"), "/kms_actions.rs"));

/// The standard matrix columns of SPEC section 3, in order.
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

/// The service prefixes kmsplay models.
const MODELLED_SERVICES: &[&str] = &["kms", "sts"];

/// Every KMS action, in TSV order (alphabetical): "catalog order".
pub fn kms_actions() -> &'static [ActionInfo] {
    KMS_ACTIONS
}

/// Split `service:Name` at the first colon.
fn split_action(name: &str) -> Option<(&str, &str)> {
    name.split_once(':')
}

/// The KMS action called `name`, case-insensitive on prefix and name (`"KMS:decrypt"` finds
/// `kms:Decrypt`). Wildcards are not expanded: see [`kms_actions_where`].
pub fn kms_action(name: &str) -> Option<&'static ActionInfo> {
    let (service, op) = split_action(name)?;
    if !service.eq_ignore_ascii_case("kms") {
        return None;
    }
    KMS_ACTIONS.get(kms_position(op)?)
}

/// The index in [`KMS_ACTIONS`] of the action whose name after `kms:` is `op`, any case.
/// A hash lookup of the lower-cased name (the map is built once): lookups run for every
/// action of every statement and every matrix column, and a linear scan of the ~60 names was
/// a tenth of the large benchmark's time. Names longer than any action are not lower-cased.
fn kms_position(op: &str) -> Option<usize> {
    static BY_LOWER: std::sync::OnceLock<std::collections::HashMap<String, usize, Fnv>> = std::sync::OnceLock::new();
    const LONGEST: usize = 64;
    if op.len() > LONGEST {
        return None;
    }
    let map = BY_LOWER.get_or_init(|| {
        KMS_ACTIONS
            .iter()
            .enumerate()
            .map(|(i, a)| (a.name.get(4..).unwrap_or_default().to_ascii_lowercase(), i))
            .collect()
    });
    let mut buf = [0u8; LONGEST];
    let lower = buf.get_mut(..op.len())?;
    lower.copy_from_slice(op.as_bytes());
    lower.make_ascii_lowercase();
    map.get(std::str::from_utf8(lower).ok()?).copied()
}

/// FNV-1a, for the small fixed maps of catalog names: their keys are not chosen by an
/// attacker who could make them collide, and SipHash was most of a lookup's cost.
#[derive(Clone, Copy, Default)]
struct Fnv;

/// The state of one [`Fnv`] hash.
struct FnvHasher(u64);

impl std::hash::BuildHasher for Fnv {
    type Hasher = FnvHasher;
    fn build_hasher(&self) -> FnvHasher {
        FnvHasher(0xcbf2_9ce4_8422_2325)
    }
}

impl std::hash::Hasher for FnvHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// Canonical spelling of a known `kms:` or `sts:` action, case-insensitive lookup
/// (`"kms:decrypt"` gives `"kms:Decrypt"`); `None` for anything else, wildcards included.
pub fn canonical_action(name: &str) -> Option<&'static str> {
    kms_action(name).map(|a| a.name).or_else(|| sts_action(name).map(|a| a.name))
}

/// Did-you-mean for an unknown `kms:`/`sts:` action, case-insensitive: `"kms:Decrpyt"` gives
/// `kms:Decrypt`, `"kms:ReEncrypt"` gives `kms:ReEncryptFrom` (the first of the two halves;
/// there is no `kms:ReEncrypt` action), `"Decrypt"` (no prefix) gives `kms:Decrypt`,
/// `"kms:AssumeRole"` gives `sts:AssumeRole`. A known action in another case gives its
/// canonical spelling. `None` when nothing is close, for wildcards, and for services kmsplay
/// does not model.
pub fn suggest_action(name: &str) -> Option<&'static str> {
    suggest::action(name)
}

/// Whether the `service:` prefix of `action` is one kmsplay models (`kms`, `sts`),
/// case-insensitive. `"*"` and names without a colon are not.
pub fn is_modelled_service(action: &str) -> bool {
    split_action(action).is_some_and(|(service, _)| MODELLED_SERVICES.iter().any(|s| s.eq_ignore_ascii_case(service)))
}

/// The KMS actions whose name satisfies `matches`, in catalog order. The caller supplies its
/// wildcard matcher (`kms:Get*`, `kms:*`), so the catalog stays free of other engine modules.
pub fn kms_actions_where(matches: impl Fn(&str) -> bool) -> Vec<&'static ActionInfo> {
    KMS_ACTIONS.iter().filter(|a| matches(a.name)).collect()
}

/// The operations CreateGrant accepts (TSV `grant_operation` = yes), as API names without
/// prefix (`"Decrypt"`, `"ReEncryptFrom"`), in catalog order.
pub fn grant_operations() -> Vec<&'static str> {
    GRANT_OPERATIONS.to_vec()
}

/// Whether `op` is a grant operation, spelled exactly as CreateGrant takes it
/// (case-sensitive, no prefix: `"Decrypt"` yes, `"decrypt"` and `"kms:Decrypt"` no).
pub fn is_grant_operation(op: &str) -> bool {
    GRANT_OPERATIONS.contains(&op)
}

/// A dense id for every action the engine decides: the KMS actions in catalog order (so a KMS
/// action's id is its index in [`kms_actions`]), then the STS actions. Ids let a policy record once, when it is read, which actions each statement
/// covers (an [`ActionSet`]), instead of matching patterns on every request. Only ids below
/// [`ActionSet::CAPACITY`] are handed out; an action without one is matched by pattern.
pub fn action_id(name: &str) -> Option<usize> {
    let (service, op) = split_action(name)?;
    let id = if service.eq_ignore_ascii_case("kms") {
        kms_position(op)?
    } else if service.eq_ignore_ascii_case("sts") {
        KMS_ACTIONS.len()
            + sts_actions().iter().position(|a| a.name.get(4..).is_some_and(|n| n.eq_ignore_ascii_case(op)))?
    } else {
        return None;
    };
    (id < ActionSet::CAPACITY).then_some(id)
}

/// The canonical name of action `id` (see [`action_id`]).
pub fn action_name(id: usize) -> Option<&'static str> {
    match KMS_ACTIONS.get(id) {
        Some(a) => Some(a.name),
        None => sts_actions().get(id.checked_sub(KMS_ACTIONS.len())?).map(|a| a.name),
    }
}

/// How many action ids there are (every id below this has a name).
pub fn action_count() -> usize {
    (KMS_ACTIONS.len() + sts_actions().len()).min(ActionSet::CAPACITY)
}

/// A set of catalog actions, by [`action_id`]: which actions one statement's Action list
/// names (patterns expanded), computed once when the policy is read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct ActionSet {
    bits: [u64; 2],
}

impl ActionSet {
    /// How many ids a set can hold.
    pub const CAPACITY: usize = 128;

    /// Add action `id` (ids at or past the capacity are ignored; [`action_id`] gives none).
    pub fn insert(&mut self, id: usize) {
        if let Some(word) = self.bits.get_mut(id / 64) {
            *word |= 1u64 << (id % 64);
        }
    }

    /// Whether action `id` is in the set.
    pub fn contains(&self, id: usize) -> bool {
        self.bits.get(id / 64).is_some_and(|word| word & (1u64 << (id % 64)) != 0)
    }

    /// Add every action of `other`.
    pub fn extend(&mut self, other: ActionSet) {
        for (w, o) in self.bits.iter_mut().zip(other.bits) {
            *w |= o;
        }
    }

    /// The ids in the set, ascending.
    pub fn ids(self) -> impl Iterator<Item = usize> {
        self.bits.into_iter().enumerate().flat_map(|(w, word)| {
            let mut rest = word;
            std::iter::from_fn(move || {
                if rest == 0 {
                    return None;
                }
                let bit = rest.trailing_zeros() as usize;
                rest &= rest - 1;
                Some(w * 64 + bit)
            })
        })
    }

    /// The ids below `count` that are not in the set.
    pub fn complement(self, count: usize) -> ActionSet {
        let mut out = ActionSet::default();
        for (w, (o, word)) in out.bits.iter_mut().zip(self.bits).enumerate() {
            let below = match count.saturating_sub(w * 64) {
                0 => 0,
                n if n >= 64 => u64::MAX,
                n => (1u64 << n) - 1,
            };
            *o = !word & below;
        }
        out
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.bits.iter().all(|w| *w == 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_is_case_insensitive_but_needs_the_prefix() {
        assert_eq!(kms_action("KMS:decrypt").map(|a| a.name), Some("kms:Decrypt"));
        assert_eq!(kms_action("kms:DECRYPT").map(|a| a.name), Some("kms:Decrypt"));
        assert!(kms_action("Decrypt").is_none());
        assert!(kms_action("sts:Decrypt").is_none());
        assert!(kms_action("kms:").is_none());
        assert!(kms_action("").is_none());
        assert!(kms_action("kms:Decrypt*").is_none());
        assert!(kms_action("kms:ReEncrypt").is_none());
    }

    #[test]
    fn canonical_covers_both_services() {
        assert_eq!(canonical_action("kms:generatedatakey"), Some("kms:GenerateDataKey"));
        assert_eq!(canonical_action("STS:assumerole"), Some("sts:AssumeRole"));
        assert_eq!(canonical_action("s3:GetObject"), None);
        assert_eq!(canonical_action("kms:*"), None);
    }

    #[test]
    fn modelled_services() {
        assert!(is_modelled_service("kms:Decrypt"));
        assert!(is_modelled_service("KMS:anything"));
        assert!(is_modelled_service("Sts:AssumeRole"));
        assert!(!is_modelled_service("s3:GetObject"));
        assert!(!is_modelled_service("*"));
        assert!(!is_modelled_service("kms"));
        assert!(!is_modelled_service(""));
    }

    #[test]
    fn catalog_is_sorted_and_unique() {
        let names: Vec<&str> = kms_actions().iter().map(|a| a.name).collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(names, sorted);
    }

    #[test]
    fn grant_operation_spelling() {
        assert!(is_grant_operation("Decrypt"));
        assert!(!is_grant_operation("decrypt"));
        assert!(!is_grant_operation("kms:Decrypt"));
        assert!(!is_grant_operation("ReEncrypt"));
        assert!(!is_grant_operation(""));
    }

    #[test]
    fn where_takes_the_callers_matcher() {
        let all = kms_actions_where(|_| true);
        assert_eq!(all.len(), kms_actions().len());
        let gets = kms_actions_where(|n| n.starts_with("kms:Get"));
        assert!(gets.iter().all(|a| a.name.starts_with("kms:Get")));
        assert_eq!(gets.first().map(|a| a.name), Some("kms:GetKeyLastUsage"));
    }

    #[test]
    fn key_id_forms_any() {
        assert!(!KeyIdForms::default().any());
        assert!(kms_action("kms:Decrypt").is_some_and(|a| a.cross_account_ids.any()));
    }

    #[test]
    fn every_action_has_an_id_and_back() {
        assert!(kms_actions().len() + sts_actions().len() <= ActionSet::CAPACITY, "ActionSet needs more bits");
        assert_eq!(action_count(), kms_actions().len() + sts_actions().len());
        for id in 0..action_count() {
            let name = action_name(id).unwrap_or_default();
            assert_eq!(action_id(name), Some(id), "{name}");
            assert_eq!(action_id(&name.to_ascii_uppercase()), Some(id), "{name}");
        }
        assert_eq!(action_name(action_count()), None);
        assert_eq!(action_id("kms:Decrypt*"), None);
        assert_eq!(action_id("s3:GetObject"), None);
        assert_eq!(action_id("sts:AssumeRole").and_then(action_name), Some("sts:AssumeRole"));
    }

    #[test]
    fn action_sets() {
        let mut set = ActionSet::default();
        assert!(set.is_empty());
        set.insert(3);
        set.insert(64);
        set.insert(127);
        set.insert(128);
        assert!(set.contains(3) && set.contains(64) && set.contains(127));
        assert!(!set.contains(4) && !set.contains(128) && !set.contains(usize::MAX));
        assert!(!set.is_empty());
    }
}
