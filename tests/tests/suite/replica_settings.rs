//! Settings each replica keeps in memory (channels' notify modes, people's
//! time zones): a change made on one replica is what the next command on
//! another answers with, and what the replica that made it answers at once.

use dealbot::clock::Clock;
use dealbot_storage::Store;
use dealbot_tests::fake_slack::FakeSlack;
use dealbot_tests::slack_bot::{text_of, SlackBot};
use dealbot_tests::{on_both_backends, shipped_settings, TestDb};

const TEAM: &str = "T0REPLICAS";
const REP: &str = "U0REPLICAREP";

async fn a_setting_changed_on_one_replica_is_seen_by_the_next_command_on_another(db: &TestDb) {
    let second_store = Store::connect(&db.url)
        .await
        .expect("the second replica's store");
    // The rep may set what posts to a channel.
    let mut settings = shipped_settings();
    settings.permissions.admins = vec![format!("slack:{REP}")];
    let clock = || Clock::manual(chrono::Utc::now());
    let first = SlackBot::start_on(
        &db.store,
        FakeSlack::start().await,
        settings.clone(),
        clock(),
    )
    .await;
    let second = SlackBot::start_on(&second_store, first.fake.clone(), settings, clock()).await;
    // Both replicas have read the settings, and keep them.
    for bot in [&first, &second] {
        let mode = text_of(&bot.ok(TEAM, REP, "notify").await);
        assert!(mode.contains("This channel gets `all`"), "{mode}");
        let zone = text_of(&bot.ok(TEAM, REP, "tz").await);
        assert!(!zone.contains("Asia/Tokyo"), "{zone}");
    }
    first.ok(TEAM, REP, "notify wins").await;
    first.ok(TEAM, REP, "tz Asia/Tokyo").await;
    for bot in [&first, &second] {
        let mode = text_of(&bot.ok(TEAM, REP, "notify").await);
        let zone = text_of(&bot.ok(TEAM, REP, "tz").await);
        assert!(mode.contains("This channel gets `wins`"), "{mode}");
        assert!(zone.contains("Asia/Tokyo"), "{zone}");
    }
    // And back, from the other side.
    second.ok(TEAM, REP, "notify all").await;
    let mode = text_of(&first.ok(TEAM, REP, "notify").await);
    assert!(mode.contains("This channel gets `all`"), "{mode}");
    second_store.close().await;
}

on_both_backends!(a_setting_changed_on_one_replica_is_seen_by_the_next_command_on_another);

/// A command naming a deal by its id reads the deal with the settings, in one
/// statement: it must see both as the other replica left them.
async fn a_deal_named_by_id_is_read_with_the_settings_another_replica_changed(db: &TestDb) {
    let second_store = Store::connect(&db.url)
        .await
        .expect("the second replica's store");
    // Tuesday 20:00 in UTC (the shipped default zone) is Wednesday in Tokyo.
    let evening = chrono::DateTime::parse_from_rfc3339("2026-12-01T20:00:00Z")
        .expect("a date")
        .with_timezone(&chrono::Utc);
    let first = SlackBot::start_on(
        &db.store,
        FakeSlack::start().await,
        shipped_settings(),
        Clock::manual(evening),
    )
    .await;
    let second = SlackBot::start_on(
        &second_store,
        first.fake.clone(),
        shipped_settings(),
        Clock::manual(evening),
    )
    .await;
    first.ok(TEAM, REP, "new Acme 5k").await;
    let workspace = "slack:T0REPLICAS";
    let due = |deal: Option<dealbot_storage::Deal>| {
        let deal = deal.expect("D-1 is stored");
        (
            deal.next_step,
            deal.next_step_due.map(|due| due.to_string()),
        )
    };

    second.ok(TEAM, REP, "next D-1 \"call back\" today").await;
    let stored = db.store.deal_by_number(workspace, 1).await.expect("read");
    assert_eq!(
        due(stored),
        (Some("call back".into()), Some("2026-12-01".into()))
    );

    // The other replica moves the rep to Tokyo and changes the deal.
    first.ok(TEAM, REP, "tz Asia/Tokyo").await;
    first
        .ok(TEAM, REP, "next D-1 \"send the deck\" today")
        .await;
    let text = text_of(&second.ok(TEAM, REP, "show D-1").await);
    assert!(text.contains("send the deck"), "{text}");
    second.ok(TEAM, REP, "next D-1 \"call again\" today").await;
    let stored = db.store.deal_by_number(workspace, 1).await.expect("read");
    assert_eq!(
        due(stored),
        (Some("call again".into()), Some("2026-12-02".into())),
        "today, for a rep now in Tokyo"
    );
    // No change lost on the way: one line per step.
    let history = db.store.history(workspace, 1, None).await.expect("history");
    let steps = history
        .iter()
        .filter(|line| line.action == dealbot_storage::HistoryAction::Next)
        .count();
    assert_eq!(steps, 3, "{history:?}");
    second_store.close().await;
}

on_both_backends!(a_deal_named_by_id_is_read_with_the_settings_another_replica_changed);
