//! Reading back what the bot stored, for tests to assert on.

use dealbot_storage::{Deal, HistoryAction, Store};

/// Deal `D-<number>` of `workspace` as stored; panics when it cannot be read
/// or is not there.
pub async fn stored_deal(store: &Store, workspace: &str, number: i64) -> Deal {
    store
        .deal_by_number(workspace, number)
        .await
        .expect("read")
        .unwrap_or_else(|| panic!("D-{number} stored in {workspace}"))
}

/// The next step of deal `D-<number>` of `workspace` as stored, and how many
/// next-step lines its history holds.
pub async fn next_step_and_lines(
    store: &Store,
    workspace: &str,
    number: i64,
) -> (Option<String>, usize) {
    let deal = stored_deal(store, workspace, number).await;
    let lines = store
        .history(workspace, number, None)
        .await
        .expect("history")
        .iter()
        .filter(|line| line.action == HistoryAction::Next)
        .count();
    (deal.next_step, lines)
}
