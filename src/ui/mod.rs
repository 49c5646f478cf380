//! The Yew single-page app: key policy and IAM policies side by side, the access matrix,
//! explanations and findings, evaluated in the page by the engine (SPEC sections 1 and 6).
//!
//! - [`state`]: the one reducer store (pure; every transition is an [`state::Action`]);
//! - [`doc`], [`share`], [`text`]: pure models (document, link/autosave codec, text maths);
//! - [`hooks`]: all browser IO (URL, storage, timers, clipboard, `matchMedia`, textarea);
//! - `components`: one component per file, reading the store from a context.

pub mod doc;
pub mod hooks;
pub mod scenario_edit;
pub mod share;
pub mod state;
pub mod text;

mod components;

pub use components::app::App;

/// The store as components see it (through a `ContextProvider`).
pub type Store = yew::UseReducerHandle<state::State>;

/// Mount the app on `<div id="app">` (or the body), replacing its loading message.
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        let msg = format!("kmsplay stopped: {info}");
        web_sys::console::error_1(&msg.into());
        if let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()) {
            let _ = body.set_attribute("data-crashed", "true");
        }
    }));
    let root = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("app"));
    match root {
        Some(root) => {
            root.set_inner_html("");
            yew::Renderer::<App>::with_root(root).render();
        }
        None => {
            yew::Renderer::<App>::new().render();
        }
    }
}
