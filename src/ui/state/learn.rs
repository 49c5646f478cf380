//! Learn mode in the store: the open lesson, its goals (checked after every analysis),
//! hints, the solution, and the completed lessons.
//!
//! A lesson replaces the document while it is open; the playground work it replaced is kept
//! in [`LessonState::playground`] and comes back when the lesson is left (or an example, a
//! link or "Restore previous work" is loaded). Lesson edits are never autosaved, so they
//! never overwrite the playground's autosave; reopening a lesson starts it afresh.

use std::rc::Rc;

use super::{Action, State};
use crate::engine::lessons::{self, GoalStatus, Lesson};
use crate::engine::report::Edit;
use crate::engine::span::{LineIndex, Position, Range};
use crate::ui::share::{Saved, View};

/// What the learner can do in learn mode.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LessonCmd {
    /// Open lesson `i` (0-based).
    Open(usize),
    /// Leave learn mode: the playground work comes back.
    Close,
    /// Start the open lesson over.
    Restart,
    /// Reveal the next hint.
    Hint,
    /// Apply the solution (undoable edits in the editors).
    ShowSolution,
}

/// The open lesson.
#[derive(Clone, Debug)]
pub struct LessonState {
    /// Its index (0-based; the URL says `?lesson=index+1`).
    pub index: usize,
    /// The lesson.
    pub lesson: Rc<Lesson>,
    /// Status of each goal for the latest analysis of the lesson's document (empty before).
    pub goals: Vec<GoalStatus>,
    /// `edit_rev` when the lesson was (re)loaded: older analyses are about another document.
    pub opened_rev: u64,
    /// Analyses of edited text that left a goal unmet.
    pub attempts: u32,
    /// How many hints are shown.
    pub hints_shown: usize,
    /// The learner asked for the solution.
    pub solution_shown: bool,
    /// The work the lesson replaced.
    pub playground: Rc<Saved>,
}

impl LessonState {
    /// Whether every goal is met (false before the first analysis).
    pub fn all_met(&self) -> bool {
        !self.goals.is_empty() && self.goals.iter().all(|g| g.met)
    }

    /// Whether the hint button is offered: the learner has tried and a hint is left.
    pub fn hint_available(&self) -> bool {
        self.attempts > 0 && self.hints_shown < self.lesson.hints.len() && !self.all_met()
    }
}

/// The document of a lesson's starting scenario.
fn lesson_saved(lesson: &Lesson) -> Result<Saved, String> {
    let mut saved = Saved::from_value(&lesson.scenario)?;
    saved.view = View::default();
    Ok(saved)
}

/// An edit replacing the whole of `text`.
fn replace_all(text: &str, with: &str) -> Edit {
    let start = Position { line: 1, column: 1, offset: 0 };
    let end = LineIndex::new(text).position(text.len());
    Edit { range: Range { start, end }, text: with.to_string() }
}

impl State {
    /// Run before every action: loading other work leaves the lesson first (so the
    /// playground, not the lesson, becomes the restorable previous work), and Reset starts
    /// the lesson over. `None` when the action was handled here.
    pub(super) fn learn_before(&mut self, action: Action) -> Option<Action> {
        if self.lesson.is_none() {
            return Some(action);
        }
        match action {
            Action::LoadExample(_) | Action::Load(..) | Action::RestorePrevious => {
                self.close_lesson();
                Some(action)
            }
            Action::Reset => {
                self.lesson_command(LessonCmd::Restart);
                None
            }
            other => Some(other),
        }
    }

    /// Run after every action: an analysis of the lesson's document checks its goals.
    pub(super) fn learn_after(&mut self, analyzed: Option<u64>) {
        let Some(rev) = analyzed else { return };
        let (Some(analysis), None) = (self.analysis.clone(), self.error.as_ref()) else { return };
        let edit_rev = self.edit_rev;
        let Some(ls) = self.lesson.as_mut() else { return };
        if rev < ls.opened_rev || rev != edit_rev {
            return;
        }
        ls.goals = ls.lesson.check(&analysis, &self.report.findings);
        let done = ls.all_met();
        if !done && rev > ls.opened_rev {
            ls.attempts += 1;
        }
        let index = ls.index;
        if done && !self.lessons_done.contains(&index) {
            self.lessons_done.push(index);
            self.lessons_done.sort_unstable();
        }
    }

    /// Apply a learn-mode command.
    pub(super) fn lesson_command(&mut self, cmd: LessonCmd) {
        match cmd {
            LessonCmd::Open(i) => self.open_lesson(i),
            LessonCmd::Close => self.close_lesson(),
            LessonCmd::Restart => {
                if let Some(i) = self.lesson.as_ref().map(|l| l.index) {
                    self.open_lesson(i);
                }
            }
            LessonCmd::Hint => {
                if let Some(ls) = self.lesson.as_mut() {
                    if ls.hints_shown < ls.lesson.hints.len() {
                        ls.hints_shown += 1;
                    }
                }
            }
            LessonCmd::ShowSolution => {
                let Some(ls) = self.lesson.as_mut() else { return };
                ls.solution_shown = true;
                let solution = ls.lesson.solution.clone();
                let changes: Vec<(String, Vec<Edit>)> = solution
                    .iter()
                    .filter_map(|(id, text)| {
                        let target = self.doc.resolve(id)?;
                        let current = self.doc.text(target)?;
                        (current != text).then(|| (id.clone(), vec![replace_all(current, text)]))
                    })
                    .collect();
                self.apply(Action::ApplyFix(changes));
            }
        }
    }

