//! The deal lifecycle end to end: every transition from every standing,
//! allowed or refused, with what was posted and what the history holds; a
//! deleted or merged deal hidden everywhere; `undo` and its refusals; and every
//! history action readable on the card and in the digest.

mod hiding;
mod matrix;
mod readable;
mod undo;

use dealbot::config::Settings;
use dealbot_storage::{Deal, HistoryEntry};
use dealbot_tests::{shipped_settings, Session, TestDb};

/// The shipped settings with won new-business deals rolling into `customer`.
fn rolling_settings() -> Settings {
    let mut settings = shipped_settings();
    settings.pipelines[0].won_rolls_into = Some("customer".into());
    settings
}

/// `user` in `workspace`, on a core with `settings`.
async fn session(db: &TestDb, workspace: &str, user: &str, settings: Settings) -> Session {
    Session::with_settings(&db.store, settings, workspace, user).await
}

async fn deal(db: &TestDb, workspace: &str, number: i64) -> Deal {
    db.store
        .deal_by_number(workspace, number)
        .await
        .expect("read")
        .expect("the deal is stored")
}

async fn history(db: &TestDb, workspace: &str, number: i64) -> Vec<HistoryEntry> {
    db.store
        .history(workspace, number, None)
        .await
        .expect("history")
}

/// The deal's history as its actions' stored names.
async fn actions(db: &TestDb, workspace: &str, number: i64) -> Vec<&'static str> {
    history(db, workspace, number)
        .await
        .iter()
        .map(|entry| entry.action.as_str())
        .collect()
}

/// What was queued for the outbox (the announcements to the channel) was
/// all delivered, none of it refused: nothing waits, nothing failed.
async fn nothing_queued(db: &TestDb, workspace: &str) {
    let report = db.store.outbox_report(workspace).await.expect("outbox");
    assert_eq!(report.waiting, 0, "{workspace}: nothing waits");
    assert!(report.failed.is_empty(), "{workspace}: {:?}", report.failed);
}
