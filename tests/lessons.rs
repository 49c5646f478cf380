//! Learn mode (`www/lessons/`, `kmsplay::engine::lessons`): every lesson's solution meets all
//! of its goals, its starting scenario misses at least one, and plausible wrong answers miss
//! the goal whose pinned reason the lesson teaches.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use kmsplay::engine::lessons::{self, GoalCheck, Lesson};
use kmsplay::engine::{Analysis, Severity};
use serde_json::Value;

fn met(lesson: &Lesson, scenario: &Value) -> Vec<bool> {
    lesson.check_scenario(scenario).unwrap().iter().map(|s| s.met).collect()
}

/// The solved scenario with `from` replaced by `to` in the text of policy `id`.
fn solved_with(lesson: &Lesson, id: &str, from: &str, to: &str) -> Value {
    let mut sc = lesson.solved_scenario();
    let slot = lessons::policy_slot(&mut sc, id).unwrap();
    let text = match &*slot {
        Value::String(s) => s.clone(),
        other => serde_json::to_string_pretty(other).unwrap(),
    };
    assert!(text.contains(from), "{}: `{from}` is not in {id}", lesson.slug);
    *slot = Value::String(text.replace(from, to));
    sc
}

#[test]
fn every_file_in_the_folder_is_a_lesson_in_order() {
    let mut files: Vec<String> = std::fs::read_dir("www/lessons")
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().trim_end_matches(".json").to_string())
        .collect();
    files.sort();
    let slugs: Vec<&str> = lessons::LESSONS.iter().map(|(s, _)| *s).collect();
    assert_eq!(files, slugs);
    assert!(slugs.len() >= 6);
    for (i, slug) in slugs.iter().enumerate() {
        assert!(slug.starts_with(&format!("{:02}-", i + 1)), "{slug} is out of order");
    }
}

#[test]
fn every_lesson_reads_and_is_complete() {
    for (i, lesson) in lessons::all().unwrap().iter().enumerate() {
        let s = &lesson.slug;
        assert!(!lesson.title.is_empty() && !lesson.text.is_empty(), "{s}: title and text");
        assert!(lesson.goals.len() >= 3, "{s}: at least three goals");
        assert!(!lesson.hints.is_empty(), "{s}: at least one hint");
        assert!(!lesson.solution.is_empty(), "{s}: a solution");
        assert!(
            lesson.goals.iter().any(|g| match &g.check {
                GoalCheck::Request { because, .. } => because.is_some(),
                GoalCheck::NoFinding(_) => true,
            }),
            "{s}: at least one goal pins a reason or a finding"
        );
        assert_eq!(lesson.scenario.get("format").and_then(Value::as_str), Some("kmsplay/v1"), "{s}");
        // the solution replaces policies that exist, and their text is what the app applies
        let solved = Analysis::new(&lesson.solved_scenario()).unwrap();
        for (id, text) in &lesson.solution {
            assert_eq!(solved.policy_text(id), Some(text.as_str()), "{s}: solution id {id}");
        }
        assert_eq!(lessons::lesson(i).unwrap().slug, *s);
    }
    assert!(lessons::lesson(lessons::count()).is_err());
}

#[test]
fn every_solution_meets_every_goal() {
    for lesson in lessons::all().unwrap() {
        let status = lesson.check_scenario(&lesson.solved_scenario()).unwrap();
        for (goal, st) in lesson.goals.iter().zip(&status) {
            assert!(st.met, "{}: the solution misses \"{}\" (now {})", lesson.slug, goal.text, st.now);
        }
        let errors: Vec<String> = Analysis::new(&lesson.solved_scenario())
            .unwrap()
            .findings()
            .into_iter()
            .filter(|f| f.severity == Severity::Error)
            .map(|f| f.code)
            .collect();
        assert!(errors.is_empty(), "{}: the solution has error findings {errors:?}", lesson.slug);
    }
}

#[test]
fn every_start_misses_a_goal() {
    for lesson in lessons::all().unwrap() {
        let m = met(&lesson, &lesson.scenario);
        assert!(m.iter().any(|ok| !ok), "{}: the starting scenario already meets every goal", lesson.slug);
    }
}

/// What each lesson's start misses: the goals the learner has to work for.
#[test]
fn starts_miss_the_goals_the_lesson_is_about() {
    let expected: [&[bool]; 6] = [
        &[false, false, true],
        &[false, false, true],
        &[false, true, false, false],
        &[true, true, true, false, false],
        &[false, true, true],
        &[true, false, true, false],
    ];
    for (lesson, want) in lessons::all().unwrap().iter().zip(expected) {
        assert_eq!(met(lesson, &lesson.scenario), want, "{}", lesson.slug);
    }
}

