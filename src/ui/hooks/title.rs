//! The document title follows the scenario's title.

use yew::prelude::*;

/// Set `document.title` to "<title> · kmsplay".
#[hook]
pub fn use_document_title(title: &str) {
    let title = title.to_string();
    use_effect_with(title, |title| {
        if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
            if title.is_empty() {
                doc.set_title("kmsplay · KMS policy playground");
            } else {
                doc.set_title(&format!("{title} · kmsplay"));
            }
        }
    });
}
