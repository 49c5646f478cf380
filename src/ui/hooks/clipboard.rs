//! Copy text to the clipboard.

use yew::prelude::*;

/// What happened to the last copy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CopyStatus {
    /// On the clipboard.
    Copied,
    /// The browser refused (the text is shown for copying by hand).
    Failed,
}

/// A callback that copies its text, and the status of the last copy.
#[hook]
pub fn use_clipboard() -> (Callback<String>, Option<CopyStatus>) {
    let status = use_state_eq(|| None::<CopyStatus>);
    let copy = {
        let status = status.clone();
        Callback::from(move |text: String| {
            let status = status.clone();
            let Some(window) = web_sys::window() else {
                status.set(Some(CopyStatus::Failed));
                return;
            };
            let clipboard = window.navigator().clipboard();
            if clipboard.is_undefined() {
                status.set(Some(CopyStatus::Failed));
                return;
            }
            let promise = clipboard.write_text(&text);
            wasm_bindgen_futures::spawn_local(async move {
                let ok = wasm_bindgen_futures::JsFuture::from(promise).await.is_ok();
                status.set(Some(if ok { CopyStatus::Copied } else { CopyStatus::Failed }));
            });
        })
    };
    (copy, *status)
}
