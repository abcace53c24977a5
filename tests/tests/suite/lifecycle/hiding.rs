//! A deleted deal leaves every list, digest, report, nag sweep, metric and
//! export, keeps its history, and comes back whole with `restore`; a merged
//! deal is hidden the same way, points at the deal it went into, and both
//! histories record the merge. Only a deal's owner (and admins) may delete,
//! restore or merge it away.

use chrono::Duration;
use dealbot::core::reply::Visibility;
use dealbot::transfer::export_deals;
use dealbot_storage::HistoryAction;
use dealbot_tests::{monday_9am, on_both_backends, Session, TestDb};

use super::{actions, deal, history, nothing_queued};

/// Every line of the digest of T1 with changes since yesterday.
async fn digest(rep1: &Session) -> Vec<String> {
    let parts = rep1
        .workspace_digest(
            Some(monday_9am() - Duration::days(1)),
            monday_9am() + Duration::hours(1),
        )
        .await;
    parts
        .iter()
        .flat_map(|part| part.lines.iter().map(|line| line.plain()))
        .collect()
}

/// The report's `Deals` line.
async fn report_deals(rep1: &Session) -> String {
    let text = rep1.say("report").await;
    text.lines()
        .find(|line| line.trim_start().starts_with("Deals"))
        .unwrap_or_else(|| panic!("no Deals line in\n{text}"))
        .to_string()
}

/// Where D-2 Acme can be seen: list, digest, report, nags, metrics, export.
async fn seen(db: &TestDb, rep1: &Session) -> Vec<&'static str> {
    let mut places = Vec::new();
    if rep1.say("list all").await.contains("Acme") {
        places.push("list");
    }
    if digest(rep1).await.iter().any(|line| line.contains("Acme")) {
        places.push("digest");
    }
    if report_deals(rep1).await.contains("2 ·") {
        places.push("report");
    }
    let nags = db
        .store
        .deals_needing_attention(monday_9am().date_naive(), &[])
        .await
        .expect("sweep");
    if nags.iter().any(|deal| deal.name == "Acme") {
        places.push("nags");
    }
    let counts = db.store.open_deal_counts_by_stage().await.expect("counts");
    if counts
        .iter()
        .any(|count| count.stage == "Qualifying" && count.open_deals == 1)
    {
        places.push("metrics");
    }
    let mut csv = Vec::new();
    export_deals(rep1.core.store(), "T1", &mut csv)
        .await
        .expect("export");
    if String::from_utf8_lossy(&csv).contains("Acme") {
        places.push("export");
    }
    places
}

const EVERYWHERE: [&str; 6] = ["list", "digest", "report", "nags", "metrics", "export"];

async fn a_deleted_deal_is_hidden_everywhere_until_restored(db: &TestDb) {
    let rep1 = Session::new(&db.store, "T1", "rep1").await;
    rep1.ok("new Globex 20k").await;
    rep1.ok("new Acme 50k").await;
    rep1.ok("stage acme qualifying").await;
    assert_eq!(seen(db, &rep1).await, EVERYWHERE);

    // Someone else (no admin) may not delete it: only the owner and admins may.
    let rep2 = rep1.as_member("rep2");
    let refusal = rep2.refused("delete acme").await;
    assert!(
        refusal.contains("Only @rep1, who owns D-2, and admins may delete it"),
        "{refusal}"
    );

    let (text, visibility) = rep1.ok("delete acme").await;
    assert_eq!(visibility, Visibility::Private);
    rep1.assert_announced(&text).await;
    assert!(text.contains("@rep1 deleted `D-2` Acme."), "{text}");
    assert!(text.contains("`restore D-2` brings it back."), "{text}");
    assert_eq!(seen(db, &rep1).await, Vec::<&str>::new());
    assert!(report_deals(&rep1)
        .await
        .contains("1 · 0 won, 0 lost, 1 open"));

    // Its history is kept and readable; by name it is found only when nothing
    // else matches, and then only `restore` changes it.
    let (text, _) = rep1.ok("history D-2").await;
    assert!(text.contains("@rep1 deleted it"), "{text}");
    let (card, _) = rep1.ok("show acme").await;
    assert!(card.contains("Hidden"), "{card}");
    assert!(card.contains("`restore D-2`"), "{card}");
    let refusal = rep1.refused("next acme call fri").await;
    assert!(
        refusal.contains("is deleted. Bring it back first with `restore D-2`."),
        "{refusal}"
    );
    let refusal = rep1.refused("qualify acme budget yes").await;
    assert!(refusal.contains("is deleted"), "{refusal}");
    // A new deal may take the name again.
    rep1.ok("new Acme 1k").await;
    let (text, _) = rep1.ok("show acme").await;
    assert!(text.contains("D-3 · Acme"), "{text}");
    rep1.ok("undo").await;

    let (text, visibility) = rep1.ok("restore D-2").await;
    assert_eq!(visibility, Visibility::Private);
    rep1.assert_announced(&text).await;
    assert!(text.contains("@rep1 restored `D-2` Acme."), "{text}");
    assert_eq!(seen(db, &rep1).await, EVERYWHERE);
    assert_eq!(
        actions(db, "T1", 2).await,
        ["created", "stage", "deleted", "restored"]
    );
    rep1.channel_posts().await;
    nothing_queued(db, "T1").await;
}

