//! Rows of plain strings (a request's `via` roles, its grant tokens) with add and remove.

use yew::prelude::*;

use crate::ui::scenario_edit::{role_problem, ListEdit, ListTarget};
use crate::ui::state::Action;
use crate::ui::Store;

/// How entries are checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Check {
    /// Anything goes.
    None,
    /// An IAM role ARN.
    Role,
}

/// Props of [`ListRows`].
#[derive(Properties, PartialEq)]
pub struct ListRowsProps {
    /// Which list.
    pub target: ListTarget,
    /// Group label ("Via roles").
    pub label: AttrValue,
    /// What one entry is ("role", "token"), for the labels.
    pub item: AttrValue,
    /// Prefix of the DOM ids.
    pub id: AttrValue,
    /// The entries (from the store).
    pub items: Vec<String>,
    /// How entries are checked.
    pub check: Check,
    /// Placeholder of the inputs.
    #[prop_or_default]
    pub placeholder: AttrValue,
    /// A line under the label.
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    /// Id of a `<datalist>` of suggestions.
    #[prop_or_default]
    pub list: Option<AttrValue>,
}

/// The rows.
#[function_component]
pub fn ListRows(props: &ListRowsProps) -> Html {
    let Some(store) = use_context::<Store>() else { return Html::default() };
    let add = {
        let d = store.dispatcher();
        let target = props.target.clone();
        Callback::from(move |_| d.dispatch(Action::EditList(target.clone(), ListEdit::Add)))
    };
    let label_id = format!("{}-label", props.id);
    html! {
        <div class="pairs" role="group" aria-labelledby={label_id.clone()}>
            {rows_head(label_id, &props.label, props.hint.as_ref(), props.items.is_empty())}
            { for props.items.iter().enumerate().map(|(n, value)| {
                let msg_id = format!("{}-{n}-msg", props.id);
                let problem = match props.check {
                    Check::None => None,
                    Check::Role => role_problem(value),
                };
                let oninput = {
                    let d = store.dispatcher();
                    let target = props.target.clone();
                    Callback::from(move |e: InputEvent| {
                        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
                        d.dispatch(Action::EditList(target.clone(), ListEdit::Set(n, input.value())));
                    })
                };
                let remove = {
                    let d = store.dispatcher();
                    let target = props.target.clone();
                    Callback::from(move |_| d.dispatch(Action::EditList(target.clone(), ListEdit::Remove(n))))
                };
                html! {
                    <div class={classes!("pair-row", "list-row", problem.is_some().then_some("field-invalid"))} key={n}>
                        <span class="list-n" aria-hidden="true">{format!("{}.", n + 1)}</span>
                        <input id={format!("{}-{n}", props.id)} type="text" class="text-input mono" spellcheck="false"
                            autocomplete="off" list={props.list.clone()}
                            aria-label={format!("{} {}", props.item, n + 1)}
                            aria-invalid={problem.is_some().then_some("true")}
                            aria-describedby={problem.is_some().then(|| msg_id.clone())}
                            placeholder={props.placeholder.clone()} value={value.clone()} {oninput} />
                        <button type="button" class="btn btn-icon btn-danger" onclick={remove}
                            aria-label={format!("Remove {} {}", props.item, n + 1)}>{"×"}</button>
                        if let Some(p) = problem {
                            <span id={msg_id} class="field-msg field-msg-error pair-msg" data-testid="field-error">{p}</span>
                        }
                    </div>
                }
            }) }
            <button type="button" class="btn btn-small" onclick={add} aria-label={format!("Add {}", props.item)}>
                {format!("+ {}", capitalized(&props.item))}
            </button>
        </div>
    }
}

/// The head of a group of rows (shared with [`super::pair_rows`]): its label (the group's
/// accessible name, `label_id`), a hint, and "none" when there are no rows.
pub fn rows_head(label_id: String, label: &AttrValue, hint: Option<&AttrValue>, empty: bool) -> Html {
    html! {
        <>
            <div class="pairs-head">
                <span id={label_id} class="field-label">{label.clone()}</span>
                if let Some(h) = hint.cloned() { <span class="card-sub">{h}</span> }
            </div>
            if empty {
                <p class="pairs-empty muted">{"none"}</p>
            }
        </>
    }
}

/// `item` with its first letter in upper case (the items are our own ASCII words).
fn capitalized(item: &str) -> String {
    let mut s = item.to_string();
    if let Some(first) = s.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    s
}
