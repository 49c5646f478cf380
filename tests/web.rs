//! Browser tests of the web app's pure parts and a mounted app (wasm-bindgen-test, Chrome):
//! `cargo test --target wasm32-unknown-unknown --no-default-features --features ui --test web`
#![cfg(all(target_arch = "wasm32", feature = "ui"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::rc::Rc;

use kmsplay::engine::examples::EXAMPLES;
use kmsplay::engine::Analysis;
use kmsplay::ui::doc::{NamedPolicy, PolicyRef, Principal};
use kmsplay::ui::share::{decode_fragment, encode_fragment, Fragment, Saved, View, MAX_STATE_BYTES};
use kmsplay::ui::state::{example_saved, Action, Boot, LoadSource, State};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn sample() -> Saved {
    let mut saved = example_saved(EXAMPLES[0].0).unwrap();
    saved.doc.key_policy = "{\n  \"Version\": \"2012-10-17\"\n  \"Statement\": []\n}".into();
    let mut p = Principal::new("arn:aws:iam::444455556666:user/élodie");
    p.policies.push(NamedPolicy { name: "use-key".into(), text: "{ \"Statement\": [] } 😀".into() });
    p.boundary = Some("{}".into());
    saved.doc.principals.push(p);
    saved.view = View {
        example: Some(EXAMPLES[0].0.into()),
        principal: 0,
        policy: 0,
        cell: Some(("arn:aws:iam::444455556666:user/élodie".into(), "kms:Decrypt".into())),
    };
    saved
}

#[wasm_bindgen_test]
fn share_link_round_trip() {
    let saved = sample();
    let options = vec![("embed".to_string(), "1".to_string())];
    let fragment = encode_fragment(&saved, &options);
    assert!(fragment.starts_with("v1."));
    match decode_fragment(&format!("#{fragment}")).unwrap() {
        Fragment::State(got, opts) => {
            assert_eq!(*got, saved);
            assert_eq!(opts, options);
        }
        Fragment::Empty(_) => panic!("the state was lost"),
    }
}

#[wasm_bindgen_test]
fn hostile_fragments_are_errors_not_panics() {
    let huge = "A".repeat(3 << 20);
    let bomb = {
        use base64::Engine as _;
        let zeros = vec![b'['; MAX_STATE_BYTES * 2];
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec_zlib(&zeros, 9))
    };
    for bad in [
        "#v1.".to_string(),
        "#v1.%%%".to_string(),
        "#v1.AAAAAAAA".to_string(),
        "#v1.eJzLSM3JyQcABiwCFQ".to_string(),
        format!("#v1.{huge}"),
        format!("#v1.{bomb}"),
        "#v9.abc".to_string(),
    ] {
        assert!(decode_fragment(&bad).is_err(), "accepted {}", &bad[..bad.len().min(20)]);
    }
    // a broken link leaves the saved work alone and says why
    let mine = sample();
    let state =
        State::boot(Boot { autosave: Some(mine.clone()), link: Some(Err("garbled".into())), ..Boot::default() });
    assert_eq!(*state.doc, mine.doc);
    assert!(state.notice.is_some());
}

#[wasm_bindgen_test]
fn reducer_transitions() {
    let mut s = State::from_saved(sample());
    let rev = s.edit_rev;
    s.apply(Action::EditPolicy(PolicyRef::Key, "{}".into()));
    assert_eq!(s.edit_rev, rev + 1);
    assert_eq!(s.doc.key_policy, "{}");

    let n = s.doc.principals.len();
    s.apply(Action::AddPrincipal);
    assert_eq!(s.doc.principals.len(), n + 1);
    assert_eq!(s.view.principal, n);
    s.apply(Action::SetPrincipalArn("arn:aws:iam::111122223333:role/renamed".into()));
    assert_eq!(s.doc.principals[n].arn, "arn:aws:iam::111122223333:role/renamed");
    s.apply(Action::AddPolicy);
    assert_eq!(s.view.policy, 1);
    s.apply(Action::RenamePolicy("second".into()));
    assert_eq!(s.doc.principals[n].policies[1].name, "second");
    s.apply(Action::RemovePrincipal(n));
    assert_eq!(s.doc.principals.len(), n);
    assert!(s.view.principal < n.max(1));

    // analysis results and errors
    let analysis = Rc::new(Analysis::new(&s.doc.to_scenario()).unwrap());
    s.apply(Action::Analyzed { rev: s.edit_rev, result: Ok(analysis) });
    assert!(s.analysis.is_some() && s.error.is_none());
    s.apply(Action::Analyzed { rev: s.edit_rev, result: Err("broken".into()) });
    assert!(s.analysis.is_some(), "the last good analysis is kept");
    assert_eq!(s.error.as_deref(), Some("broken"));

    // a cell explanation comes from the analysis
    s.apply(Action::SelectCell("arn:aws:iam::444455556666:user/élodie".into(), "kms:Decrypt".into()));
    assert_eq!(s.explanation.as_ref().map(|e| e.action.as_str()), Some("kms:Decrypt"));
    s.apply(Action::CloseExplanation);
    assert!(s.explanation.is_none());

    // loading over edited work keeps it restorable
    s.apply(Action::Load(Box::new(example_saved(EXAMPLES[1].0).unwrap()), LoadSource::Link));
    assert!(s.previous.is_some());
    s.apply(Action::RestorePrevious);
    assert_eq!(s.doc.key_policy, "{}");
}

