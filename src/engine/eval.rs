//! KMS authorization: decide a request and say why (semantics.md §3–§5, SPEC sections 2, 3, 8).
//!
//! One generic decision serves both the KMS call and every `sts:AssumeRole` hop of a `via`
//! chain, because both follow the same rule: the resource policy (key policy or trust
//! policy) must itself allow the caller, either directly or by trusting the caller's account,
//! in which case an identity policy must allow too. KMS adds grants, RCPs, cross-account
//! capability, reachability by key identifier and key state.

use std::borrow::Cow;

use super::arn::{arn_glob_match, arn_match, Arn, ArnParts};
use super::catalog::{self, ActionInfo, CrossAccount, ResourceKind};
use super::condition::{self, BaseOperator};
use super::context::Context;
use super::policy::{ConditionTest, Effect, PolicyKind, PrincipalBlock, PrincipalType, Statement, ValueList};
use super::render::elide_middle;
use super::report::{BlockedBy, Decision, Reason, ReasonKind, RequestResult};
use super::scenario::{Grant, KeyManager, PolicySource, Principal, Request, Scenario};
use super::span::Range;
use super::variables;

/// What kind of identity makes a call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CallerKind {
    /// An IAM user.
    User,
    /// A session of an IAM role.
    Role,
    /// An account's root user.
    Root,
}

/// The identity making a call, resolved from a request principal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Caller<'a> {
    /// The principal as the request gave it.
    pub given: &'a str,
    /// User, role session or root.
    pub kind: CallerKind,
    /// Partition (`aws`, `aws-cn`, ...).
    pub partition: &'a str,
    /// 12-digit account.
    pub account: &'a str,
    /// `aws:PrincipalArn`: the user ARN, the role ARN (with path) or the root ARN.
    pub principal_arn: Cow<'a, str>,
    /// User name or role name (without path).
    pub name: &'a str,
    /// The session name, when known.
    pub session: Option<&'a str>,
}

impl<'a> Caller<'a> {
    /// Resolve a request principal (SPEC section 2 forms); None for any other form.
    ///
    /// The caller borrows from `given` and `scenario`: a request is answered without copying
    /// its principal's names.
    pub fn resolve(given: &'a str, scenario: &'a Scenario) -> Option<Caller<'a>> {
        let arn = ArnParts::parse(given).ok()?;
        let base = |kind, principal_arn: Cow<'a, str>, name: &'a str, session| Caller {
            given,
            kind,
            partition: arn.partition,
            account: arn.account,
            principal_arn,
            name,
            session,
        };
        match arn.service {
            "iam" if arn.resource == "root" => Some(base(CallerKind::Root, Cow::Borrowed(given), "", None)),
            "iam" if arn.resource.starts_with("user/") => {
                let name = arn.resource.rsplit('/').next().unwrap_or("");
                Some(base(CallerKind::User, Cow::Borrowed(given), name, None))
            }
            "iam" if arn.resource.starts_with("role/") => {
                let name = arn.resource.rsplit('/').next().unwrap_or("");
                Some(base(CallerKind::Role, Cow::Borrowed(given), name, None))
            }
            "sts" => {
                let rest = arn.resource.strip_prefix("assumed-role/")?;
                let (role, session) = rest.split_once('/')?;
                // The session ARN has no role path; the scenario's role entry has it.
                let role_arn = scenario
                    .principals
                    .iter()
                    .find(|p| role_account_and_name(&p.arn).is_some_and(|(a, n)| a == arn.account && n == role))
                    .map_or_else(
                        || Cow::Owned(format!("arn:{}:iam::{}:role/{role}", arn.partition, arn.account)),
                        |p| Cow::Borrowed(p.arn.as_str()),
                    );
                Some(base(CallerKind::Role, role_arn, role, Some(session)))
            }
            _ => None,
        }
    }

    /// The caller as a session of role `role_arn` (after an AssumeRole hop).
    fn session_of(role_arn: &'a str, session: &'a str) -> Option<Caller<'a>> {
        let arn = ArnParts::parse(role_arn).ok()?;
        Some(Caller {
            given: role_arn,
            kind: CallerKind::Role,
            partition: arn.partition,
            account: arn.account,
            principal_arn: Cow::Borrowed(role_arn),
            name: arn.resource.rsplit('/').next().unwrap_or(""),
            session: Some(session),
        })
    }

    /// The root ARN of the caller's account.
    pub fn root_arn(&self) -> String {
        format!("arn:{}:iam::{}:root", self.partition, self.account)
    }

    /// The session ARN (`arn:aws:sts::A:assumed-role/R/S`) when the caller is a known session.
    pub fn session_arn(&self) -> Option<String> {
        match (&self.kind, &self.session) {
            (CallerKind::Role, Some(s)) => {
                Some(format!("arn:{}:sts::{}:assumed-role/{}/{}", self.partition, self.account, self.name, s))
            }
            _ => None,
        }
    }

    /// A short description for sentences ("user alice", "role app", ...).
    pub fn describe(&self) -> String {
        match self.kind {
            CallerKind::User => format!("user {}", self.name),
            CallerKind::Role => format!("role {}", self.name),
            CallerKind::Root => format!("the root user of account {}", self.account),
        }
    }

    fn principal_type(&self) -> &'static str {
        match self.kind {
            CallerKind::User => "User",
            CallerKind::Role => "AssumedRole",
            CallerKind::Root => "Account",
        }
    }
}

/// `(account, role name)` of a role ARN.
fn role_account_and_name(arn: &str) -> Option<(&str, &str)> {
    let a = ArnParts::parse(arn).ok()?;
    let path = a.resource.strip_prefix("role/")?;
    Some((a.account, path.rsplit('/').next().unwrap_or("")))
}

/// How a resource-policy statement names the caller.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PrincipalMatch {
    /// Its user ARN.
    User,
    /// Its role ARN (sessions of the role).
    Role,
    /// Its session ARN.
    Session,
    /// `*`.
    Anyone,
    /// Its account (root ARN or bare id): delegation to IAM, except for the root user itself.
    Account,
    /// `NotPrincipal` that does not list the caller.
    NotListed,
    /// `*` with a condition that pins `aws:PrincipalArn` to the caller's role ARN, without
    /// wildcards: AWS treats this like naming the role (semantics.md §3).
    RoleByCondition,
}

impl PrincipalMatch {
    fn is_direct(self, caller: &Caller) -> bool {
        match self {
            PrincipalMatch::Account => caller.kind == CallerKind::Root,
            _ => true,
        }
    }

    /// Whether a permissions boundary limits an allow made this way (semantics.md §3:
    /// resource policies naming a user ARN or a session ARN are not limited, a role ARN is).
    fn limited_by_boundary(self) -> bool {
        matches!(self, PrincipalMatch::Role | PrincipalMatch::RoleByCondition | PrincipalMatch::Account)
    }
}

/// Whether statement `st` pins `aws:PrincipalArn` to the role ARN of `caller` (a session)
/// exactly: an `ArnEquals`/`ArnLike`/`StringEquals`/`StringLike` test whose values have no
/// wildcard and include the role ARN. A wildcard pattern names no role, so a boundary does
/// not limit it (semantics.md §3).
fn pins_role_arn(st: &Statement, caller: &Caller) -> bool {
    caller.kind == CallerKind::Role
        && st.conditions.iter().any(|t| {
            t.operator.qualifier.is_none()
                && matches!(
                    t.operator.base,
                    BaseOperator::ArnEquals
                        | BaseOperator::ArnLike
                        | BaseOperator::StringEquals
                        | BaseOperator::StringLike
                )
                && t.key.value.eq_ignore_ascii_case("aws:PrincipalArn")
                && t.values.iter().all(|v| !v.value.contains(['*', '?', '$']))
                && t.values.iter().any(|v| v.value == caller.principal_arn)
        })
}

/// Does one principal value name the caller, and how?
fn value_matches(kind: PrincipalType, value: &str, caller: &Caller, partition: &str) -> Option<PrincipalMatch> {
    if kind != PrincipalType::Aws {
        return None;
    }
    if value == "*" {
        return Some(PrincipalMatch::Anyone);
    }
    if value.len() == 12 && value.bytes().all(|b| b.is_ascii_digit()) {
        // A bare account id lives in the resource's partition.
        return (value == caller.account && partition == caller.partition).then_some(PrincipalMatch::Account);
    }
    // Cheap first: an ARN that names the caller holds the caller's account id somewhere
    // (most principal values of a big policy do not, and parsing them was a tenth of the
    // matrix's time).
    if !value.contains(caller.account) {
        return None;
    }
    let arn = ArnParts::parse(value).ok()?;
    if arn.partition != caller.partition || arn.account != caller.account {
        return None;
    }
    match (arn.service, arn.resource) {
        ("iam", "root") => Some(PrincipalMatch::Account),
        ("iam", r) if r.starts_with("user/") => {
            (caller.kind == CallerKind::User && value == caller.principal_arn).then_some(PrincipalMatch::User)
        }
        ("iam", r) if r.starts_with("role/") => {
            (caller.kind == CallerKind::Role && value == caller.principal_arn).then_some(PrincipalMatch::Role)
        }
        ("sts", r) => {
            let (role, session) = r.strip_prefix("assumed-role/")?.split_once('/')?;
            (caller.kind == CallerKind::Role && role == caller.name && caller.session == Some(session))
                .then_some(PrincipalMatch::Session)
        }
        _ => None,
    }
}

/// How a principal block names the caller, if it does. `partition` is the resource's;
/// `effect` the statement's; `has_boundary` whether the caller has a permissions boundary.
fn principal_matches(
    block: &PrincipalBlock,
    caller: &Caller,
    partition: &str,
    effect: Option<Effect>,
    has_boundary: bool,
) -> Option<PrincipalMatch> {
    let mut best: Option<PrincipalMatch> = None;
    for v in block.values.iter().filter(|v| v.valid) {
        if let Some(m) = value_matches(v.kind, &v.value, caller, partition) {
            // Prefer a direct match over account delegation.
            best = match best {
                Some(PrincipalMatch::Account) | None => Some(m),
                keep => keep,
            };
        }
    }
    if !block.negated {
        return best;
    }
    not_principal_applies(block, caller, partition, effect, has_boundary, best).then_some(PrincipalMatch::NotListed)
}

/// Whether a `NotPrincipal` statement applies to the caller; `best` is how its list names
/// the caller, if it does (semantics.md §1, IAM's NotPrincipal page).
/// - With `Allow` it applies to everyone it does not name: a caller named by its own ARN
///   or by its account (or `*`) is left out.
/// - With `Deny` it leaves a caller out only when every identity of its chain is listed:
///   the account with the user, and the account and the role with a session (when the
///   list names sessions of that role, this session among them). A principal with a
///   permissions boundary is never left out: AWS documents that such a Deny always denies it.
fn not_principal_applies(
    block: &PrincipalBlock,
    caller: &Caller,
    partition: &str,
    effect: Option<Effect>,
    has_boundary: bool,
    best: Option<PrincipalMatch>,
) -> bool {
    if effect != Some(Effect::Deny) {
        return best.is_none();
    }
    if best == Some(PrincipalMatch::Anyone) {
        return false;
    }
    if has_boundary && caller.kind != CallerKind::Root {
        return true;
    }
    let listed = |m: PrincipalMatch| {
        block.values.iter().any(|v| v.valid && value_matches(v.kind, &v.value, caller, partition) == Some(m))
    };
    let excluded = listed(PrincipalMatch::Account)
        && match caller.kind {
            CallerKind::Root => true,
            CallerKind::User => listed(PrincipalMatch::User),
            CallerKind::Role => {
                listed(PrincipalMatch::Role)
                    && (listed(PrincipalMatch::Session) || !lists_session_of(block, caller, partition))
            }
        };
    !excluded
}

