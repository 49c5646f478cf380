//! A policy editor: a plain `<textarea>` over a `<pre>` overlay that draws squiggles under
//! finding ranges and highlights the statements that decided the explained cell, with a
//! line-number gutter. No editor library.
//!
//! The textarea is uncontrolled: its text is set from the store only when the editor
//! mounts (the parent keys it by document revision and policy), and afterwards only the
//! person (or an undoable `insertText` for Format and fixes) changes it, so the caret and
//! scroll never jump and nothing is rewritten behind their back.

use wasm_bindgen::JsCast;
use web_sys::{Event, HtmlElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::engine::report::{ReasonKind, Severity};
use crate::ui::doc::PolicyRef;
use crate::ui::hooks::listener::Listener;
use crate::ui::hooks::textarea::{follow_scroll, insert_text, reveal_element, scroll_to_line, select, selection};
use crate::ui::state::Action;
use crate::ui::text::{
    byte_to_utf16, format_json, line_count, line_of_byte, range_to_bytes, segments, utf16_to_byte, Mark,
};
use crate::ui::Store;

/// Texts longer than this (bytes; eight times the largest key policy AWS accepts) are kept
/// and analysed but not shown: the textarea is hidden (a browser spends seconds laying out a
/// few megabytes of text, on every layout) and a message says why, with Undo and "Show it
/// anyway" (then without the overlay and the gutter). A 5 MB paste must not freeze the page.
pub const LARGE_TEXT_BYTES: usize = 256 * 1024;

/// What an insertion (`beforeinput`) would add: its text when it is a paste, a drop or an
/// inserted text (what `page.fill` and input methods send), else `None`.
fn inserted_text(e: &InputEvent) -> Option<String> {
    match e.input_type().as_str() {
        "insertFromPaste"
        | "insertFromDrop"
        | "insertFromPasteAsQuotation"
        | "insertText"
        | "insertReplacementText" => e.data().or_else(|| e.data_transfer().and_then(|d| d.get_data("text/plain").ok())),
        _ => None,
    }
}

/// Props of [`Editor`].
#[derive(Properties, PartialEq)]
pub struct EditorProps {
    /// The policy edited.
    pub target: PolicyRef,
    /// The textarea's accessible name (an acceptance hook for key and IAM policies).
    pub label: AttrValue,
    /// DOM id of the textarea.
    pub id: AttrValue,
    /// Visible title (defaults to the label).
    #[prop_or_default]
    pub title: Option<AttrValue>,
    /// Read-only (no principal to edit).
    #[prop_or_default]
    pub disabled: bool,
    /// Shown when empty.
    #[prop_or_default]
    pub placeholder: AttrValue,
    /// Extra toolbar content (e.g. a remove button).
    #[prop_or_default]
    pub actions: Html,
}

fn severity_class(s: Severity) -> &'static str {
    match s {
        Severity::Error => "sq sq-error",
        Severity::Warning => "sq sq-warning",
        Severity::Info => "sq sq-info",
    }
}

fn reason_class(k: ReasonKind) -> Option<&'static str> {
    match k {
        ReasonKind::AllowedBy => Some("hl hl-allow"),
        ReasonKind::DeniedBy => Some("hl hl-deny"),
        ReasonKind::Void => Some("hl hl-void"),
        // What came close but does not count (a failed condition, a delegation with no IAM
        // allow): an implicit deny has no deciding statement, so these show where to look.
        ReasonKind::NotApplicable => Some("hl hl-near"),
        ReasonKind::Missing | ReasonKind::Unreachable => None,
    }
}

