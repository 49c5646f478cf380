//! The root: creates the store, runs the IO hooks, lays out the panes.

use yew::prelude::*;

use super::explanation::Explanation;
use super::findings::Findings;
use super::grants_panel::GrantsPanel;
use super::header::Header;
use super::key_panel::KeyPanel;
use super::lesson_panel::LessonPanel;
use super::matrix::AccessMatrix;
use super::notice_bar::NoticeBar;
use super::principals_panel::PrincipalsPanel;
use super::request_context::RequestContext;
use super::requests::Requests;
use super::scenario_info::ScenarioInfo;
use crate::ui::hooks::analysis::use_analysis;
use crate::ui::hooks::boot::read_boot;
use crate::ui::hooks::lessons::use_lessons_sync;
use crate::ui::hooks::storage::use_autosave;
use crate::ui::hooks::theme::use_theme;
use crate::ui::hooks::title::use_document_title;
use crate::ui::hooks::url::{url_with_fragment, use_url_sync};
use crate::ui::share::encode_fragment_json;
use crate::ui::state::{Action, State};
use crate::ui::Store;

/// The whole app.
#[function_component]
pub fn App() -> Html {
    let store: Store = use_reducer(|| State::boot(read_boot()));
    let dispatch = {
        let d = store.dispatcher();
        use_memo((), move |_| Callback::from(move |a: Action| d.dispatch(a)))
    };
    use_analysis(&store, (*dispatch).clone());
    use_lessons_sync(&store);
    // the state as JSON, written once per change for the link and the autosave
    let saved_json = use_memo((store.edit_rev, store.view.clone()), |_| store.saved().to_json());
    use_url_sync(&store, saved_json.clone(), (*dispatch).clone());
    use_autosave(&store, saved_json.clone(), (*dispatch).clone());
    let dark = use_theme(store.theme, !store.embed);
    use_document_title(&store.doc.title);

    let editors = html! {
        <>
            <KeyPanel />
            <PrincipalsPanel />
        </>
    };
    let results = html! {
        <section class="pane pane-results" aria-label="Results">
            <ScenarioInfo />
            <AccessMatrix />
            <Explanation />
            <Requests />
            <RequestContext />
            <GrantsPanel />
            <Findings />
        </section>
    };
    // the fragment holds the state: move focus without touching the URL
    let skip = Callback::from(|e: MouseEvent| {
        e.prevent_default();
        let target = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("results"))
            .and_then(|el| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el).ok());
        if let Some(el) = target {
            let _ = el.focus();
        }
    });
    // the embedded view's "Open in kmsplay" link: compressed once per change, not per render
    let full_link =
        use_memo((store.embed, saved_json.clone(), store.link_options.clone()), |(embed, json, options)| {
            embed.then(|| {
                let mut options = options.clone();
                options.retain(|(k, _)| k != "embed");
                url_with_fragment(&encode_fragment_json(json, &options))
            })
        });
    let body = if store.embed {
        let full = (*full_link).clone().unwrap_or_default();
        html! {
            <div class="app embed" data-dark={dark.to_string()}>
                <NoticeBar />
                <main class="layout-embed">
                    {results}
                    <details class="embed-editors">
                        <summary>{"Policies"}</summary>
                        <div class="layout-editors">{editors}</div>
                    </details>
                    <p class="embed-open">
                        <a href={full} target="_blank" rel="noopener">{"Open in kmsplay ↗"}</a>
                    </p>
                </main>
            </div>
        }
    } else {
        html! {
            <div class="app" data-dark={dark.to_string()}>
                <a class="skip-link" href="#results" onclick={skip}>{"Skip to results"}</a>
                <Header dark={dark} />
                <NoticeBar />
                <LessonPanel />
                <main class="layout">
                    {editors}
                    <div id="results" class="results-anchor" tabindex="-1"></div>
                    {results}
                </main>
                <footer class="footer">
                    {"Everything runs in this page: no policy ever leaves your browser. "}
                    {"Decisions model AWS KMS authorization; check them against AWS before relying on them."}
                </footer>
            </div>
        }
    };
    html! {
        <ContextProvider<Store> context={store.clone()}>
            {body}
        </ContextProvider<Store>>
    }
}
