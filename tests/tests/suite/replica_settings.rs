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