#[wasm_bindgen_test]
async fn the_app_mounts_with_its_hooks() {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<kmsplay::ui::App>::with_root(root.clone()).render();
    // let the first render, effects and the first analysis (0 ms timer) run
    for _ in 0..20 {
        let p = js_sys::Promise::new(&mut |resolve, _| {
            web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 25).unwrap();
        });
        wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
    }
    for selector in [
        "textarea[aria-label=\"Key policy\"]",
        "textarea[aria-label=\"IAM policy\"]",
        "input[aria-label=\"Key ARN\"]",
        "input[aria-label=\"Principal ARN\"]",
        "select[aria-label=\"Example\"]",
        "[data-testid=\"access-matrix\"]",
        "[data-testid=\"findings\"]",
    ] {
        let n = root.query_selector_all(selector).unwrap().length();
        assert_eq!(n, 1, "{selector}");
    }
    let options = root.query_selector_all("select[aria-label=\"Example\"] option").unwrap();
    assert_eq!(options.length() as usize, EXAMPLES.len());
    for (i, (id, _)) in EXAMPLES.iter().enumerate() {
        let option: web_sys::Element = options.item(i as u32).unwrap().dyn_into().unwrap();
        assert_eq!(option.get_attribute("value").as_deref(), Some(*id));
    }
}

/// Learn mode in the store: a lesson opens over the playground, its goals are checked after
/// the analysis, the solution completes it, and leaving gives the playground back.
#[wasm_bindgen_test]
fn lesson_solution_completes_and_leaving_restores_the_playground() {
    use kmsplay::ui::state::LessonCmd;
    let analyze = |s: &mut State| {
        let rev = s.edit_rev;
        let result = Analysis::new(&s.doc.to_scenario()).map(Rc::new).map_err(|e| e.message);
        s.apply(Action::Analyzed { rev, result });
    };
    let mine = sample();
    let mut s = State::boot(Boot { autosave: Some(mine.clone()), lesson: Some(6), ..Boot::default() });
    analyze(&mut s);
    let met: Vec<bool> = s.lesson.as_ref().unwrap().goals.iter().map(|g| g.met).collect();
    assert_eq!(met, [true, false, true, false]);
    s.apply(Action::Lesson(LessonCmd::ShowSolution));
    let pending = s.pending_edits.clone();
    assert_eq!(pending.len(), 1, "the key policy editor applies the solution");
    let text = kmsplay::ui::text::apply_edits(&s.doc.key_policy, &pending[0].edits);
    s.apply(Action::EditPolicy(PolicyRef::Key, text));
    analyze(&mut s);
    assert!(s.lesson.as_ref().unwrap().all_met());
    assert_eq!(s.lessons_done, vec![5]);
    s.apply(Action::Lesson(LessonCmd::Close));
    assert!(s.lesson.is_none());
    assert_eq!(*s.doc, mine.doc);
}

