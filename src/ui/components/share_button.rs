//! "Copy link": the whole state in the URL fragment, on the clipboard.

use yew::prelude::*;

use crate::ui::hooks::clipboard::{use_clipboard, CopyStatus};
use crate::ui::hooks::url::url_with_fragment;
use crate::ui::share::encode_fragment;
use crate::ui::Store;

/// The share button, and the link itself when the clipboard is not available.
#[function_component]
pub fn ShareButton() -> Html {
    let store = use_context::<Store>();
    let (copy, status) = use_clipboard();
    let shown = use_state_eq(|| None::<String>);
    let Some(store) = store else { return Html::default() };
    let link = (*shown).clone().unwrap_or_default();
    let onclick = {
        let shown = shown.clone();
        let store = store.clone();
        Callback::from(move |_| {
            // made at click time: the address bar's fragment may lag the last keystroke
            let link = url_with_fragment(&encode_fragment(&store.saved(), &store.link_options));
            copy.emit(link.clone());
            shown.set(Some(link));
        })
    };
    let label = match status {
        Some(CopyStatus::Copied) if shown.is_some() => "Link copied ✓",
        _ => "Copy link",
    };
    let failed = matches!(status, Some(CopyStatus::Failed));
    let close = {
        let shown = shown.clone();
        Callback::from(move |_| shown.set(None))
    };
    html! {
        <span class="share">
            <button type="button" class="btn" {onclick}
                title="Copy a link that reproduces this view (the policies travel inside the link, never to a server)">
                {label}
            </button>
            if failed && shown.is_some() {
                <span class="share-fallback" role="status">
                    <label>
                        <span class="label-text">{"Copy this link:"}</span>
                        <input type="text" readonly=true value={link} class="share-link"
                            onfocus={Callback::from(|e: FocusEvent| {
                                let i: web_sys::HtmlInputElement = e.target_unchecked_into();
                                i.select();
                            })} />
                    </label>
                    <button type="button" class="btn btn-icon" onclick={close} aria-label="Close">{"×"}</button>
                </span>
            }
            <span class="visually-hidden" role="status" aria-live="polite">
                { if matches!(status, Some(CopyStatus::Copied)) { "Link copied to the clipboard" } else { "" } }
            </span>
        </span>
    }
}
