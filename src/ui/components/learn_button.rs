//! The header's way into learn mode: opens the first lesson not completed yet.

use yew::prelude::*;

use crate::engine::lessons;
use crate::ui::state::{Action, LessonCmd};
use crate::ui::Store;

/// "Learn" button (hidden while a lesson is open: the lesson panel has its own navigation).
#[function_component]
pub fn LearnButton() -> Html {
    let Some(store) = use_context::<Store>() else { return Html::default() };
    if store.lesson.is_some() {
        return Html::default();
    }
    let next = (0..lessons::count()).find(|i| !store.lessons_done.contains(i)).unwrap_or(0);
    let onclick = {
        let d = store.dispatcher();
        Callback::from(move |_| d.dispatch(Action::Lesson(LessonCmd::Open(next))))
    };
    let done = store.lessons_done.len();
    let title = format!(
        "A short course: {} lessons, each a challenge the engine checks ({done} completed). Your work here stays as it is.",
        lessons::count()
    );
    html! {
        <button type="button" class="btn" data-testid="learn" {onclick} {title}>{"Learn"}</button>
    }
}
