//! The app's one store: [`State`] changed only by [`Action`]s through [`State::apply`]
//! (wrapped by yew's `Reducible`). Pure Rust: no browser calls, so the transitions are
//! tested directly.

use std::rc::Rc;

use yew::Reducible;

use super::doc::{arn_account, Doc, NamedPolicy, PolicyRef, Principal, EMPTY_POLICY};
use super::scenario_edit::{self as edit, ConstraintKind, ListEdit, ListTarget, PairEdit, PairsTarget};
use super::share::{Saved, View};
use super::text::apply_edits;
use crate::engine::examples::{example, EXAMPLES};
use crate::engine::report::{Edit, ReasonKind, Report, RequestResult};
use crate::engine::span::Range;
use crate::engine::Analysis;

mod learn;
pub use learn::{LessonCmd, LessonState};

/// The theme the person chose.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ThemePref {
    /// Follow `prefers-color-scheme`.
    #[default]
    System,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

impl ThemePref {
    /// The stored spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            ThemePref::System => "system",
            ThemePref::Light => "light",
            ThemePref::Dark => "dark",
        }
    }

    /// Parse the stored spelling.
    pub fn parse(s: &str) -> ThemePref {
        match s {
            "light" => ThemePref::Light,
            "dark" => ThemePref::Dark,
            _ => ThemePref::System,
        }
    }
}

/// How serious a banner message is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoticeKind {
    /// Good to know.
    Info,
    /// Something failed.
    Error,
    /// A load replaced edited work: the bar offers "Undo" (restores [`State::previous`]).
    Undo,
}

/// A banner message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    /// How serious.
    pub kind: NoticeKind,
    /// What to say.
    pub text: String,
}

/// A request to an editor: show `range` (scroll it into view), optionally focusing the
/// editor and putting the caret on it.
#[derive(Clone, Debug, PartialEq)]
pub struct Reveal {
    /// Which editor.
    pub target: PolicyRef,
    /// Where (a report range: lines and characters).
    pub range: Option<Range>,
    /// Focus the editor and select the range.
    pub focus: bool,
    /// Unique id, so an editor applies each request once.
    pub seq: u64,
}

/// Text edits for an editor to apply (undoably) to its text.
#[derive(Clone, Debug, PartialEq)]
pub struct PendingEdits {
    /// Which editor.
    pub target: PolicyRef,
    /// The edits (report ranges into that editor's text).
    pub edits: Vec<Edit>,
    /// Unique id.
    pub seq: u64,
}

/// Where the replaced document came from, which decides whether it is kept restorable.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LoadSource {
    /// The person chose an example.
    Example,
    /// Reset to the current example.
    Reset,
    /// A shared link.
    Link,
    /// "Restore previous work".
    Restore,
}

/// Everything that can happen.
#[derive(Clone, Debug)]
pub enum Action {
    /// Load example `id`.
    LoadExample(String),
    /// Back to the current example, as shipped.
    Reset,
    /// Replace the document and view.
    Load(Box<Saved>, LoadSource),
    /// Bring back the work a load replaced.
    RestorePrevious,
    /// Drop the work a load replaced.
    ForgetPrevious,
    /// Edit the key ARN.
    SetKeyArn(String),
    /// The text of a policy changed (typed in its editor).
    EditPolicy(PolicyRef, String),
    /// Select a principal tab.
    SelectPrincipal(usize),
    /// Add a principal (selected afterwards).
    AddPrincipal,
    /// Remove a principal.
    RemovePrincipal(usize),
    /// Change the selected principal's ARN.
    SetPrincipalArn(String),
    /// Select a policy tab of the selected principal.
    SelectPolicy(usize),
    /// Add an identity policy to the selected principal.
    AddPolicy,
    /// Remove an identity policy of the selected principal.
    RemovePolicy(usize),
    /// Rename the selected identity policy.
    RenamePolicy(String),
    /// Give the selected principal a permissions boundary (`true`) or remove it.
    SetBoundary(bool),
    /// Give the selected principal a trust policy (`true`) or remove it.
    SetTrust(bool),
    /// The debounced analysis finished for document revision `rev`.
    Analyzed {
        /// The `edit_rev` analysed.
        rev: u64,
        /// The analysis, or the scenario error's message.
        result: Result<Rc<Analysis>, String>,
    },
    /// Explain a matrix cell `(principal, action)`.
    SelectCell(String, String),
    /// Explain request `i` of the scenario.
    SelectRequest(usize),
    /// Close the explanation.
    CloseExplanation,
    /// Show a place in a policy (a finding or a reason was activated).
    Reveal {
        /// Engine policy id.
        policy: String,
        /// Where.
        range: Option<Range>,
        /// Focus the editor and select the range.
        focus: bool,
    },
    /// An editor applied reveal `seq`.
    RevealDone(u64),
    /// Apply a finding's fix to a policy's text.
    ApplyEdits {
        /// Engine policy id.
        policy: String,
        /// The edits.
        edits: Vec<Edit>,
    },
    /// Apply a suggested change that may touch several policies: `(policy id, edits)`.
    /// Shown editors apply their edits undoably; policies on other tabs change directly.
    ApplyFix(Vec<(String, Vec<Edit>)>),
    /// An editor applied edits `seq`.
    EditsDone(u64),
    /// Show or clear the banner.
    SetNotice(Option<Notice>),
    /// Choose the theme.
    SetTheme(ThemePref),
    /// Learn mode: open, leave, hint, solution.
    Lesson(LessonCmd),
    /// Add a request to the scenario (then selected, so its editor shows).
    AddRequest,
    /// Remove request `i`.
    RemoveRequest(usize),
    /// Set member `name` (`principal`, `action`, `keyId`, `expect`) of request `i`; `None`
    /// or "" removes it.
    SetRequestMember(usize, String, Option<String>),
    /// Set (or, with `None` or "", remove) context key `key` of request `i` (`aws:SourceIp`).
    SetRequestContext(usize, String, Option<String>),
    /// Edit a list of `key = value` rows (encryption context, context, grant constraint).
    EditPairs(PairsTarget, PairEdit),
    /// Edit a list of strings (`via` roles, grant tokens).
    EditList(ListTarget, ListEdit),
    /// Add a grant.
    AddGrant,
    /// Remove grant `i`.
    RemoveGrant(usize),
    /// Set member `name` (`name`, `grantee`, `retiringPrincipal`) of grant `i`; `None` or ""
    /// removes it.
    SetGrantMember(usize, String, Option<String>),
    /// Turn operation `op` of grant `i` on or off.
    SetGrantOperation(usize, String, bool),
    /// Give grant `i` an encryption-context constraint of this kind, or none.
    SetGrantConstraint(usize, Option<ConstraintKind>),
}

