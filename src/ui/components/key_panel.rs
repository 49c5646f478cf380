//! Left pane: the key's ARN and its key policy.

use yew::prelude::*;

use super::editor::Editor;
use super::key_builder::KeyBuilder;
use crate::ui::doc::PolicyRef;
use crate::ui::state::Action;
use crate::ui::Store;

/// A short, one-line rendering of a key setting (`Enabled`, `alias/a, alias/b`, `team=x`).
fn value_summary(v: &serde_json::Value) -> String {
    use serde_json::Value;
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::Array(items) => items.iter().map(value_summary).collect::<Vec<_>>().join(", "),
        Value::Object(m) => m.iter().map(|(k, v)| format!("{k}={}", value_summary(v))).collect::<Vec<_>>().join(", "),
    }
}

/// The key pane.
#[function_component]
pub fn KeyPanel() -> Html {
    let Some(store) = use_context::<Store>() else { return Html::default() };
    let oninput = {
        let d = store.dispatcher();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            d.dispatch(Action::SetKeyArn(input.value()));
        })
    };
    let settings: Vec<String> = store.doc.key_extra.iter().map(|(k, v)| format!("{k}: {}", value_summary(v))).collect();
    html! {
        <section class="pane pane-key" aria-labelledby="key-h">
            <div class="pane-head">
                <h2 id="key-h">{"KMS key"}</h2>
            </div>
            <div class="field">
                <label for="key-arn" class="field-label">{"Key ARN"}</label>
                <input id="key-arn" type="text" class="text-input mono" aria-label="Key ARN"
                    spellcheck="false" autocomplete="off"
                    placeholder="arn:aws:kms:us-east-1:111122223333:key/…"
                    value={store.doc.key_arn.clone()} {oninput} />
            </div>
            if !settings.is_empty() {
                <p class="key-settings" title="Other key settings from the scenario">
                    { for settings.into_iter().map(|s| html! { <span class="chip">{s}</span> }) }
                </p>
            }
            <Editor key={format!("{}-key", store.doc_rev)} target={PolicyRef::Key} label="Key policy"
                id="key-policy" placeholder="Paste the key policy JSON here" />
            <KeyBuilder />
        </section>
    }
}
