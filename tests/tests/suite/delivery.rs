//! The outbox through the real Slack and Discord senders, against fakes that
//! enforce the platforms' limits: a 500-deal digest arrives on both, split
//! within limits, every deal once; 429s and 500s delay messages but never lose
//! or double them, and nothing is sent before Retry-After has passed.

use std::collections::HashMap;
use std::sync::Arc;

use dealbot::adapters::discord::DiscordSender;
use dealbot::adapters::slack::{client, SlackSender, WebApi};
use dealbot::config::OutboxSettings;
use dealbot::core::outgoing::{queue_message, Destination, Outgoing};
use dealbot::core::reply::Reply;
use dealbot::outbox::{OutboxWorker, Senders};
use dealbot::scheduler::Scheduler;
use dealbot_storage::{NewDeal, NewSubscription};
use dealbot_tests::fake_discord::{self, FakeDiscord};
use dealbot_tests::fake_sender::ManualClock;
use dealbot_tests::fake_slack::{self, FakeSlack, Fault};
use dealbot_tests::{monday_9am, on_both_backends, Session, TestDb};
use secrecy::SecretString;
use serde_json::Value;

const DISCORD_TOKEN: &str = "discord-bot-token";
const DISCORD_CHANNEL: &str = "900000000000000001";

struct Platforms {
    slack: FakeSlack,
    discord: FakeDiscord,
    senders: Senders,
}

async fn platforms() -> Platforms {
    let slack = FakeSlack::start().await;
    let discord = FakeDiscord::start(DISCORD_TOKEN, &[DISCORD_CHANNEL]).await;
    let api = WebApi::new(
        client(&slack.api_url()).expect("client"),
        &SecretString::from(fake_slack::BOT_TOKEN.to_string()),
    );
    let discord_sender = DiscordSender::new(
        &discord.api_url,
        SecretString::from(DISCORD_TOKEN.to_string()),
    )
    .expect("sender");
    let senders = Senders::new()
        .with("slack", Arc::new(SlackSender::new(Arc::new(api))))
        .with("discord", Arc::new(discord_sender));
    Platforms {
        slack,
        discord,
        senders,
    }
}

fn worker(db: &TestDb, senders: &Senders, clock: &ManualClock) -> OutboxWorker {
    OutboxWorker::new(db.store.clone(), senders.clone(), OutboxSettings::default())
        .with_clock(clock.as_clock())
}

/// Every string in a JSON value, joined.
fn text_of(value: &Value) -> String {
    match value {
        Value::String(text) => format!("{text}\n"),
        Value::Array(items) => items.iter().map(text_of).collect(),
        Value::Object(map) => map.values().map(text_of).collect(),
        _ => String::new(),
    }
}

