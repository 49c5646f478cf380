//! The catalog against the facts of `kms-actions.tsv`, semantics.md (sections 4.5-4.8, 5) and
//! SPEC sections 3 and 4.

// The helpers below are test code too, though not `#[test]` functions.
#![allow(clippy::panic)]

use kmsplay::engine::catalog::*;

fn action(name: &str) -> &'static ActionInfo {
    kms_action(name).unwrap_or_else(|| panic!("{name} is in the catalog"))
}

fn names(actions: &[&ActionInfo]) -> Vec<&'static str> {
    actions.iter().map(|a| a.name).collect()
}

/// semantics.md section 4.5: the actions that work across accounts.
const CROSS_ACCOUNT: &[&str] = &[
    "kms:CreateGrant",
    "kms:Decrypt",
    "kms:DeriveSharedSecret",
    "kms:DescribeKey",
    "kms:Encrypt",
    "kms:GenerateDataKey",
    "kms:GenerateDataKeyPair",
    "kms:GenerateDataKeyPairWithoutPlaintext",
    "kms:GenerateDataKeyWithoutPlaintext",
    "kms:GenerateMac",
    "kms:GetKeyRotationStatus",
    "kms:GetPublicKey",
    "kms:ListGrants",
    "kms:ReEncryptFrom",
    "kms:ReEncryptTo",
    "kms:RetireGrant",
    "kms:RevokeGrant",
    "kms:Sign",
    "kms:Verify",
    "kms:VerifyMac",
];

/// semantics.md section 4.5: the cryptographic operations.
const CRYPTO: &[&str] = &[
    "kms:Encrypt",
    "kms:Decrypt",
    "kms:ReEncryptFrom",
    "kms:ReEncryptTo",
    "kms:GenerateDataKey",
    "kms:GenerateDataKeyWithoutPlaintext",
    "kms:GenerateDataKeyPair",
    "kms:GenerateDataKeyPairWithoutPlaintext",
    "kms:Sign",
    "kms:Verify",
    "kms:GenerateMac",
    "kms:VerifyMac",
    "kms:DeriveSharedSecret",
];

#[test]
fn fifty_six_kms_actions_in_alphabetical_order() {
    let all = kms_actions();
    assert_eq!(all.len(), 56);
    assert!(all.iter().all(|a| a.name.starts_with("kms:")));
    assert!(all.windows(2).all(|w| w[0].name < w[1].name), "catalog order is alphabetical");
    assert_eq!(all.first().map(|a| a.name), Some("kms:CancelKeyDeletion"));
    assert_eq!(all.last().map(|a| a.name), Some("kms:VerifyMac"));
}

#[test]
fn reencrypt_is_two_actions_and_synchronize_is_one() {
    assert!(kms_action("kms:ReEncrypt").is_none(), "there is no kms:ReEncrypt action");
    assert_eq!(action("kms:ReEncryptFrom").api_operation, "ReEncrypt (source key)");
    assert_eq!(action("kms:ReEncryptTo").api_operation, "ReEncrypt (destination key)");
    let sync = action("kms:SynchronizeMultiRegionKey");
    assert_eq!(sync.cross_account, CrossAccount::NotStated);
    assert_eq!(sync.resource, ResourceKind::Key);
    assert!(sync.condition_keys.is_empty());
}

#[test]
fn lookup_ignores_case() {
    assert_eq!(kms_action("KMS:decrypt").map(|a| a.name), Some("kms:Decrypt"));
    assert_eq!(canonical_action("kms:REENCRYPTFROM"), Some("kms:ReEncryptFrom"));
    assert_eq!(canonical_action("sts:assumerole"), Some("sts:AssumeRole"));
    assert_eq!(canonical_action("kms:Decrypt*"), None);
    assert_eq!(canonical_action("Decrypt"), None);
}

#[test]
fn decrypt_works_across_accounts_by_key_arn_alias_arn_or_key_id() {
    let d = action("kms:Decrypt");
    assert_eq!(d.cross_account, CrossAccount::Yes);
    assert_eq!(d.resource, ResourceKind::Key);
    assert!(d.effective_in_key_policy);
    assert!(d.grant_operation);
    assert_eq!(d.cross_account_ids, KeyIdForms { key_arn: true, alias_arn: true, key_id: true, alias_name: false });
}

