//! The outbox of the app `dealbot run` builds, against fake Slack and Discord
//! servers that rate-limit and fail: every queued message arrives once, in
//! order per channel, never before Retry-After has passed, paced per channel;
//! permanent refusals are recorded and shown; a message claimed by a worker
//! that died is delivered once its lease runs out.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use dealbot::adapters::shell::{render, Colour};
use dealbot::core::outgoing::{queue_message, Destination, Outgoing};
use dealbot::core::reply::Reply;
use dealbot_tests::discord_app::DISCORD_CHANNEL;
use dealbot_tests::fake_discord::Failure;
use dealbot_tests::fake_slack::Fault;
use dealbot_tests::{monday_9am, on_both_backends, shipped_settings, FakedPlatforms, TestDb};
use serde_json::Value;

const TEAM: &str = "T1";
const GUILD: &str = "800000000000000001";
const SLACK_CHANNELS: [&str; 3] = ["C0SALES1", "C0SALES2", "C0SALES3"];
const DISCORD_CHANNELS: [&str; 3] = [
    "900000000000000011",
    "900000000000000012",
    "900000000000000013",
];
/// What the fakes ask for when they answer 429 (Slack's `Retry-After` is whole
/// seconds; Discord's `retry_after` may be fractional).
const SLACK_RETRY_AFTER: i64 = 3;
const DISCORD_RETRY_AFTER: f64 = 2.5;

fn message(platform: &str, workspace: &str, channel: &str, n: usize) -> Outgoing {
    Outgoing {
        platform: platform.to_string(),
        workspace: workspace.to_string(),
        destination: Destination::Channel(channel.to_string()),
        reply: Reply::public().line(format!("message {n} to {channel}")),
        key: format!("test:{channel}:{n}"),
    }
}

/// How a platform answered one attempt to post.
#[derive(Debug, Clone, PartialEq)]
enum Answer {
    Accepted,
    RateLimited(Duration),
    ServerError,
    Refused(String),
}

/// One attempt to post, as the fake recorded it.
#[derive(Debug, Clone)]
struct Attempt {
    at: DateTime<Utc>,
    channel: String,
    /// The message's lines as the platform shows them.
    text: String,
    body: Value,
    answer: Answer,
}

fn string(value: &Value) -> String {
    value.as_str().unwrap_or_default().to_string()
}

/// Every `chat.postMessage` the fake Slack received.
fn slack_posts(faked: &FakedPlatforms) -> Vec<Attempt> {
    faked
        .slack_calls()
        .into_iter()
        .filter(|stamped| stamped.call.method == "chat.postMessage")
        .map(|stamped| Attempt {
            at: stamped.at,
            channel: string(&stamped.call.body["channel"]),
            text: string(&stamped.call.body["text"]),
            answer: match stamped.call.answer.as_str() {
                "ok" => Answer::Accepted,
                "429" => Answer::RateLimited(Duration::seconds(SLACK_RETRY_AFTER)),
                "500" => Answer::ServerError,
                code => Answer::Refused(code.to_string()),
            },
            body: stamped.call.body,
        })
        .collect()
}

/// Every message post the fake Discord received.
fn discord_posts(faked: &FakedPlatforms) -> Vec<Attempt> {
    faked
        .discord_calls()
        .into_iter()
        .filter_map(|stamped| {
            let channel = stamped
                .call
                .path
                .strip_prefix("/api/v10/channels/")?
                .strip_suffix("/messages")?
                .to_string();
            let answer = match stamped.call.status {
                200 => Answer::Accepted,
                429 => Answer::RateLimited(Duration::milliseconds(
                    (DISCORD_RETRY_AFTER * 1000.0) as i64,
                )),
                500 => Answer::ServerError,
                status => Answer::Refused(status.to_string()),
            };
            Some(Attempt {
                at: stamped.at,
                channel,
                text: string(&stamped.call.body["embeds"][0]["description"]),
                body: stamped.call.body,
                answer,
            })
        })
        .collect()
}

fn accepted(attempts: &[Attempt]) -> usize {
    attempts
        .iter()
        .filter(|attempt| attempt.answer == Answer::Accepted)
        .count()
}

/// A failure a fake is told to answer with.
enum Planned {
    RateLimited,
    ServerError,
}

/// When a platform fails: of every ten rounds in which the bot reaches it,
/// the first attempt of the 4th and the 8th is answered 429 and that of the
/// 6th 500.
#[derive(Default)]
struct Flakiness {
    /// The platform's call count when last asked.
    seen: Option<usize>,
    rounds: usize,
}

