//! The selected principal's optional permissions boundary and (roles) trust policy.

use yew::prelude::*;

use super::editor::Editor;
use crate::ui::doc::PolicyRef;
use crate::ui::state::Action;
use crate::ui::Store;

/// Boundary and trust policy editors, or buttons to add them.
#[function_component]
pub fn PrincipalExtras() -> Html {
    let Some(store) = use_context::<Store>() else { return Html::default() };
    let i = store.view.principal;
    let Some(p) = store.principal().cloned() else { return Html::default() };
    let set_boundary = |on: bool| {
        let d = store.dispatcher();
        Callback::from(move |_| d.dispatch(Action::SetBoundary(on)))
    };
    let set_trust = |on: bool| {
        let d = store.dispatcher();
        Callback::from(move |_| d.dispatch(Action::SetTrust(on)))
    };
    let show_trust = p.is_role() || p.trust.is_some();
    html! {
        <div class="extras">
            if p.boundary.is_some() {
                <Editor key={format!("{}-{}-boundary", store.doc_rev, i)} target={PolicyRef::Boundary(i)}
                    label="Permissions boundary" id="boundary-policy"
                    actions={html! {
                        <button type="button" class="btn btn-small btn-danger" onclick={set_boundary(false)}
                            title="Remove the permissions boundary">{"Remove"}</button>
                    }} />
            }
            if show_trust && p.trust.is_some() {
                <Editor key={format!("{}-{}-trust", store.doc_rev, i)} target={PolicyRef::Trust(i)}
                    label="Trust policy" id="trust-policy"
                    actions={html! {
                        <button type="button" class="btn btn-small btn-danger" onclick={set_trust(false)}
                            title="Remove the trust policy">{"Remove"}</button>
                    }} />
            }
            <div class="extras-add">
                if p.boundary.is_none() {
                    <button type="button" class="btn btn-small" onclick={set_boundary(true)}
                        title="A permissions boundary caps what the identity policies can allow">
                        {"+ Permissions boundary"}
                    </button>
                }
                if show_trust && p.trust.is_none() {
                    <button type="button" class="btn btn-small" onclick={set_trust(true)}
                        title="Who may assume this role (used by requests with `via`)">
                        {"+ Trust policy"}
                    </button>
                }
            </div>
        </div>
    }
}
