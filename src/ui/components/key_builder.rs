//! "Build a key policy": the AWS console's key-creation steps as a form (key administrators,
//! key users, other AWS accounts, key deletion, persistent resources) that writes the
//! console's default key policy (`engine::builder`) into the key policy editor, as one
//! undoable edit through the store (`Action::ApplyEdits`).
//!
//! The form's fields are a draft local to this component (nothing of it is part of the
//! scenario until it is inserted); the document changes only through the store.

use yew::prelude::*;

use crate::engine::builder::{self, add_statements, edit_between, split_list, BuilderInput, KeyType};
use crate::ui::state::{Action, Notice, NoticeKind};
use crate::ui::Store;

fn key_type_value(t: KeyType) -> &'static str {
    match t {
        KeyType::Symmetric => "symmetric",
        KeyType::Hmac => "hmac",
        KeyType::AsymmetricEncrypt => "asymmetric-encrypt",
        KeyType::AsymmetricSign => "asymmetric-sign",
    }
}

/// The draft the form edits.
#[derive(Clone, Debug, PartialEq)]
struct Draft {
    admins: String,
    users: String,
    accounts: String,
    key_type: Option<KeyType>,
    deletion: bool,
    persistent: bool,
    imported: bool,
    multi_region: bool,
}

impl Default for Draft {
    fn default() -> Draft {
        Draft {
            admins: String::new(),
            users: String::new(),
            accounts: String::new(),
            key_type: None,
            deletion: true,
            persistent: true,
            imported: false,
            multi_region: false,
        }
    }
}

