//! The scenario's own questions (`requests`), their answers, and whether they match what
//! the scenario expects.

use yew::prelude::*;

use super::matrix::{decision_look, short_action};
use crate::ui::doc::short_arn;
use crate::ui::state::{Action, Explained};
use crate::ui::Store;

/// The requests panel (only when the scenario has requests).
#[function_component]
pub fn Requests() -> Html {
    let Some(store) = use_context::<Store>() else { return Html::default() };
    let results = &store.report.results;
    if results.is_empty() {
        return Html::default();
    }
    let requests = store.doc.extra.get("requests").and_then(|r| r.as_array()).cloned().unwrap_or_default();
    let selected = match store.explained {
        Some(Explained::Request(i)) => Some(i),
        _ => None,
    };
    html! {
        <section class="card requests" aria-labelledby="requests-h">
            <div class="card-head">
                <h2 id="requests-h">{"Requests"}</h2>
                <span class="card-sub">{"the scenario's own questions"}</span>
            </div>
            <ul class="request-list">
                { for results.iter().enumerate().map(|(i, r)| {
                    let (sym, word, class) = decision_look(r.decision);
                    let expect = requests.get(i).and_then(|q| q.get("expect")).and_then(|e| e.as_str()).map(str::to_string);
                    let matches = expect.as_deref().map(|e| e == r.decision.as_str());
                    let d = store.dispatcher();
                    let onclick = Callback::from(move |_| d.dispatch(Action::SelectRequest(i)));
                    html! {
                        <li class={classes!("request", (selected == Some(i)).then_some("request-selected"))}>
                            <button type="button" class="request-button" {onclick}
                                aria-pressed={(selected == Some(i)).to_string()}
                                title={format!("{} → {}: explain", r.principal, r.action)}>
                                <span class={classes!("cell-chip", class)} aria-hidden="true">{sym}</span>
                                <span class="request-what">
                                    {short_arn(&r.principal)}{" → "}{short_action(&r.action)}
                                </span>
                                <span class="request-decision">{word}</span>
                                if let Some(ok) = matches {
                                    <span class={classes!("expect", if ok { "expect-ok" } else { "expect-bad" })}>
                                        { if ok { "as expected".to_string() } else { format!("expected {}", expect.clone().unwrap_or_default()) } }
                                    </span>
                                }
                            </button>
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}
