//! Settings each replica keeps in memory (channels' notify modes, people's
//! time zones): a change made on one replica is what the next command on
//! another answers with, and what the replica that made it answers at once.

use dealbot_storage::Store;
use dealbot_tests::slack_bot::{text_of, SlackBot};
use dealbot_tests::{on_both_backends, TestDb};

const TEAM: &str = "T0REPLICAS";
const REP: &str = "U0REPLICAREP";

async fn a_setting_changed_on_one_replica_is_seen_by_the_next_command_on_another(db: &TestDb) {
    let second_store = Store::connect(&db.url)
        .await
        .expect("the second replica's store");
    let first = SlackBot::start_quiet(&db.store).await;
    let second = SlackBot::replica_of(&first, &second_store).await;
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