/// The builder, inside a `<details>` of the key pane.
#[function_component]
pub fn KeyBuilder() -> Html {
    let store = use_context::<Store>();
    let draft = use_state(Draft::default);
    let Some(store) = store else { return Html::default() };
    let key_arn = store.doc.key_arn.clone();
    let mut input = BuilderInput::for_key(&key_arn);
    let spec_type = store
        .analysis
        .as_ref()
        .map_or(KeyType::Symmetric, |a| KeyType::from_spec(&a.scenario().key.spec, &a.scenario().key.usage));
    let key_type = draft.key_type.unwrap_or(spec_type);
    input.administrators = split_list(&draft.admins);
    input.users = split_list(&draft.users);
    input.other_accounts = split_list(&draft.accounts);
    input.key_type = key_type;
    input.allow_key_deletion = draft.deletion;
    input.persistent_resources = draft.persistent;
    input.imported_key_material = draft.imported;
    input.multi_region = draft.multi_region;
    let built = builder::build(&input);

    let text_field = |get: fn(&mut Draft) -> &mut String| {
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| {
            let el: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
            let mut next = (*draft).clone();
            *get(&mut next) = el.value();
            draft.set(next);
        })
    };
    let check = |get: fn(&mut Draft) -> &mut bool| {
        let draft = draft.clone();
        Callback::from(move |e: Event| {
            let el: web_sys::HtmlInputElement = e.target_unchecked_into();
            let mut next = (*draft).clone();
            *get(&mut next) = el.checked();
            draft.set(next);
        })
    };
    let on_type = {
        let draft = draft.clone();
        Callback::from(move |e: Event| {
            let el: web_sys::HtmlSelectElement = e.target_unchecked_into();
            let t = match el.value().as_str() {
                "hmac" => KeyType::Hmac,
                "asymmetric-encrypt" => KeyType::AsymmetricEncrypt,
                "asymmetric-sign" => KeyType::AsymmetricSign,
                _ => KeyType::Symmetric,
            };
            draft.set(Draft { key_type: Some(t), ..(*draft).clone() });
        })
    };

    let current = store.doc.key_policy.clone();
    let replace = {
        let d = store.dispatcher();
        let (current, new) = (current.clone(), built.text.clone());
        Callback::from(move |_| {
            d.dispatch(Action::ApplyEdits { policy: "key-policy".into(), edits: vec![edit_between(&current, &new)] });
            d.dispatch(Action::SetNotice(Some(Notice {
                kind: NoticeKind::Info,
                text: "Key policy replaced by the console's statements (Ctrl+Z in the key policy editor undoes it)."
                    .into(),
            })));
        })
    };
    let added = add_statements(&current, &built.policy);
    let add = {
        let d = store.dispatcher();
        let (current, added) = (current.clone(), added.clone());
        Callback::from(move |_| {
            if let Some((new, n)) = &added {
                d.dispatch(Action::ApplyEdits {
                    policy: "key-policy".into(),
                    edits: vec![edit_between(&current, new)],
                });
                d.dispatch(Action::SetNotice(Some(Notice {
                    kind: NoticeKind::Info,
                    text: format!("{n} statement(s) added to the key policy (Ctrl+Z in its editor undoes it)."),
                })));
            }
        })
    };
    let can_add = added.as_ref().is_some_and(|(_, n)| *n > 0);
    let add_title = match &added {
        None => "The key policy text is not a JSON policy with a Statement list; fix it or replace it",
        Some((_, 0)) => "The key policy already has statements with these Sids",
        Some(_) => "Append the statements whose Sid the key policy does not have yet",
    };
    let lists = [
        (
            "kb-admins",
            "Key administrators",
            "Key administrators (IAM user or role ARNs, one per line)",
            "arn:aws:iam::111122223333:role/KeyAdmin",
            draft.admins.clone(),
            text_field(|d| &mut d.admins),
        ),
        (
            "kb-users",
            "Key users",
            "Key users (IAM user or role ARNs, one per line)",
            "arn:aws:iam::111122223333:role/App",
            draft.users.clone(),
            text_field(|d| &mut d.users),
        ),
        (
            "kb-accounts",
            "Other AWS accounts",
            "Other AWS accounts (12-digit account IDs, one per line)",
            "444455556666",
            draft.accounts.clone(),
            text_field(|d| &mut d.accounts),
        ),
    ];
    let checks = [
        (draft.deletion, "Allow key administrators to delete this key", check(|d| &mut d.deletion)),
        (
            draft.persistent,
            "Allow attachment of persistent resources (grants for AWS services)",
            check(|d| &mut d.persistent),
        ),
        (draft.imported, "Key material imported (EXTERNAL origin)", check(|d| &mut d.imported)),
        (draft.multi_region, "Multi-Region key", check(|d| &mut d.multi_region)),
    ];
    let account_note = if input.account.is_empty() {
        "Enter a key ARN above: the key's account and partition come from it.".to_string()
    } else {
        format!("Key account {} (partition {}), from the key ARN.", input.account, input.partition)
    };

    html! {
        <details class="key-builder" data-testid="key-builder">
            <summary class="key-builder-summary">{"Build a key policy like the AWS console…"}</summary>
            <div class="key-builder-body">
                <p class="muted key-builder-note">{account_note}</p>
                { for lists.into_iter().map(|(id, label, aria, placeholder, value, oninput)| html! {
                    <div class="field">
                        <label for={id} class="field-label">{label}</label>
                        <textarea {id} class="text-input mono kb-list" rows="2" spellcheck="false"
                            aria-label={aria} {placeholder} {value} {oninput} />
                    </div>
                }) }
                <div class="field field-inline">
                    <label for="kb-type" class="label-text">{"Key type"}</label>
                    <select id="kb-type" aria-label="Key type" onchange={on_type}>
                        { for [
                            (KeyType::Symmetric, "Symmetric encryption"),
                            (KeyType::Hmac, "HMAC"),
                            (KeyType::AsymmetricEncrypt, "Asymmetric, encrypt and decrypt"),
                            (KeyType::AsymmetricSign, "Asymmetric, sign and verify"),
                        ].into_iter().map(|(t, label)| html! {
                            <option value={key_type_value(t)} selected={t == key_type}>{label}</option>
                        }) }
                    </select>
                </div>
                <fieldset class="kb-options">
                    <legend class="visually-hidden">{"Options"}</legend>
                    { for checks.into_iter().map(|(checked, label, onchange)| html! {
                        <label class="kb-check">
                            <input type="checkbox" {checked} aria-label={label} {onchange} />{" "}{label}
                        </label>
                    }) }
                </fieldset>
                if !built.problems.is_empty() {
                    <ul class="kb-problems" role="status" data-testid="builder-problems">
                        { for built.problems.iter().map(|p| html! { <li>{p.clone()}</li> }) }
                    </ul>
                }
                <pre class="fix-code kb-preview" data-testid="builder-preview" tabindex="0"
                    aria-label="Preview of the key policy">{built.text.clone()}</pre>
                <div class="kb-actions">
                    <button type="button" class="btn btn-accent" data-testid="builder-replace" onclick={replace}
                        title="Replace the whole key policy with this one (undoable)">{"Replace key policy"}</button>
                    <button type="button" class="btn" data-testid="builder-add" onclick={add} disabled={!can_add}
                        title={add_title}>{"Add these statements"}</button>
                </div>
            </div>
        </details>
    }
}
