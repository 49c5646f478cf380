//! "Try it": the AWS CLI commands that make a request for real (seeds/003 shows the pattern):
//! for a `via` chain, `aws sts assume-role` for each role with the session credentials
//! exported, then the KMS call itself with the right subcommand and placeholder arguments.
//!
//! Conventions:
//! - `--key-id` is the request's `keyId` when it has one (the request is reproduced as asked),
//!   otherwise the full key ARN: a caller in another account must use the ARN, and the ARN
//!   works in the key's own account too.
//! - `--region` is the key ARN's region (a KMS key lives in one region; the STS calls use the
//!   same regional endpoint, which also works in `aws-cn`, where there is no global STS).
//! - `--profile account-ACCOUNT` names a CLI profile (`~/.aws/config`) holding credentials of
//!   the caller; it is named after the caller's account because that is all the scenario
//!   knows about where the credentials live. After `assume-role` the exported session
//!   credentials are used instead, so those calls carry no `--profile` (it would override them).
//! - Every value that comes from the scenario is shell-quoted with [`quote`]; the constant
//!   placeholders (`fileb://ciphertext.bin`, `"$GRANT_ID"`) are written by this module.
//!
//! Pure and total: any request, however hostile, gives a list of steps.

use super::catalog;
use super::scenario::{Request, Scenario};

/// The session name `assume-role` is called with.
pub const SESSION_NAME: &str = "kmsplay-try";

/// One step: what it does, and the shell command (empty when there is nothing to run).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// A sentence saying what the command does and why it looks as it does.
    pub comment: String,
    /// A `bash` command line (may contain a pipeline); empty for a comment-only step.
    pub command: String,
}

/// Everything the commands depend on.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TryRequest {
    /// The caller: user, role, assumed-role session or account root ARN.
    pub principal: String,
    /// The IAM action, e.g. `kms:Decrypt`.
    pub action: String,
    /// The key ARN.
    pub key_arn: String,
    /// How the caller names the key, when not by key ARN.
    pub key_id: Option<String>,
    /// The key spec (`SYMMETRIC_DEFAULT`, `RSA_2048`, `HMAC_256`, ...) for algorithm arguments.
    pub key_spec: String,
    /// Roles assumed first, in order.
    pub via: Vec<String>,
    /// Encryption context pairs.
    pub encryption_context: Vec<(String, String)>,
    /// Grant tokens to pass.
    pub grant_tokens: Vec<String>,
    /// For CreateGrant: the operations (from `kms:GrantOperations`; default `Decrypt`).
    pub grant_operations: Vec<String>,
    /// For CreateGrant: the grantee (from `kms:GranteePrincipal`; default the caller).
    pub grantee: Option<String>,
    /// For CreateGrant: the retiring principal (from `kms:RetiringPrincipal`).
    pub retiring_principal: Option<String>,
}

fn context_values<'a>(r: &'a Request, key: &str) -> Option<&'a [String]> {
    r.context.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)).map(|(_, v)| v.as_slice())
}

impl TryRequest {
    /// The commands' inputs for request `r` of scenario `sc` (a matrix cell is
    /// `eval::cell_request`).
    pub fn from_request(sc: &Scenario, r: &Request) -> TryRequest {
        let mut encryption_context = r.encryption_context.clone();
        const EC: &str = "kms:encryptioncontext:";
        for (k, values) in &r.context {
            let Some(name) = k.get(..EC.len()).filter(|p| p.eq_ignore_ascii_case(EC)).and_then(|_| k.get(EC.len()..))
            else {
                continue;
            };
            if let Some(v) = values.first() {
                if !encryption_context.iter().any(|(have, _)| have == name) {
                    encryption_context.push((name.to_string(), v.clone()));
                }
            }
        }
        let first = |key: &str| context_values(r, key).and_then(|v| v.first()).cloned();
        TryRequest {
            principal: r.principal.clone(),
            action: r.action.clone(),
            key_arn: sc.key.arn.clone(),
            key_id: r.key_id.clone(),
            key_spec: sc.key.spec.clone(),
            via: r.via.clone(),
            encryption_context,
            grant_tokens: r.grant_tokens.clone(),
            grant_operations: context_values(r, "kms:GrantOperations").map(<[String]>::to_vec).unwrap_or_default(),
            grantee: first("kms:GranteePrincipal"),
            retiring_principal: first("kms:RetiringPrincipal"),
        }
    }
}