/// How often each deal id appears across the messages.
fn deal_ids(messages: &[Value]) -> HashMap<String, usize> {
    let mut seen = HashMap::new();
    for message in messages {
        let text = text_of(message);
        let mut rest = text.as_str();
        while let Some(at) = rest.find("D-") {
            let digits: String = rest[at + 2..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            if !digits.is_empty() {
                *seen.entry(format!("D-{digits}")).or_default() += 1;
            }
            rest = &rest[at + 2..];
        }
    }
    seen
}

async fn a_500_deal_digest_arrives_on_both_platforms_within_limits(db: &TestDb) {
    let platforms = platforms().await;
    let two_days_ago = monday_9am() - chrono::Duration::days(2);
    let stages = [
        "Prospecting",
        "Building Rapport",
        "Qualifying",
        "Presenting",
        "Closing",
    ];
    for (platform, workspace) in [("slack", "T1"), ("discord", "800000000000000001")] {
        for n in 0..500 {
            db.store
                .create_deal(NewDeal {
                    platform: platform.to_string(),
                    workspace: workspace.to_string(),
                    name: format!("Customer {n} & <Partners> \"Group\""),
                    pipeline: "new-business".to_string(),
                    stage: stages[n % stages.len()].to_string(),
                    owner: if platform == "slack" {
                        "U0REP1".to_string()
                    } else {
                        "700000000000000001".to_string()
                    },
                    amount_minor: Some(250_000 * (n as i64 + 1)),
                    currency: Some("USD".to_string()),
                    close_date: None,
                    channel: None,
                    created_by: "import".to_string(),
                    at: two_days_ago,
                })
                .await
                .expect("deal");
        }
        let channel = if platform == "slack" {
            "C-PIPELINE"
        } else {
            DISCORD_CHANNEL
        };
        db.store
            .subscribe(&NewSubscription {
                workspace: workspace.to_string(),
                platform: platform.to_string(),
                channel: channel.to_string(),
                cron: "0 9 * * 1-5".to_string(),
                timezone: "UTC".to_string(),
                pipeline: None,
                owner: None,
                created_by: "test".to_string(),
                at: two_days_ago,
            })
            .await
            .expect("subscribed");
    }
    let session = Session::new(&db.store, "T1", "U0REP1").await;
    let mut settings = dealbot_tests::shipped_settings();
    settings.nags.enabled = false;
    let core = dealbot::core::Core::new(db.store.clone(), settings)
        .expect("core")
        .with_limits(
            [
                (
                    "slack".to_string(),
                    dealbot::outbox::Sender::limits(
                        platforms.senders.get("slack").expect("slack").as_ref(),
                    ),
                ),
                (
                    "discord".to_string(),
                    dealbot::outbox::Sender::limits(
                        platforms.senders.get("discord").expect("discord").as_ref(),
                    ),
                ),
            ]
            .into_iter()
            .collect(),
        );
    drop(session);
    let clock = ManualClock::new(monday_9am());
    Scheduler::new(core).tick(monday_9am()).await.expect("tick");
    let worker = worker(db, &platforms.senders, &clock);
    for _ in 0..200 {
        worker.run_once().await.expect("round");
        clock.advance(chrono::Duration::seconds(2));
    }

    let slack_posts: Vec<Value> = platforms
        .slack
        .calls_to("chat.postMessage")
        .into_iter()
        .map(|call| {
            assert_eq!(
                call.answer, "ok",
                "Slack accepted every part: {}",
                call.body
            );
            call.body
        })
        .collect();
    assert!(
        slack_posts.len() > 1,
        "500 deals need several Slack messages"
    );
    let discord_posts = platforms.discord.messages_in(DISCORD_CHANNEL);
    assert!(
        discord_posts.len() > 1,
        "500 deals need several Discord messages"
    );
    for post in &discord_posts {
        fake_discord::check_message(post).expect("within Discord's limits");
        assert_eq!(post["allowed_mentions"]["parse"], serde_json::json!([]));
    }
    for (name, posts) in [("Slack", &slack_posts), ("Discord", &discord_posts)] {
        let seen = deal_ids(posts);
        assert_eq!(seen.len(), 500, "{name}: every deal is in the digest");
        assert!(
            seen.values().all(|count| *count == 1),
            "{name}: no deal twice"
        );
        let count = posts.len();
        assert!(
            text_of(&posts[count - 1]).contains(&format!("part {count} of {count}")),
            "{name}: parts are numbered"
        );
    }
    let first_slack = text_of(&slack_posts[0]);
    assert!(
        first_slack.contains("&amp; &lt;Partners&gt;"),
        "user text is escaped for Slack"
    );
    assert!(!first_slack.contains("<Partners>"));
}

on_both_backends!(a_500_deal_digest_arrives_on_both_platforms_within_limits);

fn channel_message(platform: &str, workspace: &str, channel: &str, n: usize) -> Outgoing {
    Outgoing {
        platform: platform.to_string(),
        workspace: workspace.to_string(),
        destination: Destination::Channel(channel.to_string()),
        reply: Reply::public().line(format!("message {n}")),
        key: format!("{platform}:{n}"),
    }
}

async fn rate_limits_and_errors_delay_but_never_lose_or_double(db: &TestDb) {
    let platforms = platforms().await;
    let mut queued = Vec::new();
    for n in 0..6 {
        queued.push(
            queue_message(&channel_message("slack", "T1", "C-PIPELINE", n), None).expect("ok"),
        );
        queued.push(
            queue_message(&channel_message("discord", "G1", DISCORD_CHANNEL, n), None).expect("ok"),
        );
    }
    let clock = ManualClock::new(monday_9am());
    db.store
        .enqueue(&queued, clock.now())
        .await
        .expect("queued");
    let worker = worker(db, &platforms.senders, &clock);

    // Slack: a 429 asking for 3 seconds, then a 500.
    platforms
        .slack
        .fail_next(1, Fault::RateLimited { retry_after: 3 });
    platforms.discord.fail_next(
        1,
        fake_discord::Failure::RateLimited {
            retry_after: 2.5,
            global: false,
        },
    );
    worker.run_once().await.expect("round");
    let slack_attempts = || platforms.slack.calls_to("chat.postMessage").len();
    let discord_attempts = || {
        platforms
            .discord
            .calls()
            .iter()
            .filter(|call| call.path.ends_with("/messages"))
            .count()
    };
    assert_eq!((slack_attempts(), discord_attempts()), (1, 1));
    clock.advance(chrono::Duration::milliseconds(2000));
    worker.run_once().await.expect("round");
    assert_eq!(
        (slack_attempts(), discord_attempts()),
        (1, 1),
        "nothing before Retry-After"
    );
    clock.advance(chrono::Duration::milliseconds(600));
    worker.run_once().await.expect("round");
    assert_eq!(
        (slack_attempts(), discord_attempts()),
        (1, 2),
        "Discord retries after 2.5 s"
    );
    clock.advance(chrono::Duration::milliseconds(500));
    platforms.slack.fail_next(1, Fault::ServerError);
    worker.run_once().await.expect("round");
    assert_eq!(slack_attempts(), 2, "Slack retries after 3 s");
    for _ in 0..60 {
        worker.run_once().await.expect("round");
        clock.advance(chrono::Duration::seconds(2));
    }

    let slack_texts: Vec<String> = platforms
        .slack
        .calls_to("chat.postMessage")
        .into_iter()
        .filter(|call| call.answer == "ok")
        .map(|call| call.body["text"].as_str().unwrap_or_default().to_string())
        .collect();
    let discord_texts: Vec<String> = platforms
        .discord
        .messages_in(DISCORD_CHANNEL)
        .iter()
        .map(text_of)
        .collect();
    let expected: Vec<String> = (0..6).map(|n| format!("message {n}")).collect();
    assert_eq!(slack_texts, expected, "Slack: each once, in order");
    assert_eq!(discord_texts.len(), 6, "Discord: each once");
    for (text, want) in discord_texts.iter().zip(&expected) {
        assert!(
            text.contains(want.as_str()),
            "Discord in order: {text} should be {want}"
        );
    }
    let report = db.store.outbox_report("T1").await.expect("report");
    assert_eq!((report.waiting, report.delivered), (0, 6));
}

on_both_backends!(rate_limits_and_errors_delay_but_never_lose_or_double);

async fn a_digest_the_bot_cannot_post_is_reported_to_whoever_asked(db: &TestDb) {
    let platforms = platforms().await;
    let core = Session::new(&db.store, "T1", "U0REP1").await.core;
    let invocation = dealbot::core::env::Invocation {
        platform: "slack".to_string(),
        workspace: "T1".to_string(),
        user: "U0REP1".to_string(),
        channel: Some("C-PRIVATE".to_string()),
        timezone: None,
        now: monday_9am(),
    };
    let reply = core.handle(&invocation, "digest").await;
    assert_ne!(reply.tone, dealbot::core::reply::Tone::Error);
    let clock = ManualClock::new(monday_9am());
    let worker = worker(db, &platforms.senders, &clock);
    for _ in 0..5 {
        worker.run_once().await.expect("round");
        clock.advance(chrono::Duration::seconds(2));
    }
    let posts = platforms.slack.calls_to("chat.postMessage");
    let refused: Vec<_> = posts
        .iter()
        .filter(|call| call.answer == "not_in_channel")
        .collect();
    assert_eq!(
        refused.len(),
        1,
        "the refused post is not retried: {posts:?}"
    );
    let opened = platforms.slack.calls_to("conversations.open");
    assert_eq!(opened.len(), 1, "a DM to the asker");
    assert!(text_of(&opened[0].body["users"]).contains("U0REP1"));
    let notice = posts
        .iter()
        .find(|call| call.answer == "ok")
        .expect("the notice was posted");
    let text = text_of(&notice.body);
    assert!(
        text.contains("not_in_channel") && text.contains("/invite @dealbot"),
        "{text}"
    );
    let report = db.store.outbox_report("T1").await.expect("report");
    assert_eq!(
        report.failed.len(),
        1,
        "the refusal is kept for /deal status"
    );
}

on_both_backends!(a_digest_the_bot_cannot_post_is_reported_to_whoever_asked);