#[test]
fn put_key_policy_never_works_across_accounts() {
    let p = action("kms:PutKeyPolicy");
    assert_eq!(p.cross_account, CrossAccount::No);
    assert!(!p.cross_account_ids.any());
    assert!(p.effective_in_key_policy);
    assert_eq!(p.access_level, "Permissions management");
}

#[test]
fn retire_grant_is_not_effective_in_a_key_policy() {
    let r = action("kms:RetireGrant");
    assert!(!r.effective_in_key_policy);
    assert_eq!(r.cross_account, CrossAccount::Yes);
    assert!(r.grant_operation);
}

#[test]
fn create_grant_accepts_only_the_key_arn_across_accounts() {
    let c = action("kms:CreateGrant");
    assert_eq!(c.cross_account, CrossAccount::Yes);
    assert_eq!(c.cross_account_ids, KeyIdForms { key_arn: true, alias_arn: false, key_id: false, alias_name: false });
}

#[test]
fn cross_account_set_matches_semantics_4_5() {
    let yes: Vec<&str> =
        kms_actions().iter().filter(|a| a.cross_account == CrossAccount::Yes).map(|a| a.name).collect();
    assert_eq!(yes, CROSS_ACCOUNT);
    assert_eq!(action("kms:GenerateRandom").cross_account, CrossAccount::NotApplicable);
    assert_eq!(action("kms:ListRetirableGrants").cross_account, CrossAccount::Special);
    for name in ["kms:CreateKey", "kms:ScheduleKeyDeletion", "kms:CreateAlias", "kms:GetKeyLastUsage"] {
        assert_eq!(action(name).cross_account, CrossAccount::No, "{name}");
    }
}

#[test]
fn identifiers_across_accounts_follow_spec_section_3() {
    for a in kms_actions() {
        let ids = a.cross_account_ids;
        assert!(!ids.alias_name, "{}: an alias name always means the caller's account", a.name);
        assert_eq!(ids.key_arn, a.cross_account == CrossAccount::Yes, "{}: key ARN", a.name);
        let alias_arn = CRYPTO.contains(&a.name) || a.name == "kms:DescribeKey" || a.name == "kms:GetPublicKey";
        assert_eq!(ids.alias_arn, alias_arn, "{}: alias ARN", a.name);
        let key_id = a.name == "kms:Decrypt" || a.name == "kms:ReEncryptFrom";
        assert_eq!(ids.key_id, key_id, "{}: short key ID", a.name);
    }
    for name in ["kms:CreateGrant", "kms:GetKeyRotationStatus", "kms:ListGrants", "kms:RevokeGrant"] {
        let ids = action(name).cross_account_ids;
        assert!(ids.key_arn && !ids.alias_arn && !ids.key_id, "{name}: key ARN only");
    }
}

#[test]
fn iam_only_actions_have_no_key() {
    for name in [
        "kms:CreateKey",
        "kms:ListKeys",
        "kms:ListAliases",
        "kms:GenerateRandom",
        "kms:ListRetirableGrants",
        "kms:ConnectCustomKeyStore",
        "kms:CreateCustomKeyStore",
        "kms:DeleteCustomKeyStore",
        "kms:DescribeCustomKeyStores",
        "kms:DisconnectCustomKeyStore",
        "kms:UpdateCustomKeyStore",
    ] {
        let a = action(name);
        assert_eq!(a.resource, ResourceKind::None, "{name}");
        assert!(!a.effective_in_key_policy, "{name}");
        assert_eq!(a.policy_type, "IAM policy", "{name}");
    }
    let aliases: Vec<&str> = kms_actions_where(|n| n.ends_with("Alias")).iter().map(|a| a.name).collect();
    assert_eq!(aliases, ["kms:CreateAlias", "kms:DeleteAlias", "kms:UpdateAlias"]);
    assert!(aliases.iter().all(|n| action(n).resource == ResourceKind::AliasAndKey));
}

