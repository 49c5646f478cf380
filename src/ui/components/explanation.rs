//! Why a cell (or a scenario request) is what it is: the engine's summary and reasons,
//! each reason linking to its policy and statement.

use std::rc::Rc;

use yew::prelude::*;

use super::matrix::{decision_look, short_action};
use super::try_it::TryIt;
use crate::engine::report::{BlockedBy, Decision, Edit, ReasonKind};
use crate::engine::span::LineIndex;
use crate::engine::suggest;
use crate::engine::Analysis;
use crate::ui::doc::{elide_words, short_arn, Doc, EMPTY_POLICY};
use crate::ui::hooks::textarea::reveal_element;
use crate::ui::state::{Action, Explained};
use crate::ui::Store;

/// The SPEC spelling of a reason kind.
fn kind_name(k: ReasonKind) -> &'static str {
    match k {
        ReasonKind::AllowedBy => "allowed-by",
        ReasonKind::DeniedBy => "denied-by",
        ReasonKind::Missing => "missing",
        ReasonKind::NotApplicable => "not-applicable",
        ReasonKind::Void => "void",
        ReasonKind::Unreachable => "unreachable",
    }
}

fn kind_label(k: ReasonKind) -> (&'static str, &'static str) {
    match k {
        ReasonKind::AllowedBy => ("Allowed by", "kind-allow"),
        ReasonKind::DeniedBy => ("Denied by", "kind-deny"),
        ReasonKind::Missing => ("Missing", "kind-missing"),
        ReasonKind::NotApplicable => ("Does not apply", "kind-na"),
        ReasonKind::Void => ("Ignored (invalid)", "kind-void"),
        ReasonKind::Unreachable => ("Unreachable", "kind-unreachable"),
    }
}

/// A shared value compared by identity (for memoizing what is computed from it).
struct ByPtr<T>(Rc<T>);

