//! Digests and nags on their schedules: two replicas on one database for a
//! simulated week fire every slot exactly once; daylight-saving days get one
//! digest at the right local time; downtime fires a missed slot once; nags keep
//! to working hours and intervals, escalate, and stop when the owner acts; each
//! owner is nagged in the zone they chose in that workspace; a slot claims a
//! thousand messages at once, each once.

use chrono::{DateTime, TimeZone, Utc};
use dealbot_storage::{NewMessage, SlotClaim, SlotEffects};
use dealbot_tests::replicas::Delivery;
use dealbot_tests::{on_both_backends, Replicas, Session, TestDb};

fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, min, 0)
        .single()
        .expect("valid")
}

fn keys(deliveries: &[Delivery]) -> Vec<String> {
    deliveries.iter().map(|d| d.key().to_string()).collect()
}

fn assert_unique(keys: &[String]) {
    let mut sorted = keys.to_vec();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), keys.len(), "delivered twice: {keys:?}");
}

/// When each delivery came, as `format` shows it.
fn times(deliveries: &[Delivery], format: &str) -> Vec<String> {
    deliveries
        .iter()
        .map(|d| d.at.format(format).to_string())
        .collect()
}

async fn two_replicas_fire_every_slot_of_a_week_once(db: &TestDb) {
    let rep1 = Session {
        now: utc(2026, 11, 22, 20, 0),
        ..Session::new(&db.store, "T1", "rep1").await
    };
    rep1.ok("new \"Acme Corp\" 50k").await;
    rep1.ok("next acme send the proposal tomorrow").await;
    rep1.ok("new Globex 20k").await;
    rep1.ok("subscribe \"0 9 * * 1-5\" Europe/Berlin").await;
    let replicas = Replicas::start(&db.store, 2, utc(2026, 11, 23, 0, 0)).await;
    replicas
        .simulate(
            utc(2026, 11, 23, 0, 0),
            utc(2026, 11, 30, 0, 0),
            chrono::Duration::minutes(10),
        )
        .await;

    let digests = replicas.delivered_as("digest:");
    // 09:00 in Berlin is 08:00 UTC in November; Monday to Friday, once each.
    assert_eq!(
        times(&digests, "%a %H:%M"),
        [
            "Mon 08:00",
            "Tue 08:00",
            "Wed 08:00",
            "Thu 08:00",
            "Fri 08:00"
        ]
    );
    assert_unique(&keys(&digests));

    // rep1 (UTC, 09:00-18:00 Mon-Fri) is nagged once a working day from
    // Tuesday (the deals are a day old, Acme's step overdue); from the fourth
    // unanswered nag on, also mentioned in the deals' channel.
    let nags = replicas.delivered_as("nag:");
    assert_eq!(
        times(&nags, "%a %H:%M"),
        ["Tue 09:00", "Wed 09:00", "Thu 09:00", "Fri 09:00"]
    );
    assert!(nags.iter().all(|d| d.destination() == "@rep1"));
    assert_unique(&keys(&nags));
    let escalations = replicas.delivered_as("nag-escalation:");
    assert_eq!(times(&escalations, "%a"), ["Fri"]);
    assert!(escalations.iter().all(|d| d.destination() == "#pipeline"));
    // The Wednesday nag lists the overdue step (due Monday: Monday and Tuesday
    // have passed) and the missing one.
    let wednesday = nags[1].lines();
    assert!(
        wednesday
            .iter()
            .any(|l| l.contains("Acme Corp") && l.contains("next step overdue by 2 days")),
        "{wednesday:?}"
    );
    assert!(
        wednesday
            .iter()
            .any(|l| l.contains("Globex") && l.contains("no next step")),
        "{wednesday:?}"
    );
    // Each queued message was delivered, by one replica, once; none is left
    // behind or refused.
    let delivered = replicas.delivered();
    assert_unique(&keys(&delivered));
    let report = db.store.outbox_report("T1").await.expect("report");
    assert_eq!(
        (report.waiting, report.delivered, report.failed.len()),
        (0, i64::try_from(delivered.len()).expect("a count"), 0)
    );
}

on_both_backends!(two_replicas_fire_every_slot_of_a_week_once);