impl Flakiness {
    /// The failure to arm for the next round, given the calls `made` so far;
    /// none while no call has come since the last round (a failure armed then
    /// is still waiting).
    fn next(&mut self, made: usize) -> Option<Planned> {
        if self.seen == Some(made) {
            return None;
        }
        self.seen = Some(made);
        self.rounds += 1;
        match self.rounds % 10 {
            4 | 8 => Some(Planned::RateLimited),
            6 => Some(Planned::ServerError),
            _ => None,
        }
    }
}

async fn every_message_arrives_once_in_order_despite_429_and_500(db: &TestDb) {
    let faked = FakedPlatforms::start(
        &db.store,
        shipped_settings(),
        monday_9am(),
        &DISCORD_CHANNELS,
    )
    .await;
    for channel in SLACK_CHANNELS {
        faked.slack.join(channel);
    }
    let mut queued = Vec::new();
    for n in 0..10 {
        for channel in SLACK_CHANNELS {
            let slack = message("slack", TEAM, channel, n);
            queued.push(queue_message(&slack, None).expect("serialisable"));
        }
        for channel in DISCORD_CHANNELS {
            let discord = message("discord", GUILD, channel, n);
            queued.push(queue_message(&discord, None).expect("serialisable"));
        }
    }
    assert_eq!(
        db.store
            .enqueue(&queued, faked.now())
            .await
            .expect("queued"),
        60
    );
    // Queuing the same messages again adds nothing.
    assert_eq!(
        db.store
            .enqueue(&queued, faked.now())
            .await
            .expect("queued"),
        0
    );

    let (mut slack_flakiness, mut discord_flakiness) = (Flakiness::default(), Flakiness::default());
    for _ in 0..2_000 {
        match slack_flakiness.next(faked.slack.calls().len()) {
            Some(Planned::RateLimited) => faked.slack.fail_next(
                1,
                Fault::RateLimited {
                    retry_after: SLACK_RETRY_AFTER.unsigned_abs(),
                },
            ),
            Some(Planned::ServerError) => faked.slack.fail_next(1, Fault::ServerError),
            None => {}
        }
        match discord_flakiness.next(faked.discord.calls().len()) {
            Some(Planned::RateLimited) => faked.discord.fail_next(
                1,
                Failure::RateLimited {
                    retry_after: DISCORD_RETRY_AFTER,
                    global: false,
                },
            ),
            Some(Planned::ServerError) => faked.discord.fail_next(1, Failure::ServerError),
            None => {}
        }
        faked.round().await;
        if accepted(&slack_posts(&faked)) + accepted(&discord_posts(&faked)) == 60 {
            break;
        }
        faked.advance(Duration::milliseconds(250));
    }

    for (platform, attempts, channels) in [
        ("Slack", slack_posts(&faked), SLACK_CHANNELS),
        ("Discord", discord_posts(&faked), DISCORD_CHANNELS),
    ] {
        assert_eq!(accepted(&attempts), 30, "{platform}: every message arrived");
        assert!(
            attempts
                .iter()
                .any(|a| matches!(a.answer, Answer::RateLimited(_))),
            "{platform} rate-limited some"
        );
        assert!(
            attempts.iter().any(|a| a.answer == Answer::ServerError),
            "{platform} failed some"
        );
        let mut by_channel: BTreeMap<&str, Vec<&Attempt>> = BTreeMap::new();
        for attempt in &attempts {
            by_channel
                .entry(&attempt.channel)
                .or_default()
                .push(attempt);
        }
        assert_eq!(by_channel.keys().copied().collect::<Vec<_>>(), channels);
        for (channel, attempts) in &by_channel {
            let arrived: Vec<&str> = attempts
                .iter()
                .filter(|a| a.answer == Answer::Accepted)
                .map(|a| a.text.as_str())
                .collect();
            let expected: Vec<String> = (0..10)
                .map(|n| format!("message {n} to {channel}"))
                .collect();
            assert_eq!(
                arrived, expected,
                "{platform} {channel}: each once, in order"
            );
            for pair in attempts.windows(2) {
                let gap = pair[1].at - pair[0].at;
                match &pair[0].answer {
                    Answer::RateLimited(wait) => assert!(
                        gap >= *wait,
                        "{platform} {channel}: sent {gap} after a 429 that asked for {wait}"
                    ),
                    Answer::Accepted => assert!(
                        gap >= Duration::seconds(1),
                        "{platform} {channel}: two messages {gap} apart, faster than the platform allows"
                    ),
                    _ => {}
                }
            }
        }
    }
    for workspace in [TEAM, GUILD] {
        let report = db.store.outbox_report(workspace).await.expect("report");
        assert_eq!(
            (report.waiting, report.delivered, report.failed.len()),
            (0, 30, 0),
            "{workspace}"
        );
    }
}

on_both_backends!(every_message_arrives_once_in_order_despite_429_and_500);