/// Whether a principal block names some session of the caller's role.
fn lists_session_of(block: &PrincipalBlock, caller: &Caller, partition: &str) -> bool {
    block.values.iter().filter(|v| v.valid && v.kind == PrincipalType::Aws).any(|v| {
        ArnParts::parse(&v.value).is_ok_and(|a| {
            a.service == "sts"
                && a.partition == partition
                && a.account == caller.account
                && a.resource
                    .strip_prefix("assumed-role/")
                    .and_then(|r| r.split_once('/'))
                    .is_some_and(|(role, _)| role == caller.name)
        })
    })
}

fn resource_value_matches(pattern: &str, resource: &str, ctx: &Context, vars: bool) -> bool {
    if pattern == "*" {
        return true;
    }
    if vars && variables::has_variables(pattern) {
        match variables::substitute(pattern, ctx, true) {
            Some(p) => arn_match(&p, resource),
            None => false,
        }
    } else {
        arn_glob_match(pattern, resource)
    }
}

fn resource_matches(list: Option<&ValueList>, kind: PolicyKind, resource: &str, ctx: &Context, vars: bool) -> bool {
    let Some(list) = list else {
        // Trust policies have no Resource: they are about the role itself.
        return kind == PolicyKind::Trust;
    };
    let hit = list.matchable().any(|v| resource_value_matches(&v.value, resource, ctx, vars));
    hit != list.negated
}

fn conditions_hold(st: &Statement, ctx: &Context, vars: bool) -> bool {
    st.conditions.iter().all(|t| test_holds(t, ctx, vars))
}

/// Whether one condition test holds (a test with a value of the wrong type never does).
fn test_holds(t: &ConditionTest, ctx: &Context, vars: bool) -> bool {
    t.valid && {
        // Most tests have a few values: lend them from the stack rather than allocate.
        const FEW: usize = 8;
        if t.values.len() <= FEW {
            let mut few = [""; FEW];
            for (slot, v) in few.iter_mut().zip(&t.values) {
                *slot = v.value.as_str();
            }
            condition::evaluate(&t.operator, &t.key.value, few.get(..t.values.len()).unwrap_or_default(), ctx, vars)
        } else {
            let values: Vec<&str> = t.values.iter().map(|v| v.value.as_str()).collect();
            condition::evaluate(&t.operator, &t.key.value, &values, ctx, vars)
        }
    }
}

/// `not-applicable` reasons for the Allow statements of `sources` that name the caller, the
/// action and the resource but have a condition that does not hold: the first such condition,
/// with what the request carries for its key. An implicit deny is often one condition away
/// from an allow, and "nothing allows it" alone hides that (explained calls only). Allow
/// statements whose `NotPrincipal` leaves the caller out are near misses too
/// ([`not_principal_miss`]).
///
/// Returns the reasons and, for the summary, a clause about the first of them.
fn condition_misses<'s>(
    sources: impl Iterator<Item = &'s PolicySource>,
    call: &Call<'_>,
) -> (Vec<RawReason>, Option<String>) {
    let mut out = Vec::new();
    let mut clause = None;
    for source in sources {
        let vars = source.policy.variables_enabled();
        for_statements_with(source, Effect::Allow, call, |_, st| {
            if statement_names(source, st, call).is_none() {
                if let Some((reason, listed)) = not_principal_miss(source, st, call) {
                    out.push(reason);
                    if clause.is_none() {
                        let hit = Hit { source, statement: st, principal: None };
                        clause = Some(format!(
                            "{} leaves the caller out: its NotPrincipal lists {listed}",
                            name_statement(&hit)
                        ));
                    }
                }
                return;
            }
            let Some(t) = st.conditions.iter().find(|t| !test_holds(t, call.ctx, vars)) else { return };
            let hit = Hit { source, statement: st, principal: None };
            let mut reason = RawReason::of(
                true,
                ReasonKind::NotApplicable,
                &hit,
                format!(
                    "{} would allow {}, {CONDITION_MISS} {} does not hold: {}",
                    name_statement(&hit),
                    call.action,
                    condition_text(t),
                    request_has(t, call.ctx)
                ),
            );
            let span = t.values.last().map_or(t.key.span, |v| t.key.span.join(v.span));
            reason.range = Some(source.range(span));
            out.push(reason);
            if clause.is_none() {
                clause = Some(format!(
                    "{} would allow it, but its condition on {} does not hold",
                    name_statement(&hit),
                    elide_middle(&t.key.value, QUOTED_CHARS)
                ));
            }
        });
    }
    (out, clause)
}

/// The `not-applicable` reason for an Allow statement whose `NotPrincipal` names the caller
/// (by its own ARN, its account or `*`) while its action and resource cover the call: the
/// statement allows everyone else, and saying so beats "nothing allows it". Returns the
/// reason, pointing at the listed value, and that value quoted.
fn not_principal_miss(source: &PolicySource, st: &Statement, call: &Call<'_>) -> Option<(RawReason, String)> {
    let block = st.principal.as_ref().filter(|b| b.negated)?;
    let listed = block
        .values
        .iter()
        .find(|v| v.valid && value_matches(v.kind, &v.value, call.caller, call.resource_partition).is_some())?;
    let policy = &source.policy;
    if !resource_matches(st.resource.as_ref(), policy.kind, call.resource, call.ctx, policy.variables_enabled()) {
        return None;
    }
    let hit = Hit { source, statement: st, principal: None };
    let value = condition::quoted(&elide_middle(&listed.value, QUOTED_CHARS));
    let mut reason = RawReason::of(
        true,
        ReasonKind::NotApplicable,
        &hit,
        format!(
            "{} allows {} to every principal its NotPrincipal does not list, and it lists {value}, which names the caller",
            name_statement(&hit),
            call.action
        ),
    );
    reason.range = Some(source.range(listed.span));
    Some((reason, value))
}

/// Add the [`condition_misses`] of `sources` to an implicit deny's reasons, and its clause to
/// the summary ("Denied: …; statement 0 of … would allow it, but its condition on K does not
/// hold.").
fn add_condition_misses<'s>(
    sources: impl Iterator<Item = &'s PolicySource>,
    call: &Call<'_>,
    summary: &mut String,
    reasons: &mut Vec<RawReason>,
) {
    if !call.explain {
        return;
    }
    let (misses, clause) = condition_misses(sources, call);
    if let Some(clause) = clause {
        add_clause(summary, &clause);
    }
    reasons.extend(misses);
}

/// End the summary sentence with "; `clause`." instead of its full stop.
fn add_clause(summary: &mut String, clause: &str) {
    let head = summary.trim_end().trim_end_matches('.');
    *summary = format!("{head}; {clause}.");
}

/// Characters of a condition key or value quoted in a near-miss message (longer ones are cut
/// in the middle).
const QUOTED_CHARS: usize = 80;

/// What the message of every [`condition_misses`] reason says after "would allow ACTION,".
const CONDITION_MISS: &str = "but its condition";

/// Whether `r` is a [`condition_misses`] reason: a statement that would allow the call but for
/// a condition (the report format has no kind of its own for it).
pub(crate) fn is_condition_miss(r: &Reason) -> bool {
    r.kind == ReasonKind::NotApplicable && r.statement.is_some() && r.message.contains(CONDITION_MISS)
}

/// `StringEquals aws:ResourceTag/team "payments"`: a condition test in words (at most three
/// of its values).
fn condition_text(t: &ConditionTest) -> String {
    let mut text = format!("{} {} ", t.operator.name(), elide_middle(&t.key.value, QUOTED_CHARS));
    text.push_str(&quoted_list(t.values.iter().map(|v| v.value.as_str()), t.values.len()));
    text
}

/// What the request carries for the key of `t`, or that it has none.
fn request_has(t: &ConditionTest, ctx: &Context) -> String {
    if !t.valid {
        return "a value has the wrong type for the operator, so it never holds".into();
    }
    match ctx.get(&t.key.value).filter(|v| !v.is_empty()) {
        None => format!("the request has no {}", elide_middle(&t.key.value, QUOTED_CHARS)),
        Some(values) => {
            format!(
                "the request's {} is {}",
                elide_middle(&t.key.value, QUOTED_CHARS),
                quoted_list(values.iter().map(AsRef::as_ref), values.len())
            )
        }
    }
}

/// `"a"`, or `["a", "b", "c" and 4 more]`: values quoted, at most three.
fn quoted_list<'v>(values: impl Iterator<Item = &'v str>, count: usize) -> String {
    let shown: Vec<String> = values.take(3).map(|v| condition::quoted(&elide_middle(v, QUOTED_CHARS))).collect();
    match count {
        1 => shown.join(""),
        _ if count > 3 => format!("[{} and {} more]", shown.join(", "), count - 3),
        _ => format!("[{}]", shown.join(", ")),
    }
}

/// A statement that applies to a call.
#[derive(Clone, Copy)]
struct Hit<'a> {
    source: &'a PolicySource,
    statement: &'a Statement,
    principal: Option<PrincipalMatch>,
}

/// What is known of one statement for the calls of one matrix row (see [`RowMemo`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Applies {
    /// Not worked out yet.
    Unknown,
    /// Its principal, resource or conditions rule the row's calls out.
    No,
    /// It applies to the row's calls that its Action covers, naming the caller so.
    Yes(Option<PrincipalMatch>),
}

/// The matrix cells of one row share their caller, resource and request context, so whether
/// a statement's principal, resource and conditions let a call through is the same for every
/// column: worked out once per statement and row, and only the action differs per cell.
#[derive(Default)]
struct RowMemo {
    /// Per policy (by address: the policies of one scenario), per statement.
    policies: std::cell::RefCell<Vec<(*const PolicySource, Vec<Applies>)>>,
    /// Where in `policies` the last lookup found its policy.
    last: std::cell::Cell<usize>,
}

impl RowMemo {
    /// The memo of statement `i` of `source`, working it out with `work` when unknown.
    fn applies(&self, source: &PolicySource, i: usize, work: impl FnOnce() -> Applies) -> Applies {
        let key: *const PolicySource = source;
        let known = {
            let policies = self.policies.borrow();
            // Consecutive questions are mostly about the same policy: try the last one first.
            let last = self.last.get();
            let pos = match policies.get(last) {
                Some((p, _)) if *p == key => Some(last),
                _ => policies.iter().position(|(p, _)| *p == key),
            };
            if let Some(pos) = pos {
                self.last.set(pos);
            }
            pos.and_then(|pos| policies.get(pos)).and_then(|(_, v)| v.get(i).copied()).unwrap_or(Applies::Unknown)
        };
        if known != Applies::Unknown {
            return known;
        }
        let result = work();
        let mut policies = self.policies.borrow_mut();
        let pos = match policies.iter().position(|(p, _)| *p == key) {
            Some(pos) => pos,
            None => {
                policies.push((key, vec![Applies::Unknown; source.policy.statements.len()]));
                policies.len() - 1
            }
        };
        if let Some(slot) = policies.get_mut(pos).and_then(|(_, v)| v.get_mut(i)) {
            *slot = result;
        }
        result
    }
}

/// Whether statement `st` of `source` applies to the call whatever its action: its principal
/// (how it names the caller), resource and conditions.
fn statement_applies(source: &PolicySource, st: &Statement, call: &Call<'_>) -> Applies {
    match statement_names(source, st, call) {
        Some(principal) if conditions_hold(st, call.ctx, source.policy.variables_enabled()) => Applies::Yes(principal),
        _ => Applies::No,
    }
}

/// Whether statement `st` of `source` names the call's caller (its principal, where the
/// policy kind has one) and resource, leaving its conditions aside: `Some` with how it names
/// the caller, or `None`.
fn statement_names(source: &PolicySource, st: &Statement, call: &Call<'_>) -> Option<Option<PrincipalMatch>> {
    let policy = &source.policy;
    let principal = if policy.kind.has_principal() {
        match &st.principal {
            Some(block) => Some(principal_matches(
                block,
                call.caller,
                call.resource_partition,
                st.effect(),
                call.entry.is_some_and(|e| e.boundary.is_some()),
            )?),
            // RCPs may leave Principal out: they then apply to everyone.
            None if policy.kind == PolicyKind::Rcp => Some(PrincipalMatch::Anyone),
            None => return None,
        }
    } else {
        None
    };
    let principal = match principal {
        Some(PrincipalMatch::Anyone) if pins_role_arn(st, call.caller) => Some(PrincipalMatch::RoleByCondition),
        other => other,
    };
    resource_matches(st.resource.as_ref(), policy.kind, call.resource, call.ctx, policy.variables_enabled())
        .then_some(principal)
}

