//! Light and dark themes: follow `prefers-color-scheme` unless the person chose one.

use yew::prelude::*;

use super::listener::Listener;
use super::storage;
use crate::ui::state::ThemePref;

const DARK_QUERY: &str = "(prefers-color-scheme: dark)";

fn system_dark() -> bool {
    web_sys::window().and_then(|w| w.match_media(DARK_QUERY).ok().flatten()).is_some_and(|m| m.matches())
}

/// Apply the theme to `<html data-theme>`, save the choice, and return whether the page
/// is dark now.
#[hook]
pub fn use_theme(pref: ThemePref, save: bool) -> bool {
    let system = use_state_eq(system_dark);
    {
        let system = system.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window()
                .and_then(|w| w.match_media(DARK_QUERY).ok().flatten())
                .and_then(|m| Listener::new(&m, "change", move |_| system.set(system_dark())));
            move || drop(listener)
        });
    }
    use_effect_with(pref, move |pref| {
        if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
            let _ = match pref {
                ThemePref::System => root.remove_attribute("data-theme"),
                other => root.set_attribute("data-theme", other.as_str()),
            };
        }
        if save {
            match pref {
                ThemePref::System => storage::remove(storage::THEME_KEY),
                other => {
                    let _ = storage::set(storage::THEME_KEY, other.as_str());
                }
            }
        }
    });
    match pref {
        ThemePref::Dark => true,
        ThemePref::Light => false,
        ThemePref::System => *system,
    }
}