async fn refused_messages_are_recorded_and_direct_messages_fall_back(db: &TestDb) {
    let faked = FakedPlatforms::start(
        &db.store,
        shipped_settings(),
        monday_9am(),
        &[DISCORD_CHANNEL],
    )
    .await;
    let closed = "700000000000000007";
    faked.discord.close_dms(closed);
    let dm = Outgoing {
        destination: Destination::DirectMessage(closed.to_string()),
        key: "dm:1".to_string(),
        ..message("discord", GUILD, "unused", 1)
    };
    let gone = message("discord", GUILD, "900000000000000404", 2);
    let slack_gone = message("slack", TEAM, "C0GONE", 3);
    let queued = vec![
        queue_message(&dm, Some(DISCORD_CHANNEL.to_string())).expect("serialisable"),
        queue_message(&gone, None).expect("serialisable"),
        queue_message(&slack_gone, None).expect("serialisable"),
    ];
    db.store
        .enqueue(&queued, faked.now())
        .await
        .expect("queued");
    faked.rounds(10, Duration::seconds(1)).await;

    let posts = discord_posts(&faked);
    let arrived: Vec<&Attempt> = posts
        .iter()
        .filter(|a| a.answer == Answer::Accepted)
        .collect();
    assert_eq!(arrived.len(), 1, "only the fallback got through: {posts:?}");
    assert_eq!(arrived[0].channel, DISCORD_CHANNEL);
    assert!(
        arrived[0].text.starts_with(&format!(
            "<@{closed}>, I could not send you a direct message"
        )),
        "{}",
        arrived[0].text
    );
    assert_eq!(
        (
            &arrived[0].body["content"],
            &arrived[0].body["allowed_mentions"]["users"]
        ),
        (
            &serde_json::json!(format!("<@{closed}>")),
            &serde_json::json!([closed])
        ),
        "the fallback pings that user, and only them"
    );
    // Refusals are not retried: the DM, the unknown channel, the fallback.
    assert_eq!(posts.len(), 3, "{posts:?}");
    assert_eq!(
        slack_posts(&faked)
            .iter()
            .map(|a| (a.channel.as_str(), a.answer.clone()))
            .collect::<Vec<_>>(),
        [("C0GONE", Answer::Refused("channel_not_found".to_string()))]
    );

    let status = |platform: &'static str, workspace: &'static str, channel: &'static str| {
        let faked = &faked;
        async move {
            let reply = faked
                .ok(platform, workspace, "admin", channel, "status")
                .await;
            render(&reply, Colour::Off)
        }
    };
    let discord = status("discord", GUILD, DISCORD_CHANNEL).await;
    assert!(discord.contains("2 failed lately"), "{discord}");
    assert!(
        discord.contains("10003: Unknown Channel: The channel no longer exists"),
        "{discord}"
    );
    assert!(
        discord.contains("50007: Cannot send messages to this user"),
        "{discord}"
    );
    let slack = status("slack", TEAM, "C-PIPELINE").await;
    assert!(slack.contains("1 failed lately"), "{slack}");
    assert!(
        slack.contains("channel_not_found: dealbot cannot see that channel"),
        "{slack}"
    );
}

on_both_backends!(refused_messages_are_recorded_and_direct_messages_fall_back);

async fn a_worker_that_dies_gives_its_messages_back(db: &TestDb) {
    let faked = FakedPlatforms::start(
        &db.store,
        shipped_settings(),
        monday_9am(),
        &[DISCORD_CHANNEL],
    )
    .await;
    db.store
        .enqueue(
            &[queue_message(&message("slack", TEAM, "C-PIPELINE", 1), None).expect("ok")],
            faked.now(),
        )
        .await
        .expect("queued");
    // Another replica's worker claims the message and dies before sending it.
    let claimed = db
        .store
        .claim_outbox(
            "dead-worker",
            faked.now(),
            std::time::Duration::from_secs(60),
            10,
        )
        .await
        .expect("claimed");
    assert_eq!(claimed.len(), 1);
    faked.round().await;
    assert!(slack_posts(&faked).is_empty(), "the lease still holds");
    faked.advance(Duration::seconds(61));
    faked.round().await;
    let posts = slack_posts(&faked);
    assert_eq!(
        posts
            .iter()
            .map(|a| (a.text.as_str(), a.answer.clone()))
            .collect::<Vec<_>>(),
        [("message 1 to C-PIPELINE", Answer::Accepted)],
        "delivered once the lease ran out"
    );
    // A message for a platform with no sender waits instead of being dropped.
    let orphan = message("nowhere", TEAM, "C9", 9);
    db.store
        .enqueue(&[queue_message(&orphan, None).expect("ok")], faked.now())
        .await
        .expect("queued");
    faked.round().await;
    let report = db.store.outbox_report(TEAM).await.expect("report");
    assert_eq!((report.waiting, report.failed.len()), (1, 0));
}

on_both_backends!(a_worker_that_dies_gives_its_messages_back);
