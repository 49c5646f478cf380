//! The header: example chooser, share link, restore previous work, theme, reset.

use yew::prelude::*;

use super::learn_button::LearnButton;
use super::share_button::ShareButton;
use super::theme_toggle::ThemeToggle;
use crate::engine::examples::EXAMPLES;
use crate::ui::hooks::select::use_select_value;
use crate::ui::state::Action;
use crate::ui::Store;

/// Props of [`Header`].
#[derive(Properties, PartialEq)]
pub struct HeaderProps {
    /// Whether the page is dark now (for the theme toggle's label).
    pub dark: bool,
}

fn example_titles() -> Vec<(&'static str, String)> {
    EXAMPLES
        .iter()
        .map(|(id, text)| {
            let title = serde_json::from_str::<serde_json::Value>(text)
                .ok()
                .and_then(|v| v.get("title").and_then(|t| t.as_str()).map(str::to_string))
                .filter(|t| !t.is_empty())
                .unwrap_or_else(|| (*id).to_string());
            (*id, title)
        })
        .collect()
}

/// The header bar.
#[function_component]
pub fn Header(props: &HeaderProps) -> Html {
    let store = use_context::<Store>();
    let titles = use_memo((), |_| example_titles());
    let select_ref = use_node_ref();
    use_select_value(&select_ref, store.as_ref().and_then(|s| s.view.example.clone()).unwrap_or_default());
    let Some(store) = store else { return Html::default() };
    let current = store.view.example.clone().unwrap_or_default();
    let onchange = {
        let d = store.dispatcher();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            d.dispatch(Action::LoadExample(select.value()));
        })
    };
    let reset = {
        let d = store.dispatcher();
        Callback::from(move |_| d.dispatch(Action::Reset))
    };
    let restore = {
        let d = store.dispatcher();
        Callback::from(move |_| d.dispatch(Action::RestorePrevious))
    };
    let forget = {
        let d = store.dispatcher();
        Callback::from(move |_| d.dispatch(Action::ForgetPrevious))
    };
    let reset_title = match (&store.lesson, &store.view.example) {
        (Some(_), _) => "Start the lesson again from its first policies",
        (None, Some(_)) => "Reload the chosen example as shipped (your current work stays restorable)",
        (None, None) => "Load the first example (your current work stays restorable)",
    };
    html! {
        <header class="header">
            <div class="brand">
                <svg class="logo" aria-hidden="true" viewBox="0 0 16 16" width="22" height="22">
                    <rect width="16" height="16" rx="3" class="logo-bg" />
                    <path d="M5 8a2 2 0 1 1 4 0 2 2 0 0 1-4 0zm4 0h4v2h-1v1h-1v-1h-2z" class="logo-fg" />
                </svg>
                <span class="brand-name">{"kmsplay"}</span>
                <span class="brand-tag">{"KMS policy playground"}</span>
            </div>
            <div class="header-controls">
                <label class="example-pick">
                    <span class="label-text">{"Example"}</span>
                    <select aria-label="Example" ref={select_ref} {onchange}>
                        if store.lesson.is_some() {
                            <option value="" selected=true disabled=true>{"(a lesson is open)"}</option>
                        }
                        { for titles.iter().map(|(id, title)| html! {
                            <option value={*id} selected={current == *id}>{title.clone()}</option>
                        }) }
                    </select>
                </label>
                <LearnButton />
                <ShareButton />
                if store.previous.is_some() {
                    <span class="restore-group">
                        <button type="button" class="btn btn-accent" onclick={restore}
                            title="Bring back the work that the last link or example replaced">
                            {"Restore previous work"}
                        </button>
                        <button type="button" class="btn btn-icon" onclick={forget}
                            aria-label="Forget previous work" title="Forget previous work">{"×"}</button>
                    </span>
                }
                <ThemeToggle dark={props.dark} />
                <button type="button" class="btn" onclick={reset} title={reset_title}>{"Reset"}</button>
            </div>
        </header>
    }
}