/// What the explanation panel shows.
#[derive(Clone, Debug, PartialEq)]
pub enum Explained {
    /// A matrix cell.
    Cell(String, String),
    /// A scenario request, by index.
    Request(usize),
}

/// What the app starts from (read from the URL and storage by the boot hook).
#[derive(Clone, Debug, Default)]
pub struct Boot {
    /// The autosaved state, if any (and readable).
    pub autosave: Option<Saved>,
    /// A state from the URL fragment, or why it could not be read.
    pub link: Option<Result<Saved, String>>,
    /// Work an earlier link or example replaced, still restorable.
    pub previous: Option<Saved>,
    /// `?example=<id>` on the URL.
    pub example: Option<String>,
    /// Compact view for iframes.
    pub embed: bool,
    /// The saved theme choice.
    pub theme: ThemePref,
    /// A problem reading storage, to show.
    pub storage_error: Option<String>,
    /// Options that followed the fragment's data (`embed=1`), kept when it is rewritten.
    pub link_options: Vec<(String, String)>,
    /// `?lesson=N` on the URL (1-based, as given).
    pub lesson: Option<usize>,
    /// Lessons completed earlier (0-based indexes).
    pub lessons_done: Vec<usize>,
}

/// The store.
#[derive(Clone, Debug)]
pub struct State {
    /// The document.
    pub doc: Rc<Doc>,
    /// Example, selected tabs and cell.
    pub view: View,
    /// Bumped when the whole document is replaced (editors reload their text).
    pub doc_rev: u64,
    /// Bumped on every document change (drives analysis and autosave).
    pub edit_rev: u64,
    /// The last good analysis.
    pub analysis: Option<Rc<Analysis>>,
    /// Its report.
    pub report: Rc<Report>,
    /// The `edit_rev` the report belongs to.
    pub analyzed_rev: Option<u64>,
    /// The scenario error of the latest analysis (the report above is older).
    pub error: Option<String>,
    /// What the explanation panel shows.
    pub explained: Option<Explained>,
    /// The explanation itself.
    pub explanation: Option<Rc<RequestResult>>,
    /// Places editors should show.
    pub reveal: Vec<Reveal>,
    /// Edits editors should apply.
    pub pending_edits: Vec<PendingEdits>,
    /// Work a load replaced, restorable with one click.
    pub previous: Option<Rc<Saved>>,
    /// Banner message.
    pub notice: Option<Notice>,
    /// Compact view for iframes.
    pub embed: bool,
    /// Theme choice.
    pub theme: ThemePref,
    /// Options kept after the fragment's data (`embed=1`).
    pub link_options: Vec<(String, String)>,
    seq: u64,
    /// The open lesson (learn mode), if any.
    pub lesson: Option<LessonState>,
    /// Completed lessons (0-based indexes, sorted).
    pub lessons_done: Vec<usize>,
}

