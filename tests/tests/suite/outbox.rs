//! The outbox against a platform that rate-limits and fails: every queued
//! message arrives once, in order per channel, never before Retry-After has
//! passed, paced per channel; permanent refusals are recorded and shown.

use std::collections::HashMap;
use std::sync::Arc;

use dealbot::config::OutboxSettings;
use dealbot::core::outgoing::{queue_message, Destination, Outgoing};
use dealbot::core::reply::Reply;
use dealbot::outbox::{OutboxWorker, Senders};
use dealbot_tests::fake_sender::{Answer, FakePlatform, ManualClock};
use dealbot_tests::{monday_9am, on_both_backends, Session, TestDb};

fn message(workspace: &str, channel: &str, n: usize) -> Outgoing {
    Outgoing {
        platform: "fake".to_string(),
        workspace: workspace.to_string(),
        destination: Destination::Channel(channel.to_string()),
        reply: Reply::public().line(format!("message {n} to {channel}")),
        key: format!("test:{channel}:{n}"),
    }
}

/// A repeatable 30% of failures: every 10 attempts, 2 are 429 and 1 is a 500.
fn flaky(attempt: usize, _message: &Outgoing) -> Answer {
    match attempt % 10 {
        3 | 7 => Answer::RateLimit(std::time::Duration::from_millis(2500)),
        5 => Answer::ServerError,
        _ => Answer::Accept,
    }
}

async fn every_message_arrives_once_in_order_despite_429_and_500(db: &TestDb) {
    dealbot::telemetry::install();
    let clock = ManualClock::new(monday_9am());
    let platform = FakePlatform::scripted(clock.clone(), Arc::new(flaky));
    let worker = OutboxWorker::new(
        db.store.clone(),
        Senders::new().with("fake", Arc::new(platform.clone())),
        OutboxSettings::default(),
    )
    .with_clock(clock.as_clock());
    let channels = ["C1", "C2", "C3"];
    let mut queued = Vec::new();
    for n in 0..10 {
        for channel in channels {
            queued.push(queue_message(&message("T1", channel, n), None).expect("serialisable"));
        }
    }
    assert_eq!(
        db.store
            .enqueue(&queued, clock.now())
            .await
            .expect("queued"),
        30
    );
    // Queuing the same messages again adds nothing.
    assert_eq!(
        db.store
            .enqueue(&queued, clock.now())
            .await
            .expect("queued"),
        0
    );

    for _ in 0..2_000 {
        worker.run_once().await.expect("round");
        if platform.accepted().len() == 30 {
            break;
        }
        clock.advance(chrono::Duration::milliseconds(250));
    }
    let accepted = platform.accepted();
    assert_eq!(accepted.len(), 30, "every message arrived");
    let mut keys: Vec<&str> = accepted.iter().map(|a| a.key.as_str()).collect();
    keys.sort_unstable();
    keys.dedup();
    assert_eq!(keys.len(), 30, "no message arrived twice");

    let attempts = platform.attempts();
    assert!(attempts
        .iter()
        .any(|a| matches!(a.answer, Answer::RateLimit(_))));
    assert!(attempts.iter().any(|a| a.answer == Answer::ServerError));
    let mut by_channel: HashMap<String, Vec<_>> = HashMap::new();
    for attempt in &attempts {
        by_channel
            .entry(attempt.destination.clone())
            .or_default()
            .push(attempt.clone());
    }
    for (channel, attempts) in &by_channel {
        let order: Vec<&str> = attempts
            .iter()
            .filter(|a| a.answer == Answer::Accept)
            .map(|a| a.key.as_str())
            .collect();
        let expected: Vec<String> = (0..10)
            .map(|n| format!("test:{}:{n}", &channel[1..]))
            .collect();
        assert_eq!(order, expected, "{channel} got its messages in order");
        for pair in attempts.windows(2) {
            let gap = pair[1].at - pair[0].at;
            match pair[0].answer {
                Answer::RateLimit(wait) => assert!(
                    gap >= chrono::Duration::from_std(wait).expect("duration"),
                    "{channel}: sent {gap} after a 429 that asked for {wait:?}"
                ),
                Answer::Accept => assert!(
                    gap >= chrono::Duration::seconds(1),
                    "{channel}: two messages {gap} apart, faster than the platform allows"
                ),
                _ => {}
            }
        }
    }
    let report = db.store.outbox_report("T1").await.expect("report");
    assert_eq!(
        (report.waiting, report.delivered, report.failed.len()),
        (0, 30, 0)
    );
}

