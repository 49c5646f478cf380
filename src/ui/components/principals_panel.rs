//! Right pane: principals (tabs), the selected principal's ARN, its IAM policies (tabs and
//! editor), and its permissions boundary and trust policy.

use yew::prelude::*;

use super::editor::Editor;
use super::policy_tabs::PolicyTabs;
use super::principal_extras::PrincipalExtras;
use super::principal_tabs::PrincipalTabs;
use crate::ui::doc::PolicyRef;
use crate::ui::state::Action;
use crate::ui::Store;

/// The principals pane.
#[function_component]
pub fn PrincipalsPanel() -> Html {
    let Some(store) = use_context::<Store>() else { return Html::default() };
    let i = store.view.principal;
    let principal = store.principal().cloned();
    let oninput = {
        let d = store.dispatcher();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            d.dispatch(Action::SetPrincipalArn(input.value()));
        })
    };
    let remove = {
        let d = store.dispatcher();
        Callback::from(move |_| d.dispatch(Action::RemovePrincipal(i)))
    };
    let has_policy = principal.as_ref().is_some_and(|p| !p.policies.is_empty());
    let policy_index = if has_policy { store.view.policy } else { 0 };
    let target = PolicyRef::Identity { principal: i, policy: policy_index };
    // Without a policy, the key names the one typing creates (`fresh_policy_name`), so that the
    // editor stays mounted, with the focus and the rest of the typing, when it appears.
    let editor_key = format!(
        "{}-{}-{}-{}",
        store.doc_rev,
        i,
        policy_index,
        principal
            .as_ref()
            .map(|p| p.policies.get(policy_index).map_or_else(|| p.fresh_policy_name(), |x| x.name.clone()))
            .unwrap_or_default()
    );
    let placeholder = match &principal {
        None => "Add a principal first",
        Some(_) if !has_policy => "This principal has no IAM policy: type or paste one to add it",
        Some(_) => "Paste the IAM policy JSON here",
    };
    html! {
        <section class="pane pane-principals" aria-labelledby="principals-h">
            <div class="pane-head">
                <h2 id="principals-h">{"Principals"}</h2>
            </div>
            <PrincipalTabs />
            <div role="tabpanel" id="principal-panel" class="tabpanel"
                aria-labelledby={principal.as_ref().map(|_| format!("principal-tab-{i}"))}>
                <div class="field field-inline">
                    <label for="principal-arn" class="field-label">{"Principal ARN"}</label>
                    <input id="principal-arn" type="text" class="text-input mono" aria-label="Principal ARN"
                        spellcheck="false" autocomplete="off"
                        placeholder="arn:aws:iam::111122223333:role/app (type to add a principal)"
                        value={principal.as_ref().map(|p| p.arn.clone()).unwrap_or_default()}
                        {oninput} />
                    if principal.is_some() {
                        <button type="button" class="btn btn-small btn-danger" onclick={remove}
                            title="Remove this principal and its policies">{"Remove"}</button>
                    }
                </div>
                if principal.is_none() {
                    <p class="empty">{"No principals yet. Add one with “+ Principal”, or type an ARN above."}</p>
                }
                <PolicyTabs />
                <Editor key={editor_key} target={target} label="IAM policy" id="iam-policy"
                    title={AttrValue::from("IAM policy")}
                    disabled={principal.is_none()} placeholder={placeholder} />
                <PrincipalExtras />
            </div>
        </section>
    }
}
