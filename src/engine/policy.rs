//! Policy documents: kinds, the typed syntax tree with spans, and the reader.
//!
//! [`read`] turns raw text into a [`Policy`] plus the parse-level findings of SPEC section 4.
//! It follows SPEC section 8 for broken input: a policy that is not JSON, has an invalid
//! Version, duplicate top-level members or (key policies) more than 32 KB is void; a
//! statement with an error inside it is void; everything else stays in force.

use std::collections::HashSet;

use super::catalog;
use super::condition::{self, Operator};
use super::diagnostic::Diagnostic;
use super::json::{self, Member, Node, Value};
use super::span::Span;
use super::variables;
use super::wildcard;

/// Largest key policy KMS accepts, in bytes (semantics.md §4.3).
pub const KEY_POLICY_MAX_BYTES: usize = 32 * 1024;

/// Which kind of policy a text is; decides which elements are required or forbidden.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PolicyKind {
    /// A KMS key policy (resource policy).
    Key,
    /// An IAM identity policy attached to a user or role.
    Identity,
    /// A permissions boundary.
    Boundary,
    /// A role trust policy.
    Trust,
    /// An Organizations service control policy.
    Scp,
    /// An Organizations resource control policy.
    Rcp,
}

impl PolicyKind {
    /// Every kind.
    pub const ALL: [PolicyKind; 6] = [
        PolicyKind::Key,
        PolicyKind::Identity,
        PolicyKind::Boundary,
        PolicyKind::Trust,
        PolicyKind::Scp,
        PolicyKind::Rcp,
    ];

    /// The CLI spelling (`key`, `identity`, ...).
    pub fn cli_name(self) -> &'static str {
        match self {
            PolicyKind::Key => "key",
            PolicyKind::Identity => "identity",
            PolicyKind::Boundary => "boundary",
            PolicyKind::Trust => "trust",
            PolicyKind::Scp => "scp",
            PolicyKind::Rcp => "rcp",
        }
    }

    /// The policy id `lint` uses for findings (SPEC section 3).
    pub fn lint_id(self) -> &'static str {
        match self {
            PolicyKind::Key => "key-policy",
            other => other.cli_name(),
        }
    }

    /// Parse the CLI spelling.
    pub fn from_cli_name(s: &str) -> Option<PolicyKind> {
        PolicyKind::ALL.into_iter().find(|k| k.cli_name() == s)
    }

    /// A human name for messages.
    pub fn human(self) -> &'static str {
        match self {
            PolicyKind::Key => "key policy",
            PolicyKind::Identity => "identity policy",
            PolicyKind::Boundary => "permissions boundary",
            PolicyKind::Trust => "trust policy",
            PolicyKind::Scp => "service control policy",
            PolicyKind::Rcp => "resource control policy",
        }
    }

    /// The human name with its article ("a key policy", "an identity policy").
    pub fn with_article(self) -> &'static str {
        match self {
            PolicyKind::Key => "a key policy",
            PolicyKind::Identity => "an identity policy",
            PolicyKind::Boundary => "a permissions boundary",
            PolicyKind::Trust => "a trust policy",
            PolicyKind::Scp => "a service control policy",
            PolicyKind::Rcp => "a resource control policy",
        }
    }

    /// Whether statements name a principal (resource policies).
    pub fn has_principal(self) -> bool {
        matches!(self, PolicyKind::Key | PolicyKind::Trust | PolicyKind::Rcp)
    }
}

/// A value with the byte range it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where it is in the policy text.
    pub span: Span,
}

/// `Allow` or `Deny`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Effect {
    /// `"Effect": "Allow"`.
    Allow,
    /// `"Effect": "Deny"`.
    Deny,
}

/// The key of a principal map entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PrincipalType {
    /// `AWS`: accounts, users, roles, sessions, `*`.
    Aws,
    /// `Service`: service principals.
    Service,
    /// `Federated`: identity providers.
    Federated,
    /// `CanonicalUser`: S3 canonical ids.
    CanonicalUser,
}

/// One principal value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PrincipalValue {
    /// Under which key it was listed (`"Principal": "*"` is `Aws` with value `*`).
    pub kind: PrincipalType,
    /// The value as written.
    pub value: String,
    /// Where it is.
    pub span: Span,
    /// False when the value is malformed (it then matches nothing).
    pub valid: bool,
}

/// `Principal` or `NotPrincipal`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PrincipalBlock {
    /// `NotPrincipal`.
    pub negated: bool,
    /// The element (name and value).
    pub span: Span,
    /// The principals listed (OR).
    pub values: Vec<PrincipalValue>,
    /// Written as a map of empty lists (`{}`, `{"AWS": []}`): it names nobody.
    pub empty: bool,
}

/// `Action`/`NotAction` or `Resource`/`NotResource`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValueList {
    /// `NotAction` / `NotResource`.
    pub negated: bool,
    /// The element (name and value).
    pub span: Span,
    /// The values (OR).
    pub values: Vec<Spanned<String>>,
    /// Indices of the values that are malformed ARNs (Resource / NotResource only, with an
    /// `invalid-arn` finding): they match nothing (SPEC section 8).
    pub malformed: Vec<usize>,
    /// Written as `[]`: it names nothing.
    pub empty: bool,
}

impl ValueList {
    /// The values that can match: all but the [`ValueList::malformed`] ones.
    pub fn matchable(&self) -> impl Iterator<Item = &Spanned<String>> {
        self.values.iter().enumerate().filter(|(i, _)| !self.malformed.contains(i)).map(|(_, v)| v)
    }
}

/// One `operator: { key: values }` test of a `Condition` block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConditionTest {
    /// The parsed operator.
    pub operator: Operator,
    /// Where the operator name is.
    pub operator_span: Span,
    /// The condition key as written.
    pub key: Spanned<String>,
    /// The values as text (JSON numbers and booleans in their text form).
    pub values: Vec<Spanned<String>>,
    /// False when a value has the wrong JSON type: the test then never holds.
    pub valid: bool,
}

/// One statement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Statement {
    /// 0-based index in the `Statement` array.
    pub index: usize,
    /// The statement object.
    pub span: Span,
    /// `Sid`.
    pub sid: Option<Spanned<String>>,
    /// `Effect` (None when missing or invalid; the statement is then void).
    pub effect: Option<Spanned<Effect>>,
    /// `Principal` / `NotPrincipal`.
    pub principal: Option<PrincipalBlock>,
    /// `Action` / `NotAction`.
    pub action: Option<ValueList>,
    /// `Resource` / `NotResource`.
    pub resource: Option<ValueList>,
    /// `Condition` tests (AND).
    pub conditions: Vec<ConditionTest>,
    /// Why the statement is void (SPEC section 8), pointing at the error.
    pub void: Option<Spanned<String>>,
    /// The catalog actions the values of `action` name, patterns expanded (before NotAction
    /// is applied): computed once when the statement is read, so that deciding a request
    /// tests a bit instead of matching every pattern again.
    action_set: catalog::ActionSet,
    /// The catalog actions that values of `action` name literally (no wildcard).
    named_set: catalog::ActionSet,
}

impl Statement {
    /// The Sid text, if any.
    pub fn sid_text(&self) -> Option<&str> {
        self.sid.as_ref().map(|s| s.value.as_str())
    }

    /// Whether this statement can take part in decisions.
    pub fn is_active(&self) -> bool {
        self.void.is_none() && self.effect.is_some()
    }

