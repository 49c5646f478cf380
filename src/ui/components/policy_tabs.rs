//! The selected principal's IAM policies as tabs, with add, rename and remove.

use yew::prelude::*;

use super::principal_tabs::tab_keys;
use crate::ui::state::Action;
use crate::ui::Store;

/// The policy tabs of the selected principal.
#[function_component]
pub fn PolicyTabs() -> Html {
    let Some(store) = use_context::<Store>() else { return Html::default() };
    let Some(principal) = store.principal() else { return Html::default() };
    let selected = store.view.policy;
    let count = principal.policies.len();
    let select = {
        let d = store.dispatcher();
        Callback::from(move |i: usize| d.dispatch(Action::SelectPolicy(i)))
    };
    let onkeydown = {
        let select = select.clone();
        Callback::from(move |e: KeyboardEvent| tab_keys(&e, count, selected, &select))
    };
    let add = {
        let d = store.dispatcher();
        Callback::from(move |_| d.dispatch(Action::AddPolicy))
    };
    let remove = {
        let d = store.dispatcher();
        Callback::from(move |_| d.dispatch(Action::RemovePolicy(selected)))
    };
    let rename = {
        let d = store.dispatcher();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            d.dispatch(Action::RenamePolicy(input.value()));
        })
    };
    let name = principal.policies.get(selected).map(|p| p.name.clone());
    html! {
        <div class="policy-tabs">
            <div class="tabs-row">
                <div class="tabs tabs-small" role="tablist" aria-label="IAM policies" {onkeydown}>
                    { for principal.policies.iter().enumerate().map(|(i, p)| {
                        let onclick = { let select = select.clone(); Callback::from(move |_| select.emit(i)) };
                        html! {
                            <button type="button" role="tab" class={classes!("tab", (i == selected).then_some("tab-selected"))}
                                id={format!("policy-tab-{i}")}
                                data-policy={p.name.clone()}
                                aria-selected={(i == selected).to_string()}
                                aria-controls="iam-policy"
                                tabindex={if i == selected { "0" } else { "-1" }}
                                {onclick}>
                                {p.name.clone()}
                            </button>
                        }
                    }) }
                </div>
                <button type="button" class="btn btn-small" onclick={add} title="Add an IAM policy to this principal">
                    {"+ Policy"}
                </button>
            </div>
            if let Some(name) = name {
                <div class="field field-inline">
                    <label for="policy-name" class="field-label">{"Policy name"}</label>
                    <input id="policy-name" type="text" class="text-input mono" aria-label="Policy name"
                        spellcheck="false" autocomplete="off" value={name} oninput={rename} />
                    <button type="button" class="btn btn-small btn-danger" onclick={remove}
                        title="Remove this IAM policy">{"Remove policy"}</button>
                </div>
            }
        </div>
    }
}
