//! Concurrent changes to one deal: every one lands in history, in order, and the
//! deal ends where the last one put it. No update is lost.

use dealbot_storage::HistoryAction;
use dealbot_tests::{on_both_backends, Session, TestDb};

async fn concurrent_stage_changes_all_land(db: &TestDb) {
    let rep1 = Session::new(&db.store, "T1", "rep1").await;
    rep1.ok("new \"Acme Corp\" 50k").await;
    let stages = ["building-rapport", "qualifying", "presenting", "closing"];
    let mut tasks = Vec::new();
    for round in 0..5 {
        for (i, stage) in stages.iter().enumerate() {
            let session = rep1.as_user(&format!("rep{}", i + 1));
            let command = format!("stage D-1 {stage} \"round {round}\"");
            tasks.push(tokio::spawn(async move { session.ok(&command).await }));
        }
    }
    for task in tasks {
        task.await.expect("task finished");
    }
    let history = db.store.history("T1", 1, None).await.expect("history");
    let moves: Vec<_> = history
        .iter()
        .filter(|h| h.action == HistoryAction::Stage)
        .collect();
    // Each command either moved the deal or found it already there (no change).
    assert!(
        moves.len() >= 4,
        "at least one move per distinct stage, got {}",
        moves.len()
    );
    assert_eq!(moves[0].from_value.as_deref(), Some("Prospecting"));
    for pair in moves.windows(2) {
        assert_eq!(
            pair[1].from_value, pair[0].to_value,
            "each move starts where the previous one ended: {pair:?}"
        );
    }
    let deal = db
        .store
        .deal_by_number("T1", 1)
        .await
        .expect("read")
        .expect("D-1");
    assert_eq!(
        Some(deal.stage.as_str()),
        moves.last().and_then(|m| m.to_value.as_deref())
    );
}

on_both_backends!(concurrent_stage_changes_all_land);

async fn two_concurrent_changes_both_land_in_order(db: &TestDb) {
    let rep1 = Session::new(&db.store, "T1", "rep1").await;
    rep1.ok("new Globex 5k").await;
    let first = rep1.clone();
    let second = rep1.as_user("rep2");
    let (a, b) = tokio::join!(
        async move { first.ok("stage D-1 qualifying").await },
        async move { second.ok("stage D-1 presenting").await },
    );
    assert!(!a.0.is_empty() && !b.0.is_empty());
    let history = db.store.history("T1", 1, None).await.expect("history");
    let moves: Vec<(Option<&str>, Option<&str>)> = history
        .iter()
        .filter(|h| h.action == HistoryAction::Stage)
        .map(|h| (h.from_value.as_deref(), h.to_value.as_deref()))
        .collect();
    assert!(
        moves
            == vec![
                (Some("Prospecting"), Some("Qualifying")),
                (Some("Qualifying"), Some("Presenting"))
            ]
            || moves
                == vec![
                    (Some("Prospecting"), Some("Presenting")),
                    (Some("Presenting"), Some("Qualifying"))
                ],
        "both moves recorded as a chain: {moves:?}"
    );
    let deal = db
        .store
        .deal_by_number("T1", 1)
        .await
        .expect("read")
        .expect("D-1");
    assert_eq!(Some(deal.stage.as_str()), moves[1].1);
}

on_both_backends!(two_concurrent_changes_both_land_in_order);