    fn open_lesson(&mut self, i: usize) {
        let lesson = match lessons::lesson(i) {
            Ok(l) => l,
            Err(e) => {
                self.notice = Some(super::Notice { kind: super::NoticeKind::Error, text: e });
                return;
            }
        };
        let saved = match lesson_saved(&lesson) {
            Ok(s) => s,
            Err(e) => {
                self.notice = Some(super::Notice { kind: super::NoticeKind::Error, text: e });
                return;
            }
        };
        let playground = match self.lesson.take() {
            Some(ls) => ls.playground,
            None => Rc::new(self.saved()),
        };
        self.replace_doc(saved);
        self.lesson = Some(LessonState {
            index: i,
            lesson: Rc::new(lesson),
            goals: Vec::new(),
            opened_rev: self.edit_rev,
            attempts: 0,
            hints_shown: 0,
            solution_shown: false,
            playground,
        });
    }

    fn close_lesson(&mut self) {
        if let Some(ls) = self.lesson.take() {
            self.replace_doc((*ls.playground).clone());
        }
    }

    /// Show `saved` without touching the restorable previous work.
    fn replace_doc(&mut self, saved: Saved) {
        self.doc = Rc::new(saved.doc);
        self.view = saved.view;
        self.explained = self.view.cell.clone().map(|(p, a)| super::Explained::Cell(p, a));
        self.explanation = None;
        self.error = None;
        self.notice = None;
        self.replaced();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Analysis;
    use crate::ui::state::{example_saved, Boot};

    fn analyze(s: &mut State) {
        let a = Analysis::new(&s.doc.to_scenario()).map(Rc::new).map_err(|e| e.message);
        let rev = s.edit_rev;
        s.apply(Action::Analyzed { rev, result: a });
    }

    #[test]
    fn a_lesson_keeps_the_playground_and_gives_it_back() {
        let mut mine = example_saved("key-policy-precedence").unwrap();
        mine.doc.key_arn = "arn:aws:kms:us-east-1:111122223333:key/mine".into();
        let mut s = State::boot(Boot { autosave: Some(mine), lesson: Some(1), ..Boot::default() });
        assert_eq!(s.lesson.as_ref().map(|l| l.index), Some(0));
        assert_ne!(s.doc.key_arn, "arn:aws:kms:us-east-1:111122223333:key/mine");
        s.apply(Action::Lesson(LessonCmd::Open(1)));
        s.apply(Action::Lesson(LessonCmd::Close));
        assert!(s.lesson.is_none());
        assert_eq!(s.doc.key_arn, "arn:aws:kms:us-east-1:111122223333:key/mine");
        assert!(s.previous.is_none(), "the lesson is not kept as previous work");
    }

    #[test]
    fn loading_an_example_leaves_the_lesson_and_keeps_the_playground_restorable() {
        let mut mine = example_saved("key-policy-precedence").unwrap();
        mine.doc.key_arn = "arn:aws:kms:us-east-1:111122223333:key/mine".into();
        let mut s = State::boot(Boot { autosave: Some(mine), lesson: Some(2), ..Boot::default() });
        s.apply(Action::LoadExample("cross-account-direct".into()));
        assert!(s.lesson.is_none());
        assert_eq!(
            s.previous.as_ref().map(|p| p.doc.key_arn.as_str()),
            Some("arn:aws:kms:us-east-1:111122223333:key/mine")
        );
    }

    #[test]
    fn goals_are_checked_after_analysis_and_the_solution_completes_the_lesson() {
        let mut s = State::boot(Boot { lesson: Some(1), ..Boot::default() });
        analyze(&mut s);
        let ls = s.lesson.as_ref().unwrap();
        assert_eq!(ls.goals.iter().map(|g| g.met).collect::<Vec<_>>(), [false, false, true]);
        assert!(!ls.hint_available(), "no hint before the learner tried");
        // an edit that does not solve it is a failed attempt: a hint is offered
        s.apply(Action::EditPolicy(crate::ui::doc::PolicyRef::Key, "{}".into()));
        analyze(&mut s);
        assert!(s.lesson.as_ref().unwrap().hint_available());
        s.apply(Action::Lesson(LessonCmd::Hint));
        assert_eq!(s.lesson.as_ref().unwrap().hints_shown, 1);
        // the solution goes to the key policy editor as an undoable edit
        s.apply(Action::Lesson(LessonCmd::ShowSolution));
        let pending = s.pending_edits.first().unwrap().clone();
        let text = crate::ui::text::apply_edits(&s.doc.key_policy, &pending.edits);
        s.apply(Action::EditPolicy(crate::ui::doc::PolicyRef::Key, text));
        s.apply(Action::EditsDone(pending.seq));
        analyze(&mut s);
        assert!(s.lesson.as_ref().unwrap().all_met());
        assert_eq!(s.lessons_done, vec![0]);
    }

    #[test]
    fn a_stale_analysis_does_not_check_a_new_lesson() {
        let mut s = State::boot(Boot { lesson: Some(1), ..Boot::default() });
        let old = Analysis::new(&s.doc.to_scenario()).map(Rc::new).map_err(|e| e.message);
        let old_rev = s.edit_rev;
        s.apply(Action::Lesson(LessonCmd::Open(5)));
        s.apply(Action::Analyzed { rev: old_rev, result: old });
        assert!(s.lesson.as_ref().unwrap().goals.is_empty());
    }

    #[test]
    fn a_lesson_number_out_of_range_says_so() {
        let s = State::boot(Boot { lesson: Some(99), ..Boot::default() });
        assert!(s.lesson.is_none());
        assert!(s.notice.as_ref().is_some_and(|n| n.text.contains("99")));
    }
}
