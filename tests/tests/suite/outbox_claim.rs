//! The delivery worker's claim, on the store: it takes the first waiting
//! message of each destination, and only that one, whatever waits behind it;
//! a destination whose first message is out for delivery, not yet due, or held
//! back by its pace gives nothing; and the depth gauge counts what waits.

use std::time::Duration as Lease;

use chrono::{DateTime, Duration, Utc};
use dealbot_storage::{NewMessage, OutboxMessage};
use dealbot_tests::{monday_9am, on_both_backends, TestDb};

const BACKLOG: usize = 300;
const HOUR: Lease = Lease::from_secs(3600);

fn message(channel: &str, n: usize) -> NewMessage {
    NewMessage {
        dedup_key: format!("claim-test:{channel}:{n}"),
        platform: "slack".into(),
        workspace: "T1".into(),
        channel_key: format!("slack:T1:{channel}"),
        payload: format!("message {n} to {channel}"),
        fallback_channel: None,
        notify_user: None,
    }
}

/// Who each claimed message was for, as `channel:n`.
fn names(claimed: &[OutboxMessage]) -> Vec<String> {
    claimed
        .iter()
        .map(|m| m.dedup_key.trim_start_matches("claim-test:").to_string())
        .collect()
}

async fn claim(db: &TestDb, at: DateTime<Utc>) -> Vec<OutboxMessage> {
    db.store
        .claim_outbox("worker", at, HOUR, 10)
        .await
        .expect("claimed")
}

async fn the_claim_takes_the_head_of_each_destination_behind_a_backlog(db: &TestDb) {
    let now = monday_9am();
    let mut queued: Vec<NewMessage> = (1..=BACKLOG).map(|n| message("BUSY", n)).collect();
    queued.extend([
        message("PACED", 1),
        message("PACED", 2),
        message("LATER", 1),
        message("QUIET", 1),
    ]);
    db.store.enqueue(&queued, now).await.expect("queued");

    let first = claim(db, now).await;
    assert_eq!(
        names(&first),
        ["BUSY:1", "PACED:1", "LATER:1", "QUIET:1"],
        "one message per destination, the oldest, in the order queued"
    );
    let (waiting, oldest) = db.store.outbox_depth().await.expect("depth");
    assert_eq!((waiting, oldest), ((BACKLOG + 4) as i64, Some(now)));
    assert!(
        claim(db, now).await.is_empty(),
        "a destination whose first message is out for delivery gives nothing"
    );

    let id = |name: &str| {
        first
            .iter()
            .find(|m| m.dedup_key.ends_with(name))
            .map(|m| (m.id, m.channel_key.clone()))
            .expect("claimed")
    };
    let (busy, busy_channel) = id("BUSY:1");
    let (paced, paced_channel) = id("PACED:1");
    let (later, later_channel) = id("LATER:1");
    let (quiet, quiet_channel) = id("QUIET:1");
    let store = &db.store;
    store
        .mark_delivered(busy, &busy_channel, Some("1.1"), now, now)
        .await
        .expect("delivered");
    store
        .mark_delivered(
            paced,
            &paced_channel,
            Some("1.2"),
            now,
            now + Duration::minutes(1),
        )
        .await
        .expect("delivered");
    store
        .retry_later(
            later,
            &later_channel,
            "rate limited",
            now + Duration::minutes(10),
            None,
        )
        .await
        .expect("put back");
    store
        .mark_delivered(quiet, &quiet_channel, Some("1.3"), now, now)
        .await
        .expect("delivered");

    assert_eq!(
        names(&claim(db, now).await),
        ["BUSY:2"],
        "the paced destination and the one not yet due wait"
    );
    let (waiting, _) = db.store.outbox_depth().await.expect("depth");
    assert_eq!(
        waiting,
        (BACKLOG - 1 + 2) as i64,
        "BUSY:2 on, PACED:2 and LATER:1"
    );
    assert_eq!(
        names(&claim(db, now + Duration::minutes(2)).await),
        ["PACED:2"],
        "the pace has passed; LATER:1 is due in 10 minutes"
    );
    assert_eq!(
        names(&claim(db, now + Duration::minutes(11)).await),
        ["LATER:1"]
    );
}

on_both_backends!(the_claim_takes_the_head_of_each_destination_behind_a_backlog);