/// Quote `s` as one POSIX shell word: unchanged when it has only characters no shell treats
/// specially, otherwise in single quotes (inside which nothing is special; a `'` is written
/// `'\''`). A small function rather than a crate: the engine is in the web bundle, and this is
/// all it needs. NUL characters cannot be in a command-line argument and are dropped.
pub fn quote(s: &str) -> String {
    let safe = |c: char| c.is_ascii_alphanumeric() || "_-.,:/@%+=".contains(c);
    let s: String = s.chars().filter(|&c| c != '\0').collect();
    if !s.is_empty() && s.chars().all(safe) {
        return s;
    }
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    for c in s.chars() {
        if c == '\'' {
            out.push_str("'\\''");
        } else {
            out.push(c);
        }
    }
    out.push('\'');
    out
}

/// The AWS CLI's spelling of an API operation: kebab-case (`GenerateDataKeyWithoutPlaintext`
/// → `generate-data-key-without-plaintext`).
pub fn kebab(operation: &str) -> String {
    let mut out = String::with_capacity(operation.len() + 8);
    let mut prev_lower = false;
    for c in operation.chars() {
        if c.is_ascii_uppercase() {
            if prev_lower {
                out.push('-');
            }
            out.push(c.to_ascii_lowercase());
            prev_lower = false;
        } else {
            out.push(c);
            prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        }
    }
    out
}

/// The `aws kms` subcommand that exercises `action` (`kms:Decrypt` → `decrypt`; both
/// ReEncrypt halves → `re-encrypt`); `None` for an unknown action or one with no operation
/// (`kms:SynchronizeMultiRegionKey`).
pub fn cli_subcommand(action: &str) -> Option<String> {
    let info = catalog::kms_action(action)?;
    let op = info.name.strip_prefix("kms:")?;
    match op {
        "SynchronizeMultiRegionKey" => None,
        "ReEncryptFrom" | "ReEncryptTo" => Some("re-encrypt".into()),
        _ => Some(kebab(op)),
    }
}

/// The account of an IAM or STS ARN (empty when it has none).
fn account_of(arn: &str) -> &str {
    super::arn::ArnParts::parse(arn).map_or("", |a| a.account)
}

/// The CLI profile named after the caller's account.
fn profile_for(principal: &str) -> String {
    match account_of(principal) {
        "" => "caller".into(),
        acct => format!("account-{acct}"),
    }
}

/// Signing algorithm for a key spec (placeholder the user may change).
fn signing_algorithm(spec: &str) -> &'static str {
    match spec {
        s if s.starts_with("ECC_NIST_P384") => "ECDSA_SHA_384",
        s if s.starts_with("ECC_NIST_P521") => "ECDSA_SHA_512",
        s if s.starts_with("ECC") => "ECDSA_SHA_256",
        s if s.starts_with("SM2") => "SM2DSA",
        s if s.starts_with("ML_DSA") => "ML_DSA_SHAKE_256",
        _ => "RSASSA_PSS_SHA_256",
    }
}

/// MAC algorithm for an HMAC key spec.
fn mac_algorithm(spec: &str) -> &'static str {
    match spec {
        "HMAC_224" => "HMAC_SHA_224",
        "HMAC_384" => "HMAC_SHA_384",
        "HMAC_512" => "HMAC_SHA_512",
        _ => "HMAC_SHA_256",
    }
}

/// Encryption algorithm argument an asymmetric key needs for Encrypt/Decrypt.
fn encryption_algorithm(spec: &str) -> Option<&'static str> {
    if spec.starts_with("RSA") {
        Some("RSAES_OAEP_SHA_256")
    } else if spec.starts_with("SM2") {
        Some("SM2PKE")
    } else {
        None
    }
}

/// Whether the shorthand `k=v,k2=v2` reads back exactly (no characters the CLI's shorthand
/// parser treats specially); otherwise the JSON form is used.
fn shorthand_safe(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "_-./:@+".contains(c))
}

/// The encryption context as one CLI value: `k=v,k2=v2` when that is unambiguous, else JSON.
fn context_value(pairs: &[(String, String)]) -> String {
    if pairs.iter().all(|(k, v)| shorthand_safe(k) && shorthand_safe(v)) {
        pairs.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(",")
    } else {
        let map: serde_json::Map<String, serde_json::Value> =
            pairs.iter().map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone()))).collect();
        serde_json::Value::Object(map).to_string()
    }
}