/// The statements of `source` with `effect` that apply to the call.
fn hits<'a>(source: &'a PolicySource, effect: Effect, call: &Call<'_>) -> Vec<Hit<'a>> {
    let mut out = Vec::new();
    hits_into(source, effect, call, &mut out);
    out
}

/// [`hits`], added to `out`.
fn hits_into<'a>(source: &'a PolicySource, effect: Effect, call: &Call<'_>, out: &mut Vec<Hit<'a>>) {
    for_statements_with(source, effect, call, |i, st| {
        let applies = match call.row {
            Some(memo) => memo.applies(source, i, || statement_applies(source, st, call)),
            None => statement_applies(source, st, call),
        };
        if let Applies::Yes(principal) = applies {
            out.push(Hit { source, statement: st, principal });
        }
    });
}

/// Call `f` with each active statement of `source` (none of a void policy) that has `effect`
/// and covers the call's action, with its index (by the policy's action index when the action
/// is in the catalog).
fn for_statements_with<'a>(
    source: &'a PolicySource,
    effect: Effect,
    call: &Call<'_>,
    mut f: impl FnMut(usize, &'a Statement),
) {
    if source.policy.void.is_some() {
        return;
    }
    let mut all;
    let mut covering;
    let statements: &mut dyn Iterator<Item = (usize, &'a Statement)> = match call.action_id {
        Some(id) => {
            covering = source.policy.active_statements_for(id);
            &mut covering
        }
        None => {
            all = source
                .policy
                .statements
                .iter()
                .enumerate()
                .filter(|(_, st)| st.is_active() && st.covers_action_id(None, call.action));
            &mut all
        }
    };
    for (i, st) in statements {
        if st.effect() == Some(effect) {
            f(i, st);
        }
    }
}

/// For a `NotPrincipal` Deny that applies only because the caller has a permissions
/// boundary (see [`not_principal_applies`]): a note saying so; otherwise empty.
fn boundary_note(h: &Hit<'_>, call: &Call<'_>) -> &'static str {
    let caught = h.principal == Some(PrincipalMatch::NotListed)
        && call.entry.is_some_and(|e| e.boundary.is_some())
        && h.statement.principal.as_ref().is_some_and(|block| {
            principal_matches(block, call.caller, call.resource_partition, Some(Effect::Deny), false).is_none()
        });
    if caught {
        " (it lists the caller in NotPrincipal, but AWS documents that a Deny with NotPrincipal always applies to a principal with a permissions boundary)"
    } else {
        ""
    }
}

/// Said where a decision rests on a point AWS documentation leaves open (semantics.md [FLAG]).
const FLAG_GRANT_ALONE: &str = " (AWS documentation is not definite whether a grantee in another account also needs an IAM policy; kmsplay follows the KMS evaluation flowchart, where the grant alone is enough)";
const FLAG_BOUNDARY: &str = " (AWS documents this permissions-boundary rule for resource-based policies in general; no KMS page confirms it for key policies)";
const FLAG_TRUST_ROOT: &str = " (AWS documentation is not definite here: a trust policy naming only its own account is read like a key policy, so the caller also needs an IAM policy allowing sts:AssumeRole)";

/// `format!` when the call is explained, else an empty string: matrix cells need only the
/// decision, and writing the sentences of every cell was most of their cost.
macro_rules! say {
    ($explain:expr, $($arg:tt)*) => {
        if $explain {
            format!($($arg)*)
        } else {
            String::new()
        }
    };
}

/// A reason before its range is computed.
#[derive(Clone, Debug)]
struct RawReason {
    kind: ReasonKind,
    policy: String,
    statement: Option<usize>,
    sid: Option<String>,
    range: Option<Range>,
    message: String,
}

impl RawReason {
    fn engine(kind: ReasonKind, message: impl Into<String>) -> RawReason {
        RawReason { kind, policy: "engine".into(), statement: None, sid: None, range: None, message: message.into() }
    }

    /// A reason about a grant (grants have no statements or text to point at).
    fn grant(kind: ReasonKind, policy: String, message: String) -> RawReason {
        RawReason { kind, policy, statement: None, sid: None, range: None, message }
    }

    fn missing(policy: impl Into<String>, message: impl Into<String>) -> RawReason {
        RawReason {
            kind: ReasonKind::Missing,
            policy: policy.into(),
            statement: None,
            sid: None,
            range: None,
            message: message.into(),
        }
    }

    /// The reason naming `hit`'s statement. Its policy id, Sid and range are only written
    /// when the call is explained: a bare decision drops its reasons, and computing ranges was
    /// a tenth of a matrix cell.
    fn of(explain: bool, kind: ReasonKind, hit: &Hit<'_>, message: impl Into<String>) -> RawReason {
        if !explain {
            return RawReason {
                kind,
                policy: String::new(),
                statement: None,
                sid: None,
                range: None,
                message: message.into(),
            };
        }
        RawReason {
            kind,
            policy: hit.source.id.clone(),
            statement: Some(hit.statement.index),
            sid: hit.statement.sid_text().map(str::to_string),
            range: Some(hit.source.range(hit.statement.span)),
            message: message.into(),
        }
    }
}

/// The decision of one call, before ranges are computed.
#[derive(Clone, Debug)]
struct Outcome {
    decision: Decision,
    summary: String,
    reasons: Vec<RawReason>,
    blocked_by: Option<BlockedBy>,
}

impl Outcome {
    fn new(decision: Decision, summary: impl Into<String>, reasons: Vec<RawReason>) -> Outcome {
        Outcome { decision, summary: summary.into(), reasons, blocked_by: None }
    }
}

/// "statement 2 (\"Sid\") of the key policy".
fn name_statement(hit: &Hit<'_>) -> String {
    let place = describe_policy(&hit.source.id);
    match hit.statement.sid_text() {
        Some(sid) if !sid.is_empty() => format!("statement \"{sid}\" of {place}"),
        _ => format!("statement {} of {place}", hit.statement.index),
    }
}

/// A policy id in words.
pub fn describe_policy(id: &str) -> String {
    if id == "key-policy" {
        return "the key policy".into();
    }
    if let Some(rest) = id.strip_prefix("identity:") {
        let (arn, name) = rest.rsplit_once('/').unwrap_or((rest, ""));
        let who = arn.rsplit(['/', ':']).next().unwrap_or(arn);
        return format!("IAM policy \"{name}\" of {who}");
    }
    if let Some(arn) = id.strip_prefix("boundary:") {
        return format!("the permissions boundary of {}", arn.rsplit(['/', ':']).next().unwrap_or(arn));
    }
    if let Some(arn) = id.strip_prefix("trust:") {
        return format!("the trust policy of role {}", arn.rsplit('/').next().unwrap_or(arn));
    }
    if let Some(name) = id.strip_prefix("scp:") {
        return format!("SCP \"{name}\"");
    }
    if let Some(name) = id.strip_prefix("rcp:") {
        return format!("RCP \"{name}\"");
    }
    if let Some(name) = id.strip_prefix("grant:") {
        return format!("grant \"{name}\"");
    }
    id.to_string()
}

/// The `void` reasons of a policy for a call: the whole policy, or void statements that
/// mention the action (or whose actions cannot be read).
fn void_reasons(source: &PolicySource, action: &str) -> Vec<RawReason> {
    let mut out = Vec::new();
    if let Some(v) = &source.policy.void {
        out.push(RawReason {
            kind: ReasonKind::Void,
            policy: source.id.clone(),
            statement: None,
            sid: None,
            range: Some(source.range(v.span)),
            message: format!("{} is ignored: {}", describe_policy(&source.id), v.value),
        });
        return out;
    }
    for st in &source.policy.statements {
        let Some(v) = &st.void else { continue };
        // A void statement's own elements cannot be trusted (a duplicated Action may hide the
        // action), so every void statement of a consulted policy is shown unless its readable
        // Action plainly names other actions only.
        let readable_other = st.action.as_ref().is_some_and(|a| !a.values.is_empty())
            && !st.covers_action(action)
            && !v.value.contains("two");
        if !readable_other {
            out.push(RawReason {
                kind: ReasonKind::Void,
                policy: source.id.clone(),
                statement: Some(st.index),
                sid: st.sid_text().map(str::to_string),
                range: Some(source.range(v.span)),
                message: format!("statement {} of {} is ignored: {}", st.index, describe_policy(&source.id), v.value),
            });
        }
    }
    out
}

/// Everything one call is decided on.
struct Call<'a> {
    caller: &'a Caller<'a>,
    entry: Option<&'a Principal>,
    /// Canonical action (`kms:Decrypt`, `sts:AssumeRole`).
    action: &'a str,
    /// Its [`catalog::action_id`], looked up once for every statement the call meets.
    action_id: Option<usize>,
    /// The resource ARN (key ARN or role ARN).
    resource: &'a str,
    resource_account: &'a str,
    resource_partition: &'a str,
    /// The resource policy (key policy / trust policy); None: nothing trusts anyone.
    resource_policy: Option<&'a PolicySource>,
    /// "the key policy" / "the trust policy of role X".
    resource_label: Cow<'static, str>,
    /// Id to name in a `missing` reason for the resource side.
    resource_policy_id: Cow<'static, str>,
    /// Whether the resource policy must allow (false for KMS actions that involve no key).
    needs_resource_policy: bool,
    /// Whether the resource policy's Allow statements count (false for `kms:RetireGrant`,
    /// which a key policy cannot allow: semantics.md §4.6); its Deny statements always do.
    resource_allows_count: bool,
    /// RCPs that apply (KMS customer managed keys only).
    rcps: Vec<&'a PolicySource>,
    ctx: &'a Context<'a>,
    /// Whether reasons and the summary are written (false: only the decision is wanted).
    explain: bool,
    /// The statements already worked out for this matrix row (None outside the matrix).
    row: Option<&'a RowMemo>,
}

/// The SCPs that bind an account (None: the account has no SCP listed, so it is unrestricted).
fn scps_of<'a>(scenario: &'a Scenario, account: &str) -> Option<Vec<&'a PolicySource>> {
    let list: Vec<&PolicySource> =
        scenario.scps.iter().filter(|s| s.accounts.iter().any(|a| a == account)).map(|s| &s.source).collect();
    (!list.is_empty()).then_some(list)
}

