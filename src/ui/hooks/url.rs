//! The URL: `?embed` / `?example=<id>` on the query, the state in the fragment
//! (`#v1.<data>&name=value`, see [`crate::ui::share`]). The fragment follows the state as
//! the person types (history.replaceState, debounced); a new fragment pasted into the
//! address bar loads like a link.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_timers::callback::Timeout;
use wasm_bindgen::JsValue;
use yew::prelude::*;

use super::listener::Listener;
use super::storage;
use crate::ui::share::{decode_fragment, encode_fragment_json, Fragment, MAX_STATE_BYTES};
use crate::ui::state::{Action, LoadSource, Notice, NoticeKind, State};

/// At most one fragment update per this many milliseconds (browsers throttle history
/// calls made on every keystroke); the first change after a pause is written at once.
pub const FRAGMENT_INTERVAL_MS: f64 = 100.0;

/// The current `location.hash` (with `#`), or empty.
pub fn hash() -> String {
    web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default()
}

/// The current `location.search` (with `?`), or empty.
pub fn search() -> String {
    web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default()
}

/// A query parameter's value (`Some("")` for a bare `?embed`).
pub fn query_param(name: &str) -> Option<String> {
    let params = web_sys::UrlSearchParams::new_with_str(&search()).ok()?;
    params.get(name)
}

/// The page's address with the given fragment (no `#`).
pub fn url_with_fragment(fragment: &str) -> String {
    let Some(loc) = web_sys::window().map(|w| w.location()) else {
        return format!("#{fragment}");
    };
    let origin = loc.origin().unwrap_or_default();
    let path = loc.pathname().unwrap_or_default();
    format!("{origin}{path}{}#{fragment}", search())
}

fn replace_fragment(fragment: &str) {
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&format!("#{fragment}")));
    }
}

/// Keep the fragment in step with the state, and load fragments that change under us
/// (a link pasted into the address bar of an open tab).
#[hook]
pub fn use_url_sync(state: &State, saved_json: Rc<String>, dispatch: Callback<Action>) {
    // the fragment we last wrote, so our own writes are not taken for new links
    let written: Rc<RefCell<String>> = use_mut_ref(|| hash().trim_start_matches('#').to_string());
    let options = state.link_options.clone();
    let embed = state.embed;
    // a lesson's link is `?lesson=N` (hooks::lessons); its edits stay out of the fragment
    let in_lesson = state.lesson.is_some();
    let last_write = use_mut_ref(|| f64::NEG_INFINITY);
    let too_large = use_mut_ref(|| false);
    {
        let written = written.clone();
        let dispatch = dispatch.clone();
        use_effect_with((state.edit_rev, state.view.clone(), in_lesson), move |_| {
            if in_lesson {
                // written again in full when the lesson is left
                written.borrow_mut().clear();
            }
            let elapsed = js_sys::Date::now() - *last_write.borrow();
            let write = move || {
                // a state no link can hold (the decoder refuses it) is not compressed on
                // every keystroke: the address drops its state and the person is told once
                let size = saved_json.len();
                if size > MAX_STATE_BYTES {
                    if !*too_large.borrow() {
                        *too_large.borrow_mut() = true;
                        replace_fragment("");
                        *written.borrow_mut() = String::new();
                        dispatch.emit(Action::SetNotice(Some(Notice {
                            kind: NoticeKind::Error,
                            text: format!(
                                "This scenario is too large for a share link ({} KB; a link holds at most {} KB), so the \
                                 address no longer carries it. Your text is kept in the page.",
                                size / 1024,
                                MAX_STATE_BYTES / 1024
                            ),
                        })));
                    }
                    return;
                }
                *too_large.borrow_mut() = false;
                let fragment = encode_fragment_json(&saved_json, &options);
                *last_write.borrow_mut() = js_sys::Date::now();
                if *written.borrow() != fragment {
                    replace_fragment(&fragment);
                    if !embed {
                        storage::note_written_fragment(&fragment);
                    }
                    *written.borrow_mut() = fragment;
                }
            };
            let timer = if in_lesson {
                None
            } else if elapsed >= FRAGMENT_INTERVAL_MS {
                write();
                None
            } else {
                // trailing write; dropped (and rescheduled) if another change comes first
                let wait = (FRAGMENT_INTERVAL_MS - elapsed).clamp(0.0, FRAGMENT_INTERVAL_MS) as u32;
                Some(Timeout::new(wait, write))
            };
            move || drop(timer)
        });
    }
    use_effect_with((), move |_| {
        let listener = web_sys::window().and_then(|w| {
            Listener::new(&w, "hashchange", move |_| {
                let now = hash();
                let now = now.trim_start_matches('#');
                if now == written.borrow().as_str() {
                    return;
                }
                *written.borrow_mut() = now.to_string();
                match decode_fragment(now) {
                    Ok(Fragment::State(saved, _)) => dispatch.emit(Action::Load(saved, LoadSource::Link)),
                    Ok(Fragment::Empty(_)) => {}
                    Err(e) => dispatch.emit(Action::SetNotice(Some(Notice {
                        kind: NoticeKind::Error,
                        text: format!("This link could not be opened: {e}. Your work is unchanged."),
                    }))),
                }
            })
        });
        move || drop(listener)
    });
}
