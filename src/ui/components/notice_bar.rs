//! Banner messages (a link that could not be opened, restored work, storage problems).

use yew::prelude::*;

use crate::ui::state::{Action, NoticeKind};
use crate::ui::Store;

/// The banner, when there is something to say.
#[function_component]
pub fn NoticeBar() -> Html {
    let Some(store) = use_context::<Store>() else { return Html::default() };
    let Some(notice) = store.notice.clone() else { return Html::default() };
    let dismiss = {
        let d = store.dispatcher();
        Callback::from(move |_| d.dispatch(Action::SetNotice(None)))
    };
    let (class, role) = match notice.kind {
        NoticeKind::Error => ("notice notice-error", "alert"),
        NoticeKind::Info => ("notice notice-info", "status"),
    };
    html! {
        <div class={class} role={role} data-testid="notice">
            <span>{notice.text}</span>
            <button type="button" class="btn btn-icon" onclick={dismiss} aria-label="Dismiss message">{"×"}</button>
        </div>
    }
}