async fn daylight_saving_days_get_one_digest_at_local_time(db: &TestDb) {
    // 09:00 local in UTC, the day before, of and after each clock change of 2026.
    let cases = [
        (
            "America/New_York",
            utc(2026, 3, 7, 0, 0),
            ["14:00", "13:00", "13:00"],
        ),
        (
            "America/New_York",
            utc(2026, 10, 31, 0, 0),
            ["13:00", "14:00", "14:00"],
        ),
        (
            "Europe/Berlin",
            utc(2026, 3, 28, 0, 0),
            ["08:00", "07:00", "07:00"],
        ),
        (
            "Europe/Berlin",
            utc(2026, 10, 24, 0, 0),
            ["07:00", "08:00", "08:00"],
        ),
    ];
    for (n, (zone, from, expected)) in cases.into_iter().enumerate() {
        let session = Session {
            now: from,
            ..Session::new(&db.store, &format!("T-dst-{n}"), "rep1").await
        };
        session.ok(&format!("subscribe \"0 9 * * *\" {zone}")).await;
        let replicas = Replicas::start(&db.store, 1, from).await;
        replicas
            .simulate(
                from,
                from + chrono::Duration::days(3),
                chrono::Duration::minutes(5),
            )
            .await;
        let digests: Vec<Delivery> = replicas
            .delivered_as("digest:")
            .into_iter()
            .filter(|d| d.message.workspace == session.workspace)
            .collect();
        assert_eq!(
            times(&digests, "%H:%M"),
            expected,
            "{zone} from {from}: one digest a day at 09:00 local"
        );
    }
}

on_both_backends!(daylight_saving_days_get_one_digest_at_local_time);

async fn a_missed_slot_fires_once_after_downtime(db: &TestDb) {
    let session = Session {
        now: utc(2026, 11, 23, 8, 0),
        ..Session::new(&db.store, "T1", "rep1").await
    };
    session.ok("subscribe \"0 * * * *\" UTC").await;
    let replicas = Replicas::start(&db.store, 1, utc(2026, 11, 23, 9, 0)).await;
    replicas.step(utc(2026, 11, 23, 9, 0)).await;
    // Down from 09:00 to 13:30: the 10, 11, 12 and 13 o'clock slots were missed.
    replicas.step(utc(2026, 11, 23, 13, 30)).await;
    replicas.step(utc(2026, 11, 23, 13, 31)).await;
    // Down again past the catch-up window (60 minutes): nothing fires late.
    replicas.step(utc(2026, 11, 23, 15, 10)).await;
    let slots: Vec<String> = replicas
        .delivered_as("digest:")
        .iter()
        .map(|d| d.key().split(':').nth(2).unwrap_or_default().to_string())
        .collect();
    assert_eq!(slots, ["2026-11-23T09", "2026-11-23T13", "2026-11-23T15"]);
}

on_both_backends!(a_missed_slot_fires_once_after_downtime);

async fn nags_keep_to_working_hours_and_stop_when_the_owner_acts(db: &TestDb) {
    let rep1 = Session {
        now: utc(2026, 11, 20, 6, 0),
        ..Session::new(&db.store, "T1", "rep1").await
    };
    rep1.ok("tz Europe/Berlin").await;
    // Opened on Friday: by Monday it has gone without a next step long enough.
    rep1.ok("new Initech 10k").await;
    let replicas = Replicas::start(&db.store, 1, utc(2026, 11, 23, 6, 0)).await;
    // 07:00 UTC is 08:00 in Berlin: before work.
    replicas.step(utc(2026, 11, 23, 7, 0)).await;
    assert!(
        replicas.delivered_as("nag:").is_empty(),
        "nobody is nagged before work"
    );
    // 08:00 UTC is 09:00 in Berlin.
    replicas.step(utc(2026, 11, 23, 8, 0)).await;
    replicas.step(utc(2026, 11, 23, 9, 0)).await;
    let nags = replicas.delivered_as("nag:");
    assert_eq!(nags.len(), 1, "one nag a day at most: {:?}", keys(&nags));
    let dm = &nags[0];
    assert_eq!(dm.destination(), "@rep1");
    assert_eq!(
        dm.message.reply.buttons.len(),
        0,
        "no next step: nothing to mark done"
    );
    let states = db.store.nag_states().await.expect("states");
    assert_eq!(states[0].unanswered, 1);
    // The owner sets a next step: the nags so far are answered.
    let acting = Session {
        now: utc(2026, 11, 23, 9, 30),
        ..rep1.clone()
    };
    acting.ok("next initech call the CTO tomorrow").await;
    let states = db.store.nag_states().await.expect("states");
    assert_eq!(states[0].unanswered, 0);
    // Friday evening to Monday morning: no nags on the weekend.
    replicas
        .simulate(
            utc(2026, 11, 27, 18, 0),
            utc(2026, 11, 30, 7, 0),
            chrono::Duration::hours(1),
        )
        .await;
    let weekend: Vec<String> = replicas
        .delivered_as("nag:")
        .into_iter()
        .filter(|d| d.at >= utc(2026, 11, 27, 17, 0))
        .map(|d| d.key().to_string())
        .collect();
    assert!(weekend.is_empty(), "nagged on the weekend: {weekend:?}");
}

on_both_backends!(nags_keep_to_working_hours_and_stop_when_the_owner_acts);

