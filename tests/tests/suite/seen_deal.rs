//! A change decided on the deal as the command read it
//! (`Store::modify_seen_deal`): stored when the deal is still as read; when it
//! moved on meanwhile, nothing of the first decision is written and the change
//! is decided again on the deal as it is, so no change is lost and none is
//! written twice; a refusal that holds only for the deal as read is decided
//! again too. On both backends, which both write without taking the row
//! first.

use std::cell::Cell;

use dealbot_storage::{Deal, DealEdit, HistoryAction, NewHistory, Rejected, Store};
use dealbot_tests::{acme_deal, monday_9am, next_step_and_lines, on_both_backends, TestDb};

const WORKSPACE: &str = "T-seen";

/// Adds an `x` to the next step of the deal it is shown, counting its calls.
fn add_x(calls: &Cell<usize>) -> impl Fn(&Deal) -> Result<DealEdit, String> + '_ {
    move |deal| {
        calls.set(calls.get() + 1);
        let mut after = deal.clone();
        after.next_step = Some(format!("{}x", deal.next_step.clone().unwrap_or_default()));
        Ok(DealEdit {
            deal: after,
            history: vec![NewHistory::new(HistoryAction::Next)],
        })
    }
}

/// The deal's next step and how many next-step lines its history holds.
async fn next_and_lines(store: &Store, number: i64) -> (Option<String>, usize) {
    next_step_and_lines(store, WORKSPACE, number).await
}

async fn a_change_on_a_deal_that_moved_on_is_decided_again(db: &TestDb) {
    let store = &db.store;
    let seen = acme_deal(store, WORKSPACE).await;
    let calls = Cell::new(0);

    // Still as read: decided once, stored.
    let (_, after) = store
        .modify_seen_deal(WORKSPACE, &seen, "rep1", monday_9am(), add_x(&calls))
        .await
        .expect("stored");
    assert_eq!(after.next_step.as_deref(), Some("x"));
    assert_eq!(calls.get(), 1, "decided once");
    assert_eq!(after.version, seen.version + 1);

    // `seen` is now behind: another change lands before this one.
    store
        .modify_deal(
            WORKSPACE,
            seen.number,
            "rep2",
            monday_9am(),
            add_x(&Cell::new(0)),
        )
        .await
        .expect("the other change");
    calls.set(0);
    let (before, after) = store
        .modify_seen_deal(WORKSPACE, &seen, "rep1", monday_9am(), add_x(&calls))
        .await
        .expect("stored");
    assert_eq!(
        before.next_step.as_deref(),
        Some("xx"),
        "decided on the deal as it is"
    );
    assert_eq!(after.next_step.as_deref(), Some("xxx"), "no change lost");
    assert_eq!(after.version, seen.version + 3);
    assert_eq!(
        next_and_lines(store, seen.number).await,
        (Some("xxx".to_string()), 3),
        "one line per change: the decision on the old deal wrote nothing"
    );
    assert_eq!(calls.get(), 2, "decided on the deal as read, then as it is");

    // A refusal that holds only for the deal as read (no next step yet) is
    // decided again on the deal as it is, which has one.
    let refuse_without_step = |deal: &Deal| match &deal.next_step {
        None => Err("no next step".to_string()),
        Some(step) => {
            let mut after = deal.clone();
            after.next_step = Some(format!("{step}!"));
            Ok(DealEdit {
                deal: after,
                history: vec![NewHistory::new(HistoryAction::Next)],
            })
        }
    };
    let (_, after) = store
        .modify_seen_deal(WORKSPACE, &seen, "rep1", monday_9am(), refuse_without_step)
        .await
        .expect("decided on the deal as it is");
    assert_eq!(after.next_step.as_deref(), Some("xxx!"));
    // And a refusal that holds for the deal as it is stays a refusal.
    let current = store
        .deal_by_number(WORKSPACE, seen.number)
        .await
        .expect("read")
        .expect("exists");
    let refused = store
        .modify_seen_deal(WORKSPACE, &current, "rep1", monday_9am(), |_| {
            Err::<DealEdit, _>("never".to_string())
        })
        .await;
    assert!(matches!(refused, Err(Rejected::Refused(reason)) if reason == "never"));
    assert_eq!(next_and_lines(store, seen.number).await.1, 4);
}

on_both_backends!(a_change_on_a_deal_that_moved_on_is_decided_again);
