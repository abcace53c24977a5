//! Replayed requests, over real HTTP: a signed request the bot served, sent
//! again inside the 300 s window, is refused with 401 however its signature is
//! spelled (`+f` for `0f`, capitals) and whichever bot instance over the same
//! database it reaches; the memory is swept when its entries expire.

use std::time::Duration;

use chrono::Utc;
use dealbot_storage::{DealFilter, Store};
use dealbot_tests::discord_app::{command, DiscordApp};
use dealbot_tests::slack_bot::{now, sign, SlackBot, SIGNING_SECRET};
use dealbot_tests::{discord_workspace, on_both_backends, slack_workspace, TestDb};
use serde_json::json;

const GUILD: &str = "100000000000000001";
const REP: &str = "200000000000000001";
const TEAM: &str = "T0REPLAY";
const SLACK_REP: &str = "U0REPLAY";

/// How many signatures the replay guard holds now, expired or not.
async fn remembered(db: &TestDb) -> i64 {
    let sql = "SELECT COUNT(*) FROM replay_guard";
    if db.url.starts_with("sqlite:") {
        let pool = sqlx::SqlitePool::connect(&db.url).await.expect("SQLite");
        let count = sqlx::query_scalar(sql).fetch_one(&pool).await;
        pool.close().await;
        count.expect("counted")
    } else {
        let pool = sqlx::PgPool::connect(&db.url).await.expect("PostgreSQL");
        let count = sqlx::query_scalar(sql).fetch_one(&pool).await;
        pool.close().await;
        count.expect("counted")
    }
}

/// The names of every deal of `workspace`, in order.
async fn deal_names(store: &Store, workspace: &str) -> Vec<String> {
    store
        .list_deals(workspace, &DealFilter::default())
        .await
        .expect("deals listed")
        .into_iter()
        .map(|deal| deal.name)
        .collect()
}

/// A signed `/deal new` interaction whose signature has a byte below 0x10,
/// written `0f`-like in hex: the body, its timestamp, its signature, and the
/// signature with that pair's `0` written as `+`.
fn new_deal_with_a_small_byte(app: &DiscordApp, name: &str) -> (String, String, String, String) {
    loop {
        let body = command(GUILD, REP, "new", &[("name", json!(name))]).to_string();
        let timestamp = Utc::now().timestamp().to_string();
        let signature = DiscordApp::sign_with(app.key(), &timestamp, &body);
        if let Some(plus) = with_a_plus(&signature) {
            return (body, timestamp, signature, plus);
        }
    }
}

/// `hex` with the first `0` that opens a pair of digits written `+` (which
/// `from_str_radix` reads as the same byte), if it has one.
fn with_a_plus(hex: &str) -> Option<String> {
    let i = (0..hex.len() / 2).find(|i| hex.as_bytes()[2 * i] == b'0')?;
    Some(format!("{}+{}", &hex[..2 * i], &hex[2 * i + 1..]))
}

/// Must show: the `+f` replay of a Discord `new` is refused and opens no
/// second deal; a capitalised one likewise.
async fn a_discord_signature_respelled_is_still_a_replay(db: &TestDb) {
    let app = DiscordApp::spawn(&db.store).await;
    let (body, timestamp, signature, plus) = new_deal_with_a_small_byte(&app, "Replayed Deal");
    let served = app
        .post_raw(&body, Some(&signature), Some(&timestamp))
        .await;
    assert_eq!(served.status, 200, "{:?}", served.json);
    assert_eq!(
        deal_names(&db.store, &discord_workspace(GUILD)).await,
        ["Replayed Deal"]
    );

    for spelling in [plus, signature.to_uppercase(), signature.clone()] {
        let replay = app.post_raw(&body, Some(&spelling), Some(&timestamp)).await;
        assert_eq!(replay.status, 401, "{spelling}: {:?}", replay.json);
    }
    assert_eq!(
        deal_names(&db.store, &discord_workspace(GUILD)).await,
        ["Replayed Deal"],
        "no second deal"
    );
    let history = db
        .store
        .history(&discord_workspace(GUILD), 1, None)
        .await
        .expect("history");
    assert_eq!(history.len(), 1, "created once: {history:?}");
    assert_eq!(remembered(db).await, 1, "nothing stored twice");
}

on_both_backends!(a_discord_signature_respelled_is_still_a_replay);

