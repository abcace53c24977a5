//! Due dates in what the scheduler sends: a digest scheduled in Berlin shows the
//! day each step was set for, as `show` and a digest asked for by hand do; one
//! line of a digest or a nag counts a step's overdue days once, in its owner's
//! zone.

use chrono::Duration;
use dealbot_tests::{on_both_backends, Replicas, TestDb};

use super::team::{due_on_card, line_about, overdue_counts, utc, Team};

/// Each line of every message the replicas delivered whose key starts with
/// `prefix`, as plain text.
fn lines_sent(replicas: &Replicas, prefix: &str) -> Vec<String> {
    replicas
        .delivered_as(prefix)
        .iter()
        .flat_map(|delivery| delivery.lines())
        .collect()
}

async fn a_digest_scheduled_in_berlin_shows_the_days_the_steps_were_set_for(db: &TestDb) {
    // Tuesday 1 December 2026, 07:00 UTC: 08:00 in Berlin, 23:00 on Monday in
    // Los Angeles, 12:30 in Kolkata, 21:00 in Kiritimati.
    let start = utc(2026, 12, 1, 7, 0);
    let team = Team::new(db, "T1", start).await;
    team.utc.ok("new \"Acme Corp\" 50k").await;
    team.utc.ok("next D-1 \"call\" 2026-12-15").await;
    team.berlin.ok("new Globex 20k").await;
    team.berlin
        .ok("next D-2 \"send the proposal\" 2026-12-04")
        .await;
    team.los_angeles.ok("new Initech 30k").await;
    team.los_angeles.ok("next D-3 demo tomorrow").await;
    team.kolkata.ok("new Umbrella 5k").await;
    team.kolkata.ok("next D-4 \"call the CFO\" today").await;
    team.kiritimati.ok("new Hooli 8k").await;
    team.kiritimati.ok("next D-5 visit tomorrow").await;
    team.utc.ok("subscribe \"0 9 * * *\" Europe/Berlin").await;
    let expected = [
        ("D-1", "due Tue 15 Dec (in 14 days)"),
        ("D-2", "due Fri 4 Dec (in 3 days)"),
        // Los Angeles' tomorrow is Tuesday: today for its owner by the digest.
        ("D-3", "due Tue 1 Dec (today)"),
        ("D-4", "due Tue 1 Dec (today)"),
        ("D-5", "due Wed 2 Dec (tomorrow)"),
    ];

    let replicas = Replicas::start(&db.store, 1, start).await;
    replicas
        .simulate(start, utc(2026, 12, 1, 8, 30), Duration::minutes(10))
        .await;
    let scheduled = lines_sent(&replicas, "digest:");
    assert!(!scheduled.is_empty(), "the 09:00 Berlin digest was sent");
    for (id, due) in expected {
        let line = line_about(&scheduled, id);
        assert!(line.contains(due), "scheduled digest, {id}: {line}");
    }

    // The same days on everyone's cards, and in a digest asked for by hand
    // from Los Angeles.
    let later = team.at(utc(2026, 12, 1, 8, 30));
    for reader in &later {
        for (id, due) in expected {
            let card = reader.say(&format!("show {id}")).await;
            assert!(
                due_on_card(&card).starts_with(due.trim_start_matches("due ")),
                "{id} as @{} sees it:\n{card}",
                reader.user
            );
        }
    }
    later[2].ok("digest").await;
    replicas.step(utc(2026, 12, 1, 8, 31)).await;
    let by_hand = lines_sent(&replicas, "digest-now:");
    for (id, due) in expected {
        let line = line_about(&by_hand, id);
        assert!(line.contains(due), "digest by hand, {id}: {line}");
    }
}

on_both_backends!(a_digest_scheduled_in_berlin_shows_the_days_the_steps_were_set_for);

async fn one_line_counts_overdue_days_once_in_the_owners_zone(db: &TestDb) {
    // Monday 16 November 2026, 10:00 UTC.
    let monday = utc(2026, 11, 16, 10, 0);
    let team = Team::new(db, "T1", monday).await;
    team.utc.ok("new \"Acme Corp\" 50k").await;
    team.utc.ok("next D-1 call tue").await;
    team.berlin.ok("new Globex 20k").await;
    team.berlin.ok("next D-2 \"send the proposal\" tue").await;
    team.los_angeles.ok("new Initech 30k").await;
    team.los_angeles.ok("next D-3 demo wed").await;
    team.kiritimati.ok("new Hooli 8k").await;
    team.kiritimati.ok("next D-4 visit thu").await;

    // Friday 20 November, 09:00 UTC: 10:00 in Berlin, 01:00 in Los Angeles,
    // 23:00 in Kiritimati. Each step's day has passed for its owner.
    let friday = utc(2026, 11, 20, 9, 0);
    let expected = [("D-1", 3), ("D-2", 3), ("D-3", 2), ("D-4", 1)];
    let parts = team.utc.workspace_digest(None, friday).await;
    let lines: Vec<String> = parts
        .iter()
        .flat_map(|part| part.lines.iter().map(|line| line.plain()))
        .collect();
    for (id, days) in expected {
        let line = line_about(&lines, id);
        assert_eq!(overdue_counts(line), [days, days], "digest, {id}: {line}");
    }
    for reader in team.at(friday) {
        for (id, days) in expected {
            let card = reader.say(&format!("show {id}")).await;
            let due = due_on_card(&card);
            assert_eq!(
                overdue_counts(&due),
                [days],
                "{id} to @{}: {due}",
                reader.user
            );
            assert!(due.ends_with('⚠'), "{id} is flagged overdue: {due}");
        }
    }

    // The nags of that Friday, each in its owner's working hours, count the same.
    let replicas = Replicas::start(&db.store, 1, friday).await;
    replicas
        .simulate(
            utc(2026, 11, 20, 7, 0),
            utc(2026, 11, 21, 0, 0),
            Duration::minutes(30),
        )
        .await;
    let nags = lines_sent(&replicas, "nag:");
    for (id, days) in expected {
        if id == "D-4" {
            // Kiritimati's working day ended before 07:00 UTC.
            continue;
        }
        let line = line_about(&nags, id);
        assert_eq!(overdue_counts(line), [days, days], "nag, {id}: {line}");
    }
}

on_both_backends!(one_line_counts_overdue_days_once_in_the_owners_zone);

async fn overdue_is_the_owners_day_not_the_askers(db: &TestDb) {
    // Tuesday 17 November 2026, 23:30 UTC: already Wednesday in Berlin.
    let monday = utc(2026, 11, 16, 12, 0);
    let team = Team::new(db, "T1", monday).await;
    team.utc.ok("new \"Acme Corp\" 50k").await;
    team.utc.ok("next D-1 call tue").await;
    team.berlin.ok("new Globex 20k").await;
    team.berlin.ok("next D-2 \"send the proposal\" tue").await;
    let late = utc(2026, 11, 17, 23, 30);
    for asker in team.at(late) {
        let overdue = asker.say("list overdue").await;
        assert!(
            overdue.contains("Globex") && !overdue.contains("Acme Corp"),
            "@{} asks for the overdue steps:\n{overdue}",
            asker.user
        );
    }
}

on_both_backends!(overdue_is_the_owners_day_not_the_askers);
