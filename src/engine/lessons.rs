//! Learn mode: the lessons compiled in from `www/lessons/NN-slug.json`, and the goal checks
//! that the app runs after every analysis (and the tests run on each lesson's solution).
//!
//! A lesson file is JSON: `title`, `text` (paragraphs), `scenario` (a `kmsplay/v1` scenario
//! to start from), `goals`, `hints` and `solution`. A goal is one sentence plus either a
//! request in the scenario's request format with the decision it must get (`expect`:
//! `"allow"`, or `"deny"` for any denial) and optionally the reason that must decide it
//! (`because`: a reason kind and a policy-id prefix), or a finding code that must be absent
//! (`noFinding`). The solution maps policy ids (`key-policy`, `identity:<arn>/<name>`,
//! `trust:<arn>`, `boundary:<arn>`) to the full policy that replaces that policy's text.

use serde_json::{Map, Value};

use super::eval;
use super::report::{Decision, Finding, ReasonKind};
use super::scenario::{self, Request};
use super::Analysis;

/// `(slug, lesson JSON text)` for every lesson, in course order (`?lesson=N` is 1-based).
pub const LESSONS: &[(&str, &str)] = &[
    ("01-key-policy-required", include_str!("../../www/lessons/01-key-policy-required.json")),
    ("02-cross-account-both-sides", include_str!("../../www/lessons/02-cross-account-both-sides.json")),
    ("03-not-everything-crosses", include_str!("../../www/lessons/03-not-everything-crosses.json")),
    ("04-grants", include_str!("../../www/lessons/04-grants.json")),
    ("05-assume-role", include_str!("../../www/lessons/05-assume-role.json")),
    ("06-key-policy-bounds", include_str!("../../www/lessons/06-key-policy-bounds.json")),
];

/// The decision a request goal wants.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expect {
    /// `allow`.
    Allow,
    /// Anything but `allow` (explicit or implicit deny).
    Deny,
}

/// The reason that must be among a result's reasons for a goal to count.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReasonPin {
    /// Its kind (`allowed-by`, `missing`, ...).
    pub kind: ReasonKind,
    /// A prefix of its policy id (`identity:`, `key-policy`, `grant:`; empty for any).
    pub policy: String,
}

/// What a goal checks.
#[derive(Clone, Debug)]
pub enum GoalCheck {
    /// A request and the decision (and reason) it must get.
    Request {
        /// The request, read as a scenario request.
        request: Box<Request>,
        /// The decision wanted.
        expect: Expect,
        /// The reason that must decide it, if pinned.
        because: Option<ReasonPin>,
    },
    /// No finding with this code.
    NoFinding(String),
}

/// One goal of a lesson.
#[derive(Clone, Debug)]
pub struct Goal {
    /// The goal in one sentence.
    pub text: String,
    /// How the engine checks it.
    pub check: GoalCheck,
}

/// Whether a goal is met, and what the engine says now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoalStatus {
    /// The goal is met.
    pub met: bool,
    /// The current decision (`allow`, `implicit-deny`, ...) or the number of findings.
    pub now: String,
}

/// A lesson, read.
#[derive(Clone, Debug)]
pub struct Lesson {
    /// File name without `.json` (`01-key-policy-required`).
    pub slug: String,
    /// Title.
    pub title: String,
    /// Explanation, one string per paragraph.
    pub text: Vec<String>,
    /// The scenario the lesson starts from.
    pub scenario: Value,
    /// What the learner must achieve.
    pub goals: Vec<Goal>,
    /// Hints, revealed one at a time.
    pub hints: Vec<String>,
    /// `(policy id, replacement text)`: a correct answer, as the app applies it.
    pub solution: Vec<(String, String)>,
}

/// How many lessons there are.
pub fn count() -> usize {
    LESSONS.len()
}

/// Lesson `index` (0-based), read from its compiled-in file.
pub fn lesson(index: usize) -> Result<Lesson, String> {
    let (slug, text) = LESSONS.get(index).ok_or_else(|| format!("there is no lesson {}", index + 1))?;
    parse_lesson(slug, text)
}