/// Every policy a call consults, in order: resource, identity, boundary, SCPs, RCPs.
fn consulted<'a>(call: &'a Call<'a>, scps: Option<&'a [&'a PolicySource]>) -> impl Iterator<Item = &'a PolicySource> {
    let entry = call.entry;
    call.resource_policy
        .into_iter()
        .chain(entry.into_iter().flat_map(|e| e.policies.iter().map(|p| &p.source)))
        .chain(entry.and_then(|e| e.boundary.as_ref()))
        .chain(scps.into_iter().flatten().copied())
        .chain(call.rcps.iter().copied())
}

/// Decide a call on the generic rules; grants are passed in as extra allows (KMS only).
/// An explained result, allowed or denied, also lists the void policies and statements of
/// every policy consulted that could have counted (SPEC section 8).
fn decide(scenario: &Scenario, call: &Call<'_>, grants: &[&Grant], grant_identity_needed: bool) -> Outcome {
    let mut out = decide_policies(scenario, call, grants, grant_identity_needed);
    // Void reasons only ever end up among the reasons, which a bare decision drops.
    if call.explain {
        if out.decision == Decision::ImplicitDeny {
            blame_void_resource_policy(call, &mut out);
        }
        // A grant that covers the call allows it on its own: when the policies allowed it
        // first, name the grant too (with grant tokens, the grant is why the call works at
        // once; seed 003).
        if out.decision == Decision::Allow && !out.reasons.iter().any(|r| r.policy.starts_with("grant:")) {
            for g in grants.iter().filter(|g| !(grant_identity_needed && grant_is_account(g, call.caller))) {
                out.reasons.push(RawReason::grant(
                    ReasonKind::AllowedBy,
                    format!("grant:{}", g.name),
                    format!(
                        "grant \"{}\" gives {} {}: it allows {} on its own too{}",
                        g.name,
                        g.grantee,
                        g.operations.join(", "),
                        call.action,
                        if call.caller.account == call.resource_account { "" } else { FLAG_GRANT_ALONE }
                    ),
                ));
            }
        }
        let scps = scps_of(scenario, call.caller.account);
        for s in consulted(call, scps.as_deref()) {
            out.reasons.extend(void_reasons(s, call.action));
        }
    }
    out
}

/// An implicit deny while the key policy (or trust policy) is void: what it would say about
/// that policy ("does not trust account B", "has no statement allowing ...") is true of the
/// void policy but blames statements the person can see in the text. Say instead that the
/// policy is ignored and why, as the `void` reason does.
fn blame_void_resource_policy(call: &Call<'_>, out: &mut Outcome) {
    let Some(void) = call.resource_policy.and_then(|p| p.policy.void.as_ref()) else { return };
    let label: &str = &call.resource_label;
    let ignored = format!("{label} is ignored ({})", void.value);
    out.summary = format!("Denied: {ignored}, so nothing in it allows {}; fix it first.", call.action);
    for r in &mut out.reasons {
        if r.policy == call.resource_policy_id && r.kind == ReasonKind::Missing {
            r.message = format!("{label} allows nothing while it is ignored");
        } else if r.kind == ReasonKind::NotApplicable && r.statement.is_some() {
            // "statement S of IAM policy P allows A, but the key policy trusts neither ..."
            if let Some((head, _)) = r.message.split_once(", but ") {
                if r.message.contains(label) {
                    r.message = format!("{head}, but {label} is ignored, so it trusts nobody");
                }
            }
        }
    }
}

/// [`decide`] without the void reasons.
fn decide_policies(scenario: &Scenario, call: &Call<'_>, grants: &[&Grant], grant_identity_needed: bool) -> Outcome {
    let caller = call.caller;
    let who = if call.explain { caller.describe() } else { String::new() };
    let action = call.action;
    let part = call.resource_partition;
    // (Iterators rather than lists: a matrix cell would allocate each of them.)
    let identity_sources = || call.entry.into_iter().flat_map(|e| e.policies.iter().map(|p| &p.source));
    let boundary = call.entry.and_then(|e| e.boundary.as_ref());
    let scps = scps_of(scenario, caller.account);

    // Every policy consulted, in order: resource, identity, boundary, SCPs, RCPs.
    let consulted = || consulted(call, scps.as_deref());
    // 1. Explicit denies anywhere.
    let mut denies: Vec<Hit<'_>> = Vec::new();
    for s in consulted() {
        hits_into(s, Effect::Deny, call, &mut denies);
    }
    if let Some(first) = denies.first() {
        let summary = say!(call.explain, "Denied explicitly: {} denies {action} to {who}.", name_statement(first));
        let reasons: Vec<RawReason> = denies
            .iter()
            .map(|h| {
                RawReason::of(
                    call.explain,
                    ReasonKind::DeniedBy,
                    h,
                    say!(call.explain, "{} denies {action}{}", name_statement(h), boundary_note(h, call)),
                )
            })
            .collect();
        return Outcome::new(Decision::ExplicitDeny, summary, reasons);
    }

    // 2. SCPs of the caller's account must allow.
    if let Some(scps) = &scps {
        let allowed = scps.iter().any(|s| !hits(s, Effect::Allow, call).is_empty());
        if !allowed {
            let names: Vec<String> = scps.iter().map(|s| describe_policy(&s.id)).collect();
            let first = scps.first().map_or_else(|| "scp".to_string(), |s| s.id.clone());
            let mut reasons = vec![RawReason::missing(
                first,
                say!(
                    call.explain,
                    "no SCP of account {} allows {action} ({} attached)",
                    caller.account,
                    names.join(", ")
                ),
            )];
            let mut summary = say!(call.explain, "Denied: account {}'s service control policies do not allow {action}, so no policy can grant it to {who}.", caller.account);
            add_condition_misses(scps.iter().copied(), call, &mut summary, &mut reasons);
            return Outcome::new(Decision::ImplicitDeny, summary, reasons);
        }
    }

    // 3. The allows on each side.
    let resource_allows: Vec<Hit<'_>> = match call.resource_policy {
        Some(s) if call.resource_allows_count => hits(s, Effect::Allow, call),
        _ => Vec::new(),
    };
    let mut identity_allows: Vec<Hit<'_>> = Vec::new();
    for s in identity_sources() {
        hits_into(s, Effect::Allow, call, &mut identity_allows);
    }
    let boundary_allows: Option<Vec<Hit<'_>>> = boundary.map(|b| hits(b, Effect::Allow, call));
    let boundary_ok = boundary_allows.as_ref().is_none_or(|h| !h.is_empty());
    let root = caller.kind == CallerKind::Root;
    // The identity side: root needs no identity policy; others need an allow within the boundary.
    let identity_ok = root || (!identity_allows.is_empty() && boundary_ok);
    let same_account = caller.account == call.resource_account && caller.partition == part;

    let mut reasons: Vec<RawReason> = Vec::new();
    let boundary_reason = |reasons: &mut Vec<RawReason>| {
        if let Some(h) = boundary_allows.as_ref().and_then(|h| h.first()) {
            reasons.push(RawReason::of(
                call.explain,
                ReasonKind::AllowedBy,
                h,
                say!(call.explain, "{} keeps {action} within the boundary{FLAG_BOUNDARY}", name_statement(h)),
            ));
        }
    };

    if !call.needs_resource_policy {
        // Actions that involve no key: identity policies alone decide.
        if identity_ok {
            reasons.extend(identity_allows.iter().map(|h| {
                RawReason::of(
                    call.explain,
                    ReasonKind::AllowedBy,
                    h,
                    say!(call.explain, "{} allows {action}", name_statement(h)),
                )
            }));
            boundary_reason(&mut reasons);
            let summary = say!(call.explain, "Allowed: {action} involves no key, and {who}'s IAM policy allows it.");
            return Outcome::new(Decision::Allow, summary, reasons);
        }
        reasons.push(RawReason::missing(
            identity_target(call),
            say!(call.explain, "no IAM policy of {who} allows {action}"),
        ));
        let mut summary = say!(call.explain, "Denied: no IAM policy of {who} allows {action}.");
        add_condition_misses(identity_sources().chain(boundary), call, &mut summary, &mut reasons);
        return Outcome::new(Decision::ImplicitDeny, summary, reasons);
    }

    // A direct resource-policy allow that works on its own (same account only).
    let direct: Vec<&Hit<'_>> = resource_allows
        .iter()
        .filter(|h| h.principal.is_some_and(|m| m.is_direct(caller)))
        .filter(|_| same_account || root)
        .filter(|h| !h.principal.is_some_and(PrincipalMatch::limited_by_boundary) || boundary_ok)
        .collect();
    if same_account {
        if let Some(h) = direct.first() {
            let m = h.principal.unwrap_or(PrincipalMatch::Anyone);
            let how = match m {
                PrincipalMatch::Anyone => "allows everyone (\"*\")".to_string(),
                PrincipalMatch::NotListed => "allows everyone it does not list in NotPrincipal".to_string(),
                PrincipalMatch::RoleByCondition => say!(call.explain, "names {who} through aws:PrincipalArn"),
                PrincipalMatch::Account => {
                    say!(call.explain, "trusts account {}, which covers its root user", caller.account)
                }
                _ => say!(call.explain, "names {who} directly"),
            };
            reasons.push(RawReason::of(
                call.explain,
                ReasonKind::AllowedBy,
                h,
                say!(call.explain, "{} {how} for {action}", name_statement(h)),
            ));
            if m.limited_by_boundary() {
                boundary_reason(&mut reasons);
            }
            let summary = say!(call.explain, "Allowed: {} {how}, so no IAM policy is needed.", name_statement(h));
            return Outcome::new(Decision::Allow, summary, reasons);
        }
    } else if root {
        // Another account's root user: its account's IAM permissions are implicit.
        if let Some(h) = resource_allows.first() {
            reasons.push(RawReason::of(
                call.explain,
                ReasonKind::AllowedBy,
                h,
                say!(call.explain, "{} trusts account {} for {action}", name_statement(h), caller.account),
            ));
            let summary = say!(
                call.explain,
                "Allowed: {} trusts account {}, and its root user needs no IAM policy.",
                name_statement(h),
                caller.account
            );
            return Outcome::new(Decision::Allow, summary, reasons);
        }
    }

    // Resource-side trust that needs an identity allow too (delegation, or any cross-account trust).
    let trusting: Vec<&Hit<'_>> = resource_allows
        .iter()
        .filter(|h| if same_account { h.principal == Some(PrincipalMatch::Account) } else { true })
        .collect();
    if let (Some(k), true) = (trusting.first(), identity_ok) {
        reasons.push(RawReason::of(
            call.explain,
            ReasonKind::AllowedBy,
            k,
            if same_account {
                let flag = if call.action.starts_with("sts:") { FLAG_TRUST_ROOT } else { "" };
                say!(
                    call.explain,
                    "{} delegates {action} to account {}'s IAM policies{flag}",
                    name_statement(k),
                    caller.account
                )
            } else {
                say!(call.explain, "{} trusts {} for {action}", name_statement(k), trust_target(k, caller))
            },
        ));
        if let Some(i) = identity_allows.first() {
            reasons.push(RawReason::of(
                call.explain,
                ReasonKind::AllowedBy,
                i,
                say!(call.explain, "{} allows {action} on {}", name_statement(i), call.resource),
            ));
        }
        boundary_reason(&mut reasons);
        let summary = if same_account {
            say!(
                call.explain,
                "Allowed: {} delegates to account {}, and {} allows {action} on this {}.",
                call.resource_label,
                caller.account,
                identity_allows.first().map_or_else(|| "an IAM policy".to_string(), name_statement),
                resource_noun(call)
            )
        } else {
            say!(
                call.explain,
                "Allowed: {} trusts {}, and {} allows {action} on this {}.",
                call.resource_label,
                trust_target(k, caller),
                identity_allows.first().map_or_else(|| "an IAM policy".to_string(), name_statement),
                resource_noun(call)
            )
        };
        return Outcome::new(Decision::Allow, summary, reasons);
    }

    // Grants authorize on their own (a grant to an account root needs an identity allow).
    for g in grants {
        let needs_identity = grant_identity_needed && grant_is_account(g, caller);
        if needs_identity && !identity_ok {
            continue;
        }
        reasons.push(RawReason::grant(
            ReasonKind::AllowedBy,
            say!(call.explain, "grant:{}", g.name),
            say!(
                call.explain,
                "grant \"{}\" gives {} {}{}",
                g.name,
                g.grantee,
                g.operations.join(", "),
                if !same_account && !needs_identity { FLAG_GRANT_ALONE } else { "" }
            ),
        ));
        if needs_identity {
            if let Some(i) = identity_allows.first() {
                reasons.push(RawReason::of(
                    call.explain,
                    ReasonKind::AllowedBy,
                    i,
                    say!(call.explain, "{} allows {action}", name_statement(i)),
                ));
            }
        }
        let summary = if needs_identity && root {
            say!(
                call.explain,
                "Allowed: grant \"{}\" is for account {}, whose root user needs no IAM policy.",
                g.name,
                caller.account
            )
        } else if needs_identity {
            say!(
                call.explain,
                "Allowed: grant \"{}\" is for account {}, and {who}'s IAM policy allows {action}.",
                g.name,
                caller.account
            )
        } else {
            say!(call.explain, "Allowed: grant \"{}\" gives {who} {action} on its own, without any policy.", g.name)
        };
        return Outcome::new(Decision::Allow, summary, reasons);
    }

    // Implicit deny: say what is missing and where it would go.
    let mut summary;
    let noun = resource_noun(call);
    if same_account {
        let delegating: Vec<&Hit<'_>> =
            resource_allows.iter().filter(|h| h.principal == Some(PrincipalMatch::Account)).collect();
        let blocked_direct: Vec<&Hit<'_>> =
            resource_allows.iter().filter(|h| h.principal.is_some_and(|m| m.is_direct(caller))).collect();
        if let (Some(h), false) = (blocked_direct.first(), boundary_ok) {
            reasons.push(RawReason::of(
                call.explain,
                ReasonKind::NotApplicable,
                h,
                say!(
                    call.explain,
                    "{} names role {} but the permissions boundary does not allow {action}",
                    name_statement(h),
                    caller.name
                ),
            ));
            reasons.push(boundary_missing(call, &who, action));
            summary = say!(
                call.explain,
                "Denied: {} allows {who}, but its permissions boundary does not allow {action}.",
                call.resource_label
            );
        } else if let Some(k) = delegating.first() {
            reasons.push(RawReason::of(
                call.explain,
                ReasonKind::NotApplicable,
                k,
                say!(
                    call.explain,
                    "{} delegates {action} to account {}'s IAM policies, but none of {who}'s allows it",
                    name_statement(k),
                    caller.account
                ),
            ));
            if identity_allows.is_empty() {
                reasons.push(RawReason::missing(
                    identity_target(call),
                    say!(call.explain, "no IAM policy of {who} allows {action} on {}", call.resource),
                ));
                summary =
                    say!(call.explain,
                    "Denied: {} delegates to account {}, but no IAM policy of {who} allows {action} on this {noun}.",
                    call.resource_label, caller.account
                );
            } else {
                reasons.push(boundary_missing(call, &who, action));
                summary = say!(
                    call.explain,
                    "Denied: {}'s IAM policy allows {action}, but the permissions boundary does not.",
                    who
                );
            }
        } else {
            for i in &identity_allows {
                reasons.push(RawReason::of(
                    call.explain,
                    ReasonKind::NotApplicable,
                    i,
                    say!(
                        call.explain,
                        "{} allows {action}, but IAM policies count only when {} delegates to account {}",
                        name_statement(i),
                        call.resource_label,
                        caller.account
                    ),
                ));
            }
            reasons.push(RawReason::missing(
                call.resource_policy_id.to_string(),
                say!(
                    call.explain,
                    "{} has no statement allowing {action} to {who} or to account {}",
                    call.resource_label,
                    caller.account
                ),
            ));
            summary = if identity_allows.is_empty() {
                say!(
                    call.explain,
                    "Denied: {} allows {action} neither to {who} nor to account {}.",
                    call.resource_label,
                    caller.account
                )
            } else {
                say!(call.explain,
                    "Denied: {who}'s IAM policy allows {action}, but {} does not delegate to account {}, so IAM policies have no effect.",
                    call.resource_label, caller.account
                )
            };
        }
    } else {
        match (trusting.first(), identity_allows.is_empty()) {
            (Some(k), _) => {
                reasons.push(RawReason::of(
                    call.explain,
                    ReasonKind::NotApplicable,
                    k,
                    if identity_allows.is_empty() {
                        say!(
                            call.explain,
                            "{} trusts {} for {action}, but an IAM policy in account {} must allow it too",
                            name_statement(k),
                            trust_target(k, caller),
                            caller.account
                        )
                    } else {
                        say!(
                            call.explain,
                            "{} trusts {} for {action}, and an IAM policy allows it, but the permissions boundary must allow it too",
                            name_statement(k),
                            trust_target(k, caller)
                        )
                    },
                ));
                if identity_allows.is_empty() {
                    reasons.push(RawReason::missing(
                        identity_target(call),
                        say!(
                            call.explain,
                            "no IAM policy of {who} (account {}) allows {action} on {}",
                            caller.account,
                            call.resource
                        ),
                    ));
                    summary = say!(
                        call.explain,
                        "Denied: {} trusts {}, but no IAM policy of {who} allows {action} on this {noun}.",
                        call.resource_label,
                        trust_target(k, caller)
                    );
                } else {
                    reasons.push(boundary_missing(call, &who, action));
                    summary = say!(
                        call.explain,
                        "Denied: both sides allow {action}, but {who}'s permissions boundary does not."
                    );
                }
            }
            (None, false) => {
                for i in &identity_allows {
                    reasons.push(RawReason::of(
                        call.explain,
                        ReasonKind::NotApplicable,
                        i,
                        say!(
                            call.explain,
                            "{} allows {action}, but {} trusts neither account {} nor {who} for {action}",
                            name_statement(i),
                            call.resource_label,
                            caller.account
                        ),
                    ));
                }
                reasons.push(RawReason::missing(
                    call.resource_policy_id.to_string(),
                    say!(
                        call.explain,
                        "{} does not allow {action} to account {} or to {who}",
                        call.resource_label,
                        caller.account
                    ),
                ));
                summary = say!(call.explain,
                    "Denied: {who}'s IAM policy allows {action}, but {} does not trust account {} for {action}; a cross-account call needs both.",
                    call.resource_label, caller.account
                );
            }
            (None, true) if root => {
                reasons.push(RawReason::missing(
                    call.resource_policy_id.to_string(),
                    say!(call.explain, "{} does not allow {action} to account {}", call.resource_label, caller.account),
                ));
                summary = say!(
                    call.explain,
                    "Denied: {who} needs no IAM policy, but {} does not trust account {} for {action}.",
                    call.resource_label,
                    caller.account
                );
            }
            (None, true) => {
                reasons.push(RawReason::missing(
                    call.resource_policy_id.to_string(),
                    say!(
                        call.explain,
                        "{} does not allow {action} to account {} or to {who}",
                        call.resource_label,
                        caller.account
                    ),
                ));
                reasons.push(RawReason::missing(
                    identity_target(call),
                    say!(call.explain, "no IAM policy of {who} allows {action} on {}", call.resource),
                ));
                summary = say!(call.explain,
                    "Denied: a cross-account call needs {} to trust account {} and an IAM policy of {who} to allow {action}; neither does.",
                    call.resource_label, caller.account
                );
            }
        }
    }
    if call.resource_policy.is_none() {
        summary = say!(
            call.explain,
            "Denied: there is no {} at all, so nothing allows {action}.",
            call.resource_label.trim_start_matches("the ")
        );
    }
    add_condition_misses(
        call.resource_policy.into_iter().chain(identity_sources()).chain(boundary),
        call,
        &mut summary,
        &mut reasons,
    );
    Outcome::new(Decision::ImplicitDeny, summary, reasons)
}

