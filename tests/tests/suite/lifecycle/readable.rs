//! Every action the history can hold reads as words on the card and in the
//! digest, never as its stored name: an imported change of the lost reason,
//! and the lifecycle's own actions.

use chrono::Duration;
use dealbot::transfer::{import_deals, ImportOptions};
use dealbot_storage::HistoryAction;
use dealbot_tests::{monday_9am, on_both_backends, Session, TestDb};

async fn import(db: &TestDb, csv: &str) {
    let core = Session::new(&db.store, "T1", "ops").await.core;
    let options = ImportOptions {
        workspace: "T1".to_string(),
        actor: "ops".to_string(),
        source: "deals.csv".to_string(),
        now: monday_9am(),
    };
    import_deals(&core, csv.as_bytes(), &options)
        .await
        .expect("imported");
}

/// No line shows an action's stored name where words belong.
fn no_raw_labels(text: &str) {
    for action in HistoryAction::ALL {
        let raw = action.as_str();
        if raw.contains('-') {
            assert!(!text.contains(raw), "`{raw}` shown raw in\n{text}");
        }
    }
}

async fn an_imported_lost_reason_reads_as_words(db: &TestDb) {
    import(
        db,
        "Deal Name,Deal Stage,Lost Reason\nUmbrella,Lost,price\n",
    )
    .await;
    import(
        db,
        "Deal Name,Deal Stage,Lost Reason\nUmbrella,Lost,timing\n",
    )
    .await;
    let rep1 = Session::new(&db.store, "T1", "rep1").await;
    let (card, _) = rep1.ok("show umbrella").await;
    assert!(
        card.contains("@ops changed why it was lost from price to timing: imported from deals.csv"),
        "{card}"
    );
    no_raw_labels(&card);
}

on_both_backends!(an_imported_lost_reason_reads_as_words);

async fn the_digest_lists_every_change_in_words(db: &TestDb) {
    let rep1 = Session::new(&db.store, "T1", "rep1").await;
    rep1.ok("new Acme 50k").await;
    rep1.ok("new \"Acme dupe\" 1k").await;
    rep1.ok("rename D-1 \"Acme Holdings\"").await;
    rep1.ok("merge D-2 into D-1").await;
    rep1.ok("stage D-1 qualifying").await;
    rep1.ok("undo").await;
    rep1.ok("owner D-1 @rep2").await;
    rep1.as_user("rep2").ok("note D-1 \"met the CFO\"").await;
    import(
        db,
        "Deal Name,Deal Stage,Lost Reason\nUmbrella,Lost,price\n",
    )
    .await;
    import(
        db,
        "Deal Name,Deal Stage,Lost Reason\nUmbrella,Lost,timing\n",
    )
    .await;

    let parts = rep1
        .workspace_digest(Some(monday_9am() - Duration::days(1)), monday_9am())
        .await;
    let lines: Vec<String> = parts[0].lines.iter().map(|line| line.plain()).collect();
    let changes: Vec<&str> = lines
        .iter()
        .map(String::as_str)
        .skip(1)
        .take_while(|line| !line.starts_with("Prospecting"))
        .collect();
    assert_eq!(
        changes,
        [
            "Since the last digest: 2 new, 1 advanced, 1 lost, 1 renamed, 1 merged, 2 updated, \
             1 noted, 1 undone.",
            "🆕 D-1 Acme Holdings opened in Prospecting",
            "✏ D-1 Acme Holdings renamed from Acme",
            "🔗 D-1 Acme Holdings absorbed D-2 Acme dupe",
            "⬆ D-1 Acme Holdings Prospecting → Qualifying",
            "↶ D-1 Acme Holdings the stage move undone",
            "👤 D-1 Acme Holdings handed to @rep2",
            "📝 D-1 Acme Holdings noted",
            // A deal imported closed is opened, then closed, as it happened.
            "🆕 D-3 Umbrella opened in Prospecting",
            "✗ D-3 Umbrella lost",
            "✗ D-3 Umbrella changed why it was lost from price to timing",
        ],
        "the merged-away D-2 is hidden, its lines too"
    );
    no_raw_labels(&lines.join("\n"));
}

on_both_backends!(the_digest_lists_every_change_in_words);