/// Every lesson, in order (a broken file is an error naming it).
pub fn all() -> Result<Vec<Lesson>, String> {
    (0..count()).map(lesson).collect()
}

/// Read a lesson file. Requests are read exactly as scenario requests are. (Read from a
/// `serde_json::Value` by hand: derived deserializers would grow the web app.)
pub fn parse_lesson(slug: &str, text: &str) -> Result<Lesson, String> {
    let file: Value = serde_json::from_str(text)
        .map_err(|e| format!("lesson {slug}: not valid JSON (line {}, column {})", e.line(), e.column()))?;
    let fail = |what: &str| format!("lesson {slug}: {what}");
    let string = |v: &Value, what: &str| v.as_str().map(str::to_string).ok_or_else(|| fail(what));
    let strings = |v: Option<&Value>, what: &str| -> Result<Vec<String>, String> {
        match v {
            None => Ok(Vec::new()),
            Some(Value::Array(items)) => items.iter().map(|i| string(i, what)).collect(),
            Some(_) => Err(fail(what)),
        }
    };
    let title = string(file.get("title").unwrap_or(&Value::Null), "title must be a string")?;
    let paragraphs = strings(file.get("text"), "text must be an array of strings")?;
    let hints = strings(file.get("hints"), "hints must be an array of strings")?;
    let scenario = file.get("scenario").cloned().ok_or_else(|| fail("no scenario"))?;
    let key_arn = scenario
        .get("key")
        .and_then(|k| k.get("arn"))
        .and_then(Value::as_str)
        .ok_or_else(|| fail("the scenario has no key.arn"))?;
    let Some(Value::Array(goal_values)) = file.get("goals") else { return Err(fail("goals must be an array")) };
    let mut goals = Vec::new();
    for (i, g) in goal_values.iter().enumerate() {
        let bad = |what: &str| fail(&format!("goal {}: {what}", i + 1));
        let text = g.get("text").and_then(Value::as_str).ok_or_else(|| bad("text must be a string"))?.to_string();
        let check = match (g.get("request"), g.get("noFinding")) {
            (Some(req), None) => {
                let expect = match g.get("expect").and_then(Value::as_str) {
                    Some("allow") => Expect::Allow,
                    Some("deny") => Expect::Deny,
                    _ => return Err(bad("expect must be \"allow\" or \"deny\"")),
                };
                let probe = serde_json::json!({ "key": { "arn": key_arn }, "requests": [req] });
                let sc = scenario::parse(&probe).map_err(|e| bad(&e.message))?;
                let request = sc.requests.into_iter().next().ok_or_else(|| bad("no request"))?;
                let because = match g.get("because") {
                    None => None,
                    Some(b) => {
                        let kind = b.get("kind").and_then(Value::as_str).and_then(reason_kind);
                        let policy = b.get("policy").and_then(Value::as_str);
                        match (kind, policy) {
                            (Some(kind), Some(policy)) => Some(ReasonPin { kind, policy: policy.to_string() }),
                            _ => return Err(bad("because needs a reason kind and a policy prefix")),
                        }
                    }
                };
                GoalCheck::Request { request: Box::new(request), expect, because }
            }
            (None, Some(Value::String(code))) => GoalCheck::NoFinding(code.clone()),
            _ => return Err(bad("give either request or noFinding")),
        };
        goals.push(Goal { text, check });
    }
    let Some(Value::Object(solution_values)) = file.get("solution") else {
        return Err(fail("solution must be an object"));
    };
    let solution = solution_values
        .iter()
        .map(|(id, policy)| {
            let text = match policy {
                Value::String(s) => s.clone(),
                other => serde_json::to_string_pretty(other).unwrap_or_default(),
            };
            (id.clone(), text)
        })
        .collect();
    Ok(Lesson { slug: slug.to_string(), title, text: paragraphs, scenario, goals, hints, solution })
}