/// Operations whose API takes `GrantTokens`.
const TAKES_GRANT_TOKENS: &[&str] = &[
    "CreateGrant",
    "Decrypt",
    "DeriveSharedSecret",
    "DescribeKey",
    "Encrypt",
    "GenerateDataKey",
    "GenerateDataKeyPair",
    "GenerateDataKeyPairWithoutPlaintext",
    "GenerateDataKeyWithoutPlaintext",
    "GenerateMac",
    "GetPublicKey",
    "ReEncryptFrom",
    "ReEncryptTo",
    "Sign",
    "Verify",
    "VerifyMac",
];

/// A command line being assembled from shell words.
struct Cmd(Vec<String>);

impl Cmd {
    fn new(sub: &str) -> Cmd {
        Cmd(vec!["aws".into(), "kms".into(), sub.into()])
    }
    /// A flag and a value from the scenario (quoted).
    fn arg(&mut self, flag: &str, value: &str) -> &mut Cmd {
        self.0.push(flag.into());
        self.0.push(quote(value));
        self
    }
    /// Words written by this module (not quoted again).
    fn raw(&mut self, words: &[&str]) -> &mut Cmd {
        self.0.extend(words.iter().map(|w| (*w).to_string()));
        self
    }
    fn line(&self) -> String {
        self.0.join(" ")
    }
}

