//! Reading back what the bot stored, for tests to assert on.

use dealbot_storage::{Deal, Store};

/// Deal `D-<number>` of `workspace` as stored; panics when it cannot be read
/// or is not there.
pub async fn stored_deal(store: &Store, workspace: &str, number: i64) -> Deal {
    store
        .deal_by_number(workspace, number)
        .await
        .expect("read")
        .unwrap_or_else(|| panic!("D-{number} stored in {workspace}"))
}
