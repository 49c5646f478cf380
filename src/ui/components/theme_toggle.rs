//! Light/dark toggle (overrides `prefers-color-scheme`; saved).

use yew::prelude::*;

use crate::ui::state::{Action, ThemePref};
use crate::ui::Store;

/// Props of [`ThemeToggle`].
#[derive(Properties, PartialEq)]
pub struct ThemeToggleProps {
    /// Whether the page is dark now.
    pub dark: bool,
}

/// The theme button.
#[function_component]
pub fn ThemeToggle(props: &ThemeToggleProps) -> Html {
    let Some(store) = use_context::<Store>() else { return Html::default() };
    let next = if props.dark { ThemePref::Light } else { ThemePref::Dark };
    let onclick = {
        let d = store.dispatcher();
        Callback::from(move |_| d.dispatch(Action::SetTheme(next)))
    };
    let (icon, label, switch) = if props.dark {
        ("☀", "Light theme", "Switch to light theme")
    } else {
        ("☾", "Dark theme", "Switch to dark theme")
    };
    html! {
        <button type="button" class="btn" {onclick} aria-label={switch} title={switch}>
            <span aria-hidden="true">{icon}</span>{" "}{label}
        </button>
    }
}