    /// Whether some request could match the statement: false when it is written to name
    /// nothing (`"Action": []`, `"Resource": []`, `"Principal": {"AWS": []}`) or has a
    /// condition test that can never hold (no values where the key would have to be present).
    /// Rules about who can do what skip such statements, as evaluation does. Values dropped
    /// for a wrong type or a malformed ARN match nothing either, but their own finding says
    /// enough: counting the statement as dead would add findings about the consequences.
    pub fn can_apply(&self) -> bool {
        let names_nothing = |l: &Option<ValueList>| l.as_ref().is_some_and(|l| !l.negated && l.empty);
        let no_principal = self.principal.as_ref().is_some_and(|b| !b.negated && b.empty);
        let never_holds = self.conditions.iter().any(|t| {
            t.valid
                && t.values.is_empty()
                && t.operator.qualifier != Some(condition::SetQualifier::ForAllValues)
                && !(t.operator.if_exists && t.operator.qualifier.is_none())
        });
        !(names_nothing(&self.action) || names_nothing(&self.resource) || no_principal || never_holds)
    }

    /// The effect, when the statement is active.
    pub fn effect(&self) -> Option<Effect> {
        if self.void.is_some() {
            return None;
        }
        self.effect.as_ref().map(|e| e.value)
    }

    /// Whether the statement's `Action` / `NotAction` covers `action` (wildcards expanded,
    /// case ignored, NotAction inverting); false when the statement has neither.
    pub fn covers_action(&self, action: &str) -> bool {
        self.covers_action_id(catalog::action_id(action), action)
    }

    /// [`Statement::covers_action`] with the action's [`catalog::action_id`] already looked
    /// up: a catalog action is one bit test; any other action is matched by pattern.
    pub fn covers_action_id(&self, id: Option<usize>, action: &str) -> bool {
        let Some(list) = &self.action else { return false };
        let hit = match id {
            Some(id) => self.action_set.contains(id),
            None => list.values.iter().any(|v| wildcard::glob_match_ignore_case(&v.value, action)),
        };
        hit != list.negated
    }

    /// The catalog actions, by [`catalog::action_id`], that the statement's `Action` /
    /// `NotAction` covers (none when it has neither).
    pub fn covered_action_ids(&self) -> impl Iterator<Item = usize> + '_ {
        let set = match self.action.as_ref().map(|l| l.negated) {
            None => catalog::ActionSet::default(),
            Some(false) => self.action_set,
            Some(true) => self.action_set.complement(catalog::action_count()),
        };
        // Only ids below action_count are ever inserted.
        set.ids().filter(|&id| id < catalog::action_count())
    }

    /// The catalog actions, by [`catalog::action_id`], that values of the statement's `Action`
    /// / `NotAction` name literally: ASCII names without wildcards, any case (a name that is
    /// not ASCII never equals a catalog name ignoring ASCII case).
    pub fn named_actions(&self) -> catalog::ActionSet {
        self.named_set
    }

    /// The span of the statement's head, for highlighting (its Sid, else the whole statement).
    pub fn label_span(&self) -> Span {
        self.sid.as_ref().map_or(self.span, |s| s.span)
    }
}

/// A parsed policy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Policy {
    /// Which kind.
    pub kind: PolicyKind,
    /// `Version`.
    pub version: Option<Spanned<String>>,
    /// `Id`.
    pub id: Option<Spanned<String>>,
    /// The statements, in order.
    pub statements: Vec<Statement>,
    /// Why the whole policy is void (SPEC section 8), pointing at the error.
    pub void: Option<Spanned<String>>,
    /// Length of the text in bytes.
    pub text_len: usize,
    /// For each catalog action id, the indexes of the active statements whose Action /
    /// NotAction covers it, in order (see [`Policy::active_statements_for`]).
    by_action: Vec<Vec<u32>>,
}

impl Policy {
    /// Whether policy variables are substituted (only under Version 2012-10-17).
    pub fn variables_enabled(&self) -> bool {
        self.version.as_ref().is_some_and(|v| v.value == "2012-10-17")
    }

    /// The statements that take part in decisions (none when the policy is void).
    pub fn active_statements(&self) -> impl Iterator<Item = &Statement> {
        let void = self.void.is_some();
        self.statements.iter().filter(move |s| !void && s.is_active())
    }

    /// The active statements that can apply to some request ([`Statement::can_apply`]): what
    /// the rules about access (who may do what) read.
    pub fn live_statements(&self) -> impl Iterator<Item = &Statement> {
        self.active_statements().filter(|s| s.can_apply())
    }

    /// The active statements (with their indexes) whose Action / NotAction covers catalog
    /// action `id`, in order: what [`Policy::active_statements`] and
    /// [`Statement::covers_action_id`] give, looked up instead of tested statement by
    /// statement (a matrix cell would otherwise visit every statement of every policy).
    pub fn active_statements_for(&self, id: usize) -> impl Iterator<Item = (usize, &Statement)> {
        let indexes = self.by_action.get(id).map_or(&[][..], Vec::as_slice);
        indexes.iter().filter_map(|&i| {
            let i = usize::try_from(i).ok()?;
            Some((i, self.statements.get(i)?))
        })
    }

    /// Fill [`Policy::active_statements_for`]'s index once the statements are read.
    fn index_actions(&mut self) {
        let mut by_action = vec![Vec::new(); catalog::action_count()];
        for (i, st) in self.statements.iter().enumerate() {
            let Ok(index) = u32::try_from(i) else { break };
            if self.void.is_some() || !st.is_active() {
                continue;
            }
            // The ids for which covers_action_id(Some(id), _) holds.
            for id in st.covered_action_ids() {
                if let Some(list) = by_action.get_mut(id) {
                    list.push(index);
                }
            }
        }
        self.by_action = by_action;
    }

    /// An empty void policy (used when a policy could not be read at all).
    pub fn void(kind: PolicyKind, span: Span, why: impl Into<String>) -> Policy {
        Policy {
            kind,
            version: None,
            id: None,
            statements: Vec::new(),
            void: Some(Spanned { value: why.into(), span }),
            text_len: 0,
            by_action: Vec::new(),
        }
    }
}

/// Read policy text of `kind` into a [`Policy`] and its parse-level findings.
/// Findings carry no policy id; the caller places them.
pub fn read(text: &str, kind: PolicyKind) -> (Policy, Vec<Diagnostic>) {
    read_with(text, kind, None)
}

/// [`read`] of text whose JSON tree is already known (`root`: what [`json::parse`] gives for
/// `text`, e.g. from [`json::pretty`]), so it is not parsed again.
pub fn read_parsed(text: &str, kind: PolicyKind, root: Node) -> (Policy, Vec<Diagnostic>) {
    read_with(text, kind, Some(root))
}

fn read_with(text: &str, kind: PolicyKind, parsed: Option<Node>) -> (Policy, Vec<Diagnostic>) {
    let mut r = Reader { kind, diags: Vec::new() };
    let mut policy = Policy {
        kind,
        version: None,
        id: None,
        statements: Vec::new(),
        void: None,
        text_len: text.len(),
        by_action: Vec::new(),
    };
    if kind == PolicyKind::Key && text.len() > KEY_POLICY_MAX_BYTES {
        let span = Span::new(0, text.chars().next().map_or(0, char::len_utf8));
        let msg =
            format!("the key policy is {} bytes; KMS accepts at most {KEY_POLICY_MAX_BYTES} bytes (32 KB)", text.len());
        r.push(Diagnostic::new(
            "key-policy-too-large",
            span,
            msg.clone(),
            "shorten the policy: merge statements that share principals, use wildcards such as kms:Describe*, or move per-user permissions into IAM policies and delegate to the account",
        ));
        policy.void = Some(Spanned { value: msg, span });
    }
    if text.len() > super::limits::MAX_POLICY_BYTES {
        // Not read at all: a 5 MB paste costs one comparison (SPEC §8: unreadable text is void).
        let span = Span::new(0, text.chars().next().map_or(0, char::len_utf8));
        let msg = format!(
            "the policy is {} ({} bytes); kmsplay reads at most {} of policy text, so it did not read this one",
            super::limits::size(text.len()),
            super::limits::grouped(text.len()),
            super::limits::size(super::limits::MAX_POLICY_BYTES)
        );
        r.push(Diagnostic::new(
            "json-syntax",
            span,
            msg.clone(),
            "paste only the policy document: AWS stores key policies up to 32 KB and IAM policies up to 10 240 characters",
        ));
        policy.void = Some(Spanned { value: msg, span });
        return (policy, r.diags);
    }
    let mut root = match parsed.map_or_else(|| json::parse(text), Ok) {
        Ok(root) => root,
        Err(e) => {
            let mut d = Diagnostic::new(
                "json-syntax",
                e.span,
                e.message.clone(),
                "fix the JSON syntax at this position; the policy has no effect until it parses",
            );
            if let Some((offset, insert)) = &e.fix {
                d = d.with_fix(Span::at(*offset), insert.clone(), format!("insert '{insert}'"));
            }
            r.push(d);
            policy.void = Some(Spanned { value: format!("the policy is not valid JSON: {}", e.message), span: e.span });
            return (policy, r.diags);
        }
    };
    r.check_characters(text);
    // The reader takes the strings out of the tree rather than copying them.
    r.read_document(&mut root, &mut policy);
    policy.index_actions();
    (policy, r.diags)
}