/// Issue 6: request and grant edits go through the store, change the scenario the engine
/// reads (and so the answers), and survive the share-link round trip.
#[wasm_bindgen_test]
fn request_context_and_grant_actions() {
    use kmsplay::ui::scenario_edit::{ConstraintKind, ListEdit, ListTarget, PairEdit, PairsTarget};
    use kmsplay::ui::state::Explained;
    let key = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    let bob = "arn:aws:iam::111122223333:user/bob";
    let scenario = serde_json::json!({
        "key": {"arn": key, "policy": {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"}]}},
        "principals": [{"arn": bob, "policies": []}],
        "grants": [{"grantee": bob, "operations": ["Decrypt"], "constraints": {"encryptionContextSubset": {"app": "billing"}}}]
    });
    let mut s = State::from_saved(Saved::from_value(&scenario).unwrap());
    let answer = |s: &State| {
        let report = Analysis::new(&s.doc.to_scenario()).unwrap().report();
        report.results[0].decision.as_str().to_string()
    };
    let rev = s.edit_rev;
    s.apply(Action::AddRequest);
    assert_eq!(s.explained, Some(Explained::Request(0)), "a new request is selected for editing");
    assert!(s.edit_rev > rev, "an edit re-analyses");
    s.apply(Action::SetRequestMember(0, "principal".into(), Some(bob.into())));
    assert_eq!(answer(&s), "implicit-deny");
    s.apply(Action::EditPairs(PairsTarget::EncryptionContext(0), PairEdit::Add));
    s.apply(Action::EditPairs(PairsTarget::EncryptionContext(0), PairEdit::SetKey(0, "app".into())));
    s.apply(Action::EditPairs(PairsTarget::EncryptionContext(0), PairEdit::SetValue(0, "billing".into())));
    assert_eq!(answer(&s), "allow", "the grant's constraint is met");
    s.apply(Action::SetGrantConstraint(0, Some(ConstraintKind::Equals)));
    s.apply(Action::SetRequestContext(0, "aws:SourceIp".into(), Some("10.0.0.300".into())));
    s.apply(Action::EditList(ListTarget::Via(0), ListEdit::Add));
    s.apply(Action::SetGrantOperation(0, "Encrypt".into(), true));
    // an invalid IP is kept as typed, and everything survives the link
    let link = encode_fragment(&s.saved(), &[]);
    let Fragment::State(back, _) = decode_fragment(&link).unwrap() else { panic!("no state") };
    let v = back.doc.to_scenario();
    assert_eq!(v["requests"][0]["context"]["aws:SourceIp"], "10.0.0.300");
    assert_eq!(v["requests"][0]["encryptionContext"]["app"], "billing");
    assert_eq!(v["requests"][0]["via"], serde_json::json!([""]));
    assert_eq!(v["grants"][0]["operations"], serde_json::json!(["Decrypt", "Encrypt"]));
    assert_eq!(v["grants"][0]["constraints"], serde_json::json!({"encryptionContextEquals": {"app": "billing"}}));
    s.apply(Action::RemoveRequest(0));
    assert_eq!(s.explained, None);
    s.apply(Action::RemoveGrant(0));
    assert!(s.doc.extra.get("grants").is_none() && s.doc.extra.get("requests").is_none());
}

/// Issue 9: Reset and example switches over edited work offer Undo, which restores it.
#[wasm_bindgen_test]
fn reset_and_example_switch_can_be_undone() {
    use kmsplay::ui::state::NoticeKind;
    let mut s = State::from_saved(example_saved(EXAMPLES[0].0).unwrap());
    s.apply(Action::LoadExample(EXAMPLES[1].0.into()));
    assert!(s.notice.is_none(), "nothing to undo for untouched work");
    s.apply(Action::SetKeyArn("arn:aws:kms:us-east-1:111122223333:key/mine".into()));
    s.apply(Action::LoadExample(EXAMPLES[2].0.into()));
    assert_eq!(s.notice.as_ref().map(|n| n.kind), Some(NoticeKind::Undo));
    s.apply(Action::RestorePrevious);
    assert_eq!(s.doc.key_arn, "arn:aws:kms:us-east-1:111122223333:key/mine");
    assert_eq!(s.view.example.as_deref(), Some(EXAMPLES[1].0));
    s.apply(Action::Reset);
    assert_eq!(s.notice.as_ref().map(|n| n.kind), Some(NoticeKind::Undo));
    assert_ne!(s.doc.key_arn, "arn:aws:kms:us-east-1:111122223333:key/mine");
    s.apply(Action::RestorePrevious);
    assert_eq!(s.doc.key_arn, "arn:aws:kms:us-east-1:111122223333:key/mine");
}
