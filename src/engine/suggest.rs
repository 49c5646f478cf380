//! Least-privilege suggestions (`kmsplay suggest`, SPEC section 5): the smallest policy change
//! that makes one request allowed without changing any other matrix cell, or why none can.
//!
//! The change is found from the decision's reasons (which side is missing), then verified:
//! it is applied, the scenario is evaluated again, and it is kept only if the request is now
//! allowed and every other matrix cell is as before.

use serde::Serialize;
use serde_json::{json, Value as Json};

use super::eval::{self, Caller, CallerKind};
use super::json as strict_json;
use super::report::{Decision, ReasonKind, RequestResult};
use super::scenario::{self, Request, Scenario};
use super::Analysis;

/// A change to one policy: add a statement.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Change {
    /// Policy id (as in reasons); a policy that does not exist yet is created.
    pub policy: String,
    /// The statement to add.
    pub add: Json,
}

/// The answer of `suggest`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Suggestion {
    /// Changes that make the request allowed (empty when none can).
    pub changes: Vec<Change>,
    /// Why no change can help, when none can.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub impossible: Option<String>,
    /// The scenario with the changes applied.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scenario: Option<Json>,
    /// Said with the changes when a statement would already allow the call but for a
    /// condition: the changes allow it without that condition, which may not be what the
    /// condition's author wants.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub caution: Option<String>,
}

impl Suggestion {
    fn impossible(why: impl Into<String>) -> Suggestion {
        Suggestion { changes: Vec::new(), impossible: Some(why.into()), scenario: None, caution: None }
    }
}

/// The [`Suggestion::caution`] for a denied result: the first statement that would allow the
/// call but for a condition (a `not-applicable` reason of `eval::condition_misses`).
fn caution(result: &RequestResult) -> Option<String> {
    let miss = result.reasons.iter().find(|r| eval::is_condition_miss(r))?;
    let statement = match (&miss.sid, miss.statement) {
        (Some(sid), _) if !sid.is_empty() => format!("Statement \"{sid}\""),
        (_, n) => format!("Statement {}", n.unwrap_or_default()),
    };
    Some(format!(
        "{statement} of {} would allow this call if its condition held; the suggested change allows it without that condition. To keep the condition, make the call meet it instead.",
        eval::describe_policy(&miss.policy)
    ))
}

/// Suggest a change for request `index` (0-based) of the analysed scenario.
pub fn suggest(analysis: &Analysis, index: usize) -> Suggestion {
    let sc = analysis.scenario();
    let Some(request) = sc.requests.get(index) else {
        return Suggestion::impossible(format!("there is no request {}", index + 1));
    };
    suggest_for(analysis.source(), sc, request)
}

/// Suggest a change for the matrix cell `principal` × `action` (what the app's fix button does).
pub fn suggest_cell(analysis: &Analysis, principal: &str, action: &str) -> Suggestion {
    suggest_for(analysis.source(), analysis.scenario(), &eval::cell_request(principal, action))
}

fn suggest_for(source: &Json, sc: &Scenario, request: &Request) -> Suggestion {
    let result = eval::evaluate(sc, request);
    if result.decision == Decision::Allow {
        return Suggestion { changes: Vec::new(), impossible: None, scenario: Some(source.clone()), caution: None };
    }
    // One side's fix can uncover the next thing missing (an identity statement, then the
    // permissions boundary): plan again on the changed scenario, a few rounds at most.
    let mut changes: Vec<Change> = Vec::new();
    let mut applied = source.clone();
    let mut now: Option<(Scenario, RequestResult)> = None;
    for _ in 0..PLAN_ROUNDS {
        let (scenario_now, result_now) = now.as_ref().map_or((sc, &result), |(s, r)| (s, r));
        let step = match plan(scenario_now, request, result_now) {
            Ok(step) => step,
            Err(why) if changes.is_empty() => return Suggestion::impossible(why),
            Err(_) => break,
        };
        // (A change already made is not made twice.)
        let step: Vec<Change> = step.into_iter().filter(|c| !changes.contains(c)).collect();
        if step.is_empty() {
            break;
        }
        let Some(next) = apply(&applied, &step) else {
            return Suggestion::impossible("a policy that would need the change does not parse; fix its syntax first");
        };
        changes.extend(step);
        applied = next;
        let after = match scenario::parse(&applied) {
            Ok(after) => after,
            Err(e) => return Suggestion::impossible(e.message),
        };
        let r = eval::evaluate(&after, request);
        let allowed = r.decision == Decision::Allow;
        now = Some((after, r));
        if allowed {
            break;
        }
    }
    // (Every round that did not return applied a change, so `now` is the changed scenario.)
    let Some((after, result_after)) = &now else {
        return Suggestion::impossible(format!("kmsplay found no change that allows this: {}", result.summary));
    };
    match verify(sc, after, result_after, request) {
        Ok(()) => Suggestion { changes, impossible: None, scenario: Some(applied), caution: caution(&result) },
        Err(why) => Suggestion::impossible(why),
    }
}