async fn each_owner_is_nagged_in_the_zone_they_chose_in_that_workspace(db: &TestDb) {
    let friday = utc(2026, 11, 20, 6, 0);
    // The same people in two workspaces, with another zone in each.
    let owners = [
        ("T1", "rep1", "Europe/Berlin"),
        ("T1", "rep2", "America/New_York"),
        ("T2", "rep1", "America/New_York"),
        ("T2", "rep2", "Europe/Berlin"),
    ];
    for (workspace, user, zone) in owners {
        let session = Session {
            now: friday,
            ..Session::new(&db.store, workspace, user).await
        };
        session.ok(&format!("tz {zone}")).await;
        // Opened on Friday without a next step: due a nag by Monday.
        session.ok(&format!("new \"{user} deal\" 10k")).await;
    }
    let replicas = Replicas::start(&db.store, 1, utc(2026, 11, 23, 8, 0)).await;
    let nagged = |replicas: &Replicas| {
        let mut keys = keys(&replicas.delivered_as("nag:"));
        keys.sort();
        keys
    };
    // 08:00 UTC is 09:00 in Berlin and 03:00 in New York.
    for _ in 0..2 {
        replicas.step(utc(2026, 11, 23, 8, 0)).await;
    }
    assert_eq!(
        nagged(&replicas),
        [
            "nag:T1:rep1:2026-11-23T08:00 UTC",
            "nag:T2:rep2:2026-11-23T08:00 UTC"
        ]
    );
    // 14:00 UTC is 09:00 in New York; Berlin had its nag today.
    for _ in 0..2 {
        replicas.step(utc(2026, 11, 23, 14, 0)).await;
    }
    assert_eq!(
        nagged(&replicas),
        [
            "nag:T1:rep1:2026-11-23T08:00 UTC",
            "nag:T1:rep2:2026-11-23T14:00 UTC",
            "nag:T2:rep1:2026-11-23T14:00 UTC",
            "nag:T2:rep2:2026-11-23T08:00 UTC"
        ]
    );
    let mut states: Vec<(String, String, i64)> = db
        .store
        .nag_states()
        .await
        .expect("states")
        .into_iter()
        .map(|state| (state.workspace, state.owner, state.unanswered))
        .collect();
    states.sort();
    assert_eq!(
        states,
        owners.map(|(workspace, user, _)| (workspace.to_string(), user.to_string(), 1))
    );
}

on_both_backends!(each_owner_is_nagged_in_the_zone_they_chose_in_that_workspace);

async fn a_slot_with_a_thousand_messages_queues_each_once(db: &TestDb) {
    let now = utc(2026, 11, 23, 9, 0);
    let owners: Vec<String> = (0..1_234).map(|n| format!("rep{n}")).collect();
    let messages: Vec<NewMessage> = owners
        .iter()
        .map(|owner| NewMessage {
            dedup_key: format!("nag:T1:{owner}:slot"),
            platform: "shell".to_string(),
            workspace: "T1".to_string(),
            channel_key: format!("shell:T1:dm:{owner}"),
            payload: format!("{{\"to\":\"{owner}\"}}"),
            fallback_channel: None,
            notify_user: None,
        })
        .collect();
    let mut nagged: Vec<(String, String)> = owners
        .iter()
        .map(|owner| ("T1".to_string(), owner.clone()))
        .collect();
    // Named twice, counted twice.
    nagged.push(("T1".to_string(), "rep0".to_string()));
    let effects = SlotEffects {
        messages,
        nagged,
        digest_of: None,
        holds: None,
    };
    let claim = |slot: &str| SlotClaim {
        job: "nags".to_string(),
        slot: slot.to_string(),
        slot_at: now,
        claimed_by: "test".to_string(),
        now,
    };
    let unanswered = || async {
        let states = db.store.nag_states().await.expect("states");
        let count = |owner: &str| {
            states
                .iter()
                .find(|state| state.owner == owner)
                .map(|state| state.unanswered)
        };
        (states.len(), count("rep0"), count("rep1233"))
    };

    assert!(db
        .store
        .claim_slot(&claim("first"), &effects)
        .await
        .expect("claim"));
    assert_eq!(db.store.outbox_depth().await.expect("depth").0, 1_234);
    assert_eq!(unanswered().await, (1_234, Some(2), Some(1)));
    // The same slot again: nothing more.
    assert!(!db
        .store
        .claim_slot(&claim("first"), &effects)
        .await
        .expect("claim"));
    assert_eq!(db.store.outbox_depth().await.expect("depth").0, 1_234);
    assert_eq!(unanswered().await, (1_234, Some(2), Some(1)));
    // Another slot with the same keys queues no message twice.
    assert!(db
        .store
        .claim_slot(&claim("second"), &effects)
        .await
        .expect("claim"));
    assert_eq!(db.store.outbox_depth().await.expect("depth").0, 1_234);
    assert_eq!(unanswered().await, (1_234, Some(4), Some(2)));
}

on_both_backends!(a_slot_with_a_thousand_messages_queues_each_once);
