//! The storage story: a deal's life from `new` to `won` and `lost`, with next
//! steps, history and list filters, told through commands and checked in the store.

use dealbot::core::reply::Visibility;
use dealbot_storage::{DealFilter, DealStatus};
use dealbot_tests::{on_both_backends, stored_deal, Session, TestDb};

async fn deal_lifecycle(db: &TestDb) {
    let rep1 = Session::new(&db.store, "T1", "rep1").await;
    let rep2 = rep1.as_user("rep2");

    let (text, visibility) = rep1.ok("/deal new \"Acme Corp\" 50k").await;
    assert_eq!(visibility, Visibility::Private, "the rep's own answer");
    rep1.assert_announced(&text).await;
    assert!(
        text.contains("@rep1 opened `D-1` Acme Corp ($50,000) in Prospecting."),
        "{text}"
    );
    rep1.ok("new Globex $1.2M @rep2").await;

    let acme = stored_deal(&db.store, "T1", 1).await;
    assert_eq!(acme.name, "Acme Corp");
    assert_eq!(acme.stage, "Prospecting");
    assert_eq!(acme.owner, "rep1");
    assert_eq!(acme.amount_minor, Some(5_000_000));
    assert_eq!(acme.currency.as_deref(), Some("USD"));
    let globex = stored_deal(&db.store, "T1", 2).await;
    assert_eq!(
        (globex.owner.as_str(), globex.amount_minor),
        ("rep2", Some(120_000_000))
    );

    let (text, visibility) = rep1.ok("stage acme qualifying \"budget confirmed\"").await;
    assert_eq!(visibility, Visibility::Private);
    rep1.assert_announced(&text).await;
    assert!(
        text.contains("@rep1 moved Acme Corp Prospecting → Qualifying: budget confirmed"),
        "{text}"
    );
    rep1.ok("next D-1 send the proposal fri").await;
    let acme = stored_deal(&db.store, "T1", 1).await;
    assert_eq!(acme.stage, "Qualifying");
    assert_eq!(acme.next_step.as_deref(), Some("send the proposal"));
    // Friday 27 November, the calendar day.
    assert_eq!(
        acme.next_step_due.map(|d| d.to_string()),
        Some("2026-11-27".to_string())
    );

    rep1.ok("snooze D-1 1w").await;
    let acme = stored_deal(&db.store, "T1", 1).await;
    assert_eq!(
        acme.next_step_due.map(|d| d.to_string()),
        Some("2026-12-04".to_string())
    );
    let (text, _) = rep1.ok("done D-1").await;
    assert!(text.contains("Done: send the proposal"), "{text}");
    let acme = stored_deal(&db.store, "T1", 1).await;
    assert_eq!((acme.next_step, acme.next_step_due), (None, None));

    rep1.ok("owner D-1 @rep2").await;
    rep1.ok("amount D-1 30,000 EUR").await;
    rep1.ok("close-date D-1 2026-12-31").await;
    rep1.ok("note D-1 CFO wants a 3-year price").await;
    let acme = stored_deal(&db.store, "T1", 1).await;
    assert_eq!(acme.owner, "rep2");
    assert_eq!(
        (acme.amount_minor, acme.currency.as_deref()),
        (Some(3_000_000), Some("EUR"))
    );
    assert_eq!(
        acme.close_date.map(|d| d.to_string()),
        Some("2026-12-31".to_string())
    );

    // Filters: mine, someone's, a stage, overdue, won/lost.
    let (mine, _) = rep2.ok("list mine").await;
    assert!(
        mine.contains("Acme Corp") && mine.contains("Globex"),
        "{mine}"
    );
    let (qualifying, _) = rep1.ok("list qualifying").await;
    assert!(
        qualifying.contains("Acme Corp") && !qualifying.contains("Globex"),
        "{qualifying}"
    );
    let (of_rep1, _) = rep1.ok("list mine").await;
    assert!(of_rep1.contains("No deals match"), "{of_rep1}");
    rep2.ok("next globex call the CFO today").await;
    let later = Session {
        now: rep2.now + chrono::Duration::days(1),
        ..rep2.clone()
    };
    let (overdue, _) = later.ok("list overdue").await;
    assert!(
        overdue.contains("Globex") && !overdue.contains("Acme"),
        "{overdue}"
    );
    let stored_overdue = db
        .store
        .list_deals(
            "T1",
            &DealFilter {
                due_before: Some(later.now.date_naive()),
                ..DealFilter::default()
            },
        )
        .await
        .expect("list");
    assert_eq!(
        stored_overdue.iter().map(|d| d.number).collect::<Vec<_>>(),
        vec![2]
    );

    let (text, visibility) = rep2.ok("won D-1 \"signed for 3 years\"").await;
    assert_eq!(visibility, Visibility::Private);
    rep2.assert_announced(&text).await;
    assert!(
        text.contains("won Acme Corp (€30,000): signed for 3 years"),
        "{text}"
    );
    let (text, _) = rep2.ok("lost globex went with a competitor").await;
    assert!(
        text.contains("lost Globex: went with a competitor"),
        "{text}"
    );
    let won = stored_deal(&db.store, "T1", 1).await;
    let lost = stored_deal(&db.store, "T1", 2).await;
    assert_eq!((won.status, won.stage.as_str()), (DealStatus::Won, "Won"));
    assert_eq!(
        (lost.status, lost.lost_reason.as_deref()),
        (DealStatus::Lost, Some("went with a competitor"))
    );
    let (won_list, _) = rep1.ok("list won").await;
    assert!(
        won_list.contains("Acme Corp") && !won_list.contains("Globex"),
        "{won_list}"
    );
    let (open_list, _) = rep1.ok("list").await;
    assert!(open_list.contains("No deals match"), "{open_list}");

    // History: every change, in order, with who, from and to.
    let history = db.store.history("T1", 1, None).await.expect("history");
    let actions: Vec<(&str, &str, Option<&str>, Option<&str>)> = history
        .iter()
        .map(|h| {
            (
                h.action.as_str(),
                h.actor.as_str(),
                h.from_value.as_deref(),
                h.to_value.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        actions,
        vec![
            ("created", "rep1", None, Some("Prospecting")),
            ("stage", "rep1", Some("Prospecting"), Some("Qualifying")),
            (
                "next",
                "rep1",
                None,
                Some("send the proposal (due 2026-11-27)")
            ),
            ("snooze", "rep1", Some("2026-11-27"), Some("2026-12-04")),
            ("done", "rep1", Some("send the proposal"), None),
            ("owner", "rep1", Some("rep1"), Some("rep2")),
            ("amount", "rep1", Some("$50,000"), Some("€30,000")),
            ("close-date", "rep1", None, Some("2026-12-31")),
            ("note", "rep1", None, None),
            ("won", "rep2", Some("Qualifying"), Some("Won")),
        ]
    );
    assert_eq!(history[1].note.as_deref(), Some("budget confirmed"));
    assert_eq!(history[8].note.as_deref(), Some("CFO wants a 3-year price"));
    let (text, _) = rep1.ok("history D-1").await;
    assert!(
        text.contains("@rep1 moved it Prospecting → Qualifying: budget confirmed"),
        "{text}"
    );
    assert!(
        text.contains("@rep2 marked it Won: signed for 3 years"),
        "{text}"
    );

    // Reopening a lost deal is a move like any other, and is recorded.
    rep2.ok("stage D-2 presenting").await;
    let reopened = stored_deal(&db.store, "T1", 2).await;
    assert_eq!(
        (
            reopened.status,
            reopened.stage.as_str(),
            reopened.lost_reason
        ),
        (DealStatus::Open, "Presenting", None)
    );
}

on_both_backends!(deal_lifecycle);

async fn repeated_clicks_change_nothing_twice(db: &TestDb) {
    let rep1 = Session::new(&db.store, "T1", "rep1").await;
    rep1.ok("new Initech 10k").await;
    rep1.ok("next D-1 demo tomorrow").await;
    rep1.ok("done D-1").await;
    rep1.refused("done D-1").await;
    rep1.ok("stage D-1 closing").await;
    let (again, visibility) = rep1.ok("stage D-1 closing").await;
    assert_eq!(visibility, Visibility::Private);
    assert!(again.contains("is already in Closing"), "{again}");
    rep1.ok("won D-1").await;
    let again = rep1.refused("won D-1").await;
    assert!(again.contains("is already won"), "{again}");
    let history = db.store.history("T1", 1, None).await.expect("history");
    let actions: Vec<&str> = history.iter().map(|h| h.action.as_str()).collect();
    assert_eq!(actions, vec!["created", "next", "done", "stage", "won"]);
}

on_both_backends!(repeated_clicks_change_nothing_twice);