/// The example a fresh app shows.
pub fn default_example_id() -> &'static str {
    EXAMPLES.first().map_or("", |(id, _)| *id)
}

/// The state of example `id` as shipped, with its first tabs selected.
pub fn example_saved(id: &str) -> Result<Saved, String> {
    let text = example(id).ok_or_else(|| format!("there is no example `{id}`"))?;
    let v: serde_json::Value =
        serde_json::from_str(text).map_err(|e| format!("example `{id}` is not valid JSON: {e}"))?;
    let mut saved = Saved::from_value(&v)?;
    saved.view = View { example: Some(id.to_string()), ..View::default() };
    Ok(saved)
}

/// Analyse the scenario built from `doc`, re-reading only the policies whose text changed
/// since `previous` ([`Analysis::update`]); an unusable scenario gives the message to show.
pub fn analyse(doc: &Doc, previous: Option<&Analysis>) -> Result<Rc<Analysis>, String> {
    let scenario = doc.to_scenario();
    let analysis = match previous {
        Some(p) => p.update_from_value(scenario),
        None => Analysis::from_value(scenario),
    };
    analysis.map(Rc::new).map_err(|e| match (e.line, e.column) {
        (Some(l), Some(c)) => format!("{} (line {l}, column {c})", e.message),
        _ => e.message.clone(),
    })
}

impl State {
    /// The state the app starts in. A link always wins (the autosave it replaces stays
    /// restorable); a broken link leaves the saved work alone and says why.
    pub fn boot(boot: Boot) -> State {
        let base = match boot.autosave {
            Some(saved) => saved,
            None => example_saved(default_example_id()).unwrap_or_default(),
        };
        let mut state = State::from_saved(base);
        state.embed = boot.embed;
        state.theme = boot.theme;
        state.link_options = boot.link_options;
        state.previous = boot.previous.map(Rc::new);
        if let Some(id) = boot.example.filter(|id| example(id).is_some()) {
            if state.view.example.as_deref() != Some(id.as_str()) {
                state.apply(Action::LoadExample(id));
            }
        }
        match boot.link {
            Some(Ok(saved)) => state.apply(Action::Load(Box::new(saved), LoadSource::Link)),
            Some(Err(msg)) => {
                state.notice = Some(Notice {
                    kind: NoticeKind::Error,
                    text: format!("This link could not be opened: {msg}. Showing your saved work instead."),
                });
            }
            None => {}
        }
        state.lessons_done = boot.lessons_done;
        match boot.lesson {
            Some(n) if (1..=crate::engine::lessons::count()).contains(&n) => {
                state.apply(Action::Lesson(LessonCmd::Open(n - 1)));
            }
            Some(n) => {
                let count = crate::engine::lessons::count();
                state.notice = Some(Notice {
                    kind: NoticeKind::Error,
                    text: format!("There is no lesson {n}: lessons are 1 to {count}."),
                });
            }
            None => {}
        }
        // after the link: loading it would clear the banner
        if let Some(msg) = boot.storage_error {
            let text = match state.notice.take() {
                Some(n) if n.kind == NoticeKind::Error => format!("{} {msg}", n.text),
                _ => msg,
            };
            state.notice = Some(Notice { kind: NoticeKind::Error, text });
        }
        // analysed now, not after the first render: the first frame shows the matrix
        let result = analyse(&state.doc, None);
        state.apply(Action::Analyzed { rev: state.edit_rev, result });
        state
    }

    /// A fresh state showing `saved`.
    pub fn from_saved(saved: Saved) -> State {
        State {
            doc: Rc::new(saved.doc),
            view: saved.view,
            doc_rev: 1,
            edit_rev: 1,
            analysis: None,
            report: Rc::new(Report::default()),
            analyzed_rev: None,
            error: None,
            explained: None,
            explanation: None,
            reveal: Vec::new(),
            pending_edits: Vec::new(),
            previous: None,
            notice: None,
            embed: false,
            theme: ThemePref::System,
            link_options: Vec::new(),
            seq: 0,
            lesson: None,
            lessons_done: Vec::new(),
        }
        .with_cell_from_view()
    }

    fn with_cell_from_view(mut self) -> State {
        self.explained = self.view.cell.clone().map(|(p, a)| Explained::Cell(p, a));
        self
    }

    /// What the autosave and share link store.
    pub fn saved(&self) -> Saved {
        Saved { doc: (*self.doc).clone(), view: self.view.clone() }
    }

    /// The selected principal.
    pub fn principal(&self) -> Option<&Principal> {
        self.doc.principals.get(self.view.principal)
    }

    /// The selected identity policy's reference, if the principal has one.
    pub fn selected_policy(&self) -> Option<PolicyRef> {
        let p = self.principal()?;
        p.policies.get(self.view.policy)?;
        Some(PolicyRef::Identity { principal: self.view.principal, policy: self.view.policy })
    }