impl Caller<'_> {
    fn given_entry(&self, entry: Option<&Principal>) -> String {
        entry.map_or_else(|| self.principal_arn.to_string(), |e| e.arn.clone())
    }
}

/// The `missing` reason when the caller's permissions boundary does not allow the action.
fn boundary_missing(call: &Call<'_>, who: &str, action: &str) -> RawReason {
    RawReason::missing(
        say!(call.explain, "boundary:{}", call.caller.given_entry(call.entry)),
        say!(call.explain, "the permissions boundary of {who} does not allow {action}"),
    )
}

fn resource_noun(call: &Call<'_>) -> &'static str {
    if call.action.starts_with("sts:") {
        "role"
    } else {
        "key"
    }
}

/// Where an identity allow would have to go: the caller's first policy, or the caller.
fn identity_target(call: &Call<'_>) -> String {
    match call.entry.and_then(|e| e.policies.first().map(|p| (e, p))) {
        Some((_, p)) => p.source.id.clone(),
        None => format!("identity:{}", call.entry.map_or(&*call.caller.principal_arn, |e| e.arn.as_str())),
    }
}

/// "account B" or "role X" — how a trusting statement names the caller.
fn trust_target(hit: &Hit<'_>, caller: &Caller) -> String {
    match hit.principal {
        Some(PrincipalMatch::Account) => format!("account {}", caller.account),
        Some(PrincipalMatch::Anyone) | Some(PrincipalMatch::NotListed) => "everyone (\"*\")".to_string(),
        _ => caller.describe(),
    }
}

fn grant_is_account(g: &Grant, caller: &Caller) -> bool {
    g.grantee == caller.root_arn() || g.grantee == caller.account
}

/// The operation name of an action as grants and key states name it (`kms:ReEncryptFrom` →
/// `ReEncryptFrom`; the TSV's api_operation column says "ReEncrypt (source key)" there).
fn op_name(info: &ActionInfo) -> &'static str {
    info.name.strip_prefix("kms:").unwrap_or(info.name)
}

/// What an AWS managed key's owner cannot do with operation `op`, if it is one they cannot
/// call: change the key policy, rotation, tags or aliases, or schedule deletion
/// (semantics.md §4.4).
pub(crate) fn aws_managed_refuses(op: &str) -> Option<&'static str> {
    Some(match op {
        "PutKeyPolicy" => "change its key policy",
        "EnableKeyRotation" | "DisableKeyRotation" | "RotateKeyOnDemand" => "change its rotation",
        "TagResource" | "UntagResource" => "change its tags",
        "CreateAlias" | "UpdateAlias" | "DeleteAlias" => "change its aliases",
        "ScheduleKeyDeletion" | "CancelKeyDeletion" => "schedule it for deletion",
        _ => return None,
    })
}

/// Does grant `g` cover the caller, the operation and the request's encryption context?
/// `names` are the caller's root ARN and session ARN (see [`GranteeNames`]).
fn grant_applies(
    g: &Grant,
    caller: &Caller,
    names: &GranteeNames,
    info: &ActionInfo,
    ec: &[(String, String)],
    ctx: &Context,
) -> bool {
    grant_applies_to(g, grantee_of(g, caller, names), caller, info, ec, ctx)
}

/// Whether grant `g` names the caller as its grantee (the same for every action).
fn grantee_of(g: &Grant, caller: &Caller, names: &GranteeNames) -> bool {
    g.grantee == caller.principal_arn
        || names.session.as_ref().is_some_and(|s| *s == g.grantee)
        || g.grantee == names.root
        || g.grantee == caller.account
        || (caller.kind == CallerKind::Role && role_arn_equal(&g.grantee, caller))
}

/// `not-applicable` reasons for the grants that name the caller but do not allow this call:
/// another operation, an encryption-context constraint the request does not meet, or a grant
/// to the account that needs an IAM policy too. The summary names the first (explained
/// implicit denies only, as [`condition_misses`] does for statements).
fn add_grant_misses(
    scenario: &Scenario,
    caller: &Caller,
    info: &ActionInfo,
    ec: &[(String, String)],
    ctx: &Context,
    out: &mut Outcome,
) {
    let names = GranteeNames::of(caller);
    let op = op_name(info);
    let who = caller.describe();
    let mut first = None;
    for g in scenario.grants.iter().filter(|g| grantee_of(g, caller, &names)) {
        let (why, clause) = if !g.operations.iter().any(|o| o == op) {
            let ops = if g.operations.is_empty() { "no operation".to_string() } else { g.operations.join(", ") };
            (
                format!("grant \"{}\" names {who} but gives {ops}, not {op}", g.name),
                format!("grant \"{}\" does not include {op}", g.name),
            )
        } else if !info.grant_operation {
            (
                format!(
                    "grant \"{}\" lists {op}, which is not a grant operation: AWS refuses to create such a grant, so it allows nothing",
                    g.name
                ),
                format!("{op} is not a grant operation, so grant \"{}\" cannot give it", g.name),
            )
        } else if let Some(why) = child_grant_problem(g, op, ctx) {
            (
                format!("grant \"{}\" gives {who} CreateGrant, but {why}", g.name),
                format!("grant \"{}\" cannot make this grant", g.name),
            )
        } else if !grant_applies_to(g, true, caller, info, ec, ctx) {
            let (how, pairs) = match (&g.constraints.equals, &g.constraints.subset) {
                (Some(equals), _) => ("is exactly", equals),
                (None, Some(subset)) => ("includes", subset),
                (None, None) => continue,
            };
            (
                format!(
                    "grant \"{}\" gives {who} {op} only when the request's encryption context {how} {}; the request's is {}",
                    g.name,
                    pairs_text(pairs),
                    if ec.is_empty() { "empty".to_string() } else { pairs_text(ec) }
                ),
                format!("the encryption context does not meet grant \"{}\"'s constraint", g.name),
            )
        } else if grant_is_account(g, caller) {
            (
                format!(
                    "grant \"{}\" is for account {}, so {who} also needs an IAM policy that allows {}",
                    g.name, caller.account, info.name
                ),
                format!("grant \"{}\" is for the account and needs an IAM policy too", g.name),
            )
        } else {
            continue;
        };
        first.get_or_insert(clause);
        out.reasons.push(RawReason::grant(ReasonKind::NotApplicable, format!("grant:{}", g.name), why));
    }
    if let Some(clause) = first {
        add_clause(&mut out.summary, &clause);
    }
}

