//! Editing calls on a `<textarea>`: undoable text insertion, selection in UTF-16 units,
//! scrolling, and the overlay's scroll sync.

use wasm_bindgen::JsCast;
use web_sys::{HtmlDocument, HtmlElement, HtmlTextAreaElement};

/// Line height of the editors in CSS pixels (must match `--editor-line` in `www/app.css`).
pub const LINE_HEIGHT_PX: i32 = 20;

/// Replace the textarea's selection with `text` the way typing does: through
/// `execCommand("insertText")`, so the browser's undo (Ctrl+Z) undoes it and an `input`
/// event fires. Returns `false` when the browser refused and `setRangeText` was used
/// instead (no undo entry, no `input` event: the caller must report the new value).
pub fn insert_text(ta: &HtmlTextAreaElement, text: &str) -> bool {
    let _ = ta.focus();
    let done = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.dyn_into::<HtmlDocument>().ok())
        .and_then(|d| d.exec_command_with_show_ui_and_value("insertText", false, text).ok())
        .unwrap_or(false);
    if done {
        return true;
    }
    let start = ta.selection_start().ok().flatten().unwrap_or(0);
    let end = ta.selection_end().ok().flatten().unwrap_or(start);
    let _ = ta.set_range_text_with_start_and_end_and_mode(text, start, end, "end");
    false
}

/// Select UTF-16 range `start..end`.
pub fn select(ta: &HtmlTextAreaElement, start: u32, end: u32) {
    let _ = ta.set_selection_range(start, end);
}

/// The selection, in UTF-16 units.
pub fn selection(ta: &HtmlTextAreaElement) -> (u32, u32) {
    let start = ta.selection_start().ok().flatten().unwrap_or(0);
    let end = ta.selection_end().ok().flatten().unwrap_or(start);
    (start, end)
}

/// Scroll the textarea so that 0-based `line` is in view (a third from the top), unless
/// it already is.
pub fn scroll_to_line(ta: &HtmlTextAreaElement, line: usize) {
    let line = i32::try_from(line).unwrap_or(i32::MAX / LINE_HEIGHT_PX - 1);
    let y = line.saturating_mul(LINE_HEIGHT_PX);
    let top = ta.scroll_top();
    let height = ta.client_height();
    if y < top || y + LINE_HEIGHT_PX > top + height {
        ta.set_scroll_top((y - height / 3).max(0));
    }
}

/// Move an overlay layer to follow the textarea's scroll position.
pub fn follow_scroll(layer: &HtmlElement, x: i32, y: i32) {
    let _ = layer.style().set_property("transform", &format!("translate({}px, {}px)", -x, -y));
}

/// Bring an element into view if it is off screen (smoothly unless reduced motion).
pub fn reveal_element(el: &web_sys::Element) {
    let opts = web_sys::ScrollIntoViewOptions::new();
    opts.set_block(web_sys::ScrollLogicalPosition::Nearest);
    opts.set_inline(web_sys::ScrollLogicalPosition::Nearest);
    el.scroll_into_view_with_scroll_into_view_options(&opts);
}
