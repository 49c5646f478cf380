//! Re-run the engine on the document after a short debounce (timers live here).

use gloo_timers::callback::Timeout;
use yew::prelude::*;

use crate::ui::state::{analyse, Action, State};

/// Milliseconds between the last keystroke and the analysis. Issue 8's budget is 100 ms from
/// an edit to the updated matrix, debounce included; rendering the matrix and panels after an
/// analysis took about 30 ms in the browser benchmark (`tests/e2e/perf.mjs`), so 80 ms missed it.
pub const DEBOUNCE_MS: u32 = 40;

/// Analyse the document `DEBOUNCE_MS` after each change (the first state comes analysed from
/// [`State::boot`], so the first render already shows the matrix). The result is dispatched as
/// [`Action::Analyzed`]. Policies whose text did not change since the last good analysis are
/// not read again ([`Analysis::update`]).
#[hook]
pub fn use_analysis(state: &State, dispatch: Callback<Action>) {
    let doc = state.doc.clone();
    let previous = state.analysis.clone();
    let analyzed = state.analyzed_rev;
    use_effect_with(state.edit_rev, move |&rev| {
        let timer = (analyzed != Some(rev)).then(|| {
            Timeout::new(DEBOUNCE_MS, move || {
                dispatch.emit(Action::Analyzed { rev, result: analyse(&doc, previous.as_deref()) });
            })
        });
        move || drop(timer)
    });
}
