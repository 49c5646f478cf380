//! Title and description of the loaded scenario, and the engine's scenario error.

use yew::prelude::*;

use crate::ui::Store;

/// The scenario's title and description.
#[function_component]
pub fn ScenarioInfo() -> Html {
    let Some(store) = use_context::<Store>() else { return Html::default() };
    let title = if store.doc.title.is_empty() { "Untitled scenario".to_string() } else { store.doc.title.clone() };
    html! {
        <div class="scenario-info">
            <h1 class="scenario-title" data-testid="scenario-title">{title}</h1>
            if !store.doc.description.is_empty() {
                <p class="scenario-description" data-testid="scenario-description">{store.doc.description.clone()}</p>
            }
            if let Some(err) = store.error.clone() {
                <div class="notice notice-error" role="alert" data-testid="scenario-error">
                    <strong>{"The scenario cannot be analysed: "}</strong>{err}
                    if store.analysis.is_some() {
                        <span class="muted">{" The results below are from the last version that could."}</span>
                    }
                </div>
            }
        </div>
    }
}
