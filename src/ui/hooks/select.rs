//! `<select>` elements show the store's choice: an `<option selected>` attribute stops
//! counting once the person has picked an option, so a change that comes from elsewhere
//! (Undo, a loaded link) sets the element's value here.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// Set the `<select>` behind `node` to `value` whenever `value` changes.
#[hook]
pub fn use_select_value(node: &NodeRef, value: String) {
    let node = node.clone();
    use_effect_with(value, move |v| {
        if let Some(s) = node.cast::<HtmlSelectElement>() {
            if s.value() != *v {
                s.set_value(v);
            }
        }
    });
}
