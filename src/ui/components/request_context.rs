//! The request-context panel (issue 6): edit the scenario's requests — principal, action,
//! key id, encryption context pairs, source IP, `via` role chain, grant tokens and other
//! context keys. Edits go through the store, re-analyse like policy edits, and are part of
//! the autosave and the share link. The matrix is not affected: a matrix cell is a call by
//! key ARN with no extra context (SPEC section 3); these values answer the requests.

use yew::prelude::*;

use super::list_rows::{Check, ListRows};
use super::matrix::{decision_look, short_action};
use super::pair_rows::PairRows;
use super::text_field::TextField;
use crate::engine::catalog;
use crate::ui::doc::short_arn;
use crate::ui::hooks::select::use_select_value;
use crate::ui::scenario_edit::{
    action_problem, context_value, ip_problem, list, pairs, principal_problem, requests, str_of, ListTarget,
    PairsTarget, SOURCE_IP_KEY,
};
use crate::ui::state::{Action, Explained};
use crate::ui::Store;

/// The panel (not in the embedded view).
#[function_component]
pub fn RequestContext() -> Html {
    let store = use_context::<Store>();
    let selected = store.as_ref().and_then(|s| match s.explained {
        Some(Explained::Request(i)) if i < requests(&s.doc).len() => Some(i),
        _ => None,
    });
    let select_ref = use_node_ref();
    use_select_value(&select_ref, selected.map(|i| i.to_string()).unwrap_or_default());
    let Some(store) = store else { return Html::default() };
    if store.embed {
        return Html::default();
    }
    let reqs = requests(&store.doc);
    let add = {
        let d = store.dispatcher();
        Callback::from(move |_| d.dispatch(Action::AddRequest))
    };
    let choose = {
        let d = store.dispatcher();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Ok(i) = select.value().parse::<usize>() {
                d.dispatch(Action::SelectRequest(i));
            }
        })
    };
    let body = match selected {
        Some(i) => request_form(&store, i),
        None if reqs.is_empty() => html! {
            <p class="empty">{"This scenario asks no questions yet. Add a request to ask whether a principal may call an action with a given context."}</p>
        },
        None => html! {
            <p class="empty">{"Choose a request above (or in the list of requests) to edit its principal, action and context."}</p>
        },
    };
    html! {
        <section class="card request-context" aria-labelledby="reqctx-h" data-testid="request-context">
            <div class="card-head">
                <h2 id="reqctx-h">{"Request context"}</h2>
                <span class="card-sub">
                    {"Edits the scenario's requests. The matrix always asks by key ARN with no extra context, so it does not change here."}
                </span>
            </div>
            <div class="field field-inline reqctx-pick">
                <label for="reqctx-select" class="field-label">{"Request to edit"}</label>
                <select id="reqctx-select" aria-label="Request to edit" ref={select_ref} onchange={choose}>
                    <option value="" selected={selected.is_none()} disabled=true>{"Choose a request…"}</option>
                    { for reqs.iter().enumerate().map(|(i, r)| html! {
                        <option value={i.to_string()} selected={selected == Some(i)}>
                            {format!("{}. {} → {}", i + 1, short_arn(str_of(r, "principal")), short_action(str_of(r, "action")))}
                        </option>
                    }) }
                </select>
                <button type="button" class="btn btn-small" onclick={add} data-testid="add-request">{"+ Request"}</button>
            </div>
            {body}
        </section>
    }
}