#[test]
fn standard_columns_exist_in_spec_order() {
    assert_eq!(
        STANDARD_COLUMNS,
        [
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
        ]
    );
    for column in STANDARD_COLUMNS {
        let a = action(column);
        assert_eq!(a.name, *column, "canonical spelling");
        assert_eq!(a.resource, ResourceKind::Key, "{column} is an action on the key");
    }
}

#[test]
fn grant_operations_match_semantics_4_7() {
    let mut expected = vec![
        "Decrypt",
        "Encrypt",
        "GenerateDataKey",
        "GenerateDataKeyWithoutPlaintext",
        "GenerateDataKeyPair",
        "GenerateDataKeyPairWithoutPlaintext",
        "ReEncryptFrom",
        "ReEncryptTo",
        "Sign",
        "Verify",
        "GetPublicKey",
        "GenerateMac",
        "VerifyMac",
        "DeriveSharedSecret",
        "CreateGrant",
        "RetireGrant",
        "DescribeKey",
    ];
    expected.sort_unstable();
    assert_eq!(grant_operations(), expected, "catalog order, 17 operations");
    for op in grant_operations() {
        assert!(is_grant_operation(op));
        assert!(action(&format!("kms:{op}")).grant_operation);
    }
    for op in ["ReEncrypt", "decrypt", "kms:Decrypt", "ListGrants", "RevokeGrant", "PutKeyPolicy", ""] {
        assert!(!is_grant_operation(op), "{op}");
    }
}

#[test]
fn action_did_you_mean() {
    assert_eq!(suggest_action("kms:Decrpyt"), Some("kms:Decrypt"));
    assert_eq!(suggest_action("kms:ReEncrypt"), Some("kms:ReEncryptFrom"));
    assert_eq!(suggest_action("Decrypt"), Some("kms:Decrypt"));
    assert_eq!(suggest_action("kms:decrypt"), Some("kms:Decrypt"));
    assert_eq!(suggest_action("kms:GenerateDataKeys"), Some("kms:GenerateDataKey"));
    assert_eq!(suggest_action("kms:Sing"), Some("kms:Sign"));
    assert_eq!(suggest_action("kms:AssumeRole"), Some("sts:AssumeRole"));
    assert_eq!(suggest_action("sts:AsumeRole"), Some("sts:AssumeRole"));
    assert_eq!(suggest_action("ksm:Decrypt"), Some("kms:Decrypt"));
    assert_eq!(suggest_action("kmss:Decrypt"), Some("kms:Decrypt"), "lint survey row 25");
    assert_eq!(suggest_action("kms:Encrpyt"), Some("kms:Encrypt"), "lint survey row 24");
    assert_eq!(suggest_action("AssumeRoleWithWebIdentity"), Some("sts:AssumeRoleWithWebIdentity"));
    assert_eq!(suggest_action("kms:Frobnicate"), None);
    assert_eq!(suggest_action("kms:Get"), None);
    assert_eq!(suggest_action("s3:GetObject"), None);
    assert_eq!(suggest_action("kms:Decrpyt*"), None);
    assert_eq!(suggest_action("kms:"), None);
    assert_eq!(suggest_action(""), None);
}

#[test]
fn modelled_services_are_kms_and_sts() {
    assert!(is_modelled_service("kms:Anything"));
    assert!(is_modelled_service("STS:AssumeRole"));
    assert!(!is_modelled_service("s3:GetObject"));
    assert!(!is_modelled_service("*"));
}

#[test]
fn kms_actions_where_uses_the_callers_matcher() {
    let generate = kms_actions_where(|n| n.starts_with("kms:GenerateDataKey"));
    assert_eq!(
        names(&generate),
        [
            "kms:GenerateDataKey",
            "kms:GenerateDataKeyPair",
            "kms:GenerateDataKeyPairWithoutPlaintext",
            "kms:GenerateDataKeyWithoutPlaintext",
        ]
    );
    assert!(kms_actions_where(|_| false).is_empty());
}