/// A Slack command's signature, written with capitals or a `+`, is the same
/// signature: refused as a replay, or not a signature at all.
async fn a_slack_signature_respelled_is_still_a_replay(db: &TestDb) {
    let bot = SlackBot::start(&db.store).await;
    let timestamp = now();
    let (body, signature, plus) = loop {
        let (_, hook) = bot.new_hook();
        let body = bot.command_body(TEAM, SLACK_REP, "new \"Replayed Deal\"", &hook);
        let signature = sign(SIGNING_SECRET, timestamp, &body);
        if let Some(plus) = with_a_plus(signature.trim_start_matches("v0=")) {
            break (body, signature, format!("v0={plus}"));
        }
    };
    let send = |signature: String| {
        let headers = [
            ("x-slack-request-timestamp", timestamp.to_string()),
            ("x-slack-signature", signature),
        ];
        let body = body.as_bytes().to_vec();
        let bot = &bot;
        async move { bot.post("/slack/commands", body, &headers).await }
    };
    assert_eq!(send(signature.clone()).await.status, 200);
    let digits = signature.trim_start_matches("v0=");
    for spelling in [
        format!("v0={}", digits.to_uppercase()),
        plus,
        signature.clone(),
    ] {
        let replay = send(spelling.clone()).await;
        assert_eq!(replay.status, 401, "{spelling}: {}", replay.body);
    }
    assert_eq!(
        deal_names(&db.store, &slack_workspace(TEAM)).await,
        ["Replayed Deal"]
    );
    assert_eq!(remembered(db).await, 1, "nothing stored twice");
}

on_both_backends!(a_slack_signature_respelled_is_still_a_replay);

/// Must show: a request served by one bot instance, replayed to a second one
/// over the same database (its own connections, its own memory), is refused.
async fn a_replay_to_another_instance_is_refused(db: &TestDb) {
    let second_store = Store::connect(&db.url).await.expect("a second store");
    let first = DiscordApp::spawn(&db.store).await;
    let second = DiscordApp::spawn(&second_store).await;
    let body = command(GUILD, REP, "new", &[("name", json!("Shared Deal"))]).to_string();
    let timestamp = Utc::now().timestamp().to_string();
    let signature = DiscordApp::sign_with(first.key(), &timestamp, &body);
    let served = first
        .post_raw(&body, Some(&signature), Some(&timestamp))
        .await;
    assert_eq!(served.status, 200, "{:?}", served.json);
    let replay = second
        .post_raw(&body, Some(&signature), Some(&timestamp))
        .await;
    assert_eq!(replay.status, 401, "{:?}", replay.json);
    assert_eq!(
        deal_names(&db.store, &discord_workspace(GUILD)).await,
        ["Shared Deal"]
    );

    let slack_one = SlackBot::start(&db.store).await;
    let slack_two = SlackBot::start(&second_store).await;
    let (_, hook) = slack_one.new_hook();
    let body = slack_one.command_body(TEAM, SLACK_REP, "new \"Shared Deal\"", &hook);
    let at = now();
    assert_eq!(
        slack_one
            .post_signed("/slack/commands", &body, at)
            .await
            .status,
        200
    );
    let replay = slack_two.post_signed("/slack/commands", &body, at).await;
    assert_eq!(replay.status, 401, "{}", replay.body);
    assert_eq!(
        deal_names(&db.store, &slack_workspace(TEAM)).await,
        ["Shared Deal"]
    );
    assert_eq!(remembered(db).await, 2, "one entry per request served");
    second_store.close().await;
}

on_both_backends!(a_replay_to_another_instance_is_refused);

/// Must show: entries whose time is up are swept (by the first request a bot
/// serves, and then once a minute); those still inside it are kept.
async fn expired_entries_are_swept(db: &TestDb) {
    let now = Utc::now();
    for (hash, expires_at) in [
        ("expired-an-hour-ago", now - chrono::Duration::hours(1)),
        ("expired-a-second-ago", now - chrono::Duration::seconds(1)),
        ("still-in-the-window", now + chrono::Duration::minutes(5)),
    ] {
        assert!(db
            .store
            .remember_signature(hash, expires_at)
            .await
            .expect("remembered"));
    }
    assert_eq!(remembered(db).await, 3);

    let app = DiscordApp::spawn(&db.store).await;
    let new = command(GUILD, REP, "new", &[("name", json!("Sweeper"))]);
    assert_eq!(app.send(&new).await.status, 200);
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while remembered(db).await != 2 {
        assert!(
            std::time::Instant::now() < deadline,
            "expired entries still there: {}",
            remembered(db).await
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(
        !db.store
            .remember_signature("still-in-the-window", now)
            .await
            .expect("asked"),
        "the entry inside the window is kept"
    );
    assert!(
        db.store
            .remember_signature("expired-an-hour-ago", now)
            .await
            .expect("asked"),
        "the expired entry is gone"
    );
}

on_both_backends!(expired_entries_are_swept);
