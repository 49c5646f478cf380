//! The scenario's grants (issue 6): grantee, operations, encryption-context constraint,
//! retiring principal. Grants authorize on their own (SPEC section 2), so editing them
//! changes the matrix.

use yew::prelude::*;

use super::pair_rows::PairRows;
use super::text_field::TextField;
use crate::engine::catalog;
use crate::ui::scenario_edit::{
    constraint_kind, grants, pairs, principal_problem, str_of, strings_of, ConstraintKind, PairsTarget,
};
use crate::ui::state::Action;
use crate::ui::Store;

/// The grants card (not in the embedded view).
#[function_component]
pub fn GrantsPanel() -> Html {
    let Some(store) = use_context::<Store>() else { return Html::default() };
    if store.embed {
        return Html::default();
    }
    let list = grants(&store.doc);
    let add = {
        let d = store.dispatcher();
        Callback::from(move |_| d.dispatch(Action::AddGrant))
    };
    html! {
        <section class="card grants" aria-labelledby="grants-h" data-testid="grants">
            <div class="card-head">
                <h2 id="grants-h">{"Grants"}</h2>
                <span class="card-sub">{"a grant allows its operations on its own, without the key policy"}</span>
            </div>
            <datalist id="grants-principals">
                { for store.doc.principals.iter().map(|p| html! { <option value={p.arn.clone()} /> }) }
            </datalist>
            if list.is_empty() {
                <p class="empty">{"No grants."}</p>
            }
            { for (0..list.len()).map(|i| grant_form(&store, i)) }
            <button type="button" class="btn btn-small" onclick={add} data-testid="add-grant">{"+ Grant"}</button>
        </section>
    }
}

fn grant_form(store: &Store, i: usize) -> Html {
    let doc = &store.doc;
    let Some(g) = grants(doc).get(i) else { return Html::default() };
    let member = |name: &'static str| {
        let d = store.dispatcher();
        Callback::from(move |v: String| d.dispatch(Action::SetGrantMember(i, name.to_string(), Some(v))))
    };
    let name = str_of(g, "name").to_string();
    let grantee = str_of(g, "grantee").to_string();
    let retiring = str_of(g, "retiringPrincipal").to_string();
    let ops = strings_of(Some(g), "operations");
    let unknown: Vec<String> = ops.iter().filter(|o| !catalog::is_grant_operation(o)).cloned().collect();
    let kind = constraint_kind(doc, i);
    let on_kind = {
        let d = store.dispatcher();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            let kind = match select.value().as_str() {
                "subset" => Some(ConstraintKind::Subset),
                "equals" => Some(ConstraintKind::Equals),
                _ => None,
            };
            d.dispatch(Action::SetGrantConstraint(i, kind));
        })
    };
    let remove = {
        let d = store.dispatcher();
        Callback::from(move |_| d.dispatch(Action::RemoveGrant(i)))
    };
    let title = if name.is_empty() { format!("grant-{}", i + 1) } else { name.clone() };
    let retiring_problem = (!retiring.is_empty() && !retiring.starts_with("arn:"))
        .then(|| "A retiring principal is an ARN (arn:aws:iam::ACCOUNT:role/NAME, …).".to_string());
    let ops_label = format!("grant-{i}-ops");
    html! {
        <fieldset class="grant" data-grant={i.to_string()} key={format!("{}-{i}", store.doc_rev)}>
            <legend>{format!("Grant {}: {title}", i + 1)}</legend>
            <div class="reqctx-grid">
                <TextField id={format!("grant-{i}-name")} label="Name" value={name} placeholder={format!("grant-{}", i + 1)}
                    oninput={member("name")} />
                <TextField id={format!("grant-{i}-grantee")} label="Grantee principal" value={grantee.clone()}
                    placeholder="arn:aws:iam::111122223333:role/app" list={AttrValue::from("grants-principals")}
                    problem={principal_problem(&grantee)} oninput={member("grantee")} />
                <TextField id={format!("grant-{i}-retiring")} label="Retiring principal (optional)" value={retiring}
                    placeholder="arn:aws:iam::111122223333:role/ops" problem={retiring_problem}
                    oninput={member("retiringPrincipal")} />
            </div>
            <div class="ops" role="group" aria-labelledby={ops_label.clone()}>
                <span id={ops_label} class="field-label">{"Operations"}</span>
                <div class="ops-list">
                    { for catalog::grant_operations().into_iter().map(|op| op.to_string()).chain(unknown.iter().cloned()).map(|op| {
                        let checked = ops.contains(&op);
                        let bad = !catalog::is_grant_operation(&op);
                        let onchange = {
                            let d = store.dispatcher();
                            let op = op.clone();
                            Callback::from(move |e: Event| {
                                let input: web_sys::HtmlInputElement = e.target_unchecked_into();
                                d.dispatch(Action::SetGrantOperation(i, op.clone(), input.checked()));
                            })
                        };
                        html! {
                            <label class={classes!("op", bad.then_some("op-bad"))}
                                title={bad.then_some("not a grant operation: this grant never allows it")}>
                                <input type="checkbox" {checked} {onchange}
                                    aria-label={format!("Grant {} operation {op}", i + 1)} />
                                {op.clone()}
                            </label>
                        }
                    }) }
                </div>
                if !unknown.is_empty() {
                    <span class="field-msg field-msg-error" data-testid="field-error">
                        {format!("Not grant operations (a grant never allows them): {}", unknown.join(", "))}
                    </span>
                }
                if ops.is_empty() {
                    <span class="field-msg field-msg-error" data-testid="field-error">{"A grant with no operations allows nothing."}</span>
                }
            </div>
            <div class="field field-inline">
                <label for={format!("grant-{i}-constraint")} class="field-label">{"Constraint"}</label>
                <select id={format!("grant-{i}-constraint")} aria-label={format!("Grant {} constraint", i + 1)} onchange={on_kind}>
                    <option value="" selected={kind.is_none()}>{"none"}</option>
                    <option value="subset" selected={kind == Some(ConstraintKind::Subset)}>{"encryption context includes (subset)"}</option>
                    <option value="equals" selected={kind == Some(ConstraintKind::Equals)}>{"encryption context equals"}</option>
                </select>
            </div>
            if kind.is_some() {
                <PairRows target={PairsTarget::GrantConstraint(i)} label={format!("Grant {} constraint", i + 1)}
                    id={format!("grant-{i}-ec")} rows={pairs(doc, &PairsTarget::GrantConstraint(i))}
                    key_placeholder="key" value_placeholder="value" />
            }
            <button type="button" class="btn btn-small btn-danger" onclick={remove}>{"Remove grant"}</button>
        </fieldset>
    }
}