    /// Whether the document differs from the example it came from (worth keeping).
    pub fn is_dirty(&self) -> bool {
        match &self.view.example {
            Some(id) => example_saved(id).map_or(true, |s| s.doc != *self.doc),
            None => true,
        }
    }

    fn next_seq(&mut self) -> u64 {
        self.seq += 1;
        self.seq
    }

    fn doc_mut(&mut self) -> &mut Doc {
        Rc::make_mut(&mut self.doc)
    }

    fn touched(&mut self) {
        self.edit_rev += 1;
    }

    fn replaced(&mut self) {
        self.edit_rev += 1;
        self.doc_rev += 1;
        self.reveal.clear();
        self.pending_edits.clear();
    }

    /// Apply one action.
    pub fn apply(&mut self, action: Action) {
        let Some(action) = self.learn_before(action) else { return };
        let analyzed = if let Action::Analyzed { rev, .. } = &action { Some(*rev) } else { None };
        match action {
            Action::LoadExample(id) => match example_saved(&id) {
                Ok(saved) => self.load(saved, LoadSource::Example),
                Err(e) => self.notice = Some(Notice { kind: NoticeKind::Error, text: e }),
            },
            Action::Reset => {
                let id = self.view.example.clone().unwrap_or_else(|| default_example_id().to_string());
                match example_saved(&id) {
                    Ok(saved) => self.load(saved, LoadSource::Reset),
                    Err(e) => self.notice = Some(Notice { kind: NoticeKind::Error, text: e }),
                }
            }
            Action::Load(saved, source) => self.load(*saved, source),
            Action::RestorePrevious => {
                if let Some(prev) = self.previous.take() {
                    self.load((*prev).clone(), LoadSource::Restore);
                    self.notice = Some(Notice { kind: NoticeKind::Info, text: "Your previous work is back.".into() });
                }
            }
            Action::ForgetPrevious => self.previous = None,
            Action::SetKeyArn(arn) => {
                if self.doc.key_arn != arn {
                    self.doc_mut().key_arn = arn;
                    self.touched();
                }
            }
            Action::EditPolicy(target, text) => {
                if self.doc.text(target) != Some(text.as_str()) {
                    let creates_policy = matches!(target, PolicyRef::Identity { principal, .. }
                        if self.doc.principals.get(principal).is_some_and(|p| p.policies.is_empty()));
                    if creates_policy {
                        // typing into the editor of a principal without policies creates one
                        if let PolicyRef::Identity { principal, .. } = target {
                            if let Some(p) = self.doc_mut().principals.get_mut(principal) {
                                let name = p.fresh_policy_name();
                                p.policies.push(NamedPolicy { name, text });
                            }
                            self.view.policy = 0;
                        }
                    } else {
                        self.doc_mut().set_text(target, text);
                    }
                    self.touched();
                }
            }
            Action::SelectPrincipal(i) => {
                if i < self.doc.principals.len() && i != self.view.principal {
                    self.view.principal = i;
                    self.view.policy = 0;
                }
            }
            Action::AddPrincipal => {
                let account = arn_account(&self.doc.key_arn).unwrap_or("111122223333").to_string();
                let partition =
                    self.doc.key_arn.split(':').nth(1).filter(|p| !p.is_empty()).unwrap_or("aws").to_string();
                let mut n = self.doc.principals.len() + 1;
                let arn = loop {
                    let arn = format!("arn:{partition}:iam::{account}:role/role-{n}");
                    if !self.doc.principals.iter().any(|p| p.arn == arn) {
                        break arn;
                    }
                    n += 1;
                };
                let mut p = Principal::new(arn);
                p.policies.push(NamedPolicy { name: "policy-1".into(), text: EMPTY_POLICY.into() });
                self.doc_mut().principals.push(p);
                self.view.principal = self.doc.principals.len() - 1;
                self.view.policy = 0;
                self.touched();
            }
            Action::RemovePrincipal(i) => {
                if i < self.doc.principals.len() {
                    self.doc_mut().principals.remove(i);
                    if self.view.principal >= self.doc.principals.len() {
                        self.view.principal = self.doc.principals.len().saturating_sub(1);
                        self.view.policy = 0;
                    } else if self.view.principal > i {
                        self.view.principal -= 1;
                    } else if self.view.principal == i {
                        self.view.policy = 0;
                    }
                    self.reveal.clear();
                    self.doc_rev += 1;
                    self.touched();
                }
            }
            Action::SetPrincipalArn(arn) => {
                let i = self.view.principal;
                if self.doc.principals.get(i).is_some_and(|p| p.arn != arn) {
                    if let Some(p) = self.doc_mut().principals.get_mut(i) {
                        p.arn = arn;
                    }
                    self.touched();
                } else if self.doc.principals.is_empty() && !arn.trim().is_empty() {
                    // typing an ARN with no principal yet creates one
                    self.doc_mut().principals.push(Principal::new(arn));
                    self.view.principal = 0;
                    self.view.policy = 0;
                    self.touched();
                }
            }
            Action::SelectPolicy(i) => {
                if self.principal().is_some_and(|p| i < p.policies.len()) {
                    self.view.policy = i;
                }
            }
            Action::AddPolicy => {
                let i = self.view.principal;
                if let Some(p) = self.doc_mut().principals.get_mut(i) {
                    let name = p.fresh_policy_name();
                    p.policies.push(NamedPolicy { name, text: EMPTY_POLICY.into() });
                    let n = p.policies.len();
                    self.view.policy = n - 1;
                    self.touched();
                }
            }
            Action::RemovePolicy(k) => {
                let i = self.view.principal;
                let removed = match self.doc_mut().principals.get_mut(i) {
                    Some(p) if k < p.policies.len() => {
                        p.policies.remove(k);
                        true
                    }
                    _ => false,
                };
                if removed {
                    if self.view.policy >= k && self.view.policy > 0 {
                        self.view.policy -= 1;
                    }
                    self.doc_rev += 1;
                    self.touched();
                }
            }
            Action::RenamePolicy(name) => {
                let (i, k) = (self.view.principal, self.view.policy);
                let changed = match self.doc_mut().principals.get_mut(i).and_then(|p| p.policies.get_mut(k)) {
                    Some(pol) if pol.name != name => {
                        pol.name = name;
                        true
                    }
                    _ => false,
                };
                if changed {
                    self.touched();
                }
            }
            Action::SetBoundary(on) => {
                let i = self.view.principal;
                if let Some(p) = self.doc_mut().principals.get_mut(i) {
                    p.boundary = on.then(|| p.boundary.take().unwrap_or_else(|| EMPTY_POLICY.into()));
                    self.touched();
                }
            }
            Action::SetTrust(on) => {
                let i = self.view.principal;
                if let Some(p) = self.doc_mut().principals.get_mut(i) {
                    p.trust = on.then(|| p.trust.take().unwrap_or_else(|| EMPTY_POLICY.into()));
                    self.touched();
                }
            }
            Action::Analyzed { rev, result } => match result {
                Ok(analysis) => {
                    self.report = Rc::new(analysis.report());
                    self.analysis = Some(analysis);
                    self.analyzed_rev = Some(rev);
                    self.error = None;
                    self.refresh_explanation();
                }
                Err(msg) => {
                    self.analyzed_rev = Some(rev);
                    self.error = Some(msg);
                }
            },
            Action::SelectCell(principal, action) => {
                self.view.cell = Some((principal.clone(), action.clone()));
                self.explained = Some(Explained::Cell(principal, action));
                self.refresh_explanation();
                self.follow_explanation();
            }
            Action::SelectRequest(i) => {
                self.view.cell = None;
                self.explained = Some(Explained::Request(i));
                self.refresh_explanation();
                self.follow_explanation();
            }
            Action::CloseExplanation => {
                self.view.cell = None;
                self.explained = None;
                self.explanation = None;
            }
            Action::Reveal { policy, range, focus } => {
                if let Some(target) = self.doc.resolve(&policy) {
                    self.select_target(target);
                    let seq = self.next_seq();
                    self.reveal.retain(|r| r.target != target);
                    self.reveal.push(Reveal { target, range, focus, seq });
                }
            }
            Action::RevealDone(seq) => self.reveal.retain(|r| r.seq != seq),
            Action::ApplyEdits { policy, edits } => self.apply_fix(vec![(policy, edits)]),
            Action::ApplyFix(changes) => self.apply_fix(changes),
            Action::EditsDone(seq) => self.pending_edits.retain(|p| p.seq != seq),
            Action::SetNotice(n) => self.notice = n,
            Action::SetTheme(t) => self.theme = t,
            Action::Lesson(cmd) => self.lesson_command(cmd),
            action => self.apply_scenario_edit(action),
        }
        self.learn_after(analyzed);
    }

