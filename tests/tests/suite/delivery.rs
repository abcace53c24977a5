//! The app `dealbot run` builds, delivering through its Slack and Discord
//! senders to fakes that enforce the platforms' limits: a 500-deal digest
//! arrives on both, split within each platform's limits, every deal once; 429s
//! and 500s delay messages but never lose or double them, and nothing is sent
//! before Retry-After has passed; a digest the bot may not post is reported to
//! whoever asked for it.

use std::collections::HashMap;

use dealbot::core::outgoing::{queue_message, Destination, Outgoing};
use dealbot::core::reply::Reply;
use dealbot_storage::{NewDeal, NewSubscription};
use dealbot_tests::discord_app::DISCORD_CHANNEL;
use dealbot_tests::fake_discord;
use dealbot_tests::fake_slack::Fault;
use dealbot_tests::json_text::text_of;
use dealbot_tests::{monday_9am, on_both_backends, shipped_settings, FakedPlatforms, TestDb};
use serde_json::Value;

/// The app with Slack and Discord faked, at Monday 09:00.
async fn faked(db: &TestDb) -> FakedPlatforms {
    FakedPlatforms::start(
        &db.store,
        shipped_settings(),
        monday_9am(),
        &[DISCORD_CHANNEL],
    )
    .await
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
    let mut settings = shipped_settings();
    settings.nags.enabled = false;
    let faked = FakedPlatforms::start(&db.store, settings, monday_9am(), &[DISCORD_CHANNEL]).await;
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
                    private_channel: false,
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
                chart: false,
            })
            .await
            .expect("subscribed");
    }
    let fired = faked.fire_due().await;
    assert_eq!(fired.digests, 2, "one digest a channel is due at 09:00");
    faked.rounds(200, chrono::Duration::seconds(2)).await;

    let slack_posts: Vec<Value> = faked
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
    let discord_posts = faked.discord.messages_in(DISCORD_CHANNEL);
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
    let faked = faked(db).await;
    let mut queued = Vec::new();
    for n in 0..6 {
        queued.push(
            queue_message(&channel_message("slack", "T1", "C-PIPELINE", n), None).expect("ok"),
        );
        queued.push(
            queue_message(&channel_message("discord", "G1", DISCORD_CHANNEL, n), None).expect("ok"),
        );
    }
    db.store
        .enqueue(&queued, faked.now())
        .await
        .expect("queued");

    // Slack: a 429 asking for 3 seconds, then a 500.
    faked
        .slack
        .fail_next(1, Fault::RateLimited { retry_after: 3 });
    faked.discord.fail_next(
        1,
        fake_discord::Failure::RateLimited {
            retry_after: 2.5,
            global: false,
        },
    );
    faked.round().await;
    let slack_attempts = || faked.slack.calls_to("chat.postMessage").len();
    let discord_attempts = || {
        faked
            .discord
            .calls()
            .iter()
            .filter(|call| call.path.ends_with("/messages"))
            .count()
    };
    assert_eq!((slack_attempts(), discord_attempts()), (1, 1));
    faked.advance(chrono::Duration::milliseconds(2000));
    faked.round().await;
    assert_eq!(
        (slack_attempts(), discord_attempts()),
        (1, 1),
        "nothing before Retry-After"
    );
    faked.advance(chrono::Duration::milliseconds(600));
    faked.round().await;
    assert_eq!(
        (slack_attempts(), discord_attempts()),
        (1, 2),
        "Discord retries after 2.5 s"
    );
    faked.advance(chrono::Duration::milliseconds(500));
    faked.slack.fail_next(1, Fault::ServerError);
    faked.round().await;
    assert_eq!(slack_attempts(), 2, "Slack retries after 3 s");
    faked.rounds(60, chrono::Duration::seconds(2)).await;

    let slack_texts: Vec<String> = faked
        .slack
        .calls_to("chat.postMessage")
        .into_iter()
        .filter(|call| call.answer == "ok")
        .map(|call| call.body["text"].as_str().unwrap_or_default().to_string())
        .collect();
    let discord_texts: Vec<String> = faked
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
    let faked = faked(db).await;
    let reply = faked
        .ok("slack", "T1", "U0REP1", "C-PRIVATE", "digest")
        .await;
    assert!(
        reply
            .lines
            .iter()
            .any(|line| line.plain().starts_with("Posting the digest here")),
        "{reply:?}"
    );
    faked.rounds(5, chrono::Duration::seconds(2)).await;
    let posts = faked.slack.calls_to("chat.postMessage");
    let refused: Vec<_> = posts
        .iter()
        .filter(|call| call.answer == "not_in_channel")
        .collect();
    assert_eq!(
        refused.len(),
        1,
        "the refused post is not retried: {posts:?}"
    );
    let opened = faked.slack.calls_to("conversations.open");
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