impl<T> PartialEq for ByPtr<T> {
    fn eq(&self, other: &ByPtr<T>) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// The engine's least-privilege change for what is explained (None when it is allowed).
/// Suggesting re-evaluates the scenario, so it is memoized per analysis and selection.
fn suggestion_for(analysis: &Analysis, explained: &Explained, decision: Decision) -> Option<suggest::Suggestion> {
    if decision == Decision::Allow {
        return None;
    }
    Some(match explained {
        Explained::Request(i) => suggest::suggest(analysis, *i),
        Explained::Cell(p, a) => analysis.suggest_cell(p, a),
    })
}

/// Where one suggested change lands in the policy texts.
enum Landing {
    /// Its policy is not one the app edits.
    NotOpen,
    /// Its policy's text does not parse (or is too large to read).
    Unreadable,
    /// This edit inserts it.
    Edit(Edit),
}

/// Where each change of `suggestion` lands in the current texts. This reads the policy texts,
/// so the panel memoizes it per suggestion and document revision, not per render.
fn landings(doc: &crate::ui::doc::Doc, suggestion: &suggest::Suggestion) -> Vec<Landing> {
    suggestion
        .changes
        .iter()
        .map(|c| {
            // A policy that does not exist yet is created empty by the fix (Doc::create).
            let text = match doc.resolve(&c.policy) {
                Some(target) => doc.text(target).unwrap_or(""),
                None if Doc::can_create(&c.policy) => EMPTY_POLICY,
                None => return Landing::NotOpen,
            };
            match suggest::statement_edit(text, &c.add) {
                Some((span, replacement)) => {
                    Landing::Edit(Edit { range: LineIndex::new(text).range(span), text: replacement })
                }
                None => Landing::Unreadable,
            }
        })
        .collect()
}

/// The one-click fix of a cell or request that is not allowed (SPEC section 6): the engine's
/// least-privilege change (`suggest`, verified there: it allows this cell and moves no other),
/// applied to the policy text as an undoable edit; or, when no change can help, why.
fn fix_section(store: &Store, suggestion: Option<&suggest::Suggestion>, landings: &[Landing]) -> Html {
    let Some(suggestion) = suggestion else { return Html::default() };
    if let Some(why) = &suggestion.impossible {
        return html! {
            <p class="fix-impossible" data-testid="fix-impossible">
                <strong>{"No policy change can fix this: "}</strong>{why.clone()}
            </p>
        };
    }
    if suggestion.changes.is_empty() {
        return Html::default();
    }
    let caution = match &suggestion.caution {
        Some(caution) => html! { <p class="fix-caution" data-testid="fix-caution">{elide_words(caution)}</p> },
        None => Html::default(),
    };
    // Every change must land in a policy that is open in the app, as a text edit.
    let mut planned: Vec<(String, Vec<Edit>)> = Vec::new();
    for (c, landing) in suggestion.changes.iter().zip(landings) {
        match landing {
            Landing::Edit(edit) => planned.push((c.policy.clone(), vec![edit.clone()])),
            Landing::NotOpen => {
                return html! {
                    <div class="fix-impossible" data-testid="fix-impossible">
                        <p>{format!("Add a policy {} with this statement:", c.policy)}</p>
                        <pre class="fix-code">{serde_json::to_string_pretty(&c.add).unwrap_or_default()}</pre>
                        {caution}
                    </div>
                };
            }
            Landing::Unreadable => {
                return html! {
                    <p class="fix-impossible" data-testid="fix-impossible">
                        {format!("{} does not parse; fix it first, then the fix can be applied.", store.doc.policy_label(&c.policy))}
                    </p>
                };
            }
        }
    }
    let apply = {
        let d = store.dispatcher();
        Callback::from(move |_| d.dispatch(Action::ApplyFix(planned.clone())))
    };
    html! {
        <div class="fix">
            <h3 class="fix-title">{"Least-privilege fix"}</h3>
            { for suggestion.changes.iter().map(|c| html! {
                <div class="fix-change">
                    <p class="fix-what">
                        {if store.doc.resolve(&c.policy).is_some() { "Add to " } else { "Create " }}
                        <strong>{store.doc.policy_label(&c.policy)}</strong>{":"}
                    </p>
                    <pre class="fix-code">{serde_json::to_string_pretty(&c.add).unwrap_or_default()}</pre>
                </div>
            }) }
            {caution}
            <button type="button" class="btn btn-accent" data-testid="apply-fix" onclick={apply}
                title="Insert the statement(s) into the policy text (Ctrl+Z in an editor undoes it)">
                {"Apply the fix"}
            </button>
        </div>
    }
}

/// The explanation panel (only while something is explained).
#[function_component]
pub fn Explanation() -> Html {
    let store = use_context::<Store>();
    let panel = use_node_ref();
    let heading = use_node_ref();
    let first = use_mut_ref(|| true);
    let suggestion = {
        let deps = store.as_ref().and_then(|s| {
            let analysis = ByPtr(s.analysis.clone()?);
            let explained = s.explained.clone()?;
            let decision = s.explanation.as_ref()?.decision;
            Some((analysis, explained, decision))
        });
        use_memo(deps, |deps| deps.as_ref().and_then(|(a, e, d)| suggestion_for(&a.0, e, *d)))
    };
    let landings = {
        let deps = store.as_ref().map(|s| (ByPtr(suggestion.clone()), ByPtr(s.doc.clone()), s.edit_rev));
        use_memo(deps, |deps| match deps {
            Some((sug, doc, _)) => sug.0.as_ref().as_ref().map(|s| landings(&doc.0, s)).unwrap_or_default(),
            None => Vec::new(),
        })
    };
    {
        // bring the explanation's heading into view (not the whole panel: the matrix above
        // stays in sight)
        let panel = heading.clone();
        let explained = store.as_ref().and_then(|s| s.explained.clone());
        use_effect_with(explained, move |explained| {
            let initial = std::mem::replace(&mut *first.borrow_mut(), false);
            if explained.is_some() && !initial {
                if let Some(el) = panel.cast::<web_sys::Element>() {
                    reveal_element(&el);
                }
            }
        });
    }
    let Some(store) = store else { return Html::default() };
    let Some(result) = store.explanation.clone() else {
        return match &store.explained {
            Some(_) if store.analysis.is_none() => html! {
                <section class="card explanation" ref={panel} data-testid="explanation" aria-live="polite">
                    <p class="muted">{"Analysing…"}</p>
                </section>
            },
            _ => html! { <div ref={panel} class="explanation-anchor"></div> },
        };
    };
    let close = {
        let d = store.dispatcher();
        Callback::from(move |_| d.dispatch(Action::CloseExplanation))
    };
    let (sym, word, class) = decision_look(result.decision);
    let what = match &store.explained {
        Some(Explained::Request(i)) => format!("Request {}", i + 1),
        _ => "Cell".to_string(),
    };
    let blocked = result.blocked_by.map(|b| match b {
        BlockedBy::KeyState => "The policies allow this call, but the key's state refuses it.",
        BlockedBy::KeySpec => "The policies allow this call, but this kind of key cannot perform it.",
    });
    html! {
        <section class="card explanation" ref={panel} data-testid="explanation"
            aria-labelledby="explanation-h" aria-live="polite">
            <div class="card-head" ref={heading}>
                <h2 id="explanation-h">
                    <span class="muted">{what}{": "}</span>
                    <span title={result.principal.clone()}>{short_arn(&result.principal)}</span>
                    {" → "}
                    <span title={result.action.clone()}>{short_action(&result.action)}</span>
                </h2>
                <span class={classes!("decision-badge", class)} data-decision={result.decision.as_str()}>
                    <span aria-hidden="true">{sym}</span>{" "}{word}
                </span>
                <span class="editor-spacer"></span>
                <button type="button" class="btn btn-icon" onclick={close} aria-label="Close the explanation">{"×"}</button>
            </div>
            <p class="summary" data-testid="explanation-summary">{elide_words(&result.summary)}</p>
            if let Some(b) = blocked {
                <p class="blocked" data-blocked-by="true">{b}</p>
            }
            if result.reasons.is_empty() {
                <p class="muted">{"The engine gave no further reasons."}</p>
            } else {
                <ol class="reasons">
                    { for result.reasons.iter().map(|r| {
                        let (label, kclass) = kind_label(r.kind);
                        let editable = store.doc.resolve(&r.policy).is_some();
                        let mut place = store.doc.policy_label(&r.policy);
                        match (&r.sid, r.statement) {
                            (Some(sid), _) if !sid.is_empty() => place.push_str(&format!(", statement “{sid}”")),
                            (_, Some(n)) => place.push_str(&format!(", statement {}", n + 1)),
                            _ => {}
                        }
                        if let Some(range) = r.range {
                            place.push_str(&format!(", line {}", range.start.line));
                        }
                        let go = {
                            let d = store.dispatcher();
                            let policy = r.policy.clone();
                            let range = r.range;
                            Callback::from(move |_| d.dispatch(Action::Reveal { policy: policy.clone(), range, focus: true }))
                        };
                        html! {
                            <li class={classes!("reason", kclass)} data-kind={kind_name(r.kind)} data-policy={r.policy.clone()}>
                                <span class={classes!("reason-kind", kclass)}>{label}</span>
                                <span class="reason-message">{elide_words(&r.message)}</span>
                                if editable {
                                    <button type="button" class="link-button reason-place" onclick={go}
                                        title="Show this statement in its editor">{place}</button>
                                } else {
                                    <span class="reason-place">{place}</span>
                                }
                            </li>
                        }
                    }) }
                </ol>
            }
            <div class="fix-slot">{fix_section(&store, suggestion.as_ref().as_ref(), &landings)}</div>
            <TryIt />
        </section>
    }
}
