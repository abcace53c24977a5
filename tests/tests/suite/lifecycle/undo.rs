//! `undo`: a person's own last change, put back exactly within ten minutes
//! and recorded in the history; refused, saying why and what to do instead,
//! when there is nothing to undo, it is too late, someone changed the deal
//! since, or the change is not one undo reverses.

use chrono::Duration;
use dealbot::core::reply::Visibility;
use dealbot_storage::DealStatus;
use dealbot_tests::{on_both_backends, Contents, Session, TestDb};

use super::{actions, deal, nothing_queued, rolling_settings, session};

/// `session` a few minutes later.
fn later(session: &Session, minutes: i64) -> Session {
    Session {
        now: session.now + Duration::minutes(minutes),
        ..session.clone()
    }
}

async fn undo_puts_the_last_change_back_exactly(db: &TestDb) {
    let rep1 = session(db, "T1", "rep1", rolling_settings()).await;
    rep1.ok("new Acme 50k").await;
    rep1.ok("stage D-1 closing").await;
    rep1.ok("next D-1 \"send the contract\" fri").await;
    let before = deal(db, "T1", 1).await;

    // The win rolled the deal into the customer pipeline and cleared its next
    // step; undo brings back all of it, ten minutes on.
    let rep1 = later(&rep1, 1);
    rep1.ok("won D-1").await;
    let rep1 = later(&rep1, 10);
    let (text, visibility) = rep1.ok("undo").await;
    assert_eq!(visibility, Visibility::Private);
    rep1.assert_announced(&text).await; // a win was announced: so is its undo
    assert!(
        text.contains("↶ @rep1 undid the win of `D-1` Acme."),
        "{text}"
    );
    assert!(
        text.contains(
            "Undone: marked it Won; rolled it from the new-business pipeline into customer; \
             moved it Won → Onboarding."
        ),
        "{text}"
    );
    let after = deal(db, "T1", 1).await;
    assert_eq!(
        (
            after.status,
            after.pipeline.as_str(),
            after.stage.as_str(),
            after.next_step.as_deref(),
            after.next_step_due,
            after.stage_entered_at,
            after.won_at,
        ),
        (
            DealStatus::Open,
            "new-business",
            "Closing",
            Some("send the contract"),
            before.next_step_due,
            before.stage_entered_at,
            None,
        )
    );
    assert_eq!(
        actions(db, "T1", 1).await,
        ["created", "stage", "next", "won", "pipeline", "stage", "undone"]
    );
    let (history, _) = rep1.ok("history D-1").await;
    assert!(history.contains("@rep1 undid the win"), "{history}");

    // An undo is not undone: the command is typed again instead.
    let refusal = rep1.refused("undo").await;
    assert!(
        refusal.contains("Your last change was an undo (undid the win)"),
        "{refusal}"
    );

    // A private change is undone privately.
    rep1.ok("amount D-1 75k").await;
    let (text, visibility) = rep1.ok("undo").await;
    assert_eq!(visibility, Visibility::Private);
    assert!(
        text.contains("Undone: changed the amount from $50,000 to $75,000."),
        "{text}"
    );
    assert_eq!(deal(db, "T1", 1).await.amount_minor, Some(5_000_000));
    rep1.channel_posts().await;
    nothing_queued(db, "T1").await;
}

on_both_backends!(undo_puts_the_last_change_back_exactly);

async fn undoing_an_opening_deletes_the_deal(db: &TestDb) {
    let rep1 = Session::new(&db.store, "T1", "rep1").await;
    rep1.ok("new \"Acme typo\" 50k").await;
    let (text, visibility) = rep1.ok("undo").await;
    assert_eq!(visibility, Visibility::Private);
    rep1.assert_announced(&text).await;
    assert!(
        text.contains("↶ @rep1 undid the opening of `D-1` Acme typo."),
        "{text}"
    );
    assert!(
        text.contains("Undoing its opening deleted it; `restore D-1` brings it back."),
        "{text}"
    );
    assert!(deal(db, "T1", 1).await.deleted_at.is_some());
    assert!(!rep1.say("list").await.contains("Acme typo"));
    assert_eq!(actions(db, "T1", 1).await, ["created", "undone"]);
}

on_both_backends!(undoing_an_opening_deletes_the_deal);

async fn undo_refuses_what_it_cannot_put_back(db: &TestDb) {
    let contents = Contents::of(db).await;
    let rep1 = Session::new(&db.store, "T1", "rep1").await;
    let rep2 = rep1.as_user("rep2");
    let refused = |session: Session, says: &'static str| {
        let contents = &contents;
        async move {
            let everything = contents.now().await;
            let refusal = session.refused("undo").await;
            assert!(refusal.contains(says), "{refusal}");
            assert_eq!(
                contents.now().await,
                everything,
                "a refused undo changed something"
            );
            refusal
        }
    };

    refused(
        rep1.clone(),
        "You have changed nothing here yet, so there is nothing to undo.",
    )
    .await;

    rep1.ok("new Acme 50k").await;
    rep1.ok("stage D-1 qualifying").await;
    // Too late: eleven minutes on.
    let refusal = refused(
        later(&rep1, 11),
        "was made at Mon 23 Nov 2026 09:00, 11 minutes ago",
    )
    .await;
    assert!(
        refusal.contains("undo reaches back 10 minutes"),
        "{refusal}"
    );
    assert!(
        refusal.contains("`history D-1` shows what it was"),
        "{refusal}"
    );

    // Someone changed the deal since: undo would overwrite their change.
    rep2.ok("next D-1 \"call the CFO\" fri").await;
    refused(
        rep1.clone(),
        "@rep2 changed D-1 since (set the next step: call the CFO",
    )
    .await;
    // rep2's own last change is theirs to undo, and only theirs.
    rep2.ok("undo").await;
    assert_eq!(deal(db, "T1", 1).await.next_step, None);
    assert_eq!(
        deal(db, "T1", 1).await.stage,
        "Qualifying",
        "rep1's move stays"
    );

    // Notes and checklist answers stay as said.
    rep1.ok("note D-1 \"budget is tight\"").await;
    let refusal = refused(
        rep1.clone(),
        "Your last change (noted) is not one undo can reverse.",
    )
    .await;
    assert!(refusal.contains("`note D-1 \"…\"`"), "{refusal}");
    rep1.ok("qualify D-1 budget yes").await;
    let refusal = refused(
        rep1.clone(),
        "(answered budget yes) is not one undo can reverse",
    )
    .await;
    assert!(refusal.contains("`qualify D-1 <item>"), "{refusal}");
    contents.close().await;
}

on_both_backends!(undo_refuses_what_it_cannot_put_back);
