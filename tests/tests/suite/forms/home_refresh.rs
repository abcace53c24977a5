//! The App Home stays fresh whoever changes a deal and wherever: a change made
//! on another replica, by `dealbot import` or by someone else republishes the
//! home of the person it touches, once (one replica wins the claim); people
//! who never opened their home get none. (The scheduler changes no deal: it
//! posts digests and nags, which no home shows.)

use std::time::{Duration, Instant};

use chrono::Utc;
use dealbot::adapters::slack::HOME_REFRESH_EVERY;
use dealbot_storage::{NewDeal, Store};
use dealbot_tests::fake_slack::{Fault, Member};
use dealbot_tests::slack_bot::{text_of, SlackBot};
use dealbot_tests::{on_both_backends, slack_workspace, TestDb};

use super::home::{home_opened, REP1, REP2, TEAM};

/// Waits until the fake accepted a home publish (a valid view) for each of
/// `expected`, in order, and then a refresh period more, to see that no more
/// came.
async fn wait_for_homes(bot: &SlackBot, expected: &[&str]) {
    let deadline = Instant::now() + HOME_REFRESH_EVERY * 3;
    while bot.fake.home_publishes().len() < expected.len() && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::time::sleep(HOME_REFRESH_EVERY + Duration::from_millis(500)).await;
    assert_eq!(
        bot.fake.home_publishes(),
        expected,
        "whose homes were published, once per change"
    );
}

/// The store a second replica opens: its own pool on the same database.
async fn second_store(db: &TestDb) -> Store {
    if db.postgres_server().is_some() {
        Store::connect(&db.url).await.expect("a second pool")
    } else {
        // One SQLite file has one writer: replicas share its store.
        db.store.clone()
    }
}

fn home_text(bot: &SlackBot, user: &str) -> String {
    text_of(&bot.fake.home_of(user).expect("a home was published"))
}

async fn a_change_on_another_replica_republishes_the_home_once(db: &TestDb) {
    let first = SlackBot::start_quiet(&db.store).await;
    let store = second_store(db).await;
    let second = SlackBot::replica_of(&first, &store).await;
    first.ok(TEAM, REP1, "new Alpha 10k").await;
    first.ok(TEAM, REP2, "new Gamma 5k").await;
    assert_eq!(
        first.event(&home_opened("Ev1", REP1), None).await.status,
        200
    );
    wait_for_homes(&first, &[REP1]).await;

    // Someone else, on the other replica, moves the person's deal.
    second.ok(TEAM, REP2, "stage D-1 Qualifying").await;
    wait_for_homes(&first, &[REP1, REP1]).await;
    assert!(home_text(&first, REP1).contains("*Qualifying*"));

    // The person, on the other replica: their new deal shows.
    second.ok(TEAM, REP1, "new Beta 20k").await;
    wait_for_homes(&first, &[REP1, REP1, REP1]).await;
    assert!(home_text(&first, REP1).contains("Beta"));

    // A change to someone else's deal, by someone else, touches no home of
    // the person's (and REP2 never opened theirs).
    first.ok(TEAM, REP2, "amount D-2 7k").await;
    wait_for_homes(&first, &[REP1, REP1, REP1]).await;
    assert!(
        first.fake.home_of(REP2).is_none(),
        "REP2 never opened a home"
    );
}
on_both_backends!(a_change_on_another_replica_republishes_the_home_once);

async fn a_deal_handed_away_leaves_the_home_of_its_old_owner(db: &TestDb) {
    let bot = SlackBot::start_quiet(&db.store).await;
    bot.fake.add_user(REP1, Member::Person);
    bot.fake.add_user(REP2, Member::Person);
    bot.ok(TEAM, REP1, "new Alpha 10k").await;
    bot.event(&home_opened("Ev1", REP1), None).await;
    wait_for_homes(&bot, &[REP1]).await;
    assert!(home_text(&bot, REP1).contains("*Alpha* ·"));

    bot.ok(TEAM, REP1, &format!("owner D-1 <@{REP2}>")).await;
    wait_for_homes(&bot, &[REP1, REP1]).await;
    let deal = bot
        .store
        .deal_by_number(&slack_workspace(TEAM), 1)
        .await
        .expect("read")
        .expect("D-1");
    assert_eq!(deal.owner, REP2);
    assert!(
        !home_text(&bot, REP1).contains("*Alpha* ·"),
        "the deal left the old owner's home"
    );
    assert!(bot.fake.home_of(REP2).is_none(), "REP2 never opened a home");
}
on_both_backends!(a_deal_handed_away_leaves_the_home_of_its_old_owner);