/// A reason kind by its report spelling.
fn reason_kind(s: &str) -> Option<ReasonKind> {
    Some(match s {
        "allowed-by" => ReasonKind::AllowedBy,
        "denied-by" => ReasonKind::DeniedBy,
        "missing" => ReasonKind::Missing,
        "not-applicable" => ReasonKind::NotApplicable,
        "void" => ReasonKind::Void,
        "unreachable" => ReasonKind::Unreachable,
        _ => return None,
    })
}

impl Goal {
    /// Check this goal against an analysis and its findings.
    pub fn status(&self, analysis: &Analysis, findings: &[Finding]) -> GoalStatus {
        match &self.check {
            GoalCheck::Request { request, expect, because } => {
                let result = eval::evaluate(analysis.scenario(), request);
                let decided = match expect {
                    Expect::Allow => result.decision == Decision::Allow,
                    Expect::Deny => result.decision != Decision::Allow,
                };
                let reason_ok = because.as_ref().is_none_or(|pin| {
                    result.reasons.iter().any(|r| r.kind == pin.kind && r.policy.starts_with(pin.policy.as_str()))
                });
                GoalStatus { met: decided && reason_ok, now: result.decision.as_str().to_string() }
            }
            GoalCheck::NoFinding(code) => {
                let n = findings.iter().filter(|f| f.code == *code).count();
                let now = match n {
                    0 => "no finding".to_string(),
                    1 => "1 finding".to_string(),
                    n => format!("{n} findings"),
                };
                GoalStatus { met: n == 0, now }
            }
        }
    }
}

impl Lesson {
    /// The status of every goal, given the analysis and its findings (the app has both).
    pub fn check(&self, analysis: &Analysis, findings: &[Finding]) -> Vec<GoalStatus> {
        self.goals.iter().map(|g| g.status(analysis, findings)).collect()
    }

    /// The status of every goal of a scenario (analysed here).
    pub fn check_scenario(&self, scenario: &Value) -> Result<Vec<GoalStatus>, String> {
        let analysis = Analysis::new(scenario).map_err(|e| e.message)?;
        Ok(self.check(&analysis, &analysis.findings()))
    }

    /// The starting scenario with the solution's policies in place (as raw text, the way the
    /// app holds them). Solution ids that name no policy of the scenario change nothing.
    pub fn solved_scenario(&self) -> Value {
        let mut sc = self.scenario.clone();
        for (id, text) in &self.solution {
            if let Some(slot) = policy_slot(&mut sc, id) {
                *slot = Value::String(text.clone());
            }
        }
        sc
    }
}

/// The place in a scenario that holds policy `id`.
pub fn policy_slot<'a>(scenario: &'a mut Value, id: &str) -> Option<&'a mut Value> {
    if id == "key-policy" {
        return scenario.get_mut("key")?.as_object_mut().map(|k| k.entry("policy").or_insert(Value::Null));
    }
    let principal_of = |sc: &'a mut Value, arn: &str| -> Option<&'a mut Map<String, Value>> {
        sc.get_mut("principals")?
            .as_array_mut()?
            .iter_mut()
            .filter_map(Value::as_object_mut)
            .find(|p| p.get("arn").and_then(Value::as_str) == Some(arn))
    };
    if let Some(arn) = id.strip_prefix("trust:") {
        return principal_of(scenario, arn).map(|p| p.entry("trustPolicy").or_insert(Value::Null));
    }
    if let Some(arn) = id.strip_prefix("boundary:") {
        return principal_of(scenario, arn).map(|p| p.entry("permissionsBoundary").or_insert(Value::Null));
    }
    let rest = id.strip_prefix("identity:")?;
    let (arn, name) = rest.rsplit_once('/')?;
    principal_of(scenario, arn)?
        .get_mut("policies")?
        .as_array_mut()?
        .iter_mut()
        .filter_map(Value::as_object_mut)
        .find(|p| p.get("name").and_then(Value::as_str) == Some(name))?
        .get_mut("document")
}