/// `{"app": "billing"}`: encryption-context pairs as JSON-like text (at most five).
fn pairs_text(pairs: &[(String, String)]) -> String {
    let shown: Vec<String> = pairs
        .iter()
        .take(5)
        .map(|(k, v)| {
            format!(
                "{}: {}",
                condition::quoted(&elide_middle(k, QUOTED_CHARS)),
                condition::quoted(&elide_middle(v, QUOTED_CHARS))
            )
        })
        .collect();
    let more = if pairs.len() > 5 { format!(", and {} more", pairs.len() - 5) } else { String::new() };
    format!("{{{}{more}}}", shown.join(", "))
}

/// [`grant_applies`] with [`grantee_of`] already known.
fn grant_applies_to(
    g: &Grant,
    grantee_ok: bool,
    caller: &Caller,
    info: &ActionInfo,
    ec: &[(String, String)],
    ctx: &Context,
) -> bool {
    let retiring = op_name(info) == "RetireGrant" && g.retiring.as_deref() == Some(&*caller.principal_arn);
    if !(grantee_ok || retiring) {
        return false;
    }
    // Only grant operations can be granted: CreateGrant refuses any other (semantics.md §4.7).
    if !retiring {
        let granted = info.grant_operation && g.operations.iter().any(|o| o == op_name(info));
        if !granted || child_grant_problem(g, op_name(info), ctx).is_some() {
            return false;
        }
    }
    // Constraints apply only to operations that take an encryption context (semantics.md §4.7).
    if takes_encryption_context(op_name(info)) {
        let find = |k: &str| ec.iter().find(|(ek, _)| ek.eq_ignore_ascii_case(k)).map(|(_, v)| v.as_str());
        if let Some(subset) = &g.constraints.subset {
            if !subset.iter().all(|(k, v)| find(k) == Some(v.as_str())) {
                return false;
            }
        }
        if let Some(equals) = &g.constraints.equals {
            let all_present = equals.iter().all(|(k, v)| find(k) == Some(v.as_str()));
            if !all_present || equals.len() != ec.len() {
                return false;
            }
        }
    }
    true
}

/// Why CreateGrant through grant `g` cannot make the grant the request describes, if it
/// cannot: a principal holding CreateGrant through a grant may only give a subset of that
/// grant's operations, with constraints at least as strict (Subset may become Equals, never
/// the reverse; semantics.md §4.7). The request describes the new grant by
/// `kms:GrantOperations` and `kms:GrantConstraintType`; a call without `kms:GrantOperations`
/// (a matrix cell) describes none, and nothing is checked.
fn child_grant_problem(g: &Grant, op: &str, ctx: &Context) -> Option<String> {
    if op != "CreateGrant" {
        return None;
    }
    let asked = ctx.get("kms:GrantOperations")?;
    let extra: Vec<&str> = asked.iter().map(|o| o.as_ref()).filter(|o| !g.operations.iter().any(|p| p == o)).collect();
    if !extra.is_empty() {
        return Some(format!(
            "a grant made through a grant may only give its operations ({}); the request's kms:GrantOperations also has {}",
            g.operations.join(", "),
            extra.join(", ")
        ));
    }
    let kind = ctx.get("kms:GrantConstraintType").and_then(|v| v.first()).map(|v| v.as_ref());
    let (parent, allowed): (&str, &[&str]) = match (&g.constraints.equals, &g.constraints.subset) {
        (Some(_), _) => ("encryptionContextEquals", &["EncryptionContextEquals"]),
        (None, Some(_)) => ("encryptionContextSubset", &["EncryptionContextEquals", "EncryptionContextSubset"]),
        (None, None) => return None,
    };
    if kind.is_some_and(|k| allowed.contains(&k)) {
        return None;
    }
    Some(format!(
        "a grant made through a grant needs a constraint at least as strict as its {parent} ({}); the request {}",
        allowed.join(" or "),
        match kind {
            Some(k) => format!("asks for {k}"),
            None => "has no kms:GrantConstraintType (no constraint)".to_string(),
        }
    ))
}

fn role_arn_equal(grantee: &str, caller: &Caller) -> bool {
    grantee == caller.principal_arn
        && role_account_and_name(grantee).is_some_and(|(a, n)| a == caller.account && n == caller.name)
}

/// The ARNs a grant may name the caller by besides its principal ARN, made once per call
/// (or matrix row) rather than once per grant.
struct GranteeNames {
    /// [`Caller::root_arn`].
    root: String,
    /// [`Caller::session_arn`].
    session: Option<String>,
}

impl GranteeNames {
    fn of(caller: &Caller) -> GranteeNames {
        GranteeNames { root: caller.root_arn(), session: caller.session_arn() }
    }
}

/// What an evaluation of a call is for.
#[derive(Clone, Copy)]
enum Want<'r> {
    /// The decision with its summary and reasons.
    Explained,
    /// Only the decision.
    Decision,
    /// Only the decision, of a cell of this matrix row.
    Cell(&'r Row),
}

impl Want<'_> {
    fn of(explain: bool) -> Want<'static> {
        if explain {
            Want::Explained
        } else {
            Want::Decision
        }
    }
}

/// What the cells of one matrix row share: which grants name the caller as grantee (by
/// [`grantee_of`], in scenario order) and the statements already worked out.
struct Row {
    grantee: Vec<bool>,
    memo: RowMemo,
}

fn takes_encryption_context(op: &str) -> bool {
    matches!(
        op,
        "Encrypt"
            | "Decrypt"
            | "ReEncryptFrom"
            | "ReEncryptTo"
            | "GenerateDataKey"
            | "GenerateDataKeyWithoutPlaintext"
            | "GenerateDataKeyPair"
            | "GenerateDataKeyPairWithoutPlaintext"
    )
}

/// The cryptographic operations a key state blocks (SPEC section 8).
fn is_crypto(op: &str) -> bool {
    takes_encryption_context(op)
        || matches!(op, "Sign" | "Verify" | "GenerateMac" | "VerifyMac" | "GetPublicKey" | "DeriveSharedSecret")
}

/// Would the key's state or spec refuse this operation? (semantics.md §4.10, SPEC section 8)
fn blocked_by(scenario: &Scenario, op: &str) -> Option<BlockedBy> {
    let state = scenario.key.state.as_str();
    let state_blocks = match state {
        "Enabled" => false,
        "Disabled" | "PendingDeletion" | "PendingImport" | "PendingReplicaDeletion" | "Creating" => {
            is_crypto(op)
                || op == "CreateGrant"
                || (state == "PendingDeletion"
                    && matches!(
                        op,
                        "EnableKey"
                            | "DisableKey"
                            | "EnableKeyRotation"
                            | "DisableKeyRotation"
                            | "ScheduleKeyDeletion"
                            | "TagResource"
                            | "UntagResource"
                            | "UpdateKeyDescription"
                    ))
        }
        "Unavailable" => is_crypto(op),
        _ => false,
    };
    if state_blocks {
        return Some(BlockedBy::KeyState);
    }
    if op == "CancelKeyDeletion" && state != "PendingDeletion" {
        return Some(BlockedBy::KeyState);
    }
    let spec = scenario.key.spec.as_str();
    let usage = scenario.key.usage.as_str();
    let symmetric = spec == "SYMMETRIC_DEFAULT";
    let hmac = spec.starts_with("HMAC_");
    let spec_blocks = match op {
        "Sign" | "Verify" => symmetric || hmac || usage != "SIGN_VERIFY",
        "GenerateMac" | "VerifyMac" => !hmac,
        "GetPublicKey" => symmetric || hmac,
        "DeriveSharedSecret" => usage != "KEY_AGREEMENT",
        "GenerateDataKey"
        | "GenerateDataKeyWithoutPlaintext"
        | "GenerateDataKeyPair"
        | "GenerateDataKeyPairWithoutPlaintext" => !symmetric,
        "Encrypt" | "Decrypt" | "ReEncryptFrom" | "ReEncryptTo" => usage != "ENCRYPT_DECRYPT" || hmac,
        _ => false,
    };
    spec_blocks.then_some(BlockedBy::KeySpec)
}

/// How the caller named the key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum KeyName {
    KeyArn,
    AliasArn,
    KeyId,
    AliasName,
}

/// Whether the call reaches the key; Err(message) when it does not.
fn reach(scenario: &Scenario, caller: &Caller, info: &ActionInfo, key_id: Option<&str>) -> Result<(), String> {
    let key = &scenario.key;
    let Some(given) = key_id else { return Ok(()) };
    let same_account = caller.account == key.account();
    let (name, target_ok) = if given.starts_with("arn:") {
        let Ok(arn) = Arn::parse(given) else {
            return Err(format!("\"{given}\" is not a valid key or alias ARN"));
        };
        let place_ok = arn.partition == key.partition()
            && arn.region == key.region()
            && arn.account == key.account()
            && arn.service == "kms";
        if let Some(id) = arn.resource.strip_prefix("key/") {
            (KeyName::KeyArn, place_ok && id == key.key_id())
        } else if arn.resource.starts_with("alias/") {
            (KeyName::AliasArn, place_ok && key.aliases.contains(&arn.resource))
        } else {
            return Err(format!("\"{given}\" is neither a key ARN nor an alias ARN"));
        }
    } else if given.starts_with("alias/") {
        // An alias name is resolved in the caller's own account and region.
        (KeyName::AliasName, same_account && key.aliases.iter().any(|a| a == given))
    } else {
        (KeyName::KeyId, given == key.key_id())
    };
    if !target_ok {
        let why = match name {
            KeyName::AliasName if !same_account => {
                format!(
                    "the alias name \"{given}\" is looked up in the caller's account {}, not in the key's account {}",
                    caller.account,
                    key.account()
                )
            }
            KeyName::AliasName | KeyName::AliasArn => format!(
                "\"{given}\" is not an alias of this key (its aliases: {})",
                if key.aliases.is_empty() { "none".to_string() } else { key.aliases.join(", ") }
            ),
            _ => format!("\"{given}\" names another key"),
        };
        return Err(why);
    }
    // SPEC section 3: across accounts, the key ARN always; an alias ARN for the cryptographic
    // operations, DescribeKey and GetPublicKey; a short key ID only for symmetric Decrypt and
    // ReEncryptFrom. In the key's account, any identifier, but aliases only where the API
    // takes one (never CreateGrant, ListGrants, RevokeGrant or the administrative operations).
    let op = op_name(info);
    let alias_ok = is_crypto(op) || matches!(op, "DescribeKey" | "GetPublicKey");
    let symmetric = scenario.key.spec == "SYMMETRIC_DEFAULT";
    if same_account {
        match name {
            KeyName::AliasArn | KeyName::AliasName if !alias_ok => {
                Err(format!("{} does not accept an alias as its key identifier; use the key ID or key ARN", info.name))
            }
            _ => Ok(()),
        }
    } else {
        let ok = match name {
            KeyName::KeyArn => true,
            KeyName::AliasArn => alias_ok,
            KeyName::KeyId => symmetric && matches!(op, "Decrypt" | "ReEncryptFrom"),
            KeyName::AliasName => false,
        };
        if ok {
            Ok(())
        } else {
            Err(format!(
                "a caller in another account ({}) must name the key by {} for {}; \"{given}\" is looked up in the caller's own account",
                caller.account,
                if alias_ok { "its key ARN or alias ARN" } else { "its key ARN" },
                info.name
            ))
        }
    }
}