async fn an_import_republishes_the_homes_it_touches(db: &TestDb) {
    let bot = SlackBot::start_quiet(&db.store).await;
    bot.ok(TEAM, REP1, "new Alpha 10k").await;
    bot.ok(TEAM, REP2, "new Gamma 5k").await;
    bot.event(&home_opened("Ev1", REP1), None).await;
    wait_for_homes(&bot, &[REP1]).await;

    // `dealbot import`, the real binary, on the same database.
    let dir = tempfile::tempdir().expect("temporary folder");
    let file = dir.path().join("deals.csv");
    std::fs::write(
        &file,
        "Deal ID,Deal Name,Stage,Amount\nD-1,Alpha,Qualifying,12k\nD-2,Gamma,Qualifying,6k\n",
    )
    .expect("file written");
    let url = db.url.clone();
    let run = tokio::task::spawn_blocking(move || {
        dealbot_tests::dealbot_command!()
            .args([
                "import",
                file.to_str().expect("path"),
                "--workspace",
                &slack_workspace(TEAM),
            ])
            .env("DATABASE_URL", url)
            .env_remove("DEALBOT_LOG")
            .output()
            .expect("dealbot runs")
    })
    .await
    .expect("the import ran");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );

    wait_for_homes(&bot, &[REP1, REP1]).await;
    let home = home_text(&bot, REP1);
    assert!(
        home.contains("*Qualifying*") && home.contains("$12,000"),
        "{home}"
    );
}
on_both_backends!(an_import_republishes_the_homes_it_touches);

fn new_deal(workspace: &str, owner: &str, name: &str) -> NewDeal {
    NewDeal {
        platform: "slack".to_string(),
        workspace: workspace.to_string(),
        name: name.to_string(),
        pipeline: "new-business".to_string(),
        stage: "Prospecting".to_string(),
        owner: owner.to_string(),
        amount_minor: None,
        currency: None,
        close_date: None,
        channel: None,
        private_channel: false,
        created_by: "import".to_string(),
        at: Utc::now(),
    }
}

/// The store's side, whoever writes: only the homes of people who have one
/// are noted, per platform, and of two replicas claiming one, one wins.
async fn a_change_is_noted_for_published_homes_only_and_claimed_once(db: &TestDb) {
    let store = &db.store;
    let slack = slack_workspace(TEAM);
    store
        .create_deal(new_deal(&slack, REP1, "Before"))
        .await
        .expect("a deal");
    assert!(
        store
            .stale_homes("slack:", 10)
            .await
            .expect("read")
            .is_empty(),
        "no home yet, nothing noted"
    );
    store
        .record_published_home(&slack, REP1, Utc::now())
        .await
        .expect("recorded");
    store
        .create_deal(new_deal(&slack, REP2, "Theirs"))
        .await
        .expect("a deal");
    assert!(
        store
            .stale_homes("slack:", 10)
            .await
            .expect("read")
            .is_empty(),
        "REP2 has no home, and REP1's deals did not change"
    );
    store
        .create_deal(new_deal(&slack, REP1, "Mine"))
        .await
        .expect("a deal");
    store
        .create_deal(new_deal(&slack, REP1, "Mine too"))
        .await
        .expect("a deal");
    assert_eq!(
        store.stale_homes("slack:", 10).await.expect("read"),
        vec![(slack.clone(), REP1.to_string())],
        "two changes, one stale home"
    );
    assert!(
        store
            .stale_homes("discord:", 10)
            .await
            .expect("read")
            .is_empty(),
        "another platform's homes are its own"
    );

    let other = if db.postgres_server().is_some() {
        Store::connect(&db.url).await.expect("a second pool")
    } else {
        store.clone()
    };
    let (one, two) = tokio::join!(
        store.claim_stale_home(&slack, REP1),
        other.claim_stale_home(&slack, REP1)
    );
    let claims = [one.expect("claimed"), two.expect("claimed")];
    assert_eq!(
        claims.iter().filter(|won| **won).count(),
        1,
        "one claim wins: {claims:?}"
    );
    assert!(store
        .stale_homes("slack:", 10)
        .await
        .expect("read")
        .is_empty());
}
on_both_backends!(a_change_is_noted_for_published_homes_only_and_claimed_once);

/// Slack failing a `views.publish` for a while (a 500): the home is noted
/// again and published at the next look, with the change.
async fn a_failed_refresh_is_tried_again(db: &TestDb) {
    let bot = SlackBot::start_quiet(&db.store).await;
    bot.ok(TEAM, REP1, "new Alpha 10k").await;
    bot.event(&home_opened("Ev1", REP1), None).await;
    wait_for_homes(&bot, &[REP1]).await;

    bot.fake
        .fail_next_call_to("views.publish", 1, Fault::ServerError);
    bot.ok(TEAM, REP2, "stage D-1 Qualifying").await;
    wait_for_homes(&bot, &[REP1, REP1]).await;
    assert_eq!(
        bot.fake.calls_to("views.publish").len(),
        3,
        "the first, the failed refresh, the retry"
    );
    assert!(home_text(&bot, REP1).contains("*Qualifying*"));
}
on_both_backends!(a_failed_refresh_is_tried_again);
