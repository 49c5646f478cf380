//! Learn mode's browser IO: the completed lessons in `localStorage`, and `?lesson=N` on the
//! URL following the open lesson (so each lesson has its own link, and a reload reopens it).

use wasm_bindgen::JsValue;
use yew::prelude::*;

use super::{storage, url};
use crate::ui::state::State;

/// Completed lessons: a JSON array of 1-based lesson numbers.
pub const LESSONS_DONE_KEY: &str = "kmsplay:v1:lessons-done";

/// `?lesson=N` from the URL (1-based, as given; `None` when absent or not a number).
pub fn query_lesson() -> Option<usize> {
    url::query_param("lesson")?.trim().parse().ok()
}

/// The completed lessons saved earlier (0-based indexes).
pub fn read_lessons_done() -> Vec<usize> {
    let Some(text) = storage::get(LESSONS_DONE_KEY) else { return Vec::new() };
    let numbers: Vec<usize> = serde_json::from_str(&text).unwrap_or_default();
    let mut done: Vec<usize> = numbers.into_iter().filter(|n| *n >= 1).map(|n| n - 1).collect();
    done.sort_unstable();
    done.dedup();
    done
}

/// The page's address with `?lesson=N` set (or removed) and the fragment given.
fn lesson_url(lesson: Option<usize>, fragment: &str) -> Option<String> {
    let loc = web_sys::window()?.location();
    let params = web_sys::UrlSearchParams::new_with_str(&url::search()).ok()?;
    match lesson {
        Some(n) => params.set("lesson", &n.to_string()),
        None => params.delete("lesson"),
    }
    let query = String::from(params.to_string());
    let query = if query.is_empty() { String::new() } else { format!("?{query}") };
    Some(format!("{}{query}{fragment}", loc.pathname().ok()?))
}

/// Keep `?lesson=N` in step with the open lesson (no fragment while a lesson is open: the
/// lesson's link is the whole state), and save the completed lessons when they change.
#[hook]
pub fn use_lessons_sync(state: &State) {
    let open = state.lesson.as_ref().map(|l| l.index + 1);
    use_effect_with(open, move |open| {
        let in_url = query_lesson();
        if in_url != *open {
            let fragment = if open.is_some() { String::new() } else { url::hash() };
            if let (Some(href), Some(history)) =
                (lesson_url(*open, &fragment), web_sys::window().and_then(|w| w.history().ok()))
            {
                let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&href));
            }
        }
    });
    let done = state.lessons_done.clone();
    let embed = state.embed;
    use_effect_with(done, move |done| {
        if !embed {
            let numbers: Vec<usize> = done.iter().map(|i| i + 1).collect();
            let stored = read_lessons_done();
            if stored != *done {
                let _ = storage::set(LESSONS_DONE_KEY, &serde_json::to_string(&numbers).unwrap_or_default());
            }
        }
    });
}