struct Reader {
    kind: PolicyKind,
    diags: Vec<Diagnostic>,
}

/// Longest name worth a did-you-mean: the longest operator
/// (`ForAllValues:StringNotEqualsIgnoreCaseIfExists`, 46 characters) is more than a third of
/// its length away from any name over 128 characters, so no suggestion is lost.
const SUGGEST_MAX_CHARS: usize = 128;

const TOP_ELEMENTS: &[&str] = &["Version", "Id", "Statement"];
const STATEMENT_ELEMENTS: &[&str] =
    &["Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"];

/// The closest name in `known` (case-insensitive equality first, then edit distance).
fn did_you_mean(name: &str, known: &[&'static str]) -> Option<&'static str> {
    if let Some(k) = known.iter().find(|k| k.eq_ignore_ascii_case(name)) {
        return Some(k);
    }
    let lower = name.to_ascii_lowercase();
    known
        .iter()
        .map(|k| (strsim::jaro_winkler(&lower, &k.to_ascii_lowercase()), *k))
        .filter(|(score, _)| *score > 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}

/// `s` as a JSON string literal (quotes, backslashes and control characters escaped).
fn json_string(s: &str) -> String {
    serde_json::Value::String(s.to_string()).to_string()
}

impl Reader {
    fn push(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    fn check_characters(&mut self, text: &str) {
        // IAM and KMS accept TAB, LF, CR and U+0020–U+00FF (semantics.md §1).
        // Plain ASCII text (nearly every policy) is all accepted: one pass over the bytes.
        if text.bytes().all(|b| matches!(b, b'\t' | b'\n' | b'\r' | 0x20..=0x7f)) {
            return;
        }
        let mut reported = 0;
        let mut iter = text.char_indices().peekable();
        while let Some((i, c)) = iter.next() {
            if i == 0 && c == '\u{feff}' {
                continue;
            }
            let ok = matches!(c, '\t' | '\n' | '\r') || ('\u{20}'..='\u{ff}').contains(&c);
            if ok {
                continue;
            }
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = iter.peek() {
                let bad = !(matches!(d, '\t' | '\n' | '\r') || ('\u{20}'..='\u{ff}').contains(&d));
                if !bad {
                    break;
                }
                end = j + d.len_utf8();
                iter.next();
            }
            reported += 1;
            if reported > 5 {
                break;
            }
            self.push(Diagnostic::new(
                "invalid-character",
                Span::new(i, end),
                format!("character U+{:04X} is outside the set AWS accepts in policies (tab, line breaks and U+0020–U+00FF)", c as u32),
                "replace it with plain Latin-1 text; AWS rejects the whole policy otherwise",
            ));
        }
    }

    fn read_document(&mut self, root: &mut Node, policy: &mut Policy) {
        let Value::Object(members) = &mut root.value else {
            self.push(Diagnostic::new(
                "missing-statement",
                root.span,
                format!("a policy is a JSON object, but this is {}", root.value.type_name()),
                "write the policy as {\"Version\": \"2012-10-17\", \"Statement\": [ ... ]}",
            ));
            return;
        };
        let dups = json::duplicates(members);
        if let Some(first) = dups.first() {
            for d in &dups {
                self.push(Diagnostic::new(
                    "duplicate-key",
                    d.key_span,
                    format!("the policy has a second \"{}\" element; AWS rejects duplicate elements", d.key),
                    "remove one of them, or merge their contents",
                ));
            }
            if policy.void.is_none() {
                policy.void = Some(Spanned {
                    value: format!("the policy has two \"{}\" elements", first.key),
                    span: first.key_span,
                });
            }
        }
        let has_version = members.iter().any(|m| m.key == "Version");
        let mut statement_node = None;
        for m in members.iter_mut() {
            match m.key.as_str() {
                "Version" => self.read_version(m, policy),
                "Id" => match &mut m.value.value {
                    Value::String(s) => policy.id = Some(Spanned { value: std::mem::take(s), span: m.value.span }),
                    other => {
                        let found = other.type_name();
                        self.type_error(&m.value, "Id", "a string", found)
                    }
                },
                "Statement" => {
                    if statement_node.is_none() {
                        statement_node = Some(&mut m.value);
                    }
                }
                other => {
                    let hint = did_you_mean(other, TOP_ELEMENTS);
                    self.push(self.unknown_element(m, hint, TOP_ELEMENTS, "at the top level of a policy"));
                }
            }
        }
        if policy.version.is_none() && !has_version {
            self.push(Diagnostic::new(
                "missing-version",
                Span::new(root.span.start, root.span.start + 1),
                "the policy has no Version, so policy variables such as ${aws:username} are plain text",
                "add \"Version\": \"2012-10-17\" as the first element",
            ));
        }
        let Some(statements) = statement_node else {
            self.push(Diagnostic::new(
                "missing-statement",
                Span::new(root.span.start, root.span.start + 1),
                "the policy has no Statement element",
                "add \"Statement\": [ ... ] with at least one statement",
            ));
            return;
        };
        let vars = policy.variables_enabled();
        match &mut statements.value {
            Value::Object(_) => {
                let s = self.read_statement(0, statements, vars);
                policy.statements.push(s);
            }
            Value::Array(items) => {
                for (i, item) in items.iter_mut().enumerate() {
                    let s = self.read_statement(i, item, vars);
                    policy.statements.push(s);
                }
            }
            other => {
                let found = other.type_name();
                self.type_error(statements, "Statement", "an object or an array of objects", found)
            }
        }
        self.check_sids(policy);
    }

    fn read_version(&mut self, m: &mut Member, policy: &mut Policy) {
        match &mut m.value.value {
            Value::String(v) if v == "2012-10-17" || v == "2008-10-17" => {
                policy.version = Some(Spanned { value: std::mem::take(v), span: m.value.span });
            }
            other => {
                let is_string = matches!(other, Value::String(_));
                let shown = match other {
                    Value::String(v) => format!("\"{v}\""),
                    v => v.type_name().to_string(),
                };
                let mut d = Diagnostic::new(
                    "invalid-version",
                    m.value.span,
                    if is_string {
                        format!("Version {shown} is not one AWS accepts (\"2012-10-17\" or \"2008-10-17\"), so the whole policy is rejected")
                    } else {
                        format!("Version is {shown}, not a string AWS accepts (\"2012-10-17\" or \"2008-10-17\"), so the whole policy is rejected")
                    },
                    "use \"Version\": \"2012-10-17\"; it is the date of the policy language, not of your policy",
                );
                d = d.with_fix(m.value.span, "\"2012-10-17\"", "use Version 2012-10-17");
                self.push(d);
                if policy.void.is_none() {
                    policy.void = Some(Spanned { value: format!("Version {shown} is invalid"), span: m.value.span });
                }
            }
        }
    }

    fn unknown_element(&self, m: &Member, hint: Option<&str>, known: &[&str], place: &str) -> Diagnostic {
        let message = match hint {
            Some(h) if h.eq_ignore_ascii_case(&m.key) => {
                format!(
                    "unknown element \"{}\" {place}: element names are case-sensitive, did you mean \"{h}\"?",
                    m.key
                )
            }
            Some(h) => format!("unknown element \"{}\" {place}: did you mean \"{h}\"?", m.key),
            None => format!("unknown element \"{}\" {place}", m.key),
        };
        let mut d = Diagnostic::new(
            "unknown-element",
            m.key_span,
            message,
            format!("the elements allowed here are {}", known.join(", ")),
        );
        if let Some(h) = hint {
            d = d.with_fix(m.key_span, format!("\"{h}\""), format!("rename to \"{h}\""));
        }
        d
    }

    fn type_error(&mut self, node: &Node, element: &str, expected: &str, found: &str) {
        self.push(Diagnostic::new(
            "invalid-type",
            node.span,
            format!("{element} must be {expected}, but this is {found}"),
            format!("write {element} as {expected}"),
        ));
    }

    fn read_statement(&mut self, index: usize, node: &mut Node, vars: bool) -> Statement {
        let mut st = Statement {
            index,
            span: node.span,
            sid: None,
            effect: None,
            principal: None,
            action: None,
            resource: None,
            conditions: Vec::new(),
            void: None,
            action_set: catalog::ActionSet::default(),
            named_set: catalog::ActionSet::default(),
        };
        let Value::Object(members) = &mut node.value else {
            self.type_error(node, "each statement", "an object", node.value.type_name());
            st.void = Some(Spanned { value: "the statement is not a JSON object".into(), span: node.span });
            return st;
        };
        let mut void: Option<Spanned<String>> = None;
        let set_void = |why: String, span: Span, void: &mut Option<Spanned<String>>| {
            if void.is_none() {
                *void = Some(Spanned { value: why, span });
            }
        };
        for d in json::duplicates(members) {
            self.push(Diagnostic::new(
                "duplicate-key",
                d.key_span,
                format!("statement {index} has a second \"{}\" element; AWS rejects duplicate elements", d.key),
                "remove one of them, or merge their values into one array",
            ));
            set_void(format!("the statement has two \"{}\" elements", d.key), d.key_span, &mut void);
        }
        let mut seen_effect = false;
        // Elements written under a misspelled name: no second "missing X" finding for them.
        let mut misspelled: Vec<&'static str> = Vec::new();
        // Only the first of duplicated members is read.
        let repeated: Vec<bool> = if members.len() <= json::SMALL_OBJECT {
            members
                .iter()
                .enumerate()
                .map(|(i, m)| members.get(..i).is_some_and(|before| before.iter().any(|b| b.key == m.key)))
                .collect()
        } else {
            let mut read: HashSet<&str> = HashSet::with_capacity(members.len());
            members.iter().map(|m| !read.insert(m.key.as_str())).collect()
        };
        for (m, repeated) in members.iter_mut().zip(repeated) {
            if repeated {
                continue;
            }
            match m.key.as_str() {
                "Sid" => match &mut m.value.value {
                    Value::String(s) => st.sid = Some(Spanned { value: std::mem::take(s), span: m.value.span }),
                    other => {
                        let found = other.type_name();
                        self.type_error(&m.value, "Sid", "a string", found)
                    }
                },
                "Effect" => {
                    seen_effect = true;
                    match &m.value.value {
                        Value::String(e) if e == "Allow" => {
                            st.effect = Some(Spanned { value: Effect::Allow, span: m.value.span })
                        }
                        Value::String(e) if e == "Deny" => {
                            st.effect = Some(Spanned { value: Effect::Deny, span: m.value.span })
                        }
                        other => {
                            let (msg, fix) = match other {
                                Value::String(e) if e.eq_ignore_ascii_case("allow") => (
                                    format!("Effect \"{e}\" must be exactly \"Allow\" (the value is case-sensitive)"),
                                    Some("\"Allow\""),
                                ),
                                Value::String(e) if e.eq_ignore_ascii_case("deny") => (
                                    format!("Effect \"{e}\" must be exactly \"Deny\" (the value is case-sensitive)"),
                                    Some("\"Deny\""),
                                ),
                                Value::String(e) => (format!("Effect \"{e}\" is neither \"Allow\" nor \"Deny\""), None),
                                v => (
                                    format!(
                                        "Effect must be the string \"Allow\" or \"Deny\", but this is {}",
                                        v.type_name()
                                    ),
                                    None,
                                ),
                            };
                            let mut d = Diagnostic::new(
                                "invalid-effect",
                                m.value.span,
                                msg,
                                "write \"Effect\": \"Allow\" or \"Effect\": \"Deny\"; until then the statement has no effect",
                            );
                            if let Some(f) = fix {
                                d = d.with_fix(m.value.span, f, format!("write {f}"));
                            }
                            self.push(d);
                            set_void("its Effect is invalid".into(), m.value.span, &mut void);
                        }
                    }
                }
                "Principal" | "NotPrincipal" => {
                    let negated = m.key == "NotPrincipal";
                    if !self.kind.has_principal() {
                        let what = match self.kind {
                            PolicyKind::Identity => "an identity policy",
                            PolicyKind::Boundary => "a permissions boundary",
                            _ => "a service control policy",
                        };
                        self.push(Diagnostic::new(
                            "principal-in-identity-policy",
                            m.key_span,
                            format!("{what} cannot contain {}: the principal is the identity the policy is attached to", m.key),
                            format!("remove the {} element; to let another principal use the key, name it in the key policy instead", m.key),
                        ));
                        set_void(format!("{} is not allowed in {what}", m.key), m.key_span, &mut void);
                        continue;
                    }
                    if st.principal.is_some() {
                        self.push(Diagnostic::new(
                            "element-combination",
                            m.key_span,
                            "a statement cannot have both Principal and NotPrincipal",
                            "keep one of them",
                        ));
                        continue;
                    }
                    if negated && self.kind == PolicyKind::Trust {
                        self.push(Diagnostic::new(
                            "unsupported-element",
                            m.key_span,
                            "role trust policies do not accept NotPrincipal",
                            "name the principals that may assume the role in Principal",
                        ));
                    }
                    let (block, bad) = self.read_principal(m, negated);
                    st.principal = Some(block);
                    if let Some((why, span)) = bad {
                        set_void(why, span, &mut void);
                    }
                }
                "Action" | "NotAction" => {
                    if st.action.is_some() {
                        self.push(Diagnostic::new(
                            "element-combination",
                            m.key_span,
                            "a statement cannot have both Action and NotAction",
                            "keep one of them",
                        ));
                        continue;
                    }
                    let list = self.read_list(m);
                    (st.action_set, st.named_set) = self.check_actions(&list);
                    st.action = Some(list);
                }
                "Resource" | "NotResource" => {
                    if self.kind == PolicyKind::Trust {
                        self.push(Diagnostic::new(
                            "unsupported-element",
                            m.key_span,
                            format!("role trust policies do not accept {}: the resource is the role itself", m.key),
                            format!("remove {}", m.key),
                        ));
                        continue;
                    }
                    if st.resource.is_some() {
                        self.push(Diagnostic::new(
                            "element-combination",
                            m.key_span,
                            "a statement cannot have both Resource and NotResource",
                            "keep one of them",
                        ));
                        continue;
                    }
                    let mut list = self.read_list(m);
                    self.check_resources(&mut list, vars);
                    st.resource = Some(list);
                }
                "Condition" => {
                    let (tests, bad) = self.read_conditions(&mut m.value, vars);
                    st.conditions = tests;
                    if let Some((why, span)) = bad {
                        set_void(why, span, &mut void);
                    }
                }
                other => {
                    let hint = did_you_mean(other, STATEMENT_ELEMENTS);
                    misspelled.extend(hint);
                    let d = self.unknown_element(m, hint, STATEMENT_ELEMENTS, &format!("in statement {index}"));
                    self.push(d);
                    set_void(format!("it has an unknown element \"{other}\""), m.key_span, &mut void);
                }
            }
        }
        let head = Span::new(node.span.start, node.span.start + 1);
        let mentioned = |names: &[&str]| names.iter().any(|n| misspelled.contains(n));
        if !seen_effect && !mentioned(&["Effect"]) {
            self.push(Diagnostic::new(
                "invalid-effect",
                head,
                format!("statement {index} has no Effect"),
                "add \"Effect\": \"Allow\" or \"Effect\": \"Deny\"; until then the statement has no effect",
            ));
            set_void("it has no Effect".into(), head, &mut void);
        }
        if st.principal.is_none()
            && matches!(self.kind, PolicyKind::Key | PolicyKind::Trust)
            && !mentioned(&["Principal", "NotPrincipal"])
        {
            self.push(Diagnostic::new(
                "missing-principal",
                head,
                format!("statement {index} of {} names no Principal", self.kind.with_article()),
                if self.kind == PolicyKind::Key {
                    "add a Principal, e.g. \"Principal\": {\"AWS\": \"arn:aws:iam::111122223333:root\"} to delegate to that account's IAM policies"
                } else {
                    "add the principal allowed to assume the role, e.g. \"Principal\": {\"AWS\": \"arn:aws:iam::111122223333:root\"}"
                },
            ));
            set_void("it names no Principal".into(), head, &mut void);
        }
        if st.action.is_none() && !mentioned(&["Action", "NotAction"]) {
            self.push(Diagnostic::new(
                "missing-action",
                head,
                format!("statement {index} has neither Action nor NotAction, so it never applies"),
                "add the actions it is about, e.g. \"Action\": [\"kms:Decrypt\"]",
            ));
        }
        if st.resource.is_none() && !matches!(self.kind, PolicyKind::Trust) && !mentioned(&["Resource", "NotResource"])
        {
            let help = if self.kind == PolicyKind::Key {
                "add \"Resource\": \"*\" (in a key policy, * means this key)"
            } else {
                "add the key ARN, e.g. \"Resource\": \"arn:aws:kms:us-east-1:111122223333:key/...\""
            };
            self.push(Diagnostic::new(
                "missing-resource",
                head,
                format!("statement {index} has neither Resource nor NotResource, so it never applies"),
                help,
            ));
        }
        st.void = void;
        st
    }

    /// Read a Principal / NotPrincipal block. Returns it and, when the statement must be
    /// void (a `duplicate-key` inside it, SPEC section 8), why.
    fn read_principal(&mut self, m: &mut Member, negated: bool) -> (PrincipalBlock, Option<(String, Span)>) {
        let mut block = PrincipalBlock { negated, span: m.span(), values: Vec::new(), empty: false };
        let mut void = None;
        match &mut m.value.value {
            Value::String(s) if s == "*" => {
                block.values.push(PrincipalValue {
                    kind: PrincipalType::Aws,
                    value: "*".into(),
                    span: m.value.span,
                    valid: true,
                });
            }
            Value::String(s) => {
                // The fix is JSON text: the value goes back in with its quotes and escapes.
                let quoted = json_string(s);
                self.push(
                    Diagnostic::new(
                        "invalid-principal",
                        m.value.span,
                        format!("{} \"{s}\" must be \"*\" or a map such as {{\"AWS\": {quoted}}}", m.key),
                        format!("write \"{}\": {{\"AWS\": {quoted}}}", m.key),
                    )
                    .with_fix(
                        m.value.span,
                        format!("{{\"AWS\": {quoted}}}"),
                        "wrap the value in {\"AWS\": ...}",
                    ),
                );
            }
            Value::Object(entries) => {
                // `{}` or `{"AWS": []}` names nobody; under NotPrincipal it would leave nobody
                // out, which is no mistake of its own.
                block.empty = entries.iter().all(|e| matches!(&e.value.value, Value::Array(a) if a.is_empty()));
                if block.empty && !negated {
                    self.push(Diagnostic::new(
                        "invalid-principal",
                        m.value.span,
                        format!("{} lists no principal, so the statement never applies", m.key),
                        "name the principals, e.g. {\"AWS\": \"arn:aws:iam::111122223333:root\"}, or remove the statement",
                    ));
                }
                for d in json::duplicates(entries) {
                    self.push(Diagnostic::new(
                        "duplicate-key",
                        d.key_span,
                        format!("{} lists \"{}\" twice; AWS rejects duplicate elements", m.key, d.key),
                        format!("list every value in one \"{}\" array", d.key),
                    ));
                    if void.is_none() {
                        void = Some((format!("its {} lists \"{}\" twice", m.key, d.key), d.key_span));
                    }
                }
                for e in entries.iter_mut() {
                    let kind = match e.key.as_str() {
                        "AWS" => PrincipalType::Aws,
                        "Service" => PrincipalType::Service,
                        "Federated" => PrincipalType::Federated,
                        "CanonicalUser" => PrincipalType::CanonicalUser,
                        other => {
                            let hint = did_you_mean(other, &["AWS", "Service", "Federated", "CanonicalUser"]);
                            let mut d = Diagnostic::new(
                                "invalid-principal",
                                e.key_span,
                                match hint {
                                    Some(h) => format!("\"{other}\" is not a principal type; did you mean \"{h}\"?"),
                                    None => format!("\"{other}\" is not a principal type"),
                                },
                                "principal types are AWS, Service, Federated and CanonicalUser",
                            );
                            if let Some(h) = hint {
                                d = d.with_fix(e.key_span, format!("\"{h}\""), format!("rename to \"{h}\""));
                            }
                            self.push(d);
                            continue;
                        }
                    };
                    for (value, span) in self.strings_of(&mut e.value, &e.key) {
                        let valid = self.check_principal_value(kind, &value, span);
                        block.values.push(PrincipalValue { kind, value, span, valid });
                    }
                }
            }
            other => {
                let found = other.type_name();
                self.type_error(&m.value, &m.key, "\"*\" or a map of principal types", found)
            }
        }
        (block, void)
    }

    /// Validate one principal value; reports and returns false when it can never match.
    fn check_principal_value(&mut self, kind: PrincipalType, value: &str, span: Span) -> bool {
        if kind != PrincipalType::Aws {
            return true;
        }
        if value == "*" {
            return true;
        }
        if value.len() == 12 && value.bytes().all(|b| b.is_ascii_digit()) {
            return true;
        }
        // Unique principal ids (AIDA..., AROA...) appear after IAM rewrites a deleted principal.
        if value.len() >= 16
            && value.starts_with("A")
            && value.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        {
            return true;
        }
        if value.contains('*') || value.contains('?') {
            self.push(Diagnostic::new(
                "invalid-arn",
                span,
                format!("\"{value}\" uses a wildcard; a principal may only be a lone \"*\""),
                "use \"Principal\": \"*\" with a condition such as ArnLike on aws:PrincipalArn to match a pattern",
            ));
            return false;
        }
        match principal_arn_problem(value) {
            None => true,
            Some(problem) => {
                self.push(Diagnostic::new(
                    "invalid-arn",
                    span,
                    format!("\"{value}\" is not a valid AWS principal: {problem}"),
                    "write an account id (111122223333) or an ARN such as arn:aws:iam::111122223333:root, arn:aws:iam::111122223333:user/NAME or arn:aws:iam::111122223333:role/NAME",
                ));
                false
            }
        }
    }

    /// Strings of a string-or-array element; reports wrong types.
    fn strings_of(&mut self, node: &mut Node, element: &str) -> Vec<(String, Span)> {
        match &mut node.value {
            Value::String(s) => vec![(std::mem::take(s), node.span)],
            Value::Array(items) if items.is_empty() && matches!(element, "Action" | "Resource") => {
                let (code, example) = if element == "Action" {
                    ("missing-action", "\"kms:Decrypt\"")
                } else {
                    ("missing-resource", "\"*\"")
                };
                self.push(Diagnostic::new(
                    code,
                    node.span,
                    format!("{element} is an empty list, so the statement never applies"),
                    format!("list what it is about, e.g. [{example}], or remove the statement"),
                ));
                Vec::new()
            }
            Value::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items.iter_mut() {
                    match &mut item.value {
                        Value::String(s) => out.push((std::mem::take(s), item.span)),
                        other => {
                            let found = other.type_name();
                            self.type_error(item, &format!("each {element} value"), "a string", found)
                        }
                    }
                }
                out
            }
            other => {
                let found = other.type_name();
                self.type_error(node, element, "a string or an array of strings", found);
                Vec::new()
            }
        }
    }

    fn read_list(&mut self, m: &mut Member) -> ValueList {
        let negated = m.key.starts_with("Not");
        let empty = matches!(&m.value.value, Value::Array(a) if a.is_empty());
        let values =
            self.strings_of(&mut m.value, &m.key).into_iter().map(|(value, span)| Spanned { value, span }).collect();
        ValueList { negated, span: m.span(), values, malformed: Vec::new(), empty }
    }

    /// Check the values of an Action / NotAction list, and note the catalog actions they
    /// name (see [`Statement::covers_action`] and [`Statement::named_actions`]).
    fn check_actions(&mut self, list: &ValueList) -> (catalog::ActionSet, catalog::ActionSet) {
        let mut set = catalog::ActionSet::default();
        let mut named = catalog::ActionSet::default();
        for v in &list.values {
            let a = v.value.as_str();
            // The id of a plain ASCII name, looked up once for both purposes.
            let plain_id = note_action(a, &mut set, &mut named);
            if a == "*" {
                continue;
            }
            let Some((service, name)) = a.split_once(':') else {
                let suggestion = catalog::suggest_action(a);
                let mut d = Diagnostic::new(
                    "unknown-action",
                    v.span,
                    match suggestion {
                        Some(s) => format!(
                            "\"{a}\" is not an action: actions are written service:Action; did you mean \"{s}\"?"
                        ),
                        None => {
                            format!("\"{a}\" is not an action: actions are written service:Action, e.g. kms:Decrypt")
                        }
                    },
                    "write the service prefix and the action name, e.g. \"kms:Decrypt\"",
                );
                if let Some(s) = suggestion {
                    d = d.with_fix(v.span, format!("\"{s}\""), format!("replace with \"{s}\""));
                }
                self.push(d);
                continue;
            };
            let modelled = service.eq_ignore_ascii_case("kms")
                || (service.eq_ignore_ascii_case("sts") && self.kind == PolicyKind::Trust);
            if !modelled || name.is_empty() {
                continue;
            }
            let known = if has_wildcard(a) {
                if service.eq_ignore_ascii_case("kms") {
                    !catalog::kms_actions_where(|n| wildcard::glob_match_ignore_case(a, n)).is_empty()
                } else {
                    catalog::sts_actions().iter().any(|s| wildcard::glob_match_ignore_case(a, s.name))
                }
            } else {
                // A plain ASCII name is a catalog action exactly when it has an id.
                plain_id.map_or_else(|| catalog::canonical_action(a).is_some(), |id| id.is_some())
            };
            if known {
                continue;
            }
            let suggestion = catalog::suggest_action(a);
            let message = match (suggestion, has_wildcard(a)) {
                (Some(s), _) => {
                    format!("\"{a}\" is not a {} action; did you mean \"{s}\"?", service.to_ascii_uppercase())
                }
                (None, true) => {
                    format!("\"{a}\" matches no {} action", service.to_ascii_uppercase())
                }
                (None, false) => {
                    format!("\"{a}\" is not a {} action", service.to_ascii_uppercase())
                }
            };
            let mut d = Diagnostic::new(
                "unknown-action",
                v.span,
                message,
                "check the spelling against the service's action list; an unknown action matches nothing",
            );
            if let Some(s) = suggestion {
                d = d.with_fix(v.span, format!("\"{s}\""), format!("replace with \"{s}\""));
            }
            self.push(d);
        }
        (set, named)
    }

    fn check_resources(&mut self, list: &mut ValueList, vars: bool) {
        for (i, v) in list.values.iter().enumerate() {
            let r = v.value.as_str();
            if r == "*" {
                continue;
            }
            if !vars && variables::has_variables(r) {
                self.push(Diagnostic::new(
                    "variable-in-old-version",
                    v.span,
                    format!("\"{r}\" looks like it uses a policy variable, but variables work only under Version 2012-10-17, so it is plain text here and matches no real ARN"),
                    "set \"Version\": \"2012-10-17\"",
                ));
            }
            if let Some(problem) = resource_arn_problem(r, vars) {
                list.malformed.push(i);
                let help = if self.kind == PolicyKind::Key {
                    "in a key policy write \"Resource\": \"*\" (it means this key)".to_string()
                } else {
                    "name KMS keys by key ARN: arn:aws:kms:REGION:ACCOUNT:key/KEY-ID (key IDs and alias names are not ARNs)".to_string()
                };
                self.push(Diagnostic::new(
                    "invalid-arn",
                    v.span,
                    format!("Resource \"{r}\" is not a valid ARN: {problem}"),
                    help,
                ));
            }
        }
    }

    /// Read a Condition block. Returns the tests and, when the statement must be void, why.
    fn read_conditions(&mut self, node: &mut Node, vars: bool) -> (Vec<ConditionTest>, Option<(String, Span)>) {
        let mut tests = Vec::new();
        let mut void = None;
        let Value::Object(ops) = &mut node.value else {
            self.type_error(node, "Condition", "an object of operators", node.value.type_name());
            // A malformed condition can never hold: make the statement inert.
            return (tests, Some(("its Condition is not an object".into(), node.span)));
        };
        for d in json::duplicates(ops) {
            self.push(Diagnostic::new(
                "duplicate-key",
                d.key_span,
                format!("the Condition block lists operator \"{}\" twice; AWS rejects duplicate elements", d.key),
                "merge the two blocks into one",
            ));
            if void.is_none() {
                void = Some((format!("its Condition lists \"{}\" twice", d.key), d.key_span));
            }
        }
        for op_member in ops.iter_mut() {
            let Some(operator) = Operator::parse(&op_member.key) else {
                // Past this length no operator is within the edit distance suggest_operator
                // accepts, and Levenshtein against every operator would cost seconds.
                let hint = if op_member.key.chars().count() <= SUGGEST_MAX_CHARS {
                    condition::suggest_operator(&op_member.key)
                } else {
                    None
                };
                let mut d = Diagnostic::new(
                    "unknown-condition-operator",
                    op_member.key_span,
                    match &hint {
                        Some(h) => format!("\"{}\" is not a condition operator; did you mean \"{h}\"?", op_member.key),
                        None => format!("\"{}\" is not a condition operator", op_member.key),
                    },
                    "use an operator such as StringEquals, StringLike, ArnLike, Bool, NumericLessThan, IpAddress or Null",
                );
                if let Some(h) = &hint {
                    d = d.with_fix(op_member.key_span, format!("\"{h}\""), format!("rename to \"{h}\""));
                }
                self.push(d);
                if void.is_none() {
                    void = Some((
                        format!("it uses the unknown condition operator \"{}\"", op_member.key),
                        op_member.key_span,
                    ));
                }
                continue;
            };
            let Value::Object(keys) = &mut op_member.value.value else {
                self.type_error(
                    &op_member.value,
                    &op_member.key,
                    "an object of condition keys",
                    op_member.value.value.type_name(),
                );
                if void.is_none() {
                    void = Some((format!("its {} block is not an object", op_member.key), op_member.value.span));
                }
                continue;
            };
            for d in json::duplicates(keys) {
                self.push(Diagnostic::new(
                    "duplicate-key",
                    d.key_span,
                    format!(
                        "{} lists condition key \"{}\" twice; AWS rejects duplicate elements",
                        op_member.key, d.key
                    ),
                    "list all values in one array",
                ));
                if void.is_none() {
                    void = Some((format!("its Condition lists \"{}\" twice", d.key), d.key_span));
                }
            }
            for k in keys.iter_mut() {
                let mut valid = true;
                let mut values = Vec::new();
                let push_scalar = |n: &mut Node, out: &mut Vec<Spanned<String>>| -> bool {
                    let text = match &mut n.value {
                        Value::String(s) => std::mem::take(s),
                        Value::Number(s) => std::mem::take(s),
                        Value::Bool(b) => b.to_string(),
                        _ => return false,
                    };
                    out.push(Spanned { value: text, span: n.span });
                    true
                };
                match &mut k.value.value {
                    Value::Array(items) if items.is_empty() => {
                        // Access Analyzer: "empty array condition". With no value to match, the
                        // test holds only where the key is absent and the operator allows that.
                        let absent_only = operator.qualifier == Some(condition::SetQualifier::ForAllValues)
                            || (operator.if_exists && operator.qualifier.is_none());
                        self.push(Diagnostic::new(
                            "invalid-condition-value",
                            k.value.span,
                            if absent_only {
                                format!(
                                    "{} lists no value, so this test holds only when the request has no {}",
                                    k.key, k.key
                                )
                            } else {
                                format!(
                                    "{} lists no value, so this test never holds and the statement never applies",
                                    k.key
                                )
                            },
                            "list the values to compare with, or remove the test",
                        ));
                    }
                    Value::Array(items) => {
                        for item in items.iter_mut() {
                            if !push_scalar(item, &mut values) {
                                self.type_error(
                                    item,
                                    "a condition value",
                                    "a string, number or boolean",
                                    item.value.type_name(),
                                );
                                valid = false;
                            }
                        }
                    }
                    _ => {
                        if !push_scalar(&mut k.value, &mut values) {
                            self.type_error(
                                &k.value,
                                "a condition value",
                                "a string, number, boolean or an array of them",
                                k.value.value.type_name(),
                            );
                            valid = false;
                        }
                    }
                }
                for v in &values {
                    if let Some(problem) = condition::check_value(&operator, &v.value) {
                        self.push(Diagnostic::new(
                            "invalid-condition-value",
                            v.span,
                            format!("{} cannot read \"{}\": {problem}", op_member.key, v.value),
                            "write a value of the type the operator compares",
                        ));
                    }
                    if variables::has_variables(&v.value) && !vars {
                        self.push(Diagnostic::new(
                            "variable-in-old-version",
                            v.span,
                            format!("\"{}\" looks like a policy variable, but variables work only under Version 2012-10-17, so it is plain text here", v.value),
                            "set \"Version\": \"2012-10-17\"",
                        ));
                    }
                }
                tests.push(ConditionTest {
                    operator,
                    operator_span: op_member.key_span,
                    key: Spanned { value: std::mem::take(&mut k.key), span: k.key_span },
                    values,
                    valid,
                });
            }
        }
        (tests, void)
    }

    fn check_sids(&mut self, policy: &Policy) {
        let iam_rules = self.kind != PolicyKind::Key;
        let mut seen: HashSet<&str> = HashSet::with_capacity(policy.statements.len());
        for st in &policy.statements {
            let Some(sid) = &st.sid else { continue };
            if iam_rules && !sid.value.chars().all(|c| c.is_ascii_alphanumeric()) {
                let cleaned: String = sid.value.chars().filter(char::is_ascii_alphanumeric).collect();
                self.push(
                    Diagnostic::new(
                        "invalid-sid",
                        sid.span,
                        format!(
                            "Sid \"{}\" may only contain letters and digits in {} (key policies also allow spaces)",
                            sid.value,
                            self.kind.with_article()
                        ),
                        "remove spaces and punctuation from the Sid",
                    )
                    .with_fix(
                        sid.span,
                        format!("\"{cleaned}\""),
                        format!("rename to \"{cleaned}\""),
                    ),
                );
            }
            if iam_rules && !sid.value.is_empty() && !seen.insert(sid.value.as_str()) {
                self.push(Diagnostic::new(
                    "duplicate-sid",
                    sid.span,
                    format!("Sid \"{}\" is used by an earlier statement too", sid.value),
                    "give every statement its own Sid",
                ));
            }
        }
    }
}

/// Note the catalog actions Action value `value` names in `set` (patterns expanded) and, when
/// named literally, in `named`. Returns the lookup of a plain ASCII name (None for others).
fn note_action(value: &str, set: &mut catalog::ActionSet, named: &mut catalog::ActionSet) -> Option<Option<usize>> {
    // A plain ASCII name is one lookup; a pattern (or a name a Unicode case fold might turn
    // into an action) is matched against every catalog action, as a request would.
    if value.is_ascii() && !has_wildcard(value) {
        let id = catalog::action_id(value);
        if let Some(id) = id {
            set.insert(id);
            named.insert(id);
        }
        return Some(id);
    }
    for id in 0..catalog::action_count() {
        if catalog::action_name(id).is_some_and(|name| wildcard::glob_match_ignore_case(value, name)) {
            set.insert(id);
        }
    }
    None
}

/// Whether `s` holds a `*` or `?` wildcard.
pub fn has_wildcard(s: &str) -> bool {
    // bytes, not `contains(['*', '?'])`: that decodes every character (a hot path when reading)
    s.bytes().any(|b| b == b'*' || b == b'?')
}

/// What is wrong with an AWS principal ARN, if anything.
pub fn principal_arn_problem(value: &str) -> Option<String> {
    let arn = match super::arn::Arn::parse(value) {
        Ok(a) => a,
        Err(e) => return Some(e.to_string()),
    };
    if !matches!(
        arn.partition.as_str(),
        "aws" | "aws-cn" | "aws-us-gov" | "aws-iso" | "aws-iso-b" | "aws-iso-e" | "aws-iso-f" | "aws-eusc"
    ) {
        return Some(format!("\"{}\" is not an AWS partition", arn.partition));
    }
    if arn.account.len() != 12 || !arn.account.bytes().all(|b| b.is_ascii_digit()) {
        return Some("the account id must be 12 digits".into());
    }
    match arn.service.as_str() {
        "iam" => {
            if !arn.region.is_empty() {
                return Some("IAM ARNs have an empty region (arn:aws:iam::ACCOUNT:...)".into());
            }
            let r = arn.resource.as_str();
            let ok = r == "root"
                || r.strip_prefix("user/").is_some_and(|n| !n.is_empty())
                || r.strip_prefix("role/").is_some_and(|n| !n.is_empty())
                || r.strip_prefix("saml-provider/").is_some_and(|n| !n.is_empty())
                || r.strip_prefix("oidc-provider/").is_some_and(|n| !n.is_empty());
            if r.starts_with("group/") {
                return Some("IAM groups cannot be principals".into());
            }
            if !ok {
                return Some(format!("\"{r}\" is not root, user/NAME or role/NAME"));
            }
            None
        }
        "sts" => {
            let r = arn.resource.as_str();
            let session = r.strip_prefix("assumed-role/").is_some_and(|rest| {
                rest.split_once('/').is_some_and(|(role, sess)| !role.is_empty() && !sess.is_empty())
            });
            let fed = r.strip_prefix("federated-user/").is_some_and(|n| !n.is_empty());
            if session || fed {
                None
            } else {
                Some("STS principals are assumed-role/ROLE/SESSION or federated-user/NAME".into())
            }
        }
        other => Some(format!("\"{other}\" ARNs cannot be AWS principals (use iam or sts ARNs)")),
    }
}

/// What is wrong with a Resource ARN pattern, if anything.
pub fn resource_arn_problem(value: &str, vars: bool) -> Option<String> {
    if !value.starts_with("arn:") {
        if value.starts_with("alias/") {
            return Some("an alias name is not an ARN".into());
        }
        return Some("a resource is \"*\" or an ARN starting with arn:".into());
    }
    let parts: Vec<&str> = value.splitn(6, ':').collect();
    if parts.len() < 6 {
        return Some("an ARN has six parts: arn:partition:service:region:account:resource".into());
    }
    let service = parts.get(2).copied().unwrap_or("");
    if service.is_empty() {
        return Some("the service part is empty".into());
    }
    if service.contains('*') || service.contains('?') {
        return Some("wildcards are not allowed in the service part".into());
    }
    let account = parts.get(4).copied().unwrap_or("");
    let account_ok = account.is_empty()
        || account.contains('*')
        || account.contains('?')
        || (vars && account.contains("${"))
        || (account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit()))
        || account == "aws";
    if !account_ok {
        return Some(format!("the account part \"{account}\" is not 12 digits"));
    }
    if service == "kms" {
        let resource = parts.get(5).copied().unwrap_or("");
        let ok = resource == "*"
            || resource.starts_with("key/")
            || resource.starts_with("alias/")
            || resource.starts_with('*')
            || resource.starts_with('?');
        if !ok {
            return Some(format!("\"{resource}\" is not key/KEY-ID or alias/NAME"));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(text: &str, kind: PolicyKind) -> Vec<&'static str> {
        read(text, kind).1.into_iter().map(|d| d.code).collect()
    }

    #[test]
    fn reads_a_console_key_policy() {
        let text = r#"{
  "Version": "2012-10-17",
  "Id": "key-consolepolicy-3",
  "Statement": [
    {"Sid": "Enable IAM User Permissions", "Effect": "Allow",
     "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"},
    {"Sid": "Allow attachment of persistent resources", "Effect": "Allow",
     "Principal": {"AWS": ["arn:aws:iam::444455556666:root", "444455556666"]},
     "Action": ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"], "Resource": "*",
     "Condition": {"Bool": {"kms:GrantIsForAWSResource": true}}}
  ]
}"#;
        let (p, diags) = read(text, PolicyKind::Key);
        assert!(diags.is_empty(), "{diags:?}");
        assert!(p.void.is_none());
        assert_eq!(p.statements.len(), 2);
        let s1 = &p.statements[1];
        assert_eq!(s1.sid_text(), Some("Allow attachment of persistent resources"));
        let pv = &s1.principal.as_ref().unwrap().values;
        assert_eq!(pv.len(), 2);
        assert_eq!(&text[pv[1].span.start..pv[1].span.end], "\"444455556666\"");
        assert_eq!(s1.conditions[0].values[0].value, "true");
        assert_eq!(s1.action.as_ref().unwrap().values[2].value, "kms:RevokeGrant");
    }

    #[test]
    fn statement_with_bad_effect_is_void_others_count() {
        let text = r#"{"Version":"2012-10-17","Statement":[
            {"Effect":"allow","Action":"kms:*","Resource":"*"},
            {"Effect":"Allow","Action":"kms:Decrypt","Resource":"*"}]}"#;
        let (p, diags) = read(text, PolicyKind::Identity);
        assert_eq!(diags.iter().map(|d| d.code).collect::<Vec<_>>(), vec!["invalid-effect"]);
        assert!(diags[0].message.contains("case-sensitive"));
        assert!(p.statements[0].void.is_some());
        assert!(p.statements[1].is_active());
    }

    #[test]
    fn whole_policy_void_rules() {
        let (p, d) = read(r#"{"Version":"2012-10-18","Statement":[]}"#, PolicyKind::Identity);
        assert!(p.void.is_some());
        assert_eq!(d[0].code, "invalid-version");
        let (p, d) = read(r#"{"Version":"2012-10-17","Statement":[],"Statement":[]}"#, PolicyKind::Identity);
        assert!(p.void.is_some());
        assert_eq!(d[0].code, "duplicate-key");
        let (p, d) = read("{", PolicyKind::Key);
        assert!(p.void.is_some());
        assert_eq!(d[0].code, "json-syntax");
    }

    #[test]
    fn principal_rules_per_kind() {
        let with_principal = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"kms:Decrypt","Resource":"*"}]}"#;
        assert_eq!(codes(with_principal, PolicyKind::Identity), vec!["principal-in-identity-policy"]);
        assert!(codes(with_principal, PolicyKind::Key).is_empty());
        let without =
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:Decrypt","Resource":"*"}]}"#;
        assert_eq!(codes(without, PolicyKind::Key), vec!["missing-principal"]);
        assert!(codes(without, PolicyKind::Identity).is_empty());
    }

    #[test]
    fn sid_rules_differ_for_key_policies() {
        let text = r#"{"Version":"2012-10-17","Statement":[{"Sid":"Allow use","Effect":"Allow","Action":"kms:Decrypt","Resource":"*"}]}"#;
        assert_eq!(codes(text, PolicyKind::Identity), vec!["invalid-sid"]);
    }

    #[test]
    fn element_names_are_case_sensitive() {
        let text = r#"{"Version":"2012-10-17","Statement":[{"effect":"Allow","Action":"kms:Decrypt","Resource":"*"}]}"#;
        let (p, d) = read(text, PolicyKind::Identity);
        assert_eq!(d[0].code, "unknown-element");
        assert!(d[0].message.contains("did you mean \"Effect\""));
        assert!(p.statements[0].void.is_some());
    }

    #[test]
    fn principal_fix_keeps_quotes_and_backslashes_escaped() {
        let text = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"a\"b\\c","Action":"kms:*","Resource":"*"}]}"#;
        let (_, diags) = read(text, PolicyKind::Key);
        let d = diags.iter().find(|d| d.code == "invalid-principal").unwrap();
        let (span, insert, _) = d.fix.clone().unwrap();
        assert_eq!(insert, r#"{"AWS": "a\"b\\c"}"#);
        let fixed = format!("{}{insert}{}", &text[..span.start], &text[span.end..]);
        assert!(json::parse(&fixed).is_ok(), "{fixed}");
    }

    #[test]
    fn arn_checks() {
        assert!(principal_arn_problem("arn:aws:iam::111122223333:root").is_none());
        assert!(principal_arn_problem("arn:aws-cn:iam::444455556666:role/ExampleRole").is_none());
        assert!(principal_arn_problem("arn:aws:sts::111122223333:assumed-role/app/s1").is_none());
        assert!(principal_arn_problem("arn:aws:iam::111122223333:group/admins").is_some());
        assert!(principal_arn_problem("arn:aws:iam::1111:root").is_some());
        assert!(resource_arn_problem("alias/my-key", true).is_some());
        assert!(resource_arn_problem("arn:aws:kms:*:111122223333:key/*", true).is_none());
    }

    #[test]
    fn action_sets_agree_with_pattern_matching() {
        let lists = [
            r#""Action": "kms:*""#,
            r#""Action": ["kms:Decrypt", "KMS:encrypt", "kms:ReEncrypt*", "kms:Get?eyPolicy"]"#,
            r#""NotAction": ["kms:Create*", "kms:Describe*"]"#,
            r#""Action": "*""#,
            r#""Action": ["sts:AssumeRole", "sts:Tag*", "s3:GetObject"]"#,
            r#""Action": ["\u212Ams:Decrypt", "kms:*Key"]"#,
            r#""NotAction": "kms:Nothing""#,
        ];
        let mut actions: Vec<&str> = (0..catalog::action_count()).filter_map(catalog::action_name).collect();
        actions.extend(["s3:GetObject", "kms:NotAnAction", "KMS:DECRYPT"]);
        for list in lists {
            let text =
                format!(r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow",{list},"Resource":"*"}}]}}"#);
            let (p, _) = read(&text, PolicyKind::Identity);
            let st = &p.statements[0];
            let l = st.action.as_ref().unwrap();
            for a in &actions {
                let by_pattern = l.values.iter().any(|v| wildcard::glob_match_ignore_case(&v.value, a)) != l.negated;
                assert_eq!(st.covers_action(a), by_pattern, "{list} / {a}");
            }
        }
        let (p, _) =
            read(r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Resource":"*"}]}"#, PolicyKind::Identity);
        assert!(!p.statements[0].covers_action("kms:Decrypt"));
    }
}