/// How many times [`suggest_for`] plans: the key policy, the identity policy and the
/// boundary can each be found missing only after the one before was added.
const PLAN_ROUNDS: usize = 3;

/// Decide which statements to add, from what the decision says is missing.
fn plan(sc: &Scenario, request: &Request, result: &RequestResult) -> Result<Vec<Change>, String> {
    if result.decision == Decision::ExplicitDeny {
        let deny = result.reasons.iter().find(|r| r.kind == ReasonKind::DeniedBy);
        return Err(match deny {
            Some(d) => format!(
                "an explicit Deny decides it ({} statement {}); only removing or narrowing that Deny could help, and kmsplay never suggests loosening a Deny",
                d.policy,
                d.statement.map_or_else(|| "?".to_string(), |s| s.to_string())
            ),
            None => "an explicit Deny decides it; only removing that Deny could help".to_string(),
        });
    }
    if let Some(r) = result.reasons.iter().find(|r| r.kind == ReasonKind::Unreachable) {
        return Err(format!("no policy change can help: {}", r.message));
    }
    if let Some(r) = result.reasons.iter().find(|r| r.kind == ReasonKind::Void) {
        return Err(format!("{}; fix that first (its finding says how)", r.message));
    }
    if result.reasons.iter().any(|r| r.policy == "engine" && r.kind == ReasonKind::NotApplicable) {
        let why = result.reasons.iter().find(|r| r.policy == "engine").map_or("", |r| r.message.as_str());
        return Err(format!("no policy change can help: {why}"));
    }
    if let Some(r) = result.reasons.iter().find(|r| r.kind == ReasonKind::Missing && r.policy.starts_with("scp:")) {
        return Err(format!(
            "{}; the organization's service control policies would have to change, which is outside the key's and the account's policies",
            r.message
        ));
    }
    let Some(action) = super::catalog::kms_action(&request.action).map(|a| a.name) else {
        return Err(format!("\"{}\" is not a KMS action", request.action));
    };
    let Some(mut caller) = Caller::resolve(&request.principal, sc) else {
        return Err(format!("\"{}\" is not a principal kmsplay can evaluate", request.principal));
    };
    let mut changes = Vec::new();
    // A failed hop of a via chain: fix that hop.
    for role_arn in &request.via {
        let hop_missing: Vec<&str> = result
            .reasons
            .iter()
            .filter(|r| r.kind == ReasonKind::Missing)
            .map(|r| r.policy.as_str())
            .filter(|p| *p == format!("trust:{role_arn}") || p.starts_with("identity:"))
            .collect();
        let hop_failed = result.summary.contains("via chain")
            && result.reasons.iter().any(|r| r.policy == format!("trust:{role_arn}"));
        if hop_failed {
            if sc.principal(role_arn).and_then(|p| p.trust.as_ref()).is_none() {
                return Err(format!(
                    "role {role_arn} has no trust policy in the scenario; add the role with a trust policy first"
                ));
            }
            if hop_missing.iter().any(|p| p.starts_with("trust:")) {
                changes.push(Change {
                    policy: format!("trust:{role_arn}"),
                    add: json!({"Sid": "AllowAssumeRoleSuggested", "Effect": "Allow", "Principal": {"AWS": caller.principal_arn}, "Action": "sts:AssumeRole"}),
                });
            }
            if hop_missing.iter().any(|p| p.starts_with("identity:")) && caller.kind != CallerKind::Root {
                changes.push(Change {
                    policy: identity_policy_id(sc, &caller),
                    add: json!({"Sid": "AllowAssumeRoleSuggested", "Effect": "Allow", "Action": "sts:AssumeRole", "Resource": role_arn}),
                });
            }
            return Ok(changes);
        }
        match Caller::resolve(role_arn, sc) {
            Some(next) => caller = next,
            None => return Err(format!("\"{role_arn}\" in via is not a role ARN")),
        }
    }
    let missing: Vec<&str> =
        result.reasons.iter().filter(|r| r.kind == ReasonKind::Missing).map(|r| r.policy.as_str()).collect();
    let key_arn = sc.key.arn.as_str();
    let sid = format!("Allow{}Suggested", action.trim_start_matches("kms:"));
    if missing.contains(&"key-policy") {
        // Name exactly this principal; for a root user, the account root limited to the root user.
        let statement = if caller.kind == CallerKind::Root {
            json!({"Sid": sid, "Effect": "Allow", "Principal": {"AWS": caller.principal_arn}, "Action": action, "Resource": "*",
                   "Condition": {"ArnEquals": {"aws:PrincipalArn": caller.principal_arn}}})
        } else {
            json!({"Sid": sid, "Effect": "Allow", "Principal": {"AWS": caller.principal_arn}, "Action": action, "Resource": "*"})
        };
        changes.push(Change { policy: "key-policy".into(), add: statement });
    }
    let same_account = caller.account == sc.key.account();
    let needs_identity = missing.iter().any(|p| p.starts_with("identity:"))
        || (missing.contains(&"key-policy")
            && !same_account
            && caller.kind != CallerKind::Root
            && !identity_allows(sc, &caller, action, request));
    if needs_identity && caller.kind != CallerKind::Root {
        changes.push(Change {
            policy: identity_policy_id(sc, &caller),
            add: json!({"Sid": sid, "Effect": "Allow", "Action": action, "Resource": key_arn}),
        });
    }
    if let Some(b) = missing.iter().find(|p| p.starts_with("boundary:")) {
        changes.push(Change {
            policy: (*b).to_string(),
            add: json!({"Sid": sid, "Effect": "Allow", "Action": action, "Resource": key_arn}),
        });
    }
    if changes.is_empty() {
        return Err(format!("kmsplay found no single statement that allows this: {}", result.summary));
    }
    Ok(changes)
}

