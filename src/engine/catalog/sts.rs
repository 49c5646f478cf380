//! STS actions and the condition keys each carries.
//!
//! Source: SAR, "Actions, resources, and condition keys for AWS Security Token Service"
//! (<https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssecuritytokenservice.html>),
//! including the permission-only actions; semantics.md section 5 summarizes the AssumeRole keys.
//! Keys are in SAR spelling; `${...}` stands for one or more characters.

/// One STS IAM action.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StsAction {
    /// The IAM action, canonical spelling: `"sts:AssumeRole"`.
    pub name: &'static str,
    /// The condition keys of the SAR action row (all resource types), in SAR spelling.
    /// `sts:AssumeRoleWithWebIdentity` also carries the claims of any OIDC provider
    /// (`token.actions.githubusercontent.com:sub`), which [`super::action_carries_key`] accepts
    /// by shape; only the ones the SAR names are listed.
    pub condition_keys: &'static [&'static str],
    /// Whether the action is authorized on the IAM `role` resource, so it belongs in a role
    /// trust policy (AssumeRole, AssumeRoleWithSAML, AssumeRoleWithWebIdentity, TagSession,
    /// SetSourceIdentity, SetContext).
    pub role_resource: bool,
}

const TAGS: &[&str] = &["aws:RequestTag/${TagKey}", "aws:TagKeys"];

/// Every STS action of the SAR, alphabetical. The six with `role_resource` are the ones a
/// role trust policy uses; the others are listed so that `sts:GetCallerIdentity` is never
/// reported as an unknown action.
static STS_ACTIONS: &[StsAction] = &[
    StsAction {
        name: "sts:AssumeRole",
        condition_keys: &[
            "accounts.google.com:aud",
            "accounts.google.com:sub",
            "aws:RequestTag/${TagKey}",
            "aws:ResourceTag/${TagKey}",
            "aws:TagKeys",
            "cognito-identity.amazonaws.com:amr",
            "cognito-identity.amazonaws.com:aud",
            "cognito-identity.amazonaws.com:sub",
            "graph.facebook.com:app_id",
            "graph.facebook.com:id",
            "iam:ResourceTag/${TagKey}",
            "saml:namequalifier",
            "saml:sub",
            "saml:sub_type",
            "sts:ExternalId",
            "sts:RoleSessionName",
            "sts:SourceIdentity",
            "sts:TransitiveTagKeys",
            "www.amazon.com:app_id",
            "www.amazon.com:user_id",
        ],
        role_resource: true,
    },
    StsAction { name: "sts:AssumeRoleWithSAML", condition_keys: ASSUME_ROLE_WITH_SAML, role_resource: true },
    StsAction {
        name: "sts:AssumeRoleWithWebIdentity",
        condition_keys: ASSUME_ROLE_WITH_WEB_IDENTITY,
        role_resource: true,
    },
    StsAction { name: "sts:AssumeRoot", condition_keys: &["sts:TaskPolicyArn"], role_resource: false },
    StsAction { name: "sts:DecodeAuthorizationMessage", condition_keys: &[], role_resource: false },
    StsAction { name: "sts:GetAccessKeyInfo", condition_keys: &[], role_resource: false },
    StsAction { name: "sts:GetCallerIdentity", condition_keys: &[], role_resource: false },
    StsAction { name: "sts:GetDelegatedAccessToken", condition_keys: &[], role_resource: false },
    StsAction { name: "sts:GetFederationToken", condition_keys: TAGS, role_resource: false },
    StsAction {
        name: "sts:GetServiceBearerToken",
        condition_keys: &["sts:AWSServiceName", "sts:DurationSeconds"],
        role_resource: false,
    },
    StsAction { name: "sts:GetSessionToken", condition_keys: &[], role_resource: false },
    StsAction {
        name: "sts:GetWebIdentityToken",
        condition_keys: &[
            "aws:RequestTag/${TagKey}",
            "aws:TagKeys",
            "sts:DurationSeconds",
            "sts:IdentityTokenAudience",
            "sts:SigningAlgorithm",
        ],
        role_resource: false,
    },
    StsAction {
        name: "sts:SetContext",
        condition_keys: &[
            "aws:ResourceTag/${TagKey}",
            "iam:ResourceTag/${TagKey}",
            "sts:RequestContext/${ContextKey}",
            "sts:RequestContextProviders",
        ],
        role_resource: true,
    },
    StsAction {
        name: "sts:SetSourceIdentity",
        condition_keys: &["aws:ResourceTag/${TagKey}", "iam:ResourceTag/${TagKey}", "sts:SourceIdentity"],
        role_resource: true,
    },
    StsAction { name: "sts:TagGetWebIdentityToken", condition_keys: TAGS, role_resource: false },
    StsAction {
        name: "sts:TagSession",
        condition_keys: &[
            "aws:RequestTag/${TagKey}",
            "aws:ResourceTag/${TagKey}",
            "aws:TagKeys",
            "iam:ResourceTag/${TagKey}",
            "saml:aud",
            "sts:TransitiveTagKeys",
        ],
        role_resource: true,
    },
];