on_both_backends!(a_deleted_deal_is_hidden_everywhere_until_restored);

async fn a_merged_deal_points_at_the_deal_it_went_into(db: &TestDb) {
    let rep1 = Session::new(&db.store, "T1", "rep1").await;
    rep1.ok("new \"Globex Corp\" 100k").await;
    rep1.ok("new Globex 20k").await;
    rep1.ok("note D-2 \"met their CFO\"").await;
    rep1.ok("next D-2 call back fri").await;

    let refusal = rep1.as_member("rep2").refused("merge D-2 into D-1").await;
    assert!(refusal.contains("may merge it away"), "{refusal}");
    let refusal = rep1.refused("merge D-2 into D-2").await;
    assert!(
        refusal.contains("cannot be merged into itself"),
        "{refusal}"
    );
    let refusal = rep1.refused("rename D-2 \"Globex corp\"").await;
    assert!(
        refusal.contains("`D-1` Globex Corp already has that name."),
        "{refusal}"
    );
    assert!(refusal.contains("`merge D-2 into D-1`"), "{refusal}");

    let (text, visibility) = rep1.ok("merge D-2 into D-1").await;
    assert_eq!(visibility, Visibility::Private);
    rep1.assert_announced(&text).await;
    assert!(
        text.contains("@rep1 merged `D-2` Globex into `D-1` Globex Corp."),
        "{text}"
    );
    assert!(
        text.contains("D-1 · Globex Corp"),
        "the survivor's card: {text}"
    );

    // Both histories are kept and both record the merge.
    assert_eq!(
        actions(db, "T1", 2).await,
        ["created", "note", "next", "merged-into"]
    );
    assert_eq!(actions(db, "T1", 1).await, ["created", "merged-in"]);
    let merged = deal(db, "T1", 2).await;
    assert_eq!(merged.merged_into, Some(1));
    assert!(merged.deleted_at.is_some());
    let survivor_line = history(db, "T1", 1).await.pop().expect("the merge");
    assert_eq!(survivor_line.action, HistoryAction::MergedIn);
    assert_eq!(survivor_line.from_value.as_deref(), Some("D-2"));
    let (text, _) = rep1.ok("history D-1").await;
    assert!(text.contains("@rep1 merged `D-2` Globex into it"), "{text}");
    let (text, _) = rep1.ok("history D-2").await;
    assert!(text.contains("met their CFO"), "{text}");
    assert!(text.contains("@rep1 merged it into `D-1`"), "{text}");

    // The merged deal is hidden; changing it points at the survivor.
    assert!(!rep1.say("list").await.contains("D-2"));
    let (card, _) = rep1.ok("show D-2").await;
    assert!(
        card.contains("merged Mon 23 Nov 2026 09:00 into `D-1`"),
        "{card}"
    );
    let refusal = rep1.refused("stage D-2 qualifying").await;
    assert!(
        refusal.contains("was merged into `D-1`: change that deal instead"),
        "{refusal}"
    );
    let refusal = rep1.refused("merge D-1 into D-2").await;
    assert!(refusal.contains("was merged into `D-1`"), "{refusal}");
    // A merge is not undone with undo: restore brings the deal back.
    let refusal = rep1.refused("undo").await;
    assert!(refusal.contains("is not one undo can reverse"), "{refusal}");
    assert!(refusal.contains("`restore D-2`"), "{refusal}");

    let (text, _) = rep1.ok("restore D-2").await;
    assert!(text.contains("which had been merged into `D-1`"), "{text}");
    let restored = deal(db, "T1", 2).await;
    assert_eq!((restored.merged_into, restored.deleted_at), (None, None));
    assert_eq!(restored.next_step.as_deref(), Some("call back"));
    rep1.channel_posts().await;
    nothing_queued(db, "T1").await;
}

on_both_backends!(a_merged_deal_points_at_the_deal_it_went_into);