/// Line and column (1-based, characters) of the caret.
fn caret_position(text: &str, unit: u32) -> (usize, usize) {
    let byte = utf16_to_byte(text, unit);
    let before = text.get(..byte).unwrap_or("");
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// The editor.
#[function_component]
pub fn Editor(props: &EditorProps) -> Html {
    let store = use_context::<Store>();
    let ta_ref = use_node_ref();
    let overlay_ref = use_node_ref();
    let gutter_ref = use_node_ref();
    // a message about the last Format, shown while the text is the one it was about
    let status = use_state_eq(|| None::<(String, String)>);
    let caret = use_state_eq(|| (1usize, 1usize));
    let tab_leaves = use_mut_ref(|| false);
    // a text over LARGE_TEXT_BYTES is shown only when asked; the text it replaced, for Undo
    let show_large = use_state_eq(|| false);
    let before_large = use_mut_ref(|| None::<String>);
    let Some(store) = store else { return Html::default() };
    let target = props.target;
    let text: String = store.doc.text(target).unwrap_or("").to_string();
    let policy_id = store.doc.policy_id(target);

    // Mount: load the text (the only time the store writes into the textarea).
    {
        let ta_ref = ta_ref.clone();
        let text = text.clone();
        use_effect_with((), move |_| {
            if let Some(ta) = ta_ref.cast::<HtmlTextAreaElement>() {
                if ta.value() != text {
                    ta.set_value(&text);
                }
            }
        });
    }

    // Requests to show a range (finding or reason activated, cell explained).
    {
        let reveals: Vec<_> = store.reveal.iter().filter(|r| r.target == target).cloned().collect();
        let ta_ref = ta_ref.clone();
        let d = store.dispatcher();
        let caret = caret.clone();
        use_effect_with(reveals, move |reveals| {
            if let Some(ta) = ta_ref.cast::<HtmlTextAreaElement>() {
                for r in reveals {
                    let value = ta.value();
                    match r.range {
                        Some(range) => {
                            let (s, e) = range_to_bytes(&value, &range);
                            if r.focus {
                                let _ = ta.focus();
                                select(&ta, byte_to_utf16(&value, s), byte_to_utf16(&value, e));
                                caret.set(caret_position(&value, byte_to_utf16(&value, s)));
                            }
                            scroll_to_line(&ta, line_of_byte(&value, s));
                        }
                        None => {
                            if r.focus {
                                let _ = ta.focus();
                            }
                        }
                    }
                    if r.focus {
                        reveal_element(&ta);
                    }
                    d.dispatch(Action::RevealDone(r.seq));
                }
            }
        });
    }

    // Edits to apply (a finding's fix, a suggested change): undoable insertText.
    {
        let pending: Vec<_> = store.pending_edits.iter().filter(|p| p.target == target).cloned().collect();
        let ta_ref = ta_ref.clone();
        let d = store.dispatcher();
        use_effect_with(pending, move |pending| {
            let Some(ta) = ta_ref.cast::<HtmlTextAreaElement>() else { return };
            for p in pending {
                let mut edits = p.edits.clone();
                // last first, so earlier ranges stay valid
                edits.sort_by_key(|e| std::cmp::Reverse((e.range.start.line, e.range.start.column)));
                for edit in &edits {
                    let value = ta.value();
                    let (s, e) = range_to_bytes(&value, &edit.range);
                    select(&ta, byte_to_utf16(&value, s), byte_to_utf16(&value, e));
                    if !insert_text(&ta, &edit.text) {
                        d.dispatch(Action::EditPolicy(target, ta.value()));
                    }
                }
                if let Some(first) = edits.last() {
                    let value = ta.value();
                    let (s, _) = range_to_bytes(&value, &first.range);
                    scroll_to_line(&ta, line_of_byte(&value, s));
                }
                reveal_element(&ta);
                d.dispatch(Action::EditsDone(p.seq));
            }
        });
    }

    let sync_scroll = {
        let ta_ref = ta_ref.clone();
        let overlay_ref = overlay_ref.clone();
        let gutter_ref = gutter_ref.clone();
        move || {
            if let Some(ta) = ta_ref.cast::<HtmlTextAreaElement>() {
                if let Some(o) = overlay_ref.cast::<HtmlElement>() {
                    follow_scroll(&o, ta.scroll_left(), ta.scroll_top());
                }
                if let Some(g) = gutter_ref.cast::<HtmlElement>() {
                    follow_scroll(&g, 0, ta.scroll_top());
                }
            }
        }
    };
    // keep the layers aligned after every render (the text may have grown)
    {
        let sync = sync_scroll.clone();
        use_effect(sync);
    }

    let update_caret = {
        let caret = caret.clone();
        move |ta: &HtmlTextAreaElement| {
            let (s, _) = selection(ta);
            caret.set(caret_position(&ta.value(), s));
        }
    };

    // A text growing past LARGE_TEXT_BYTES: hide the textarea at once, in the event's own
    // task, before the browser lays the text out (the render that hides it comes a microtask
    // later, which is also before layout unless something forces one). `before` is the text it
    // replaces, kept for Undo when it was small.
    let going_large = {
        let show_large = show_large.clone();
        let before_large = before_large.clone();
        move |ta: &HtmlTextAreaElement, before: Option<String>| {
            ta.set_hidden(true);
            show_large.set(false);
            if let Some(b) = before.filter(|b| b.len() <= LARGE_TEXT_BYTES) {
                *before_large.borrow_mut() = Some(b);
            }
        }
    };
    // A paste, drop or inserted text that would make the text large is applied here instead
    // of by the browser (whose insertion lays out the whole text, and for megabytes can take
    // the tab down): the spliced text goes into the hidden textarea and the store. Yew has no
    // `onbeforeinput`, so the listener is added by hand.
    {
        let ta_ref = ta_ref.clone();
        let d = store.dispatcher();
        let going_large = going_large.clone();
        use_effect_with((), move |_| {
            let listener = ta_ref.cast::<HtmlTextAreaElement>().and_then(|ta| {
                let el = ta.clone();
                Listener::new(&el, "beforeinput", move |e: Event| {
                    let Some(e) = e.dyn_ref::<InputEvent>() else { return };
                    let Some(inserted) = inserted_text(e) else { return };
                    // a cheap lower bound first (UTF-16 units never outnumber bytes)
                    if (ta.text_length() as usize).saturating_add(inserted.len()) <= LARGE_TEXT_BYTES {
                        return;
                    }
                    let value = ta.value();
                    let (s, end) = selection(&ta);
                    let (s, end) = (utf16_to_byte(&value, s), utf16_to_byte(&value, end));
                    let spliced =
                        [value.get(..s).unwrap_or(&value), &inserted, value.get(end..).unwrap_or("")].concat();
                    if spliced.len() <= LARGE_TEXT_BYTES {
                        return;
                    }
                    e.prevent_default();
                    going_large(&ta, Some(value));
                    ta.set_value(&spliced);
                    d.dispatch(Action::EditPolicy(target, spliced));
                })
            });
            move || drop(listener)
        });
    }
    let oninput = {
        let d = store.dispatcher();
        let update_caret = update_caret.clone();
        let was_large = text.len() > LARGE_TEXT_BYTES;
        // the text before this input, read only when it is needed for Undo
        let doc = store.doc.clone();
        Callback::from(move |e: InputEvent| {
            let ta: HtmlTextAreaElement = e.target_unchecked_into();
            let value = ta.value();
            let large = value.len() > LARGE_TEXT_BYTES;
            if large && !was_large {
                going_large(&ta, doc.text(target).map(str::to_string));
            }
            d.dispatch(Action::EditPolicy(target, value));
            if !large {
                update_caret(&ta);
            }
        })
    };
    let onscroll = {
        let sync = sync_scroll.clone();
        Callback::from(move |_: Event| sync())
    };
    let onkeyup = {
        let update_caret = update_caret.clone();
        Callback::from(move |e: KeyboardEvent| update_caret(&e.target_unchecked_into()))
    };
    let onmouseup = {
        let update_caret = update_caret.clone();
        Callback::from(move |e: MouseEvent| update_caret(&e.target_unchecked_into()))
    };
    let onblur = {
        let tab_leaves = tab_leaves.clone();
        Callback::from(move |_: FocusEvent| *tab_leaves.borrow_mut() = false)
    };
    let onkeydown = {
        let d = store.dispatcher();
        let tab_leaves = tab_leaves.clone();
        Callback::from(move |e: KeyboardEvent| {
            let plain = !e.ctrl_key() && !e.alt_key() && !e.meta_key();
            let key = e.key();
            if key == "Escape" {
                // Esc, then Tab, leaves the editor (keyboard users are never trapped)
                *tab_leaves.borrow_mut() = true;
                return;
            }
            let leaving = std::mem::replace(&mut *tab_leaves.borrow_mut(), false);
            let ta: HtmlTextAreaElement = e.target_unchecked_into();
            if key == "Tab" && plain && !e.shift_key() && !leaving {
                e.prevent_default();
                if !insert_text(&ta, "  ") {
                    d.dispatch(Action::EditPolicy(target, ta.value()));
                }
            } else if key == "Enter" && plain && !e.shift_key() && !e.is_composing() {
                // keep the indentation of the current line (plus one level after { or [)
                let value = ta.value();
                let (s, _) = selection(&ta);
                let byte = utf16_to_byte(&value, s);
                let before = value.get(..byte).unwrap_or("");
                let line = before.rsplit('\n').next().unwrap_or("");
                let mut indent: String = line.chars().take_while(|c| *c == ' ' || *c == '\t').collect();
                if matches!(before.trim_end().chars().last(), Some('{') | Some('[')) {
                    indent.push_str("  ");
                }
                e.prevent_default();
                if !insert_text(&ta, &format!("\n{indent}")) {
                    d.dispatch(Action::EditPolicy(target, ta.value()));
                }
            }
        })
    };
    let format = {
        let ta_ref = ta_ref.clone();
        let status = status.clone();
        let d = store.dispatcher();
        Callback::from(move |_: MouseEvent| {
            let Some(ta) = ta_ref.cast::<HtmlTextAreaElement>() else { return };
            let value = ta.value();
            match format_json(&value) {
                Ok(pretty) if pretty == value => status.set(Some(("Already formatted.".into(), value))),
                Ok(pretty) => {
                    let top = ta.scroll_top();
                    let _ = ta.focus();
                    select(&ta, 0, byte_to_utf16(&value, value.len()));
                    if !insert_text(&ta, &pretty) {
                        d.dispatch(Action::EditPolicy(target, ta.value()));
                    }
                    select(&ta, 0, 0);
                    ta.set_scroll_top(top);
                    status.set(Some(("Formatted (Ctrl+Z undoes it).".into(), ta.value())));
                }
                Err(e) => status.set(Some((format!("Cannot format: {e}"), value))),
            }
        })
    };

    // marks: findings (squiggles) and the explained decision's statements (highlights)
    let mut marks: Vec<Mark> = Vec::new();
    let mut line_flags: Vec<(usize, &'static str)> = Vec::new();
    if let Some(id) = &policy_id {
        if let Some(ex) = &store.explanation {
            for r in ex.reasons.iter().filter(|r| &r.policy == id) {
                if let (Some(range), Some(class)) = (r.range, reason_class(r.kind)) {
                    let (s, e) = range_to_bytes(&text, &range);
                    marks.push(Mark { start: s, end: e, class, title: r.message.clone() });
                }
            }
        }
        for f in store.report.findings.iter().filter(|f| &f.policy == id) {
            let (s, e) = range_to_bytes(&text, &f.range);
            marks.push(Mark { start: s, end: e, class: severity_class(f.severity), title: f.message.clone() });
            let flag = match f.severity {
                Severity::Error => "g-error",
                Severity::Warning => "g-warning",
                Severity::Info => "g-info",
            };
            line_flags.push((f.range.start.line, flag));
        }
    }
    // past this size the text is hidden unless asked for, and the overlay and the gutter are
    // not drawn (they would freeze the page); the text itself is kept and analysed as it is
    let large = text.len() > LARGE_TEXT_BYTES;
    let hidden = large && !*show_large;
    let undo_large = {
        let before_large = before_large.clone();
        let ta_ref = ta_ref.clone();
        let d = store.dispatcher();
        Callback::from(move |_: MouseEvent| {
            let Some(before) = before_large.borrow_mut().take() else { return };
            if let Some(ta) = ta_ref.cast::<HtmlTextAreaElement>() {
                ta.set_value(&before);
            }
            d.dispatch(Action::EditPolicy(target, before));
        })
    };
    let show_anyway = {
        let show_large = show_large.clone();
        Callback::from(move |_: MouseEvent| show_large.set(true))
    };
    let can_undo = before_large.borrow().is_some();
    if large {
        marks.clear();
        line_flags.clear();
    }
    let overlay: Html = if large {
        Html::default()
    } else {
        segments(&text, &marks)
            .into_iter()
            .map(|seg| {
                if seg.classes.is_empty() {
                    html! { {seg.text} }
                } else {
                    html! { <span class={classes!(seg.classes)}>{seg.text}</span> }
                }
            })
            .collect()
    };
    let lines = if large { 0 } else { line_count(&text) };
    // the gutter's inner column is absolutely positioned (so it never stretches the
    // editor); its width comes from the number of digits
    let gutter_width = match lines {
        0..=99 => "gd2",
        100..=999 => "gd3",
        1000..=9999 => "gd4",
        _ => "gd5",
    };
    let gutter: Html = (1..=lines)
        .map(|n| {
            // the most serious flag of the line
            let flag = ["g-error", "g-warning", "g-info"]
                .into_iter()
                .find(|f| line_flags.iter().any(|(l, g)| *l == n && g == f));
            html! { <div class={classes!("gl", flag)}>{n}</div> }
        })
        .collect();
    let counts = {
        let mut e = 0;
        let mut w = 0;
        if let Some(id) = &policy_id {
            for f in store.report.findings.iter().filter(|f| &f.policy == id) {
                match f.severity {
                    Severity::Error => e += 1,
                    Severity::Warning => w += 1,
                    Severity::Info => {}
                }
            }
        }
        (e, w)
    };
    let title = props.title.clone().unwrap_or_else(|| props.label.clone());
    let describe = format!("{}-help", props.id);

    html! {
        <div class={classes!("editor", props.disabled.then_some("editor-disabled"))} data-policy-id={policy_id.clone()}>
            <div class="editor-bar">
                <label class="editor-title" for={props.id.clone()}>{title}</label>
                if counts.0 > 0 {
                    <span class="badge badge-error">{format!("{} error{}", counts.0, if counts.0 == 1 { "" } else { "s" })}</span>
                }
                if counts.1 > 0 {
                    <span class="badge badge-warning">{format!("{} warning{}", counts.1, if counts.1 == 1 { "" } else { "s" })}</span>
                }
                <span class="editor-spacer"></span>
                <span class="caret-pos" aria-hidden="true">{format!("Ln {}, Col {}", caret.0, caret.1)}</span>
                {props.actions.clone()}
                <button type="button" class="btn btn-small" onclick={format} disabled={props.disabled || hidden}
                    title="Pretty-print the JSON with two-space indentation (undo with Ctrl+Z)">{"Format"}</button>
            </div>
            <div class="editor-body">
                <div class={classes!("gutter", gutter_width)} aria-hidden="true"><div class="gutter-inner" ref={gutter_ref}>{gutter}</div></div>
                <div class="code">
                    <pre class="overlay" aria-hidden="true"><code class="overlay-inner" ref={overlay_ref}>{overlay}{" "}</code></pre>
                    <textarea
                        ref={ta_ref}
                        id={props.id.clone()}
                        class="code-input"
                        aria-label={props.label.clone()}
                        aria-describedby={describe.clone()}
                        spellcheck="false"
                        autocomplete="off"
                        autocapitalize="off"
                        wrap="off"
                        disabled={props.disabled}
                        placeholder={props.placeholder.clone()}
                        hidden={hidden}
                        {oninput} {onscroll} {onkeydown} {onkeyup} {onmouseup} {onblur}
                    />
                    if hidden {
                        <div class="editor-hidden-text">
                            <p>{"The text is not shown: laying out this much text would freeze the page for seconds."}</p>
                            <p class="editor-hidden-actions">
                                if can_undo {
                                    <button type="button" class="btn btn-small" onclick={undo_large}
                                        title="Put back the text you had before">{"Undo"}</button>
                                }
                                <button type="button" class="btn btn-small" onclick={show_anyway}
                                    title="Show and edit the text here (the page may freeze for a few seconds)">
                                    {"Show it anyway"}
                                </button>
                            </p>
                        </div>
                    }
                </div>
            </div>
            if large {
                <p class="editor-limit" role="alert" data-testid="editor-too-large">
                    {format!(
                        "This text is {} KB. AWS accepts key policies up to 32 KB and IAM policies up to 10 KB, so no real \
                         policy is this large. Your text is kept and analysed; above {} KB it is shown only on request, \
                         without line numbers and underlines, to keep the page responsive.",
                        text.len() / 1024,
                        LARGE_TEXT_BYTES / 1024
                    )}
                </p>
            }
            <div class="editor-foot" id={describe}>
                if let Some((msg, _)) = (*status).clone().filter(|(_, at)| *at == text) {
                    <span class="editor-status" role="status">{msg}</span>
                } else {
                    <span class="editor-hint">{"Tab indents · Esc then Tab leaves the editor"}</span>
                }
            </div>
        </div>
    }
}
