//! Findings: severity, code, message, help and line; activating one selects its editor and
//! puts the caret on the range. Findings with a fix offer it as one click.

use yew::prelude::*;

use crate::engine::report::{Finding, Severity};
use crate::ui::doc::elide_words;
use crate::ui::state::Action;
use crate::ui::Store;

fn severity_look(s: Severity) -> (&'static str, &'static str, &'static str) {
    match s {
        Severity::Error => ("error", "sev-error", "⛔"),
        Severity::Warning => ("warning", "sev-warning", "⚠"),
        Severity::Info => ("info", "sev-info", "ℹ"),
    }
}

/// The findings panel.
#[function_component]
pub fn Findings() -> Html {
    let Some(store) = use_context::<Store>() else { return Html::default() };
    let doc = store.doc.clone();
    // most serious first, then in document order (key policy, then principals)
    let order = |f: &Finding| -> (std::cmp::Reverse<Severity>, usize, usize) {
        let place = match doc.resolve(&f.policy) {
            Some(crate::ui::doc::PolicyRef::Key) => 0,
            Some(crate::ui::doc::PolicyRef::Identity { principal, policy }) => 1 + principal * 100 + policy,
            Some(crate::ui::doc::PolicyRef::Boundary(p)) => 1 + p * 100 + 98,
            Some(crate::ui::doc::PolicyRef::Trust(p)) => 1 + p * 100 + 99,
            None => usize::MAX,
        };
        (std::cmp::Reverse(f.severity), place, f.range.start.line)
    };
    let mut findings: Vec<&Finding> = store.report.findings.iter().collect();
    findings.sort_by_key(|f| order(f));
    let count = |s: Severity| store.report.findings.iter().filter(|f| f.severity == s).count();
    let (errors, warnings, infos) = (count(Severity::Error), count(Severity::Warning), count(Severity::Info));
    let summary = if findings.is_empty() {
        "none".to_string()
    } else {
        let mut parts = Vec::new();
        for (n, word) in [(errors, "error"), (warnings, "warning"), (infos, "info")] {
            if n > 0 {
                parts.push(format!("{n} {word}{}", if n == 1 || word == "info" { "" } else { "s" }));
            }
        }
        parts.join(", ")
    };
    html! {
        <section class="card findings" data-testid="findings" aria-labelledby="findings-h">
            <div class="card-head">
                <h2 id="findings-h">{"Findings"}</h2>
                <span class="card-sub">{summary}</span>
            </div>
            if findings.is_empty() {
                <p class="empty">
                    { if store.analyzed_rev.is_none() { "Analysing…" } else { "No findings." } }
                </p>
            } else {
                <ul class="finding-list">
                    { for findings.into_iter().map(|f| {
                        let (word, class, icon) = severity_look(f.severity);
                        let editable = doc.resolve(&f.policy).is_some();
                        let place = if f.policy == "scenario" { "scenario".to_string() } else { doc.policy_label(&f.policy) };
                        let go = {
                            let d = store.dispatcher();
                            let policy = f.policy.clone();
                            let range = f.range;
                            Callback::from(move |_| d.dispatch(Action::Reveal { policy: policy.clone(), range: Some(range), focus: true }))
                        };
                        let on_item = {
                            let go = go.clone();
                            Callback::from(move |e: MouseEvent| {
                                // clicks on the item's own buttons are handled by them
                                let on_button = e.target()
                                    .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
                                    .and_then(|el| el.closest("button").ok().flatten())
                                    .is_some();
                                if editable && !on_button {
                                    go.emit(e);
                                }
                            })
                        };
                        let fix = f.fix.clone().filter(|_| editable).map(|fix| {
                            let d = store.dispatcher();
                            let policy = f.policy.clone();
                            let edits = fix.edits.clone();
                            let onclick = Callback::from(move |_| d.dispatch(Action::ApplyEdits { policy: policy.clone(), edits: edits.clone() }));
                            html! {
                                <button type="button" class="btn btn-small btn-accent" {onclick} title="Apply this fix to the policy text (Ctrl+Z undoes it)">
                                    {format!("Fix: {}", fix.message)}
                                </button>
                            }
                        });
                        html! {
                            <li class={classes!("finding", class, editable.then_some("finding-go"))}
                                data-code={f.code.clone()} data-line={f.range.start.line.to_string()}
                                data-severity={word} data-policy={f.policy.clone()}
                                onclick={on_item}>
                                <div class="finding-head">
                                    <span class={classes!("sev", class)}><span aria-hidden="true">{icon}</span>{" "}{word}</span>
                                    <code class="finding-code">{f.code.clone()}</code>
                                    if editable {
                                        <button type="button" class="link-button finding-place" onclick={go}
                                            title="Show in the editor">
                                            {format!("{place}, line {}, column {}", f.range.start.line, f.range.start.column)}
                                        </button>
                                    } else {
                                        <span class="finding-place">{format!("{place}, line {}", f.range.start.line)}</span>
                                    }
                                </div>
                                <p class="finding-message">{elide_words(&f.message)}</p>
                                if !f.help.is_empty() {
                                    <p class="finding-help">{elide_words(&f.help)}</p>
                                }
                                if let Some(fix) = fix {
                                    <div class="finding-fix">{fix}</div>
                                }
                            </li>
                        }
                    }) }
                </ul>
            }
        </section>
    }
}
