//! Why a cell (or a scenario request) is what it is: the engine's summary and reasons,
//! each reason linking to its policy and statement.

use yew::prelude::*;

use super::matrix::{decision_look, short_action};
use crate::engine::report::{BlockedBy, ReasonKind, RequestResult};
use crate::ui::doc::short_arn;
use crate::ui::hooks::textarea::reveal_element;
use crate::ui::state::{Action, Explained};
use crate::ui::Store;

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

/// The place for the one-click fix of a cell that is not allowed.
///
/// A later issue adds `[data-testid="apply-fix"]` here: a button that asks the engine for
/// the least-privilege change (`suggest`) and applies it with
/// `Action::ApplyEdits { policy, edits }` — already wired: the editor applies edits with an
/// undoable `insertText`. When no change can help, this says why instead.
fn fix_section(_result: &RequestResult) -> Html {
    Html::default()
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
                            <li class={classes!("reason", kclass)} data-kind={format!("{:?}", r.kind)} data-policy={r.policy.clone()}>
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
            <div class="fix-slot">{fix_section(&result)}</div>
        </section>
    }
}