/// Fill the request context a real call carries (SPEC section 2).
fn base_context<'a>(
    scenario: &'a Scenario,
    caller: &'a Caller<'a>,
    entry: Option<&'a Principal>,
    request: &'a Request,
) -> Context<'a> {
    let tags = entry.map_or(0, |e| e.tags.len()) + scenario.key.tags.len();
    // The engine's own keys are distinct from each other and from the tag keys, so they are
    // pushed without looking for an earlier spelling; tags and the request's keys may repeat.
    let mut ctx = Context::with_capacity(16 + tags + request.encryption_context.len() + request.context.len());
    push_caller_keys(&mut ctx, caller, entry);
    ctx.push_static_one("kms:CallerAccount", caller.account);
    let key = &scenario.key;
    ctx.push_static_one("aws:ResourceAccount", key.account());
    for (k, v) in &key.tags {
        ctx.insert_cow(Cow::Owned(format!("aws:ResourceTag/{k}")), Cow::Borrowed(v));
    }
    ctx.push_static_one("kms:KeySpec", key.spec.as_str());
    ctx.push_static_one("kms:KeyUsage", key.usage.as_str());
    ctx.push_static_one("kms:KeyOrigin", "AWS_KMS");
    ctx.push_static_one("kms:MultiRegion", if key.key_id().starts_with("mrk-") { "true" } else { "false" });
    if !key.aliases.is_empty() {
        ctx.insert_static("kms:ResourceAliases", key.aliases.iter().map(|a| Cow::Borrowed(a.as_str())).collect());
    }
    if let Some(k) = &request.key_id {
        if let Some(alias) = k.strip_prefix("alias/") {
            ctx.push_static_one("kms:RequestAlias", format!("alias/{alias}"));
        } else if let Some(pos) = k.find(":alias/") {
            if let Some(rest) = k.get(pos + 1..) {
                ctx.push_static_one("kms:RequestAlias", rest);
            }
        }
    }
    for (k, v) in &request.encryption_context {
        ctx.insert_cow(Cow::Owned(format!("kms:EncryptionContext:{k}")), Cow::Borrowed(v));
    }
    for (k, v) in &request.context {
        ctx.insert_borrowed(k, v);
    }
    let ec = if request.encryption_context.is_empty() && request.context.is_empty() {
        Vec::new()
    } else {
        encryption_context(request)
    };
    if !ec.is_empty() && !ctx.contains("kms:EncryptionContextKeys") {
        ctx.insert_static("kms:EncryptionContextKeys", ec.into_iter().map(|(k, _)| Cow::Owned(k)).collect());
    }
    ctx
}

/// The request context of an `sts:AssumeRole` hop on `role` (SPEC section 2, `via` chains).
///
/// The hop is a call on the role, not on the key: the trust policy sees the caller's keys, the
/// role's account and tags as `aws:ResourceAccount` / `aws:ResourceTag/*`, and the request's
/// `context` (which applies to every hop). The key's tags, the `kms:` keys the engine fills in
/// and the request's `encryptionContext` belong to the KMS call only.
fn hop_context<'a>(
    caller: &'a Caller<'a>,
    entry: Option<&'a Principal>,
    role: &ArnParts<'a>,
    role_entry: Option<&'a Principal>,
    request: &'a Request,
) -> Context<'a> {
    let tags = entry.map_or(0, |e| e.tags.len()) + role_entry.map_or(0, |e| e.tags.len());
    let mut ctx = Context::with_capacity(8 + tags + request.context.len());
    push_caller_keys(&mut ctx, caller, entry);
    ctx.push_static_one("aws:ResourceAccount", role.account);
    for (k, v) in role_entry.map(|e| e.tags.as_slice()).unwrap_or_default() {
        ctx.insert_cow(Cow::Owned(format!("aws:ResourceTag/{k}")), Cow::Borrowed(v));
    }
    for (k, v) in &request.context {
        ctx.insert_borrowed(k, v);
    }
    ctx
}

/// The keys that describe the caller (`aws:Principal*`, `aws:userid`, `aws:username`,
/// `aws:PrincipalTag/*`), the first keys of every request context.
fn push_caller_keys<'a>(ctx: &mut Context<'a>, caller: &'a Caller<'a>, entry: Option<&'a Principal>) {
    ctx.push_static_one("aws:PrincipalArn", caller.principal_arn.as_ref());
    ctx.push_static_one("aws:PrincipalAccount", caller.account);
    ctx.push_static_one("aws:PrincipalType", caller.principal_type());
    match caller.kind {
        CallerKind::User => ctx.push_static_one("aws:userid", unique_id("AIDA", &caller.principal_arn, None)),
        CallerKind::Role => ctx.push_static_one(
            "aws:userid",
            unique_id("AROA", &caller.principal_arn, Some(caller.session.unwrap_or("kmsplay"))),
        ),
        CallerKind::Root => ctx.push_static_one("aws:userid", caller.account),
    }
    if caller.kind == CallerKind::User {
        ctx.push_static_one("aws:username", caller.name);
    }
    if let Some(e) = entry {
        for (k, v) in &e.tags {
            ctx.insert_one(&format!("aws:PrincipalTag/{k}"), v);
        }
    }
}

/// A stable pseudo unique-id suffix for a principal (for `aws:userid`).
#[cfg(test)]
fn pseudo_id(arn: &str) -> String {
    format!("{:016X}", pseudo_hash(arn))
}

/// `aws:userid` of a user (`AIDA…`) or role session (`AROA…:session`): `prefix`, the
/// [`pseudo_id`] of `arn`, then `:session`. Written digit by digit: `format!` was a visible
/// part of every request's cost.
fn unique_id(prefix: &str, arn: &str, session: Option<&str>) -> String {
    let hash = pseudo_hash(arn);
    let mut id = String::with_capacity(prefix.len() + 17 + session.map_or(0, str::len));
    id.push_str(prefix);
    for shift in (0..16).rev() {
        let digit = u32::try_from((hash >> (shift * 4)) & 0xF).unwrap_or(0);
        id.push(char::from_digit(digit, 16).unwrap_or('0').to_ascii_uppercase());
    }
    if let Some(session) = session {
        id.push(':');
        id.push_str(session);
    }
    id
}