const ASSUME_ROLE_WITH_SAML: &[&str] = &[
    "aws:RequestTag/${TagKey}",
    "aws:ResourceTag/${TagKey}",
    "aws:TagKeys",
    "iam:ResourceTag/${TagKey}",
    "saml:aud",
    "saml:cn",
    "saml:commonName",
    "saml:doc",
    "saml:eduorghomepageuri",
    "saml:eduorgidentityauthnpolicyuri",
    "saml:eduorglegalname",
    "saml:eduorgsuperioruri",
    "saml:eduorgwhitepagesuri",
    "saml:edupersonaffiliation",
    "saml:edupersonassurance",
    "saml:edupersonentitlement",
    "saml:edupersonnickname",
    "saml:edupersonorgdn",
    "saml:edupersonorgunitdn",
    "saml:edupersonprimaryaffiliation",
    "saml:edupersonprimaryorgunitdn",
    "saml:edupersonprincipalname",
    "saml:edupersonscopedaffiliation",
    "saml:edupersontargetedid",
    "saml:givenName",
    "saml:iss",
    "saml:mail",
    "saml:name",
    "saml:namequalifier",
    "saml:organizationStatus",
    "saml:primaryGroupSID",
    "saml:sub",
    "saml:sub_type",
    "saml:surname",
    "saml:uid",
    "saml:x500UniqueIdentifier",
    "sts:RoleSessionName",
    "sts:SourceIdentity",
    "sts:TransitiveTagKeys",
];