    /// The request and grant edits (issue 6's request-context panel).
    fn apply_scenario_edit(&mut self, action: Action) {
        let changed = match action {
            Action::AddRequest => match edit::add_request(self.doc_mut()) {
                Some(i) => {
                    self.view.cell = None;
                    self.explained = Some(Explained::Request(i));
                    self.explanation = None;
                    true
                }
                None => false,
            },
            Action::RemoveRequest(i) => {
                let removed = edit::remove_entry(self.doc_mut(), "requests", i);
                if removed {
                    match self.explained {
                        Some(Explained::Request(j)) if j == i => {
                            self.explained = None;
                            self.explanation = None;
                        }
                        Some(Explained::Request(j)) if j > i => self.explained = Some(Explained::Request(j - 1)),
                        _ => {}
                    }
                }
                removed
            }
            Action::SetRequestMember(i, name, value) => {
                edit::set_member(self.doc_mut(), "requests", i, &name, value.map(serde_json::Value::from))
            }
            Action::SetRequestContext(i, key, value) => edit::set_context(self.doc_mut(), i, &key, value),
            Action::EditPairs(target, e) => edit::edit_pairs(self.doc_mut(), &target, e).unwrap_or(false),
            Action::EditList(target, e) => edit::edit_list(self.doc_mut(), &target, e),
            Action::AddGrant => edit::add_grant(self.doc_mut()).is_some(),
            Action::RemoveGrant(i) => edit::remove_entry(self.doc_mut(), "grants", i),
            Action::SetGrantMember(i, name, value) => {
                edit::set_member(self.doc_mut(), "grants", i, &name, value.map(serde_json::Value::from))
            }
            Action::SetGrantOperation(i, op, on) => edit::toggle_operation(self.doc_mut(), i, &op, on),
            Action::SetGrantConstraint(i, kind) => edit::set_constraint_kind(self.doc_mut(), i, kind),
            _ => false,
        };
        if changed {
            self.touched();
        }
    }