/// The hash behind [`pseudo_id`], written `{:016X}` into the id.
fn pseudo_hash(arn: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in arn.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The encryption context pairs of a request (from `encryptionContext` and `context`).
fn encryption_context(request: &Request) -> Vec<(String, String)> {
    let mut ec = request.encryption_context.clone();
    for (k, v) in &request.context {
        if let Some(ek) = encryption_context_suffix(k) {
            if !ec.iter().any(|(e, _)| e.eq_ignore_ascii_case(ek)) {
                ec.push((ek.to_string(), v.first().cloned().unwrap_or_default()));
            }
        }
    }
    ec
}

/// `K` of a `kms:EncryptionContext:K` key (the prefix is case-insensitive).
fn encryption_context_suffix(key: &str) -> Option<&str> {
    const PREFIX: &str = "kms:EncryptionContext:";
    key.get(..PREFIX.len()).filter(|p| p.eq_ignore_ascii_case(PREFIX)).and_then(|_| key.get(PREFIX.len()..))
}

/// Decide one request of the scenario (SPEC section 2 and 3).
pub fn evaluate(scenario: &Scenario, request: &Request) -> RequestResult {
    let outcome = evaluate_outcome(scenario, request, true);
    let action = catalog::canonical_action(&request.action).map_or_else(|| request.action.clone(), str::to_string);
    RequestResult {
        principal: request.principal.clone(),
        action,
        decision: outcome.decision,
        summary: outcome.summary,
        reasons: outcome.reasons.into_iter().map(place).collect(),
        blocked_by: outcome.blocked_by,
    }
}

/// Just the decision (no reasons written), for matrix cells.
pub fn decision(scenario: &Scenario, request: &Request) -> Decision {
    evaluate_outcome(scenario, request, false).decision
}

/// The matrix row of `principal`: [`decision`] of the [`cell_request`] for each of `actions`,
/// with the caller and its request context made once for the row.
pub fn cell_decisions(scenario: &Scenario, principal: &str, actions: &[String]) -> Vec<Decision> {
    let Some(caller) = Caller::resolve(principal, scenario) else {
        return vec![Decision::ImplicitDeny; actions.len()];
    };
    let entry = find_entry(scenario, &caller);
    // A cell request names no key identifier and carries no context, so the context is the
    // same for every action of the row.
    // (evaluate_call reads only the request's key identifier and encryption context, both
    // absent here, and takes the action from `info`.)
    let request = cell_request(principal, "");
    let ctx = base_context(scenario, &caller, entry, &request);
    let names = GranteeNames::of(&caller);
    let grantee = scenario.grants.iter().map(|g| grantee_of(g, &caller, &names)).collect();
    let row = Row { grantee, memo: RowMemo::default() };
    actions
        .iter()
        .map(|action| match catalog::kms_action(action) {
            Some(info) => evaluate_call(scenario, &request, info, &caller, entry, &ctx, Want::Cell(&row)).decision,
            None => Decision::ImplicitDeny,
        })
        .collect()
}

fn place(r: RawReason) -> Reason {
    Reason { kind: r.kind, policy: r.policy, statement: r.statement, sid: r.sid, range: r.range, message: r.message }
}

fn evaluate_outcome(scenario: &Scenario, request: &Request, explain: bool) -> Outcome {
    let Some(info) = catalog::kms_action(&request.action) else {
        return Outcome::new(
            Decision::ImplicitDeny,
            format!("Denied: \"{}\" is not a KMS action, so nothing can allow it.", request.action),
            vec![RawReason::engine(
                ReasonKind::NotApplicable,
                format!("\"{}\" is not an action of the KMS catalog", request.action),
            )],
        );
    };
    let Some(mut caller) = Caller::resolve(&request.principal, scenario) else {
        return Outcome::new(
            Decision::ImplicitDeny,
            format!("Denied: \"{}\" is not a principal kmsplay can evaluate.", request.principal),
            vec![RawReason::engine(ReasonKind::NotApplicable, "use a user, role, session or account root ARN")],
        );
    };
    let mut entry = find_entry(scenario, &caller);

    // Assume the roles of the `via` chain first.
    let mut hop_reasons: Vec<RawReason> = Vec::new();
    let mut assumed: Vec<String> = Vec::new();
    for (hop, role_arn) in request.via.iter().enumerate() {
        let hop_out = assume_role(scenario, &caller, entry, role_arn, request, explain);
        if hop_out.decision != Decision::Allow {
            let mut out = hop_out;
            out.summary =
                format!("Denied at hop {} of the via chain: {}", hop + 1, out.summary.trim_start_matches("Denied: "));
            return out;
        }
        hop_reasons.extend(hop_out.reasons);
        let Some(next) = Caller::session_of(role_arn, "kmsplay") else {
            return Outcome::new(
                Decision::ImplicitDeny,
                format!("Denied: \"{role_arn}\" in via is not a role ARN."),
                vec![RawReason::engine(ReasonKind::NotApplicable, format!("\"{role_arn}\" is not a role ARN"))],
            );
        };
        assumed.push(if explain { next.describe() } else { String::new() });
        caller = next;
        entry = find_entry(scenario, &caller);
    }
    let ctx = base_context(scenario, &caller, entry, request);
    let mut out = evaluate_call(scenario, request, info, &caller, entry, &ctx, Want::of(explain));
    if explain && !assumed.is_empty() {
        let (head, rest) = out.summary.split_once(": ").unwrap_or(("", out.summary.as_str()));
        out.summary =
            format!("{head}: after assuming {}, the call is made as that role session: {rest}", assumed.join(" then "));
        hop_reasons.append(&mut out.reasons);
        out.reasons = hop_reasons;
    }
    out
}

/// Decide the KMS call itself, made by `caller` (after any `via` hops).
fn evaluate_call(
    scenario: &Scenario,
    request: &Request,
    info: &'static ActionInfo,
    caller: &Caller,
    entry: Option<&Principal>,
    ctx: &Context,
    want: Want<'_>,
) -> Outcome {
    let explain = matches!(want, Want::Explained);
    let row = match want {
        Want::Cell(row) => Some(row),
        Want::Explained | Want::Decision => None,
    };
    let key = &scenario.key;
    let action = info.name;
    let who = if explain { caller.describe() } else { String::new() };

    // The call must reach the key.
    if caller.partition != key.partition() {
        return Outcome::new(
            Decision::ImplicitDeny,
            say!(explain,
                "Denied: {who} is in partition {} and the key in {}; partitions never mix, so no policy can allow this.",
                caller.partition,
                key.partition()
            ),
            vec![RawReason::engine(
                ReasonKind::Unreachable,
                say!(explain, "a principal in partition {} cannot call a key in partition {}", caller.partition, key.partition()),
            )],
        );
    }
    if let Err(why) = reach(scenario, caller, info, request.key_id.as_deref()) {
        return Outcome::new(
            Decision::ImplicitDeny,
            say!(explain, "Denied: the call never reaches this key: {why}."),
            vec![RawReason::engine(ReasonKind::Unreachable, why)],
        );
    }

    let same_account = caller.account == key.account();
    let retire = op_name(info) == "RetireGrant";
    let rcps: Vec<&PolicySource> = if key.manager == KeyManager::Customer && !retire {
        scenario.rcps.iter().filter(|r| r.accounts.iter().any(|a| a == key.account())).map(|r| &r.source).collect()
    } else {
        Vec::new()
    };
    // (Nothing to work out for a scenario without grants.)
    let grants: Vec<&Grant> = if scenario.grants.is_empty() {
        Vec::new()
    } else {
        let ec = encryption_context(request);
        match row {
            Some(row) => scenario
                .grants
                .iter()
                .zip(&row.grantee)
                .filter(|(g, grantee)| grant_applies_to(g, **grantee, caller, info, &ec, ctx))
                .map(|(g, _)| g)
                .collect(),
            None => {
                let names = GranteeNames::of(caller);
                scenario.grants.iter().filter(|g| grant_applies(g, caller, &names, info, &ec, ctx)).collect()
            }
        }
    };
    let call = Call {
        caller,
        entry,
        action,
        action_id: catalog::action_id(action),
        resource: &key.arn,
        resource_account: key.account(),
        resource_partition: key.partition(),
        resource_policy: key.policy.as_ref(),
        resource_label: Cow::Borrowed("the key policy"),
        resource_policy_id: Cow::Borrowed("key-policy"),
        needs_resource_policy: info.resource != ResourceKind::None,
        resource_allows_count: !retire,
        rcps,
        ctx,
        explain,
        row: row.map(|r| &r.memo),
    };
    let mut out = decide(scenario, &call, &grants, true);

    // Gates that no policy can open: only when nothing denied explicitly.
    if out.decision != Decision::ExplicitDeny {
        if !same_account && info.cross_account != CrossAccount::Yes {
            return Outcome::new(
                Decision::ImplicitDeny,
                say!(explain, "Denied: {action} never works across accounts; only principals in the key's account {} can call it.", key.account()),
                vec![RawReason::engine(
                    ReasonKind::NotApplicable,
                    say!(explain, "{action} is not a cross-account operation (kms-actions: cross_account = no); granting it to account {} has no effect", caller.account),
                )],
            );
        }
        if !same_account && key.manager == KeyManager::Aws {
            return Outcome::new(
                Decision::ImplicitDeny,
                "Denied: AWS managed keys can never be used from another account, whatever their policy says."
                    .to_string(),
                vec![RawReason::engine(ReasonKind::NotApplicable, "AWS managed keys cannot be shared across accounts")],
            );
        }
        if key.manager == KeyManager::Aws {
            if let Some(what) = aws_managed_refuses(op_name(info)) {
                return Outcome::new(
                    Decision::ImplicitDeny,
                    say!(explain, "Denied: AWS manages this key, so nobody can {what}, whatever its policy says."),
                    vec![RawReason::engine(
                        ReasonKind::NotApplicable,
                        say!(explain, "{action} is refused on an AWS managed key: its owner cannot {what}"),
                    )],
                );
            }
        }
        // kms:RetireGrant in a policy has no effect; the grant itself authorizes retiring, so
        // an implicit deny says that rather than what a key policy would need.
        // (When a grant covers the call, what denied it, e.g. an SCP, says so itself.)
        if retire && out.decision == Decision::ImplicitDeny && grants.is_empty() {
            let kept: Vec<RawReason> =
                out.reasons.drain(..).filter(|r| r.kind == ReasonKind::Void || r.policy.starts_with("scp:")).collect();
            out = Outcome::new(
                Decision::ImplicitDeny,
                say!(explain, "Denied: kms:RetireGrant in a policy has no effect; only a grant on this key that names {} as its retiring principal, or as grantee with the RetireGrant operation, lets it retire the grant.", caller.describe()),
                vec![
                    RawReason::engine(ReasonKind::NotApplicable, "kms:RetireGrant is not effective in key policies; retiring is authorized by the grant"),
                    RawReason::missing("engine", say!(explain, "no grant on this key names {} as retiring principal or as grantee with RetireGrant", caller.describe())),
                ],
            );
            out.reasons.extend(kept);
        }
    }
    if explain && out.decision == Decision::ImplicitDeny {
        add_grant_misses(scenario, caller, info, &encryption_context(request), ctx, &mut out);
    }
    if out.decision == Decision::Allow {
        out.blocked_by = blocked_by(scenario, op_name(info));
        if let Some(b) = out.blocked_by {
            let what = match b {
                BlockedBy::KeyState => {
                    say!(explain, "the key is {}, so the call would still fail", key.state)
                }
                BlockedBy::KeySpec => {
                    say!(explain, "a {} key cannot perform {}", key.spec, op_name(info))
                }
            };
            out.summary = say!(explain, "{} But {what}.", out.summary);
        }
    }
    out
}

fn find_entry<'a>(scenario: &'a Scenario, caller: &Caller) -> Option<&'a Principal> {
    match caller.kind {
        CallerKind::Root => scenario.principal(&caller.principal_arn),
        _ => scenario.principal(&caller.principal_arn),
    }
}

/// One `sts:AssumeRole` hop: `caller` assumes `role_arn`.
fn assume_role(
    scenario: &Scenario,
    caller: &Caller,
    entry: Option<&Principal>,
    role_arn: &str,
    request: &Request,
    explain: bool,
) -> Outcome {
    let role_entry = scenario.principal(role_arn);
    let Some(role) = ArnParts::parse(role_arn).ok().filter(|_| is_role_arn(role_arn)) else {
        return Outcome::new(
            Decision::ImplicitDeny,
            format!("Denied: \"{role_arn}\" is not a role ARN."),
            vec![RawReason::engine(ReasonKind::NotApplicable, format!("\"{role_arn}\" in via is not a role ARN"))],
        );
    };
    if role_entry.and_then(|e| e.trust.as_ref()).is_none() {
        return Outcome::new(
            Decision::ImplicitDeny,
            format!(
                "Denied: role {} has no trust policy in the scenario, so nobody can assume it.",
                role.resource.rsplit('/').next().unwrap_or(role_arn)
            ),
            vec![RawReason::missing(format!("trust:{role_arn}"), format!("role {role_arn} has no trust policy"))],
        );
    }
    let ctx = hop_context(caller, entry, &role, role_entry, request);
    let call = Call {
        caller,
        entry,
        action: "sts:AssumeRole",
        action_id: catalog::action_id("sts:AssumeRole"),
        resource: role_arn,
        resource_account: role.account,
        resource_partition: role.partition,
        resource_policy: role_entry.and_then(|e| e.trust.as_ref()),
        // only reasons and summaries name them, and a bare decision writes neither
        resource_label: if explain {
            Cow::Owned(format!("the trust policy of role {}", role.resource.rsplit('/').next().unwrap_or(role_arn)))
        } else {
            Cow::Borrowed("")
        },
        resource_policy_id: if explain { Cow::Owned(format!("trust:{role_arn}")) } else { Cow::Borrowed("") },
        needs_resource_policy: true,
        resource_allows_count: true,
        rcps: Vec::new(),
        ctx: &ctx,
        explain,
        row: None,
    };
    decide(scenario, &call, &[], false)
}

/// Whether `arn` is an IAM role ARN.
fn is_role_arn(arn: &str) -> bool {
    ArnParts::parse(arn)
        .is_ok_and(|a| a.service == "iam" && a.resource.strip_prefix("role/").is_some_and(|n| !n.is_empty()))
}

/// What cannot be evaluated as written in a request (finding `invalid-request`).
pub fn request_problems(request: &Request) -> Vec<String> {
    let mut out = Vec::new();
    for v in &request.via {
        if !is_role_arn(v) {
            out.push(format!("via entry \"{v}\" is not an IAM role ARN, and only roles can be assumed"));
        }
    }
    if let Some(k) = &request.key_id {
        let ok = if k.starts_with("arn:") {
            Arn::parse(k).is_ok_and(|a| {
                a.service == "kms" && (a.resource.starts_with("key/") || a.resource.starts_with("alias/"))
            })
        } else {
            k.starts_with("alias/") || (!k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        };
        if !ok {
            out.push(format!("keyId \"{k}\" is neither a key ID, a key ARN, an alias name nor an alias ARN"));
        }
    }
    out
}

/// A request for a matrix cell: `principal` calls `action` by key ARN with no extra context.
pub fn cell_request(principal: &str, action: &str) -> Request {
    Request { principal: principal.to_string(), action: action.to_string(), ..Request::default() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn condition_text_quotes_at_most_three_values_and_cuts_long_names() {
        use super::super::policy::Spanned;
        use super::super::span::Span;
        let spanned = |v: &str| Spanned { value: v.to_string(), span: Span::at(0) };
        let test = ConditionTest {
            operator: condition::Operator::parse("StringEquals").unwrap(),
            operator_span: Span::at(0),
            key: spanned(&format!("aws:PrincipalTag/{}", "k".repeat(1000))),
            values: ["a", "b", "c", "d", "e"].iter().map(|v| spanned(v)).collect(),
            valid: true,
        };
        let text = condition_text(&test);
        assert!(text.starts_with("StringEquals aws:PrincipalTag/kkk"), "{text}");
        assert!(text.ends_with(r#"["a", "b", "c" and 2 more]"#), "{text}");
        assert!(text.chars().count() < 140, "{text}");
        assert_eq!(request_has(&test, &Context::new()).chars().count(), "the request has no ".len() + 80);
    }

    #[test]
    fn unique_ids_are_the_pseudo_id_in_upper_case_hex() {
        let arn = "arn:aws:iam::111122223333:user/alice";
        assert_eq!(unique_id("AIDA", arn, None), format!("AIDA{:016X}", pseudo_hash(arn)));
        assert_eq!(unique_id("AROA", "x", Some("s")), format!("AROA{:016X}:s", pseudo_hash("x")));
    }

    #[test]
    fn pseudo_ids_are_stable() {
        assert_eq!(pseudo_id("a"), pseudo_id("a"));
        assert_ne!(pseudo_id("a"), pseudo_id("b"));
    }
}