on_both_backends!(every_message_arrives_once_in_order_despite_429_and_500);

async fn refused_messages_are_recorded_and_direct_messages_fall_back(db: &TestDb) {
    let clock = ManualClock::new(monday_9am());
    let platform = FakePlatform::scripted(
        clock.clone(),
        Arc::new(|_, message: &Outgoing| match &message.destination {
            Destination::DirectMessage(_) => Answer::Refuse("cannot_dm_user"),
            Destination::Channel(channel) if channel == "C-gone" => {
                Answer::Refuse("channel_not_found")
            }
            Destination::Channel(_) => Answer::Accept,
        }),
    );
    let worker = OutboxWorker::new(
        db.store.clone(),
        Senders::new().with("fake", Arc::new(platform.clone())),
        OutboxSettings::default(),
    )
    .with_clock(clock.as_clock());
    let dm = Outgoing {
        destination: Destination::DirectMessage("U7".to_string()),
        key: "dm:1".to_string(),
        ..message("T1", "unused", 1)
    };
    let gone = message("T1", "C-gone", 2);
    let queued = vec![
        queue_message(&dm, Some("C-team".to_string())).expect("serialisable"),
        queue_message(&gone, None).expect("serialisable"),
    ];
    db.store
        .enqueue(&queued, clock.now())
        .await
        .expect("queued");
    for _ in 0..10 {
        worker.run_once().await.expect("round");
        clock.advance(chrono::Duration::seconds(1));
    }
    let accepted = platform.accepted();
    assert_eq!(
        accepted.len(),
        1,
        "only the fallback got through: {accepted:?}"
    );
    assert_eq!(accepted[0].destination, "#C-team");
    let text: Vec<String> = accepted[0]
        .message
        .reply
        .lines
        .iter()
        .map(|l| l.plain())
        .collect();
    assert!(
        text[0].starts_with("@U7, I could not send you a direct message"),
        "{text:?}"
    );
    // Refusals are not retried.
    assert_eq!(platform.attempts().len(), 3);

    let admin = Session::new(&db.store, "T1", "admin").await;
    let (status, _) = admin.ok("status").await;
    assert!(status.contains("2 failed lately"), "{status}");
    assert!(
        status.contains("channel_not_found: invite the bot"),
        "{status}"
    );
    assert!(status.contains("cannot_dm_user"), "{status}");
}

on_both_backends!(refused_messages_are_recorded_and_direct_messages_fall_back);

async fn a_worker_that_dies_gives_its_messages_back(db: &TestDb) {
    let clock = ManualClock::new(monday_9am());
    db.store
        .enqueue(
            &[queue_message(&message("T1", "C1", 1), None).expect("ok")],
            clock.now(),
        )
        .await
        .expect("queued");
    // A worker claims the message and dies before sending it.
    let claimed = db
        .store
        .claim_outbox(
            "dead-worker",
            clock.now(),
            std::time::Duration::from_secs(60),
            10,
        )
        .await
        .expect("claimed");
    assert_eq!(claimed.len(), 1);
    let platform = FakePlatform::new(clock.clone());
    let worker = OutboxWorker::new(
        db.store.clone(),
        Senders::new().with("fake", Arc::new(platform.clone())),
        OutboxSettings::default(),
    )
    .with_clock(clock.as_clock());
    worker.run_once().await.expect("round");
    assert!(platform.attempts().is_empty(), "the lease still holds");
    clock.advance(chrono::Duration::seconds(61));
    worker.run_once().await.expect("round");
    assert_eq!(
        platform.accepted().len(),
        1,
        "delivered once the lease ran out"
    );
    // A message for a platform with no sender waits instead of being dropped.
    let orphan = Outgoing {
        platform: "nowhere".to_string(),
        ..message("T1", "C9", 9)
    };
    db.store
        .enqueue(&[queue_message(&orphan, None).expect("ok")], clock.now())
        .await
        .expect("queued");
    worker.run_once().await.expect("round");
    let report = db.store.outbox_report("T1").await.expect("report");
    assert_eq!((report.waiting, report.failed.len()), (1, 0));
}

on_both_backends!(a_worker_that_dies_gives_its_messages_back);
