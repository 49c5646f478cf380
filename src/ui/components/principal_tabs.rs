//! The principals as tabs (arrow keys move between them), with an add button.

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::ui::doc::{arn_account, short_arn};
use crate::ui::state::Action;
use crate::ui::Store;

/// Move focus between the tabs of a tablist with the arrow keys, Home and End, and
/// activate the tab focused (automatic activation).
pub fn tab_keys(e: &KeyboardEvent, count: usize, current: usize, select: &Callback<usize>) {
    if count == 0 {
        return;
    }
    let next = match e.key().as_str() {
        "ArrowRight" | "ArrowDown" => (current + 1) % count,
        "ArrowLeft" | "ArrowUp" => (current + count - 1) % count,
        "Home" => 0,
        "End" => count - 1,
        _ => return,
    };
    e.prevent_default();
    select.emit(next);
    // focus the newly selected tab once it is rendered
    let list = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|el| el.closest("[role=tablist]").ok().flatten());
    if let Some(list) = list {
        let tabs = list.query_selector_all("[role=tab]").ok();
        if let Some(tab) = tabs
            .and_then(|t| t.item(u32::try_from(next).unwrap_or(0)))
            .and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = tab.focus();
        }
    }
}

/// The principal tabs.
#[function_component]
pub fn PrincipalTabs() -> Html {
    let Some(store) = use_context::<Store>() else { return Html::default() };
    let selected = store.view.principal;
    let count = store.doc.principals.len();
    let select = {
        let d = store.dispatcher();
        Callback::from(move |i: usize| d.dispatch(Action::SelectPrincipal(i)))
    };
    let add = {
        let d = store.dispatcher();
        Callback::from(move |_| d.dispatch(Action::AddPrincipal))
    };
    let onkeydown = {
        let select = select.clone();
        Callback::from(move |e: KeyboardEvent| tab_keys(&e, count, selected, &select))
    };
    let key_account = arn_account(&store.doc.key_arn).map(str::to_string);
    html! {
        <div class="tabs-row">
            <div class="tabs" role="tablist" aria-label="Principals" {onkeydown}>
                { for store.doc.principals.iter().enumerate().map(|(i, p)| {
                    let onclick = { let select = select.clone(); Callback::from(move |_| select.emit(i)) };
                    let account = arn_account(&p.arn).map(str::to_string);
                    let external = account.is_some() && account != key_account;
                    html! {
                        <button type="button" role="tab" class={classes!("tab", (i == selected).then_some("tab-selected"))}
                            id={format!("principal-tab-{i}")}
                            data-principal={p.arn.clone()}
                            aria-selected={(i == selected).to_string()}
                            aria-controls="principal-panel"
                            tabindex={if i == selected { "0" } else { "-1" }}
                            title={p.arn.clone()}
                            {onclick}>
                            <span class="tab-name">{short_arn(&p.arn)}</span>
                            if let Some(a) = account {
                                <span class={classes!("tab-account", external.then_some("external"))}>{a}</span>
                            }
                        </button>
                    }
                }) }
            </div>
            <button type="button" class="btn btn-small" onclick={add} title="Add a principal (IAM user or role)">
                {"+ Principal"}
            </button>
        </div>
    }
}
