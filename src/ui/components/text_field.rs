//! A labelled one-line text input that shows what is wrong with its value next to it. The
//! value is stored as typed (the store keeps it, invalid or not); the message only explains.

use yew::prelude::*;

/// Props of [`TextField`].
#[derive(Properties, PartialEq)]
pub struct TextFieldProps {
    /// DOM id of the input (the message is `<id>-msg`).
    pub id: AttrValue,
    /// Visible label (also the accessible name).
    pub label: AttrValue,
    /// The value from the store.
    pub value: AttrValue,
    /// Shown when empty.
    #[prop_or_default]
    pub placeholder: AttrValue,
    /// What is wrong with the value, if anything.
    #[prop_or_default]
    pub problem: Option<String>,
    /// A hint under the input when there is no problem.
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    /// Id of a `<datalist>` of suggestions.
    #[prop_or_default]
    pub list: Option<AttrValue>,
    /// Called with the new text on every keystroke.
    pub oninput: Callback<String>,
}

/// The field.
#[function_component]
pub fn TextField(props: &TextFieldProps) -> Html {
    let oninput = {
        let cb = props.oninput.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            cb.emit(input.value());
        })
    };
    let msg_id = format!("{}-msg", props.id);
    let described = (props.problem.is_some() || props.hint.is_some()).then(|| msg_id.clone());
    html! {
        <div class={classes!("field", "ctx-field", props.problem.is_some().then_some("field-invalid"))}>
            <label for={props.id.clone()} class="field-label">{props.label.clone()}</label>
            <input id={props.id.clone()} type="text" class="text-input mono" spellcheck="false" autocomplete="off"
                aria-invalid={props.problem.is_some().then_some("true")}
                aria-describedby={described}
                list={props.list.clone()}
                placeholder={props.placeholder.clone()} value={props.value.clone()} {oninput} />
            if let Some(p) = props.problem.clone() {
                <span id={msg_id} class="field-msg field-msg-error" data-testid="field-error">{p}</span>
            } else if let Some(h) = props.hint.clone() {
                <span id={msg_id} class="field-msg">{h}</span>
            }
        </div>
    }
}