    fn load(&mut self, saved: Saved, source: LoadSource) {
        let replaced_is_worth_keeping = match source {
            LoadSource::Restore => false,
            LoadSource::Example | LoadSource::Reset | LoadSource::Link => *self.doc != saved.doc && self.is_dirty(),
        };
        if replaced_is_worth_keeping {
            self.previous = Some(Rc::new(self.saved()));
        }
        self.doc = Rc::new(saved.doc);
        self.view = saved.view;
        self.explained = self.view.cell.clone().map(|(p, a)| Explained::Cell(p, a));
        self.explanation = None;
        self.error = None;
        self.notice = replaced_is_worth_keeping.then(|| Notice { kind: NoticeKind::Undo, text: undo_text(source) });
        self.replaced();
        self.refresh_explanation();
    }

    /// Whether the editor of `target` is on screen (so it must make the edit itself: its
    /// textarea is uncontrolled).
    fn is_shown(&self, target: PolicyRef) -> bool {
        match target {
            PolicyRef::Key => true,
            PolicyRef::Identity { principal, policy } => principal == self.view.principal && policy == self.view.policy,
            PolicyRef::Boundary(p) | PolicyRef::Trust(p) => p == self.view.principal,
        }
    }

    /// Show the first changed policy that is not the key policy, then let shown editors
    /// apply their edits (undoable) and change the other policies' text directly.
    fn apply_fix(&mut self, changes: Vec<(String, Vec<Edit>)>) {
        // A policy the fix adds to but that does not exist yet is created empty first (the
        // edits were planned against that empty text).
        if changes.iter().any(|(id, _)| self.doc.resolve(id).is_none()) {
            let doc = self.doc_mut();
            for (id, _) in &changes {
                doc.create(id);
            }
            self.doc_rev += 1;
        }
        let resolved: Vec<(PolicyRef, Vec<Edit>)> =
            changes.into_iter().filter_map(|(id, edits)| Some((self.doc.resolve(&id)?, edits))).collect();
        if let Some((target, _)) = resolved.iter().find(|(t, _)| *t != PolicyRef::Key) {
            self.select_target(*target);
        }
        for (target, edits) in resolved {
            if self.is_shown(target) {
                let seq = self.next_seq();
                self.pending_edits.push(PendingEdits { target, edits, seq });
            } else if let Some(text) = self.doc.text(target).map(|t| apply_edits(t, &edits)) {
                self.doc_mut().set_text(target, text);
                self.touched();
            }
        }
    }

    /// Switch tabs so that the editor of `target` is shown.
    fn select_target(&mut self, target: PolicyRef) {
        match target {
            PolicyRef::Key => {}
            PolicyRef::Identity { principal, policy } => {
                self.view.principal = principal;
                self.view.policy = policy;
            }
            PolicyRef::Boundary(p) | PolicyRef::Trust(p) => {
                if p != self.view.principal {
                    self.view.principal = p;
                    self.view.policy = 0;
                }
            }
        }
    }

    fn refresh_explanation(&mut self) {
        self.explanation = match (&self.explained, &self.analysis) {
            (Some(Explained::Cell(p, a)), Some(analysis)) => Some(Rc::new(analysis.explain(p, a))),
            (Some(Explained::Request(i)), _) => self.report.results.get(*i).cloned().map(Rc::new),
            _ => None,
        };
    }

