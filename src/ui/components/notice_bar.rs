//! Banner messages (a link that could not be opened, restored work, storage problems), and
//! the Undo offered after a Reset, an example switch or a shared link replaced edited work.

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
    let undo = {
        let d = store.dispatcher();
        Callback::from(move |_| d.dispatch(Action::RestorePrevious))
    };
    let (class, role) = match notice.kind {
        NoticeKind::Error => ("notice notice-error", "alert"),
        NoticeKind::Info | NoticeKind::Undo => ("notice notice-info", "status"),
    };
    let kind = match notice.kind {
        NoticeKind::Error => "error",
        NoticeKind::Info => "info",
        NoticeKind::Undo => "undo",
    };
    let offers_undo = notice.kind == NoticeKind::Undo && store.previous.is_some();
    html! {
        <div class={class} role={role} data-testid="notice" data-kind={kind}>
            <span>{notice.text}</span>
            if offers_undo {
                <span class="notice-actions">
                    <button type="button" class="btn btn-small btn-accent" data-testid="undo" onclick={undo}>
                        {"Undo"}
                    </button>
                    <button type="button" class="btn btn-small" data-testid="keep" onclick={dismiss.clone()}>
                        {"Keep"}
                    </button>
                </span>
            }
            <button type="button" class="btn btn-icon" onclick={dismiss} aria-label="Dismiss message">{"×"}</button>
        </div>
    }
}
