//! `localStorage`: the autosave, the work a link replaced, the theme. Storage can be
//! missing (private modes, sandboxed iframes) or full; every call degrades to "nothing".

use yew::prelude::*;

use crate::ui::state::State;

/// The autosaved state (SPEC section 6).
pub const STATE_KEY: &str = "kmsplay:v1:state";
/// Work that a link or an example replaced, restorable with one click.
pub const PREVIOUS_KEY: &str = "kmsplay:v1:previous";
/// The theme choice.
pub const THEME_KEY: &str = "kmsplay:v1:theme";
/// The last fragment this browser wrote into its own URL (to tell a reload from a link).
pub const FRAGMENT_KEY: &str = "kmsplay:v1:fragment";
/// Where an unreadable autosave is moved instead of being overwritten.
pub const UNREADABLE_KEY: &str = "kmsplay:v1:state-unreadable";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Read a key.
pub fn get(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

/// Write a key; the error says why it failed (quota, no storage).
pub fn set(key: &str, value: &str) -> Result<(), String> {
    let s = storage().ok_or_else(|| "this browser does not allow saving here".to_string())?;
    s.set_item(key, value).map_err(|_| "the browser refused to save (storage full?)".to_string())
}

/// Remove a key.
pub fn remove(key: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(key);
    }
}

/// Autosave the document and view on every change, and keep the restorable previous work
/// in step with the store. The embedded view never writes (it would overwrite the
/// person's own work on the same origin).
#[hook]
pub fn use_autosave(state: &State) {
    let embed = state.embed;
    let failed = use_mut_ref(|| false);
    let saved = state.saved();
    use_effect_with((state.edit_rev, state.view.clone()), move |_| {
        if !embed {
            match set(STATE_KEY, &saved.to_json()) {
                Ok(()) => *failed.borrow_mut() = false,
                Err(e) => {
                    if !*failed.borrow() {
                        web_sys::console::warn_1(&format!("kmsplay: autosave failed: {e}").into());
                    }
                    *failed.borrow_mut() = true;
                }
            }
        }
    });
    let previous = state.previous.clone();
    use_effect_with(previous, move |previous| {
        if !embed {
            match previous {
                Some(p) => {
                    let _ = set(PREVIOUS_KEY, &p.to_json());
                }
                None => remove(PREVIOUS_KEY),
            }
        }
    });
}