/// Whether an identity policy of the caller already allows the action on the key, in the
/// context of `request` (a condition on `aws:SourceIp` holds or fails as in the request).
fn identity_allows(sc: &Scenario, caller: &Caller, action: &str, request: &Request) -> bool {
    let probe = Request {
        principal: caller.given.to_string(),
        action: action.to_string(),
        context: request.context.clone(),
        encryption_context: request.encryption_context.clone(),
        ..Request::default()
    };
    let result = eval::evaluate(sc, &probe);
    // (A statement that fails on a condition does not allow: its reason is not an allow.)
    result
        .reasons
        .iter()
        .any(|r| r.policy.starts_with("identity:") && r.kind != ReasonKind::Missing && !eval::is_condition_miss(r))
}

/// The caller's first identity policy, or a new one named `kmsplay-suggested`.
fn identity_policy_id(sc: &Scenario, caller: &Caller) -> String {
    let entry = sc.principals.iter().find(|p| p.arn == caller.principal_arn || p.arn == caller.given);
    match entry.and_then(|e| e.policies.first()) {
        Some(p) => p.source.id.clone(),
        None => {
            format!("identity:{}/kmsplay-suggested", entry.map_or(&*caller.principal_arn, |e| e.arn.as_str()))
        }
    }
}

/// Insert `statement` into policy text (before the closing `]` of `Statement`, or turning a
/// single statement object into an array), keeping the rest of the text as typed.
pub fn insert_statement(text: &str, statement: &Json) -> Option<String> {
    let (span, replacement) = statement_edit(text, statement)?;
    Some(format!("{}{replacement}{}", text.get(..span.start)?, text.get(span.end..)?))
}