    /// After selecting a cell: show its principal's tab and the policy that decided, and
    /// scroll every editor to its first deciding statement (without taking the focus).
    fn follow_explanation(&mut self) {
        let Some(result) = self.explanation.clone() else { return };
        if let Some(i) = self.doc.principals.iter().position(|p| p.arn == result.principal) {
            if i != self.view.principal {
                self.view.principal = i;
                self.view.policy = 0;
            }
        }
        let rank = |k: ReasonKind| match k {
            ReasonKind::DeniedBy => 0,
            ReasonKind::AllowedBy => 1,
            ReasonKind::Void => 2,
            _ => 3,
        };
        let mut reasons: Vec<_> = result.reasons.iter().filter(|r| rank(r.kind) < 3).collect();
        reasons.sort_by_key(|r| rank(r.kind));
        // the principal's policy that decided
        for r in &reasons {
            if let Some(PolicyRef::Identity { principal, policy }) = self.doc.resolve(&r.policy) {
                if principal == self.view.principal {
                    self.view.policy = policy;
                    break;
                }
            }
        }
        self.reveal.retain(|r| r.focus);
        let mut seen: Vec<PolicyRef> = Vec::new();
        for r in reasons {
            let Some(target) = self.doc.resolve(&r.policy) else { continue };
            let shown = match target {
                PolicyRef::Key => true,
                PolicyRef::Identity { principal, policy } => {
                    principal == self.view.principal && policy == self.view.policy
                }
                PolicyRef::Boundary(p) | PolicyRef::Trust(p) => p == self.view.principal,
            };
            if shown && r.range.is_some() && !seen.contains(&target) {
                seen.push(target);
                let seq = self.next_seq();
                self.reveal.push(Reveal { target, range: r.range, focus: false, seq });
            }
        }
    }
}

/// What the Undo banner says after a load replaced edited work.
fn undo_text(source: LoadSource) -> String {
    match source {
        LoadSource::Link => "You opened a shared link: it replaced the work you had here. Keep the link's scenario, \
                             or Undo to bring your work back."
            .into(),
        LoadSource::Reset => "Reset to the example as shipped. Undo brings your edits back.".into(),
        LoadSource::Example | LoadSource::Restore => "Switched example. Undo brings your previous work back.".into(),
    }
}