/// The steps that make `req` for real, in order.
pub fn steps(req: &TryRequest) -> Vec<Step> {
    let mut out = Vec::new();
    let key = super::arn::ArnParts::parse(&req.key_arn).ok();
    let region = key.as_ref().map_or("", |k| k.region);
    let partition = key.as_ref().map_or("aws", |k| k.partition);
    let key_account = key.as_ref().map_or("", |k| k.account);
    let Some(info) = catalog::kms_action(&req.action) else {
        out.push(Step {
            comment: format!("{} is not a KMS action kmsplay knows, so there is no command to run.", req.action),
            command: String::new(),
        });
        return out;
    };
    let op = info.name.strip_prefix("kms:").unwrap_or(info.name);
    let Some(sub) = cli_subcommand(info.name) else {
        out.push(Step {
            comment: format!("{} has no API operation of its own: {}", info.name, info.api_operation),
            command: String::new(),
        });
        return out;
    };
    let profile = profile_for(&req.principal);
    let partition_note = if partition == "aws" {
        String::new()
    } else {
        format!(" The key is in partition {partition}: the profile must hold credentials of that partition.")
    };

    // 1. the role chain
    for (i, role) in req.via.iter().enumerate() {
        let mut words = vec![
            "aws".to_string(),
            "sts".into(),
            "assume-role".into(),
            "--role-arn".into(),
            quote(role),
            "--role-session-name".into(),
            SESSION_NAME.into(),
        ];
        if !region.is_empty() {
            words.push("--region".into());
            words.push(quote(region));
        }
        let comment = if i == 0 {
            words.push("--profile".into());
            words.push(quote(&profile));
            format!(
                "As {} (CLI profile {profile}, named after the caller's account), assume role {role} and export \
                 the session's credentials into this shell (piping the exports to `bash` would set them in a \
                 subshell only).{partition_note}",
                req.principal
            )
        } else {
            format!("With the previous role's session, assume role {role} and export its credentials.")
        };
        let call = words.join(" ");
        out.push(Step {
            comment,
            command: format!(
                "read -r AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN < <({call} --query \
                 'Credentials.[AccessKeyId,SecretAccessKey,SessionToken]' --output text) && export \
                 AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN"
            ),
        });
    }

    // 2. the call
    let key_id = req.key_id.clone().unwrap_or_else(|| req.key_arn.clone());
    let caller = req.via.last().unwrap_or(&req.principal);
    let caller_account = account_of(caller);
    let cross_account = !caller_account.is_empty() && !key_account.is_empty() && caller_account != key_account;
    let mut notes: Vec<String> = Vec::new();
    if cross_account {
        let ids = info.cross_account_ids;
        let form_ok = if key_id == req.key_arn {
            ids.key_arn
        } else if key_id.starts_with("arn:") && key_id.contains(":alias/") {
            ids.alias_arn
        } else if key_id.starts_with("arn:") {
            ids.key_arn
        } else if key_id.starts_with("alias/") {
            ids.alias_name
        } else {
            ids.key_id
        };
        if !form_ok {
            notes.push(format!(
                "The caller is in account {caller_account}, the key in {key_account}: {} does not reach the key \
                 from another account for {}; use the key ARN.",
                key_id, info.name
            ));
        } else if key_id != req.key_arn {
            notes.push(format!(
                "The caller is in account {caller_account}, the key in {key_account}: {} accepts this identifier \
                 from another account.",
                info.name
            ));
        } else {
            notes.push(format!(
                "The caller is in account {caller_account}, the key in {key_account}: a caller in another account \
                 must name the key by its ARN."
            ));
        }
    }
    let mut cmd = Cmd::new(&sub);
    let mut tail: &[&str] = &[];
    let mut prep: Option<Step> = None;
    let spec = req.key_spec.as_str();
    let message_prep = || Step {
        comment: "Write a test message to sign or MAC.".into(),
        command: "printf '%s' 'Hello, World!' > message.txt".into(),
    };
    match op {
        "Encrypt" => {
            prep = Some(Step {
                comment: "Write a test plaintext.".into(),
                command: "printf '%s' 'Hello, World!' > plaintext.txt".into(),
            });
            cmd.arg("--key-id", &key_id).raw(&["--plaintext", "fileb://plaintext.txt"]);
            if let Some(alg) = encryption_algorithm(spec) {
                cmd.raw(&["--encryption-algorithm", alg]);
            }
            tail = &["--output", "text", "--query", "CiphertextBlob", "|", "base64", "--decode", ">", "ciphertext.bin"];
        }
        "Decrypt" => {
            notes.push("ciphertext.bin is a ciphertext made under this key (kms:Encrypt's command writes one).".into());
            cmd.arg("--key-id", &key_id).raw(&["--ciphertext-blob", "fileb://ciphertext.bin"]);
            if let Some(alg) = encryption_algorithm(spec) {
                cmd.raw(&["--encryption-algorithm", alg]);
            }
            tail = &["--output", "text", "--query", "Plaintext", "|", "base64", "--decode"];
        }
        "ReEncryptFrom" => {
            notes.push(
                "This key is the source: ciphertext.bin was made under it; set DESTINATION_KEY_ARN to the key to \
                 re-encrypt under (that key needs kms:ReEncryptTo)."
                    .into(),
            );
            cmd.raw(&["--ciphertext-blob", "fileb://ciphertext.bin"])
                .arg("--source-key-id", &key_id)
                .raw(&["--destination-key-id", "\"$DESTINATION_KEY_ARN\""]);
        }
        "ReEncryptTo" => {
            notes.push(
                "This key is the destination: ciphertext.bin was made under another key (set SOURCE_KEY_ARN; it \
                 needs kms:ReEncryptFrom)."
                    .into(),
            );
            cmd.raw(&["--ciphertext-blob", "fileb://ciphertext.bin", "--source-key-id", "\"$SOURCE_KEY_ARN\""])
                .arg("--destination-key-id", &key_id);
        }
        "GenerateDataKey" | "GenerateDataKeyWithoutPlaintext" => {
            cmd.arg("--key-id", &key_id).raw(&["--key-spec", "AES_256"]);
            tail = &["--output", "text", "--query", "CiphertextBlob"];
        }
        "GenerateDataKeyPair" | "GenerateDataKeyPairWithoutPlaintext" => {
            cmd.arg("--key-id", &key_id).raw(&["--key-pair-spec", "RSA_2048"]);
            tail = &["--output", "text", "--query", "PublicKey"];
        }
        "Sign" => {
            prep = Some(message_prep());
            cmd.arg("--key-id", &key_id).raw(&[
                "--message",
                "fileb://message.txt",
                "--message-type",
                "RAW",
                "--signing-algorithm",
                signing_algorithm(spec),
            ]);
            tail = &["--output", "text", "--query", "Signature", "|", "base64", "--decode", ">", "signature.bin"];
        }
        "Verify" => {
            prep = Some(message_prep());
            cmd.arg("--key-id", &key_id).raw(&[
                "--message",
                "fileb://message.txt",
                "--message-type",
                "RAW",
                "--signature",
                "fileb://signature.bin",
                "--signing-algorithm",
                signing_algorithm(spec),
            ]);
        }
        "GenerateMac" => {
            prep = Some(message_prep());
            cmd.arg("--key-id", &key_id).raw(&[
                "--message",
                "fileb://message.txt",
                "--mac-algorithm",
                mac_algorithm(spec),
            ]);
            tail = &["--output", "text", "--query", "Mac", "|", "base64", "--decode", ">", "mac.bin"];
        }
        "VerifyMac" => {
            prep = Some(message_prep());
            cmd.arg("--key-id", &key_id).raw(&[
                "--message",
                "fileb://message.txt",
                "--mac-algorithm",
                mac_algorithm(spec),
                "--mac",
                "fileb://mac.bin",
            ]);
        }
        "DeriveSharedSecret" => {
            cmd.arg("--key-id", &key_id).raw(&[
                "--key-agreement-algorithm",
                "ECDH",
                "--public-key",
                "fileb://peer-public-key.der",
            ]);
        }
        "GetPublicKey" => {
            cmd.arg("--key-id", &key_id);
            tail = &["--output", "text", "--query", "PublicKey", "|", "base64", "--decode", ">", "public-key.der"];
        }
        "CreateGrant" => {
            notes.push(
                "The output holds GrantToken and GrantId: pass the token with --grant-tokens until the grant has \
                 spread (up to about 5 minutes), and the ID to retire-grant or revoke-grant."
                    .into(),
            );
            let grantee = req.grantee.clone().unwrap_or_else(|| caller.clone());
            cmd.arg("--key-id", &key_id).arg("--grantee-principal", &grantee);
            cmd.0.push("--operations".into());
            if req.grant_operations.is_empty() {
                cmd.0.push("Decrypt".into());
            } else {
                cmd.0.extend(req.grant_operations.iter().map(|o| quote(o)));
            }
            if let Some(r) = &req.retiring_principal {
                cmd.arg("--retiring-principal", r);
            }
        }
        "RetireGrant" => match req.grant_tokens.first() {
            Some(token) => {
                cmd.arg("--grant-token", token);
            }
            None => {
                cmd.arg("--key-id", &key_id).raw(&["--grant-id", "\"$GRANT_ID\""]);
            }
        },
        "RevokeGrant" => {
            notes.push("RevokeGrant takes no grant tokens; GRANT_ID is the ID create-grant printed.".into());
            cmd.arg("--key-id", &key_id).raw(&["--grant-id", "\"$GRANT_ID\""]);
        }
        "ListRetirableGrants" => {
            cmd.arg("--retiring-principal", caller);
        }
        "CreateKey" => {
            cmd.raw(&["--description", "'created by kmsplay try-it'"]);
        }
        "GenerateRandom" => {
            cmd.raw(&["--number-of-bytes", "32"]);
        }
        "ListKeys" | "DescribeCustomKeyStores" => {}
        "ListAliases" => {
            cmd.arg("--key-id", &key_id);
        }
        "CreateAlias" | "UpdateAlias" => {
            cmd.raw(&["--alias-name", "alias/kmsplay-try"]).arg("--target-key-id", &key_id);
        }
        "DeleteAlias" => {
            cmd.raw(&["--alias-name", "alias/kmsplay-try"]);
        }
        "CreateCustomKeyStore" => {
            cmd.raw(&[
                "--custom-key-store-name",
                "kmsplay-store",
                "--cloud-hsm-cluster-id",
                "\"$CLUSTER_ID\"",
                "--trust-anchor-certificate",
                "file://customerCA.crt",
                "--key-store-password",
                "\"$KEY_STORE_PASSWORD\"",
            ]);
        }
        "ConnectCustomKeyStore" | "DeleteCustomKeyStore" | "DisconnectCustomKeyStore" => {
            cmd.raw(&["--custom-key-store-id", "\"$CUSTOM_KEY_STORE_ID\""]);
        }
        "UpdateCustomKeyStore" => {
            cmd.raw(&[
                "--custom-key-store-id",
                "\"$CUSTOM_KEY_STORE_ID\"",
                "--new-custom-key-store-name",
                "kmsplay-store-2",
            ]);
        }
        "GetKeyPolicy" => {
            cmd.arg("--key-id", &key_id).raw(&["--policy-name", "default"]);
            tail = &["--output", "text", "--query", "Policy"];
        }
        "PutKeyPolicy" => {
            notes.push(
                "key-policy.json holds the new key policy (kmsplay's key policy editor, saved to a file).".into(),
            );
            cmd.arg("--key-id", &key_id).raw(&["--policy-name", "default", "--policy", "file://key-policy.json"]);
        }
        "ScheduleKeyDeletion" => {
            notes.push("This really schedules the key for deletion; cancel-key-deletion undoes it.".into());
            cmd.arg("--key-id", &key_id).raw(&["--pending-window-in-days", "7"]);
        }
        "TagResource" => {
            cmd.arg("--key-id", &key_id).raw(&["--tags", "TagKey=kmsplay,TagValue=try"]);
        }
        "UntagResource" => {
            cmd.arg("--key-id", &key_id).raw(&["--tag-keys", "kmsplay"]);
        }
        "UpdateKeyDescription" => {
            cmd.arg("--key-id", &key_id).raw(&["--description", "'updated by kmsplay try-it'"]);
        }
        "GetParametersForImport" => {
            cmd.arg("--key-id", &key_id).raw(&[
                "--wrapping-algorithm",
                "RSAES_OAEP_SHA_256",
                "--wrapping-key-spec",
                "RSA_2048",
            ]);
        }
        "ImportKeyMaterial" => {
            cmd.arg("--key-id", &key_id).raw(&[
                "--encrypted-key-material",
                "fileb://EncryptedKeyMaterial.bin",
                "--import-token",
                "fileb://ImportToken.bin",
                "--expiration-model",
                "KEY_MATERIAL_DOES_NOT_EXPIRE",
            ]);
        }
        "ReplicateKey" => {
            cmd.arg("--key-id", &key_id).raw(&["--replica-region", "\"$REPLICA_REGION\""]);
        }
        "UpdatePrimaryRegion" => {
            cmd.arg("--key-id", &key_id).raw(&["--primary-region", "\"$NEW_PRIMARY_REGION\""]);
        }
        // every other operation on a key takes just the key
        _ => {
            cmd.arg("--key-id", &key_id);
        }
    }
    if !req.encryption_context.is_empty() {
        let flag = match op {
            "Encrypt"
            | "Decrypt"
            | "GenerateDataKey"
            | "GenerateDataKeyWithoutPlaintext"
            | "GenerateDataKeyPair"
            | "GenerateDataKeyPairWithoutPlaintext" => Some("--encryption-context"),
            "ReEncryptFrom" => Some("--source-encryption-context"),
            "ReEncryptTo" => Some("--destination-encryption-context"),
            _ => None,
        };
        match flag {
            Some(flag) => {
                cmd.arg(flag, &context_value(&req.encryption_context));
            }
            None => notes.push(format!("{op} takes no encryption context; the request's context is not passed.")),
        }
    }
    if !req.grant_tokens.is_empty() && TAKES_GRANT_TOKENS.contains(&op) {
        cmd.0.push("--grant-tokens".into());
        cmd.0.extend(req.grant_tokens.iter().map(|t| quote(t)));
    }
    if !region.is_empty() {
        cmd.arg("--region", region);
    }
    let who = if req.via.is_empty() {
        cmd.arg("--profile", &profile);
        format!("As {} (CLI profile {profile}, named after the caller's account)", req.principal)
    } else {
        format!("As the session of {caller} (the exported credentials; no --profile, which would override them)")
    };
    cmd.raw(tail);
    if let Some(p) = prep {
        out.push(p);
    }
    let mut comment = if info.api_operation == op {
        format!("{who}, call {}.", info.name)
    } else {
        format!("{who}, call {} ({}).", info.name, info.api_operation)
    };
    for n in &notes {
        comment.push(' ');
        comment.push_str(n);
    }
    if req.via.is_empty() {
        comment.push_str(&partition_note);
    }
    out.push(Step { comment, command: cmd.line() });
    if !req.via.is_empty() {
        out.push(Step {
            comment: "Go back to your own credentials.".into(),
            command: "unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN".into(),
        });
    }
    out
}

/// The steps as one shell script (comments as `#` lines).
pub fn script(steps: &[Step]) -> String {
    let mut out = String::new();
    for s in steps {
        for line in s.comment.lines() {
            out.push_str("# ");
            out.push_str(line);
            out.push('\n');
        }
        if !s.command.is_empty() {
            out.push_str(&s.command);
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kebab_case_of_operations() {
        assert_eq!(kebab("GenerateDataKeyWithoutPlaintext"), "generate-data-key-without-plaintext");
        assert_eq!(kebab("ReEncrypt"), "re-encrypt");
        assert_eq!(kebab("DescribeKey"), "describe-key");
        assert_eq!(kebab("GetKeyLastUsage"), "get-key-last-usage");
    }

    #[test]
    fn quoting() {
        assert_eq!(quote("arn:aws:kms:us-east-1:111122223333:key/k"), "arn:aws:kms:us-east-1:111122223333:key/k");
        assert_eq!(quote(""), "''");
        assert_eq!(quote("$(rm -rf /)"), "'$(rm -rf /)'");
        assert_eq!(quote("it's"), "'it'\\''s'");
        assert_eq!(quote("a\0b"), "ab");
    }
}