#[test]
fn lesson_1_wants_the_iam_policy_to_count_not_a_direct_key_policy_grant() {
    let l = lessons::lesson(0).unwrap();
    // naming role app in the key policy allows Decrypt, but not through its IAM policy
    let sc = solved_with(&l, "key-policy", "arn:aws:iam::111122223333:root", "arn:aws:iam::111122223333:role/app");
    let status = l.check_scenario(&sc).unwrap();
    assert_eq!(status[0].now, "allow");
    assert!(!status[0].met, "the pinned reason (allowed-by identity) must fail");
    assert!(!status[2].met, "kms:* to the role itself also lets it schedule deletion");
}

#[test]
fn lesson_2_trusting_the_whole_account_lets_other_role_in() {
    let l = lessons::lesson(1).unwrap();
    let sc = solved_with(&l, "key-policy", "444455556666:role/ExampleRole", "444455556666:root");
    assert_eq!(met(&l, &sc), [true, true, false]);
    // and the key policy alone is not enough: without the IAM side ExampleRole stays out
    let mut sc = l.scenario.clone();
    let key = l.solution.iter().find(|(id, _)| id == "key-policy").unwrap().1.clone();
    *lessons::policy_slot(&mut sc, "key-policy").unwrap() = Value::String(key);
    assert_eq!(met(&l, &sc), [false, false, true]);
}

#[test]
fn lesson_3_wrong_partition_never_matches() {
    let l = lessons::lesson(2).unwrap();
    let sc = solved_with(&l, "key-policy", "arn:aws-cn:iam::444455556666", "arn:aws:iam::444455556666");
    assert_eq!(met(&l, &sc), [false, true, true, false]);
    let sc = solved_with(&l, "key-policy", "\"kms:DescribeKey\"", "\"kms:DescribeKey\",\n \"kms:PutKeyPolicy\"");
    assert_eq!(met(&l, &sc), [true, true, false, true]);
}

#[test]
fn lesson_4_the_grant_allows_without_any_policy() {
    let l = lessons::lesson(3).unwrap();
    let solved = l.check_scenario(&l.solved_scenario()).unwrap();
    assert!(solved[0].met && solved[0].now == "allow");
    // without the grant, role app has nothing
    let mut sc = l.solved_scenario();
    sc.as_object_mut().unwrap().remove("grants");
    assert!(!met(&l, &sc)[0]);
}

#[test]
fn lesson_5_trusting_the_whole_account_lets_the_intern_in() {
    let l = lessons::lesson(4).unwrap();
    let trust = "trust:arn:aws:iam::123456789012:role/key-user";
    let sc = solved_with(&l, trust, "210987654321:user/dev", "210987654321:root");
    assert_eq!(met(&l, &sc), [true, true, false]);
    // opening the key policy to the other account instead breaks the "stays closed" goal
    let sc = solved_with(
        &l,
        "key-policy",
        "\"arn:aws:iam::123456789012:root\"",
        "[\"arn:aws:iam::123456789012:root\", \"arn:aws:iam::210987654321:root\"]",
    );
    assert!(!met(&l, &sc)[1]);
}

#[test]
fn lesson_6_removing_encrypt_from_iam_is_not_the_answer() {
    let l = lessons::lesson(5).unwrap();
    let mut sc = l.scenario.clone();
    for id in [
        "identity:arn:aws:iam::444455556666:role/app/use-key",
        "identity:arn:aws:iam::444455556666:user/Stuart/use-key",
    ] {
        let slot = lessons::policy_slot(&mut sc, id).unwrap();
        let text = serde_json::to_string_pretty(slot)
            .unwrap()
            .replace("\"kms:Decrypt\",\n", "\"kms:Decrypt\"\n")
            .replace("\"kms:Encrypt\"", "");
        *slot = Value::String(text);
    }
    let status = l.check_scenario(&sc).unwrap();
    assert_eq!(status[1].now, "implicit-deny");
    assert_eq!(status.iter().map(|s| s.met).collect::<Vec<_>>(), [true, false, true, false]);
}

#[test]
fn broken_lesson_files_are_errors_not_panics() {
    for text in ["", "{}", "[1]", r#"{"title":"t","text":[],"scenario":{},"goals":[],"solution":{}}"#] {
        assert!(lessons::parse_lesson("x", text).is_err(), "{text}");
    }
    let no_check = r#"{"title":"t","text":[],"scenario":{"key":{"arn":"arn:aws:kms:us-east-1:111122223333:key/k"}},
        "goals":[{"text":"g"}],"solution":{}}"#;
    assert!(lessons::parse_lesson("x", no_check).unwrap_err().contains("goal 1"));
    let bad_expect = r#"{"title":"t","text":[],"scenario":{"key":{"arn":"arn:aws:kms:us-east-1:111122223333:key/k"}},
        "goals":[{"text":"g","request":{"principal":"arn:aws:iam::111122223333:root","action":"kms:Decrypt"},"expect":"maybe"}],"solution":{}}"#;
    assert!(lessons::parse_lesson("x", bad_expect).is_err());
}