/// The edit [`insert_statement`] makes: the byte span to replace and its replacement (an
/// insertion after the last statement, or a rewrite of a lone statement object into an array).
/// `None` when the text does not parse as a policy or is over the engine's size limit.
pub fn statement_edit(text: &str, statement: &Json) -> Option<(super::span::Span, String)> {
    use super::span::Span;
    // a text the engine refuses to read (limits.rs) gets no edit either
    if text.len() > super::limits::MAX_POLICY_BYTES {
        return None;
    }
    let root = strict_json::parse(text).ok()?;
    let strict_json::Value::Object(members) = &root.value else { return None };
    let st = members.iter().find(|m| m.key == "Statement")?;
    let indent = detect_indent(text);
    let item_indent = indent.repeat(2);
    let pretty = indent_json(statement, &indent, &item_indent);
    match &st.value.value {
        strict_json::Value::Array(items) => match items.last() {
            Some(last) => Some((Span::at(last.span.end), format!(",\n{item_indent}{pretty}"))),
            None => Some((Span::at(st.value.span.start + 1), format!("\n{item_indent}{pretty}\n{indent}"))),
        },
        strict_json::Value::Object(_) => {
            let (s, e) = (st.value.span.start, st.value.span.end);
            Some((Span::new(s, e), format!("[{}, {pretty}]", text.get(s..e)?)))
        }
        _ => None,
    }
}

/// The indentation unit a text uses (two spaces when it cannot tell).
fn detect_indent(text: &str) -> String {
    text.lines()
        .filter_map(|l| {
            let n = l.len() - l.trim_start_matches(' ').len();
            (n > 0 && !l.trim().is_empty()).then_some(n)
        })
        .min()
        .map_or_else(|| "  ".to_string(), |n| " ".repeat(n.min(8)))
}