#[test]
fn encryption_context_keys_ride_with_encryption_operations() {
    assert!(action_carries_key("kms:Decrypt", "kms:EncryptionContext:Anything"));
    assert!(action_carries_key("kms:decrypt", "KMS:encryptioncontext:aws:s3:arn"));
    assert!(!action_carries_key("kms:PutKeyPolicy", "kms:EncryptionContext:Anything"));
    assert!(action_carries_key("kms:RetireGrant", "kms:EncryptionContextKeys"));
    assert!(!action_carries_key("kms:Sign", "kms:EncryptionContextKeys"));
    assert!(action_carries_key("kms:Decrypt", "kms:RecipientAttestation:PCR0"));
    assert!(action_carries_key("kms:GenerateRandom", "kms:RecipientAttestation:ImageSha384"));
    assert!(!action_carries_key("kms:Encrypt", "kms:RecipientAttestation:PCR0"));
}

#[test]
fn via_service_and_caller_account() {
    assert!(action_carries_key("kms:Decrypt", "kms:ViaService"));
    assert!(action_carries_key("kms:Decrypt", "kms:CallerAccount"));
    assert!(!action_carries_key("kms:ListKeys", "kms:CallerAccount"), "ListKeys has no SAR keys");
    assert!(!action_carries_key("kms:GenerateRandom", "kms:ViaService"));
}

#[test]
fn global_keys_are_carried_everywhere() {
    for key in [
        "aws:SourceIp",
        "aws:sourceip",
        "aws:PrincipalArn",
        "aws:PrincipalOrgID",
        "aws:PrincipalOrgPaths",
        "aws:PrincipalTag/team",
        "aws:PrincipalType",
        "aws:userid",
        "aws:SourceVpce",
        "aws:SourceAccount",
        "aws:SourceArn",
        "aws:SourceOrgID",
        "aws:ViaAWSService",
        "aws:CalledViaFirst",
        "aws:CurrentTime",
        "aws:EpochTime",
        "aws:SecureTransport",
        "aws:MultiFactorAuthPresent",
        "aws:RequestedRegion",
        "aws:RequestTag/env",
        "aws:ResourceTag/env",
        "aws:TagKeys",
        "aws:ResourceAccount",
        "aws:PrincipalIsAWSService",
        "aws:PrincipalServiceNamesList",
        "aws:TokenIssueTime",
        "aws:UserAgent",
        "aws:Referer",
        "aws:VpcSourceIp",
        "aws:FederatedProvider",
        "aws:SourceIdentity",
        "aws:Ec2InstanceSourceVpc",
        "aws:Ec2InstanceSourcePrivateIPv4",
        "ec2:SourceInstanceArn",
    ] {
        assert!(is_global_condition_key(key), "{key}");
        assert!(action_carries_key("kms:ListKeys", key), "{key}");
    }
    for key in ["kms:ViaService", "aws:PrincipalTag/", "aws:SourceIpAddress", "sts:ExternalId", "s3:prefix"] {
        assert!(!is_global_condition_key(key), "{key}");
    }
}

