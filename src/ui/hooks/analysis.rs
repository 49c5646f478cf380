//! Re-run the engine on the document after a short debounce (timers live here).

use std::rc::Rc;

use gloo_timers::callback::Timeout;
use yew::prelude::*;

use crate::engine::Analysis;
use crate::ui::state::{Action, State};

/// Milliseconds between the last keystroke and the analysis. Issue 8's budget is 100 ms from
/// an edit to the updated matrix, debounce included; rendering the matrix and panels after an
/// analysis took about 30 ms in the browser benchmark (`tests/e2e/perf.mjs`), so 80 ms missed it.
pub const DEBOUNCE_MS: u32 = 40;

/// Analyse the scenario built from the document: at once on start, then `DEBOUNCE_MS`
/// after each change. The result is dispatched as [`Action::Analyzed`]. Policies whose text did
/// not change since the last good analysis are not read again ([`Analysis::update`]).
#[hook]
pub fn use_analysis(state: &State, dispatch: Callback<Action>) {
    let started = use_mut_ref(|| false);
    let doc = state.doc.clone();
    let previous = state.analysis.clone();
    use_effect_with(state.edit_rev, move |&rev| {
        let delay = if *started.borrow() { DEBOUNCE_MS } else { 0 };
        *started.borrow_mut() = true;
        let timer = Timeout::new(delay, move || {
            let scenario = doc.to_scenario();
            let analysis = match &previous {
                Some(p) => p.update(&scenario),
                None => Analysis::new(&scenario),
            };
            let result = analysis.map(Rc::new).map_err(|e| match (e.line, e.column) {
                (Some(l), Some(c)) => format!("{} (line {l}, column {c})", e.message),
                _ => e.message.clone(),
            });
            dispatch.emit(Action::Analyzed { rev, result });
        });
        move || drop(timer)
    });
}
