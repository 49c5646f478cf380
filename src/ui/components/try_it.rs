//! "Try it": the AWS CLI commands that make the explained call for real (`engine::tryit`),
//! one step per block with a copy button, and the whole as a script.

use yew::prelude::*;

use crate::engine::eval;
use crate::engine::tryit::{self, TryRequest};
use crate::ui::hooks::clipboard::{use_clipboard, CopyStatus};
use crate::ui::state::Explained;
use crate::ui::Store;

/// The Try it section of the explanation (nothing while no analysis is there).
#[function_component]
pub fn TryIt() -> Html {
    let store = use_context::<Store>();
    let (copy, status) = use_clipboard();
    let copied = use_state(|| None::<usize>);
    let Some(store) = store else { return Html::default() };
    let (Some(analysis), Some(explained)) = (store.analysis.as_ref(), store.explained.as_ref()) else {
        return Html::default();
    };
    let sc = analysis.scenario();
    let request = match explained {
        Explained::Cell(p, a) => eval::cell_request(p, a),
        Explained::Request(i) => match sc.requests.get(*i) {
            Some(r) => r.clone(),
            None => return Html::default(),
        },
    };
    let steps = tryit::steps(&TryRequest::from_request(sc, &request));
    let script = tryit::script(&steps);
    let copy_button = |n: usize, text: String, label: String, visible: &'static str| {
        let done = *copied == Some(n) && status == Some(CopyStatus::Copied);
        let copy = copy.clone();
        let copied = copied.clone();
        let onclick = Callback::from(move |_| {
            copied.set(Some(n));
            copy.emit(text.clone());
        });
        html! {
            <button type="button" class="btn btn-small try-copy" aria-label={label} {onclick}>
                { if done { "Copied" } else { visible } }
            </button>
        }
    };
    let total = steps.len();
    html! {
        <details class="try-it" data-testid="try-it">
            <summary class="try-it-summary">{"Try it with the AWS CLI"}</summary>
            <p class="muted try-it-note">
                {"Run these in bash with AWS CLI v2 to make this call for real. --profile names a profile in ~/.aws/config \
                  with the caller's credentials (named after its account here: rename it to yours); files such as \
                  ciphertext.bin and variables such as $GRANT_ID are placeholders."}
            </p>
            <ol class="try-steps">
                { for steps.iter().enumerate().map(|(i, s)| html! {
                    <li class="try-step">
                        <p class="try-comment">{s.comment.clone()}</p>
                        if !s.command.is_empty() {
                            <div class="try-command">
                                <pre class="fix-code try-code"><code>{s.command.clone()}</code></pre>
                                { copy_button(i, s.command.clone(), format!("Copy command {} of {total}", i + 1), "Copy") }
                            </div>
                        }
                    </li>
                }) }
            </ol>
            <div class="try-actions">
                { copy_button(usize::MAX, script, "Copy all steps as a script".to_string(), "Copy all as a script") }
                if status == Some(CopyStatus::Failed) {
                    <span class="muted" role="status">{"The browser refused the clipboard: select the text and copy it by hand."}</span>
                }
            </div>
        </details>
    }
}