fn request_form(store: &Store, i: usize) -> Html {
    let doc = &store.doc;
    let Some(r) = requests(doc).get(i) else { return Html::default() };
    let member = |name: &'static str| {
        let d = store.dispatcher();
        Callback::from(move |v: String| d.dispatch(Action::SetRequestMember(i, name.to_string(), Some(v))))
    };
    let source_ip = context_value(doc, i, SOURCE_IP_KEY).unwrap_or_default();
    let on_ip = {
        let d = store.dispatcher();
        Callback::from(move |v: String| d.dispatch(Action::SetRequestContext(i, SOURCE_IP_KEY.to_string(), Some(v))))
    };
    let on_expect = {
        let d = store.dispatcher();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            d.dispatch(Action::SetRequestMember(i, "expect".into(), Some(select.value())));
        })
    };
    let remove = {
        let d = store.dispatcher();
        Callback::from(move |_| d.dispatch(Action::RemoveRequest(i)))
    };
    let principal = str_of(r, "principal").to_string();
    let action = str_of(r, "action").to_string();
    let expect = str_of(r, "expect").to_string();
    let result = store.report.results.get(i).filter(|_| store.analyzed_rev == Some(store.edit_rev));
    let roles: Vec<String> = doc.principals.iter().filter(|p| p.is_role()).map(|p| p.arn.clone()).collect();
    html! {
        <div class="reqctx-form" data-request={i.to_string()} key={format!("{}-{i}", store.doc_rev)}>
            <datalist id="reqctx-principals">
                { for doc.principals.iter().map(|p| html! { <option value={p.arn.clone()} /> }) }
            </datalist>
            <datalist id="reqctx-roles">
                { for roles.iter().map(|a| html! { <option value={a.clone()} /> }) }
            </datalist>
            <datalist id="reqctx-actions">
                { for catalog::kms_actions().iter().map(|a| html! { <option value={a.name} /> }) }
            </datalist>
            <div class="reqctx-grid">
                <TextField id="reqctx-principal" label="Principal" value={principal.clone()}
                    placeholder="arn:aws:iam::111122223333:role/app" list={AttrValue::from("reqctx-principals")}
                    problem={principal_problem(&principal)} oninput={member("principal")} />
                <TextField id="reqctx-action" label="Action" value={action.clone()} placeholder="kms:Decrypt"
                    list={AttrValue::from("reqctx-actions")} problem={action_problem(&action)} oninput={member("action")} />
                <TextField id="reqctx-keyid" label="Key ID (optional)" value={str_of(r, "keyId").to_string()}
                    placeholder="the key ARN" hint={AttrValue::from("How the caller names the key: key ARN, key ID, alias name or alias ARN.")}
                    oninput={member("keyId")} />
                <TextField id="reqctx-sourceip" label="Source IP (aws:SourceIp)" value={source_ip.clone()}
                    placeholder="203.0.113.7" problem={ip_problem(&source_ip)} oninput={on_ip} />
            </div>
            <PairRows target={PairsTarget::EncryptionContext(i)} label="Encryption context" id="reqctx-ec"
                rows={pairs(doc, &PairsTarget::EncryptionContext(i))} key_placeholder="key" value_placeholder="value"
                hint={AttrValue::from("fills kms:EncryptionContext:KEY and is what grant constraints compare")} />
            <ListRows target={ListTarget::Via(i)} label="Via roles" item="role" id="reqctx-via" check={Check::Role}
                items={list(doc, &ListTarget::Via(i))} placeholder="arn:aws:iam::111122223333:role/KeyUser"
                list={AttrValue::from("reqctx-roles")}
                hint={AttrValue::from("assumed first, in order; the call is made as the last one")} />
            <ListRows target={ListTarget::GrantTokens(i)} label="Grant tokens" item="grant token" id="reqctx-tokens"
                check={Check::None} items={list(doc, &ListTarget::GrantTokens(i))} placeholder="token"
                hint={AttrValue::from("documents the call; never changes a decision")} />
            <PairRows target={PairsTarget::Context(i)} label="Other context keys" id="reqctx-ctx"
                rows={pairs(doc, &PairsTarget::Context(i))} hide={vec![SOURCE_IP_KEY]}
                key_placeholder="kms:ViaService" value_placeholder={"value, or [\"a\",\"b\"] for several"} />
            <div class="field field-inline reqctx-foot">
                <label for="reqctx-expect" class="field-label">{"Expected decision"}</label>
                <select id="reqctx-expect" aria-label="Expected decision" onchange={on_expect}>
                    { for [("", "(none)"), ("allow", "allow"), ("explicit-deny", "explicit deny"), ("implicit-deny", "implicit deny")]
                        .into_iter().map(|(v, t)| html! { <option value={v} selected={expect == v}>{t}</option> }) }
                </select>
                if let Some(res) = result {
                    <span class="reqctx-result" data-testid="request-decision" data-decision={res.decision.as_str()}>
                        <span class="field-label">{"Answer"}</span>
                        <span class={classes!("cell-chip", decision_look(res.decision).2)} aria-hidden="true">{decision_look(res.decision).0}</span>
                        {" "}{decision_look(res.decision).1}
                    </span>
                }
                <button type="button" class="btn btn-small btn-danger" onclick={remove}>{"Remove request"}</button>
            </div>
        </div>
    }
}
