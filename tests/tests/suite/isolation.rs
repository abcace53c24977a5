//! Tenants: one workspace can never read or change another's deals, even by
//! guessing their ids, and each numbers its deals from D-1.

use dealbot_tests::{on_both_backends, Session, TestDb};

async fn workspaces_never_see_each_other(db: &TestDb) {
    let alice = Session::new(&db.store, "T-alpha", "alice").await;
    let mallory = Session::new(&db.store, "T-beta", "mallory").await;
    alice.ok("new \"Umbrella Holdings\" 50k").await;
    alice.ok("next D-1 send the proposal fri").await;
    let before = db
        .store
        .deal_by_number("T-alpha", 1)
        .await
        .expect("read")
        .expect("D-1");

    for attempt in [
        "show D-1",
        "show umbrella",
        "history D-1",
        "stage D-1 closing",
        "next D-1 steal it tomorrow",
        "done D-1",
        "snooze D-1 1w",
        "owner D-1 @mallory",
        "amount D-1 1",
        "close-date D-1 tomorrow",
        "won D-1",
        "lost D-1 because",
        "note D-1 was here",
    ] {
        let text = mallory.refused(attempt).await;
        assert!(
            !text.contains("Umbrella"),
            "`{attempt}` leaked the other workspace's deal:\n{text}"
        );
    }
    let (list, _) = mallory.ok("list all").await;
    assert!(list.contains("No deals match"), "{list}");

    let after = db
        .store
        .deal_by_number("T-alpha", 1)
        .await
        .expect("read")
        .expect("D-1");
    assert_eq!(before, after, "the other workspace's deal is untouched");
    assert_eq!(
        db.store
            .history("T-alpha", 1, None)
            .await
            .expect("history")
            .len(),
        2
    );

    mallory.ok("new Globex 5k").await;
    let own = db
        .store
        .deal_by_number("T-beta", 1)
        .await
        .expect("read")
        .expect("own D-1");
    assert_eq!(own.name, "Globex");
    assert_eq!(
        db.store
            .history("T-beta", 1, None)
            .await
            .expect("history")
            .len(),
        1
    );
    let (text, _) = alice.ok("show D-1").await;
    assert!(
        text.contains("Umbrella Holdings") && !text.contains("Globex"),
        "{text}"
    );
}

on_both_backends!(workspaces_never_see_each_other);