/// The SAR row of AssumeRoleWithWebIdentity: the identity providers it names, then the
/// AWS keys. Claims of other OIDC providers are accepted by shape (see `keys.rs`).
const ASSUME_ROLE_WITH_WEB_IDENTITY: &[&str] = &[
    "accounts.google.com:aud",
    "accounts.google.com:google/organization_number",
    "accounts.google.com:oaud",
    "accounts.google.com:sub",
    "agent.${Domain}.buildkite.dev:build_branch",
    "agent.${Domain}.buildkite.dev:cluster_id",
    "agent.${Domain}.buildkite.dev:cluster_name",
    "agent.${Domain}.buildkite.dev:organization_id",
    "agent.${Domain}.buildkite.dev:organization_slug",
    "agent.${Domain}.buildkite.dev:pipeline_id",
    "agent.${Domain}.buildkite.dev:pipeline_slug",
    "agent.${Domain}.buildkite.site:build_branch",
    "agent.${Domain}.buildkite.site:cluster_id",
    "agent.${Domain}.buildkite.site:cluster_name",
    "agent.${Domain}.buildkite.site:organization_id",
    "agent.${Domain}.buildkite.site:organization_slug",
    "agent.${Domain}.buildkite.site:pipeline_id",
    "agent.${Domain}.buildkite.site:pipeline_slug",
    "agent.buildkite.com:build_branch",
    "agent.buildkite.com:cluster_id",
    "agent.buildkite.com:cluster_name",
    "agent.buildkite.com:organization_id",
    "agent.buildkite.com:organization_slug",
    "agent.buildkite.com:pipeline_id",
    "agent.buildkite.com:pipeline_slug",
    "aws:RequestTag/${TagKey}",
    "aws:ResourceTag/${TagKey}",
    "aws:TagKeys",
    "cognito-identity.amazonaws.com:amr",
    "cognito-identity.amazonaws.com:aud",
    "cognito-identity.amazonaws.com:sub",
    "github.com/enterprises/${EnterpriseName}:actor",
    "github.com/enterprises/${EnterpriseName}:actor_id",
    "github.com/enterprises/${EnterpriseName}:enterprise_id",
    "github.com/enterprises/${EnterpriseName}:environment",
    "github.com/enterprises/${EnterpriseName}:job_workflow_ref",
    "github.com/enterprises/${EnterpriseName}:ref",
    "github.com/enterprises/${EnterpriseName}:repository",
    "github.com/enterprises/${EnterpriseName}:repository_id",
    "github.com/enterprises/${EnterpriseName}:repository_owner_id",
    "github.com/enterprises/${EnterpriseName}:workflow",
    "gitlab.com:namespace_id",
    "gitlab.com:pipeline_source",
    "gitlab.com:project_id",
    "gitlab.com:ref_protected",
    "gitlab.com:runner_environment",
    "gitlab.com:user_access_level",
    "gitlab.com:user_email",
    "gitlab.com:user_id",
    "gitlab.com:user_login",
    "graph.facebook.com:app_id",
    "graph.facebook.com:id",
    "iam:ResourceTag/${TagKey}",
    "idcs-${OciUniqueIdentifier}.identity.oraclecloud.com:rpst_id",
    "oidc.circleci.com/org/${OrgId}:oidc.circleci.com/project-id",
    "sts:RoleAuthorizedByIdp",
    "sts:RoleSessionName",
    "sts:SourceIdentity",
    "sts:TransitiveTagKeys",
    "token.actions.${Domain}.ghe.com:actor",
    "token.actions.${Domain}.ghe.com:actor_id",
    "token.actions.${Domain}.ghe.com:enterprise_id",
    "token.actions.${Domain}.ghe.com:environment",
    "token.actions.${Domain}.ghe.com:job_workflow_ref",
    "token.actions.${Domain}.ghe.com:ref",
    "token.actions.${Domain}.ghe.com:repository",
    "token.actions.${Domain}.ghe.com:repository_id",
    "token.actions.${Domain}.ghe.com:repository_owner_id",
    "token.actions.${Domain}.ghe.com:workflow",
    "token.actions.githubusercontent.com/${SubPath}:actor",
    "token.actions.githubusercontent.com/${SubPath}:actor_id",
    "token.actions.githubusercontent.com/${SubPath}:enterprise_id",
    "token.actions.githubusercontent.com/${SubPath}:environment",
    "token.actions.githubusercontent.com/${SubPath}:job_workflow_ref",
    "token.actions.githubusercontent.com/${SubPath}:ref",
    "token.actions.githubusercontent.com/${SubPath}:repository",
    "token.actions.githubusercontent.com/${SubPath}:repository_id",
    "token.actions.githubusercontent.com/${SubPath}:repository_owner_id",
    "token.actions.githubusercontent.com/${SubPath}:workflow",
    "token.actions.githubusercontent.com:actor",
    "token.actions.githubusercontent.com:actor_id",
    "token.actions.githubusercontent.com:enterprise_id",
    "token.actions.githubusercontent.com:environment",
    "token.actions.githubusercontent.com:job_workflow_ref",
    "token.actions.githubusercontent.com:ref",
    "token.actions.githubusercontent.com:repository",
    "token.actions.githubusercontent.com:repository_id",
    "token.actions.githubusercontent.com:repository_owner_id",
    "token.actions.githubusercontent.com:workflow",
    "www.amazon.com:app_id",
    "www.amazon.com:user_id",
];

/// Every STS action the SAR defines, alphabetical (including the permission-only ones).
pub fn sts_actions() -> &'static [StsAction] {
    STS_ACTIONS
}

/// The STS action called `name`, case-insensitive on prefix and name (`"STS:assumerole"`
/// finds `sts:AssumeRole`). Wildcards are not expanded.
pub fn sts_action(name: &str) -> Option<&'static StsAction> {
    let (service, op) = name.split_once(':')?;
    if !service.eq_ignore_ascii_case("sts") {
        return None;
    }
    STS_ACTIONS.iter().find(|a| a.name.get(4..).is_some_and(|n| n.eq_ignore_ascii_case(op)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorted_unique_and_prefixed() {
        let names: Vec<&str> = sts_actions().iter().map(|a| a.name).collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(names, sorted);
        assert!(names.iter().all(|n| n.starts_with("sts:")));
    }

    #[test]
    fn trust_policy_actions() {
        let role: Vec<&str> = sts_actions().iter().filter(|a| a.role_resource).map(|a| a.name).collect();
        assert_eq!(
            role,
            [
                "sts:AssumeRole",
                "sts:AssumeRoleWithSAML",
                "sts:AssumeRoleWithWebIdentity",
                "sts:SetContext",
                "sts:SetSourceIdentity",
                "sts:TagSession",
            ]
        );
    }

    #[test]
    fn lookup() {
        assert_eq!(sts_action("STS:assumerolewithwebidentity").map(|a| a.name), Some("sts:AssumeRoleWithWebIdentity"));
        assert!(sts_action("sts:AssumeRole*").is_none());
        assert!(sts_action("kms:AssumeRole").is_none());
        assert!(sts_action("AssumeRole").is_none());
    }
}
