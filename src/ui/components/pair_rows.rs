//! Rows of `key = value` pairs (encryption context, other context keys, a grant's
//! constraint) with add and remove. A key that another row already has is not applied; the
//! text stays in the field with a message, so nothing typed is lost.

use std::collections::HashMap;

use yew::prelude::*;

use super::list_rows::rows_head;

use crate::ui::scenario_edit::{PairEdit, PairsTarget};
use crate::ui::state::Action;
use crate::ui::Store;

/// Props of [`PairRows`].
#[derive(Properties, PartialEq)]
pub struct PairRowsProps {
    /// Which pairs.
    pub target: PairsTarget,
    /// Group label ("Encryption context").
    pub label: AttrValue,
    /// Prefix of the DOM ids.
    pub id: AttrValue,
    /// The rows, in order (from the store).
    pub rows: Vec<(String, String)>,
    /// Keys (case-insensitive) edited elsewhere and not listed here.
    #[prop_or_default]
    pub hide: Vec<&'static str>,
    /// Placeholder of the key inputs.
    #[prop_or_default]
    pub key_placeholder: AttrValue,
    /// Placeholder of the value inputs.
    #[prop_or_default]
    pub value_placeholder: AttrValue,
    /// A line under the label.
    #[prop_or_default]
    pub hint: Option<AttrValue>,
}

/// The rows.
#[function_component]
pub fn PairRows(props: &PairRowsProps) -> Html {
    let store = use_context::<Store>();
    // keys typed but refused (duplicates), by row
    let refused = use_state_eq(HashMap::<usize, String>::new);
    let Some(store) = store else { return Html::default() };
    let shown: Vec<(usize, &(String, String))> = props
        .rows
        .iter()
        .enumerate()
        .filter(|(_, (k, _))| !props.hide.iter().any(|h| h.eq_ignore_ascii_case(k)))
        .collect();
    let has_empty = props.rows.iter().any(|(k, _)| k.is_empty());
    let add = {
        let d = store.dispatcher();
        let target = props.target.clone();
        Callback::from(move |_| d.dispatch(Action::EditPairs(target.clone(), PairEdit::Add)))
    };
    let label_id = format!("{}-label", props.id);
    html! {
        <div class="pairs" role="group" aria-labelledby={label_id.clone()}>
            {rows_head(label_id, &props.label, props.hint.as_ref(), shown.is_empty())}
            { for shown.into_iter().map(|(n, (k, v))| {
                let key_id = format!("{}-{n}-key", props.id);
                let val_id = format!("{}-{n}-value", props.id);
                let msg_id = format!("{}-{n}-msg", props.id);
                let others: Vec<String> =
                    props.rows.iter().enumerate().filter(|(j, _)| *j != n).map(|(_, (k, _))| k.clone()).collect();
                let on_key = {
                    let d = store.dispatcher();
                    let target = props.target.clone();
                    let refused = refused.clone();
                    Callback::from(move |e: InputEvent| {
                        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
                        let key = input.value();
                        let mut map = (*refused).clone();
                        if others.contains(&key) {
                            map.insert(n, key);
                            refused.set(map);
                        } else {
                            map.remove(&n);
                            refused.set(map);
                            d.dispatch(Action::EditPairs(target.clone(), PairEdit::SetKey(n, key)));
                        }
                    })
                };
                let on_value = {
                    let d = store.dispatcher();
                    let target = props.target.clone();
                    Callback::from(move |e: InputEvent| {
                        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
                        d.dispatch(Action::EditPairs(target.clone(), PairEdit::SetValue(n, input.value())));
                    })
                };
                let remove = {
                    let d = store.dispatcher();
                    let target = props.target.clone();
                    let refused = refused.clone();
                    Callback::from(move |_| {
                        refused.set(HashMap::new());
                        d.dispatch(Action::EditPairs(target.clone(), PairEdit::Remove(n)));
                    })
                };
                let problem = match refused.get(&n) {
                    Some(dup) => Some(format!("“{dup}” is already a key above: this row keeps “{k}” until the key is unique.")),
                    None if k.is_empty() => Some("Give this pair a key.".to_string()),
                    None => None,
                };
                // a refused key stays in the field (the input is controlled)
                let typed_key = refused.get(&n).cloned().unwrap_or_else(|| k.clone());
                let key_name = if k.is_empty() { format!("row {}", n + 1) } else { k.clone() };
                html! {
                    <div class={classes!("pair-row", problem.is_some().then_some("field-invalid"))} key={n}>
                        <input id={key_id} type="text" class="text-input mono" spellcheck="false" autocomplete="off"
                            aria-label={format!("{} key {}", props.label, n + 1)}
                            aria-invalid={problem.is_some().then_some("true")}
                            aria-describedby={problem.is_some().then(|| msg_id.clone())}
                            placeholder={props.key_placeholder.clone()} value={typed_key} oninput={on_key} />
                        <span class="pair-eq" aria-hidden="true">{"="}</span>
                        <input id={val_id} type="text" class="text-input mono" spellcheck="false" autocomplete="off"
                            aria-label={format!("{} value of {}", props.label, key_name)}
                            placeholder={props.value_placeholder.clone()} value={v.clone()} oninput={on_value} />
                        <button type="button" class="btn btn-icon btn-danger" onclick={remove}
                            aria-label={format!("Remove {} pair {}", props.label, key_name)}>{"×"}</button>
                        if let Some(p) = problem {
                            <span id={msg_id} class="field-msg field-msg-error pair-msg" data-testid="field-error">{p}</span>
                        }
                    </div>
                }
            }) }
            <button type="button" class="btn btn-small" onclick={add} disabled={has_empty}
                aria-label={format!("Add {} pair", props.label)}
                title={if has_empty { "Fill in the empty row first" } else { "Add a key = value pair" }}>
                {"+ Pair"}
            </button>
        </div>
    }
}
