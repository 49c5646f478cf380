//! Why a cell (or a scenario request) is what it is: the engine's summary and reasons,
//! each reason linking to its policy and statement.

use yew::prelude::*;

use super::matrix::{decision_look, short_action};
use crate::engine::report::{BlockedBy, Decision, Edit, ReasonKind, RequestResult};
use crate::engine::span::{LineIndex, Range};
use crate::engine::suggest;
use crate::ui::doc::short_arn;
use crate::ui::doc::PolicyRef;
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

/// One change of a fix, ready to apply to the document.
struct Planned {
    target: PolicyRef,
    new_text: String,
    range: Range,
    replacement: String,
}

/// The one-click fix of a cell or request that is not allowed (SPEC section 6): the engine's
/// least-privilege change (`suggest`, verified there: it allows this cell and moves no other),
/// applied to the policy text as an undoable edit; or, when no change can help, why.
fn fix_section(store: &Store, result: &RequestResult) -> Html {
    if result.decision == Decision::Allow {
        return Html::default();
    }
    let Some(analysis) = store.analysis.as_ref() else { return Html::default() };
    let suggestion = match &store.explained {
        Some(Explained::Request(i)) => suggest::suggest(analysis, *i),
        Some(Explained::Cell(p, a)) => analysis.suggest_cell(p, a),
        None => return Html::default(),
    };
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
    // Every change must land in a policy that is open in the app.
    let mut planned: Vec<Planned> = Vec::new();
    for c in &suggestion.changes {
        let Some(target) = store.doc.resolve(&c.policy) else {
            return html! {
                <p class="fix-impossible" data-testid="fix-impossible">
                    {format!("Add a policy {} with this statement: {}", c.policy, c.add)}
                </p>
            };
        };
        let text = store.doc.text(target).unwrap_or("").to_string();
        let (range, replacement) = match suggest::statement_edit(&text, &c.add) {
            Some((span, rep)) => (LineIndex::new(&text).range(span), rep),
            None => {
                return html! {
                    <p class="fix-impossible" data-testid="fix-impossible">
                        {format!("{} does not parse; fix it first, then the fix can be applied.", store.doc.policy_label(&c.policy))}
                    </p>
                };
            }
        };
        let new_text = suggest::insert_statement(&text, &c.add).unwrap_or(text);
        planned.push(Planned { target, new_text, range, replacement });
    }
    let describe: Vec<String> = suggestion
        .changes
        .iter()
        .map(|c| {
            format!(
                "add to {}: {}",
                store.doc.policy_label(&c.policy),
                serde_json::to_string(&c.add).unwrap_or_default()
            )
        })
        .collect();
    let apply = {
        let d = store.dispatcher();
        let ids: Vec<String> = suggestion.changes.iter().map(|c| c.policy.clone()).collect();
        Callback::from(move |_| {
            // All but the first change set the text directly; the first is an undoable edit
            // in its editor, which is then selected and shows the inserted statement.
            for p in planned.iter().skip(1) {
                d.dispatch(Action::EditPolicy(p.target, p.new_text.clone()));
            }
            if let (Some(p), Some(policy)) = (planned.first(), ids.first()) {
                d.dispatch(Action::ApplyEdits {
                    policy: policy.clone(),
                    edits: vec![Edit { range: p.range, text: p.replacement.clone() }],
                });
            }
        })
    };
    html! {
        <div class="fix">
            <p class="fix-what">{"Least-privilege fix: "}{describe.join("; ")}</p>
            <button type="button" class="btn btn-primary" data-testid="apply-fix" onclick={apply}>
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
    let first = use_mut_ref(|| true);
    {
        let panel = panel.clone();
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
            <div class="card-head">
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
            <p class="summary" data-testid="explanation-summary">{result.summary.clone()}</p>
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
                                <span class="reason-message">{r.message.clone()}</span>
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
            <div class="fix-slot">{fix_section(&store, &result)}</div>
        </section>
    }
}