/// Pretty-print `value` with `indent` as unit, continuation lines starting at `base`.
fn indent_json(value: &Json, indent: &str, base: &str) -> String {
    let pretty = serde_json::to_string_pretty(value).unwrap_or_default();
    let unit = "  ";
    pretty
        .lines()
        .enumerate()
        .map(|(i, line)| {
            let depth = (line.len() - line.trim_start_matches(' ').len()) / unit.len();
            let body = line.trim_start_matches(' ');
            if i == 0 {
                body.to_string()
            } else {
                format!("{base}{}{body}", indent.repeat(depth))
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The scenario JSON with `changes` applied (policies keep their form: object or text).
fn apply(source: &Json, changes: &[Change]) -> Option<Json> {
    let mut sc = source.clone();
    for c in changes {
        let slot = policy_slot(&mut sc, &c.policy)?;
        add_to_policy(slot, &c.add)?;
    }
    Some(sc)
}

fn add_to_policy(slot: &mut Json, statement: &Json) -> Option<()> {
    match slot {
        Json::String(text) => {
            *text = insert_statement(text, statement)?;
        }
        Json::Object(doc) => match doc.get_mut("Statement") {
            Some(Json::Array(items)) => items.push(statement.clone()),
            Some(other) => {
                let single = other.clone();
                *other = Json::Array(vec![single, statement.clone()]);
            }
            None => {
                doc.insert("Statement".into(), Json::Array(vec![statement.clone()]));
            }
        },
        Json::Null => {
            *slot = json!({"Version": "2012-10-17", "Statement": [statement]});
        }
        _ => return None,
    }
    Some(())
}

/// Find (or create) where policy `id` lives in the scenario JSON.
fn policy_slot<'a>(sc: &'a mut Json, id: &str) -> Option<&'a mut Json> {
    if id == "key-policy" {
        let key = sc.get_mut("key")?.as_object_mut()?;
        return Some(key.entry("policy").or_insert(Json::Null));
    }
    let (kind, rest) = id.split_once(':')?;
    let principals =
        sc.as_object_mut()?.entry("principals").or_insert_with(|| Json::Array(Vec::new())).as_array_mut()?;
    let (arn, name) = match kind {
        "identity" => rest.rsplit_once('/')?,
        _ => (rest, ""),
    };
    let pos = match principals.iter().position(|p| p.get("arn").and_then(Json::as_str) == Some(arn)) {
        Some(i) => i,
        None => {
            principals.push(json!({"arn": arn}));
            principals.len() - 1
        }
    };
    let principal = principals.get_mut(pos)?.as_object_mut()?;
    match kind {
        "identity" => {
            let policies = principal.entry("policies").or_insert_with(|| Json::Array(Vec::new())).as_array_mut()?;
            let numbered = |i: usize| format!("policy-{}", i + 1);
            let found = policies.iter().enumerate().position(|(i, p)| match p.get("name").and_then(Json::as_str) {
                Some(n) => n == name,
                None => numbered(i) == name,
            });
            let i = match found {
                Some(i) => i,
                None => {
                    policies.push(json!({"name": name, "document": {"Version": "2012-10-17", "Statement": []}}));
                    policies.len() - 1
                }
            };
            let entry = policies.get_mut(i)?;
            if entry.get("document").is_some() {
                entry.get_mut("document")
            } else {
                Some(entry)
            }
        }
        "boundary" => Some(principal.entry("permissionsBoundary").or_insert(Json::Null)),
        "trust" => Some(principal.entry("trustPolicy").or_insert(Json::Null)),
        _ => None,
    }
}

/// Keep the change only if the request is allowed and no other matrix cell moved.
fn verify(before: &Scenario, after: &Scenario, result: &RequestResult, request: &Request) -> Result<(), String> {
    if result.decision != Decision::Allow {
        return Err(format!("the change kmsplay found does not make the request allowed: {}", result.summary));
    }
    let m0 = super::matrix::build(before);
    let m1 = super::matrix::build(after);
    // The cell that may change: the caller's, or for a via chain the last role's.
    let target_principal = match request.via.last() {
        Some(role) => Some(role.clone()),
        None => Caller::resolve(&request.principal, before).map(|c| c.principal_arn.into_owned()),
    };
    for row in &m0.rows {
        let Some(row1) = m1.rows.iter().find(|r| r.principal == row.principal) else { continue };
        for ((a, c0), c1) in m0.actions.iter().zip(&row.cells).zip(&row1.cells) {
            let is_target = (Some(&row.principal) == target_principal.as_ref()
                || (request.via.is_empty() && row.principal == request.principal))
                && super::catalog::kms_action(&request.action).is_some_and(|x| x.name == a);
            if c0 != c1 && !is_target {
                return Err(format!(
                    "every change kmsplay found would also change {} {a} from {} to {}, which is more than asked",
                    row.principal,
                    c0.as_str(),
                    c1.as_str()
                ));
            }
        }
    }
    Ok(())
}

/// Text form of a suggestion.
pub fn render(s: &Suggestion) -> String {
    match &s.impossible {
        Some(why) => format!("no change can help: {}\n", super::render::visible(why)),
        None if s.changes.is_empty() => "the request is already allowed\n".to_string(),
        None => {
            let mut out: String = s
                .changes
                .iter()
                .map(|c| {
                    let add = serde_json::to_string_pretty(&c.add).unwrap_or_default();
                    format!("add to {}:\n{add}\n", super::render::visible(&c.policy))
                })
                .collect();
            if let Some(caution) = &s.caution {
                out.push_str(&format!("note: {}\n", super::render::visible(caution)));
            }
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inserts_into_text_keeping_layout() {
        let text =
            "{\n    \"Version\": \"2012-10-17\",\n    \"Statement\": [\n        {\"Effect\": \"Deny\"}\n    ]\n}";
        let out = insert_statement(text, &json!({"Effect": "Allow"})).unwrap();
        assert!(out.starts_with(text.get(..text.find("}\n    ]").unwrap() + 1).unwrap()));
        assert!(out.contains("},\n        {\n            \"Effect\": \"Allow\"\n        }\n    ]"), "{out}");
        assert!(strict_json::parse(&out).is_ok());
    }

    #[test]
    fn single_statement_object_becomes_an_array() {
        let out = insert_statement("{\"Statement\": {\"Effect\": \"Deny\"}}", &json!({"Effect": "Allow"})).unwrap();
        let v: Json = serde_json::from_str(&out).unwrap();
        assert_eq!(v["Statement"].as_array().unwrap().len(), 2);
    }
}
