//! Learn mode's panel: the open lesson's explanation, its goals (ticked live), hints, the
//! solution, and the way to the other lessons.

use yew::prelude::*;

use crate::engine::lessons;
use crate::ui::state::{Action, LessonCmd};
use crate::ui::Store;

fn lesson_titles() -> Vec<String> {
    (0..lessons::count())
        .map(|i| lessons::lesson(i).map_or_else(|_| format!("Lesson {}", i + 1), |l| l.title))
        .collect()
}

/// The lesson panel, shown while a lesson is open.
#[function_component]
pub fn LessonPanel() -> Html {
    let store = use_context::<Store>();
    let titles = use_memo((), |_| lesson_titles());
    let Some(store) = store else { return Html::default() };
    let Some(ls) = store.lesson.as_ref() else { return Html::default() };
    let cmd = |c: LessonCmd| {
        let d = store.dispatcher();
        Callback::from(move |_: MouseEvent| d.dispatch(Action::Lesson(c.clone())))
    };
    let count = lessons::count();
    let index = ls.index;
    let lesson = &ls.lesson;
    let all_met = ls.all_met();
    let goals = lesson.goals.iter().enumerate().map(|(k, goal)| {
        let status = ls.goals.get(k);
        let met = status.is_some_and(|s| s.met);
        let now = status.map(|s| s.now.clone()).unwrap_or_else(|| "checking…".to_string());
        html! {
            <li class={classes!("lesson-goal", met.then_some("met"))} data-testid="lesson-goal"
                data-met={met.to_string()}>
                <span class="goal-mark" aria-hidden="true">{ if met { "✓" } else { "○" } }</span>
                <span class="goal-text">{goal.text.clone()}</span>
                <span class="visually-hidden">{ if met { " (met)" } else { " (not met yet)" } }</span>
                <span class="goal-now">{now}</span>
            </li>
        }
    });
    let hints = lesson.hints.iter().take(ls.hints_shown).map(|h| html! { <li>{h.clone()}</li> });
    let hint_label = format!("Hint ({} of {})", (ls.hints_shown + 1).min(lesson.hints.len()), lesson.hints.len());
    let hint_title = if ls.hint_available() {
        "Show the next hint"
    } else if ls.hints_shown >= lesson.hints.len() {
        "Every hint is shown"
    } else {
        "Hints open up once you have tried an edit"
    };
    html! {
        <section class="lesson card" aria-labelledby="lesson-title" data-testid="lesson">
            <div class="lesson-head">
                <span class="lesson-count">{format!("Lesson {} of {count}", index + 1)}</span>
                <h2 id="lesson-title" class="lesson-title">{lesson.title.clone()}</h2>
                <button type="button" class="btn btn-small lesson-leave" onclick={cmd(LessonCmd::Close)}
                    title="Back to your own work in the playground">{"Leave lessons"}</button>
            </div>
            <div class="lesson-body">
                <div class="lesson-text">
                    { for lesson.text.iter().map(|p| html! { <p>{p.clone()}</p> }) }
                </div>
                <div class="lesson-goals-box">
                    <h3 class="lesson-sub">{"Goals"}</h3>
                    <ul class="lesson-goals" aria-live="polite">{ for goals }</ul>
                    if all_met {
                        <p class="lesson-done" role="status">
                            { if ls.solution_shown { "All goals met with the solution. " } else { "All goals met. Well done! " } }
                            if index + 1 < count {
                                <button type="button" class="btn btn-small btn-accent"
                                    onclick={cmd(LessonCmd::Open(index + 1))}>{"Next lesson →"}</button>
                            }
                        </p>
                    }
                    if ls.hints_shown > 0 {
                        <ol class="lesson-hints" aria-label="Hints">{ for hints }</ol>
                    }
                    <div class="lesson-actions">
                        <button type="button" class="btn btn-small" disabled={!ls.hint_available()}
                            onclick={cmd(LessonCmd::Hint)} title={hint_title}>{hint_label}</button>
                        <button type="button" class="btn btn-small" onclick={cmd(LessonCmd::ShowSolution)}
                            disabled={all_met} title="Apply a correct answer to the policies (Ctrl+Z undoes it)">
                            {"Show solution"}
                        </button>
                        <button type="button" class="btn btn-small" onclick={cmd(LessonCmd::Restart)}
                            title="Put the lesson's policies back as they were">{"Start over"}</button>
                    </div>
                </div>
            </div>
            <nav class="lesson-nav" aria-label="Lessons">
                <button type="button" class="btn btn-small" disabled={index == 0}
                    onclick={cmd(LessonCmd::Open(index.saturating_sub(1)))}>{"← Previous"}</button>
                <ol class="lesson-list">
                    { for titles.iter().enumerate().map(|(i, title)| {
                        let done = store.lessons_done.contains(&i);
                        let label = format!("Lesson {}: {title}{}", i + 1, if done { " (completed)" } else { "" });
                        html! {
                            <li>
                                <button type="button" class={classes!("lesson-dot", done.then_some("done"))}
                                    aria-current={(i == index).then_some("step")} aria-label={label.clone()}
                                    title={label} data-lesson={(i + 1).to_string()} data-done={done.to_string()}
                                    onclick={cmd(LessonCmd::Open(i))}>
                                    { if done { "✓".to_string() } else { (i + 1).to_string() } }
                                </button>
                            </li>
                        }
                    }) }
                </ol>
                <button type="button" class="btn btn-small" disabled={index + 1 >= count}
                    onclick={cmd(LessonCmd::Open(index + 1))}>{"Next →"}</button>
            </nav>
        </section>
    }
}
