//! `localStorage`: the autosave, the work a link replaced, the theme. Storage can be
//! missing (private modes, sandboxed iframes) or full; every call degrades to "nothing".

use std::rc::Rc;

use yew::prelude::*;

use crate::ui::share::MAX_STATE_BYTES;
use crate::ui::state::{Action, Notice, NoticeKind, State};

/// The autosaved state (SPEC section 6).
pub const STATE_KEY: &str = "kmsplay:v1:state";
/// Work that a link or an example replaced, restorable with one click.
pub const PREVIOUS_KEY: &str = "kmsplay:v1:previous";
/// The theme choice.
pub const THEME_KEY: &str = "kmsplay:v1:theme";
/// Which tab wrote the autosave last (its [`TAB_KEY`] id).
pub const WRITER_KEY: &str = "kmsplay:v1:writer";
/// sessionStorage: this tab's id.
pub const TAB_KEY: &str = "kmsplay:v1:tab";
/// sessionStorage: checksum of the last fragment this tab wrote into its own URL, to tell
/// a reload of this tab (the autosave is at least as new) from a link being opened.
pub const WRITTEN_KEY: &str = "kmsplay:v1:written";
/// Where an unreadable autosave is moved instead of being overwritten.
pub const UNREADABLE_KEY: &str = "kmsplay:v1:state-unreadable";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn session() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// Read a sessionStorage key (this tab only).
pub fn session_get(key: &str) -> Option<String> {
    session()?.get_item(key).ok().flatten()
}

/// Write a sessionStorage key (best effort).
pub fn session_set(key: &str, value: &str) {
    if let Some(s) = session() {
        let _ = s.set_item(key, value);
    }
}

/// This tab's id (made on first use, kept across reloads of the tab).
pub fn tab_id() -> String {
    if let Some(id) = session_get(TAB_KEY) {
        return id;
    }
    let id = format!("{:x}{:x}", (js_sys::Math::random() * 1e15) as u64, js_sys::Date::now() as u64);
    session_set(TAB_KEY, &id);
    id
}

/// A short checksum of a fragment (FNV-1a, 64 bits, hex).
pub fn checksum(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// Remember that this tab wrote `fragment` into its URL. Only the last one counts: our
/// writes are the only way the fragment changes, so it is what a reload of this tab opens.
pub fn note_written_fragment(fragment: &str) {
    session_set(WRITTEN_KEY, &checksum(fragment));
}

/// Whether `fragment` is the last one this tab wrote and this tab wrote the autosave last:
/// then opening the URL is a reload, and the autosave is the newer state.
pub fn is_own_reload(fragment: &str) -> bool {
    let written = session_get(WRITTEN_KEY).is_some_and(|s| s == checksum(fragment));
    written && get(WRITER_KEY).is_some_and(|w| w == tab_id())
}

/// Read a key.
pub fn get(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

/// Write a key; the error says why it failed (quota, no storage).
pub fn set(key: &str, value: &str) -> Result<(), String> {
    let s = storage().ok_or_else(|| "this browser does not allow saving here (storage is disabled)".to_string())?;
    s.set_item(key, value).map_err(|e| {
        let name = js_sys::Reflect::get(&e, &"name".into()).ok().and_then(|n| n.as_string()).unwrap_or_default();
        if name == "QuotaExceededError" || name == "NS_ERROR_DOM_QUOTA_REACHED" {
            format!("the browser's storage for this page is full ({name}, {} KB to save)", value.len() / 1024)
        } else if name.is_empty() {
            "the browser refused to save".to_string()
        } else {
            format!("the browser refused to save ({name})")
        }
    })
}

/// Remove a key.
pub fn remove(key: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(key);
    }
}

/// Autosave the document and view (`saved_json`: [`State::saved`] as JSON) on every change, and keep the restorable previous work
/// in step with the store. The embedded view never writes (it would overwrite the
/// person's own work on the same origin).
/// A failed write is shown in the notice bar (once until a write succeeds again): the work
/// is still in the page and in its link, but it would not survive closing the tab.
#[hook]
pub fn use_autosave(state: &State, saved_json: Rc<String>, dispatch: Callback<Action>) {
    // a lesson's edits are never autosaved: they would overwrite the playground's work
    let embed = state.embed || state.lesson.is_some();
    let failed = use_mut_ref(|| false);
    let fits_link = saved_json.len() <= MAX_STATE_BYTES;
    let report = {
        let failed = failed.clone();
        move |result: Result<(), String>| match result {
            Ok(()) => *failed.borrow_mut() = false,
            Err(e) => {
                if !*failed.borrow() {
                    web_sys::console::warn_1(&format!("kmsplay: autosave failed: {e}").into());
                    let keep = if fits_link {
                        "It is still here and in the page's link: use Copy link to keep it."
                    } else {
                        "It is still here, but too large for a link too: keep a copy of your policies elsewhere."
                    };
                    dispatch.emit(Action::SetNotice(Some(Notice {
                        kind: NoticeKind::Error,
                        text: format!("Your work is not being saved in this browser: {e}. {keep}"),
                    })));
                }
                *failed.borrow_mut() = true;
            }
        }
    };
    let report2 = report.clone();
    use_effect_with((state.edit_rev, state.view.clone()), move |_| {
        if !embed {
            let result = set(STATE_KEY, &saved_json);
            if result.is_ok() {
                let _ = set(WRITER_KEY, &tab_id());
            }
            report(result);
        }
    });
    let previous = state.previous.clone();
    use_effect_with(previous, move |previous| {
        if !embed {
            match previous {
                Some(p) => report2(set(PREVIOUS_KEY, &p.to_json())),
                None => remove(PREVIOUS_KEY),
            }
        }
    });
}