#[test]
fn grant_is_for_aws_resource_only_on_create_list_revoke_grant() {
    let carrying: Vec<&str> = kms_actions()
        .iter()
        .filter(|a| action_carries_key(a.name, "kms:GrantIsForAWSResource"))
        .map(|a| a.name)
        .collect();
    assert_eq!(carrying, ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"]);
}

#[test]
fn grant_keys_only_on_create_grant() {
    for key in ["kms:GrantOperations", "kms:GranteePrincipal", "kms:RetiringPrincipal", "kms:GrantConstraintSourceArn"]
    {
        let carrying: Vec<&str> =
            kms_actions().iter().filter(|a| action_carries_key(a.name, key)).map(|a| a.name).collect();
        assert_eq!(carrying, ["kms:CreateGrant"], "{key}");
    }
}

#[test]
fn key_resource_keys_go_with_every_action_on_a_key() {
    for a in kms_actions() {
        let on_key = a.resource != ResourceKind::None;
        for key in ["kms:KeySpec", "kms:KeyUsage", "kms:KeyOrigin", "kms:MultiRegion", "kms:MultiRegionKeyType"] {
            // CreateKey has no key resource but its SAR row lists the key properties it sets.
            let expected = on_key || a.name == "kms:CreateKey";
            assert_eq!(action_carries_key(a.name, key), expected, "{} {key}", a.name);
        }
        assert_eq!(action_carries_key(a.name, "kms:ResourceAliases"), on_key, "{}", a.name);
    }
}

#[test]
fn unknown_actions_are_not_judged() {
    assert!(action_carries_key("s3:GetObject", "kms:ViaService"));
    assert!(action_carries_key("kms:Decrpyt", "kms:Anything"));
    assert!(action_carries_key("kms:*", "kms:EncryptionContext:x"));
}

#[test]
fn key_types() {
    for key in [
        "kms:EncryptionContextKeys",
        "kms:GrantOperations",
        "kms:ResourceAliases",
        "aws:TagKeys",
        "aws:PrincipalOrgPaths",
        "aws:PrincipalServiceNamesList",
        "aws:CalledVia",
        "sts:TransitiveTagKeys",
    ] {
        assert_eq!(condition_key_type(key), Some(KeyType::ArrayOfString), "{key}");
        assert!(is_multivalued_key(key), "{key}");
    }
    for (key, ty) in [
        ("kms:EncryptionContext:app", KeyType::String),
        ("kms:CallerAccount", KeyType::String),
        ("kms:ViaService", KeyType::String),
        ("kms:GrantIsForAWSResource", KeyType::Bool),
        ("kms:MultiRegion", KeyType::Bool),
        ("kms:ReEncryptOnSameKey", KeyType::Bool),
        ("kms:ScheduleKeyDeletionPendingWindowInDays", KeyType::Numeric),
        ("kms:ValidTo", KeyType::Date),
        ("kms:GrantConstraintSourceArn", KeyType::Arn),
        ("aws:SourceIp", KeyType::Ip),
        ("aws:PrincipalArn", KeyType::Arn),
        ("aws:CurrentTime", KeyType::Date),
        ("aws:MultiFactorAuthAge", KeyType::Numeric),
        ("aws:SecureTransport", KeyType::Bool),
        ("sts:ExternalId", KeyType::String),
        ("sts:RequestContextProviders", KeyType::ArrayOfArn),
        ("iam:ResourceTag/team", KeyType::String),
    ] {
        assert_eq!(condition_key_type(key), Some(ty), "{key}");
    }
    assert!(!is_multivalued_key("kms:EncryptionContext:app"), "single-valued, one key per context key");
    assert!(!is_multivalued_key("kms:CallerAccount"));
    assert!(!is_multivalued_key("kms:NoSuchKey"));
    assert_eq!(condition_key_type("kms:NoSuchKey"), None);
    assert_eq!(condition_key_type("s3:prefix"), None);
}

#[test]
fn known_keys() {
    for key in ["kms:ViaService", "KMS:VIASERVICE", "kms:WrappingKeySpec", "sts:ExternalId", "aws:SourceIp"] {
        assert!(is_known_condition_key(key), "{key}");
    }
    for key in ["kms:CallerAcount", "kms:EncryptionContext", "s3:prefix", "", ":", "kms:"] {
        assert!(!is_known_condition_key(key), "{key}");
    }
}

#[test]
fn condition_key_did_you_mean() {
    assert_eq!(suggest_condition_key("kms:EncryptionContxt:app").as_deref(), Some("kms:EncryptionContext:app"));
    assert_eq!(suggest_condition_key("kms:CallerAcount").as_deref(), Some("kms:CallerAccount"));
    assert_eq!(suggest_condition_key("kms:ViaServce").as_deref(), Some("kms:ViaService"));
    assert_eq!(suggest_condition_key("kms:ViaServices").as_deref(), Some("kms:ViaService"));
    assert_eq!(suggest_condition_key("kms:EncryptionContextKey").as_deref(), Some("kms:EncryptionContextKeys"));
    assert_eq!(suggest_condition_key("aws:PrincipalTg/Team").as_deref(), Some("aws:PrincipalTag/Team"));
    assert_eq!(suggest_condition_key("kms:SourceIp").as_deref(), Some("aws:SourceIp"));
    assert_eq!(suggest_condition_key("sts:ExternalID2").as_deref(), Some("sts:ExternalId"));
    assert_eq!(suggest_condition_key("kms:CallerAccount"), None, "already known");
    assert_eq!(suggest_condition_key("kms:Completely"), None);
    assert_eq!(suggest_condition_key(""), None);
}

#[test]
fn sts_trust_policy_actions_and_keys() {
    for name in [
        "sts:AssumeRole",
        "sts:AssumeRoleWithSAML",
        "sts:AssumeRoleWithWebIdentity",
        "sts:TagSession",
        "sts:SetSourceIdentity",
        "sts:SetContext",
    ] {
        let a = sts_action(name).unwrap_or_else(|| panic!("{name}"));
        assert_eq!(a.name, name);
        assert!(a.role_resource, "{name}");
    }
    assert!(sts_actions().iter().any(|a| a.name == "sts:GetCallerIdentity" && !a.role_resource));
    for key in [
        "sts:ExternalId",
        "sts:RoleSessionName",
        "sts:SourceIdentity",
        "sts:TransitiveTagKeys",
        "aws:RequestTag/project",
        "aws:TagKeys",
        "iam:ResourceTag/team",
        "saml:sub",
    ] {
        assert!(action_carries_key("sts:AssumeRole", key), "{key}");
    }
    assert!(!action_carries_key("sts:AssumeRole", "kms:CallerAccount"));
    assert!(!action_carries_key("sts:AssumeRoleWithSAML", "sts:ExternalId"));
    assert!(action_carries_key("sts:AssumeRoleWithSAML", "saml:edupersonaffiliation"));
    assert!(action_carries_key("sts:AssumeRoleWithWebIdentity", "token.actions.githubusercontent.com:sub"));
    assert!(action_carries_key("sts:AssumeRoleWithWebIdentity", "accounts.google.com:aud"));
    assert!(action_carries_key("sts:TagSession", "sts:TransitiveTagKeys"));
    assert!(action_carries_key("sts:SetSourceIdentity", "sts:SourceIdentity"));
    assert!(action_carries_key("sts:SetContext", "sts:RequestContext/app"));
    assert!(!action_carries_key("sts:TagSession", "sts:ExternalId"));
    assert_eq!(suggest_action("sts:TagSesion"), Some("sts:TagSession"));
}

#[test]
fn odd_inputs_never_panic() {
    let long = "k".repeat(10_000);
    let odd = [
        "",
        ":",
        "::",
        "kms:",
        ":Decrypt",
        "kms::Decrypt",
        "*",
        "kms:*",
        "${",
        "kms:${x}",
        "aws:PrincipalTag/",
        "é:ü",
        "kms:Ωmega",
        "\u{0}",
        "kms:EncryptionContext:",
        long.as_str(),
    ];
    for a in odd {
        let _ = kms_action(a);
        let _ = sts_action(a);
        let _ = canonical_action(a);
        let _ = suggest_action(a);
        let _ = is_modelled_service(a);
        let _ = is_grant_operation(a);
        for k in odd {
            let _ = action_carries_key(a, k);
        }
        let _ = is_global_condition_key(a);
        let _ = condition_key_type(a);
        let _ = is_multivalued_key(a);
        let _ = suggest_condition_key(a);
        let _ = is_known_condition_key(a);
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn lookups_never_panic(s in "\\PC{0,80}") {
            let _ = suggest_action(&s);
            let _ = suggest_condition_key(&s);
            let _ = action_carries_key("kms:Decrypt", &s);
            let _ = action_carries_key(&s, "kms:ViaService");
            let _ = condition_key_type(&s);
        }

        #[test]
        fn every_action_is_found_in_any_case(i in 0usize..56, upper in any::<bool>()) {
            let name = kms_actions()[i].name;
            let typed = if upper { name.to_ascii_uppercase() } else { name.to_ascii_lowercase() };
            prop_assert_eq!(canonical_action(&typed), Some(name));
            prop_assert_eq!(suggest_action(&typed), Some(name));
        }

        #[test]
        fn one_typo_in_a_long_action_is_corrected(i in 0usize..56, pos in 0usize..64) {
            let name = kms_actions()[i].name;
            let op = &name[4..];
            prop_assume!(op.len() >= 8);
            let pos = pos % op.len();
            let mut typo: Vec<char> = op.chars().collect();
            typo.remove(pos);
            let typed = format!("kms:{}", typo.into_iter().collect::<String>());
            prop_assume!(canonical_action(&typed).is_none());
            prop_assert!(suggest_action(&typed).is_some(), "{} from {}", typed, name);
        }
    }
}