/// States are compared by identity: every action makes a new one, so components re-render
/// after every action (the store is small; the editors guard their own DOM).
impl PartialEq for State {
    fn eq(&self, other: &State) -> bool {
        std::ptr::eq(self, other)
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        next.apply(action);
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state_with_two_principals() -> State {
        let mut doc = Doc { key_arn: "arn:aws:kms:us-east-1:111122223333:key/k".into(), ..Doc::default() };
        for name in ["alice", "bob"] {
            let mut p = Principal::new(format!("arn:aws:iam::111122223333:user/{name}"));
            p.policies.push(NamedPolicy { name: "a".into(), text: "{}".into() });
            p.policies.push(NamedPolicy { name: "b".into(), text: "{}".into() });
            doc.principals.push(p);
        }
        State::from_saved(Saved { doc, view: View::default() })
    }

    #[test]
    fn editing_bumps_the_revision_only_on_change() {
        let mut s = state_with_two_principals();
        let rev = s.edit_rev;
        s.apply(Action::EditPolicy(PolicyRef::Key, "x".into()));
        assert_eq!(s.edit_rev, rev + 1);
        s.apply(Action::EditPolicy(PolicyRef::Key, "x".into()));
        assert_eq!(s.edit_rev, rev + 1);
        assert_eq!(s.doc.key_policy, "x");
        assert_eq!(s.doc_rev, 1, "typing never reloads the editors");
    }

    #[test]
    fn tabs_and_removal_keep_a_valid_selection() {
        let mut s = state_with_two_principals();
        s.apply(Action::SelectPrincipal(1));
        s.apply(Action::SelectPolicy(1));
        assert_eq!((s.view.principal, s.view.policy), (1, 1));
        s.apply(Action::RemovePolicy(1));
        assert_eq!(s.view.policy, 0);
        s.apply(Action::RemovePrincipal(1));
        assert_eq!(s.view.principal, 0);
        s.apply(Action::AddPrincipal);
        assert_eq!(s.view.principal, 1);
        assert_eq!(s.doc.principals[1].arn, "arn:aws:iam::111122223333:role/role-2");
        s.apply(Action::SetPrincipalArn("arn:aws:iam::111122223333:role/x".into()));
        assert_eq!(s.doc.principals[1].arn, "arn:aws:iam::111122223333:role/x");
    }

    /// An edit inserting `text` at one position (line and column 1-based, offset in bytes).
    fn insert_at(line: usize, column: usize, offset: usize, text: &str) -> Vec<Edit> {
        use crate::engine::span::{Position, Range};
        let at = Position { line, column, offset };
        vec![Edit { range: Range { start: at, end: at }, text: text.into() }]
    }

    #[test]
    fn a_fix_edits_shown_editors_undoably_and_other_tabs_directly() {
        let mut s = state_with_two_principals();
        let edit = |t: &str| insert_at(1, 2, 1, t);
        s.apply(Action::ApplyFix(vec![
            ("key-policy".into(), edit("K")),
            ("identity:arn:aws:iam::111122223333:user/bob/b".into(), edit("B")),
            ("identity:arn:aws:iam::111122223333:user/alice/a".into(), edit("A")),
        ]));
        // bob/b is shown now (with the key policy): their editors make the edit
        assert_eq!((s.view.principal, s.view.policy), (1, 1));
        let targets: Vec<PolicyRef> = s.pending_edits.iter().map(|p| p.target).collect();
        assert_eq!(targets, vec![PolicyRef::Key, PolicyRef::Identity { principal: 1, policy: 1 }]);
        // alice/a is on another tab: changed in the document
        assert_eq!(s.doc.principals[0].policies[0].text, "{A}");
        let seq = s.pending_edits[0].seq;
        s.apply(Action::EditsDone(seq));
        assert_eq!(s.pending_edits.len(), 1);
    }

    #[test]
    fn a_fix_creates_the_policies_it_adds_to() {
        let mut s = state_with_two_principals();
        // before the "]" of EMPTY_POLICY's empty Statement array
        let edit = || insert_at(3, 17, 45, "{}");
        s.apply(Action::ApplyFix(vec![
            ("identity:arn:aws:iam::111122223333:user/bob/kmsplay-suggested".into(), edit()),
            ("boundary:arn:aws:iam::444455556666:role/new".into(), edit()),
        ]));
        let bob = &s.doc.principals[1];
        assert_eq!(bob.policies.last().map(|p| p.name.as_str()), Some("kmsplay-suggested"));
        let new = s.doc.principals.iter().find(|p| p.arn == "arn:aws:iam::444455556666:role/new").unwrap();
        // created as the empty policy the edits were planned against (on another tab: edited here)
        assert!(new.boundary.as_deref().is_some_and(|t| t.contains("\"Statement\": [{}]")), "{:?}", new.boundary);
    }

    #[test]
    fn reveal_switches_to_the_policy_tab() {
        let mut s = state_with_two_principals();
        s.apply(Action::Reveal {
            policy: "identity:arn:aws:iam::111122223333:user/bob/b".into(),
            range: None,
            focus: true,
        });
        assert_eq!((s.view.principal, s.view.policy), (1, 1));
        let seq = s.reveal[0].seq;
        s.apply(Action::RevealDone(seq));
        assert!(s.reveal.is_empty());
    }

    #[test]
    fn loading_over_edited_work_keeps_it_restorable() {
        let id = default_example_id().to_string();
        let mut s = State::from_saved(example_saved(&id).unwrap());
        s.apply(Action::LoadExample(id.clone()));
        assert!(s.previous.is_none(), "an untouched example is not worth keeping");
        s.apply(Action::SetKeyArn("arn:aws:kms:us-east-1:111122223333:key/edited".into()));
        s.apply(Action::Reset);
        assert!(s.previous.is_some());
        assert_ne!(s.doc.key_arn, "arn:aws:kms:us-east-1:111122223333:key/edited");
        s.apply(Action::RestorePrevious);
        assert_eq!(s.doc.key_arn, "arn:aws:kms:us-east-1:111122223333:key/edited");
        assert!(s.previous.is_none());
    }

    #[test]
    fn a_broken_link_keeps_the_autosave() {
        let mut saved = example_saved(default_example_id()).unwrap();
        saved.doc.key_arn = "mine".into();
        let s = State::boot(Boot { autosave: Some(saved), link: Some(Err("garbled".into())), ..Boot::default() });
        assert_eq!(s.doc.key_arn, "mine");
        assert!(s.notice.as_ref().is_some_and(|n| n.text.contains("garbled")));
    }

    #[test]
    fn a_link_wins_and_the_autosave_stays_restorable() {
        let mut mine = example_saved(default_example_id()).unwrap();
        mine.doc.key_arn = "mine".into();
        let mut link = mine.clone();
        link.doc.key_arn = "theirs".into();
        let s = State::boot(Boot { autosave: Some(mine), link: Some(Ok(link)), ..Boot::default() });
        assert_eq!(s.doc.key_arn, "theirs");
        assert_eq!(s.previous.as_ref().map(|p| p.doc.key_arn.clone()), Some("mine".into()));
    }

    #[test]
    fn analysis_errors_keep_the_last_report() {
        let mut s = state_with_two_principals();
        let a = Analysis::new(&s.doc.to_scenario()).unwrap();
        s.apply(Action::Analyzed { rev: 1, result: Ok(Rc::new(a)) });
        let before = s.report.clone();
        s.apply(Action::Analyzed { rev: 2, result: Err("bad".into()) });
        assert_eq!(s.error.as_deref(), Some("bad"));
        assert!(Rc::ptr_eq(&before, &s.report));
    }
}
