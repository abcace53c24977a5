//! An away owner's deals, after the reminders they did not act on: the
//! channel hears that they are away, until when, and who might cover (the
//! last other person on the deal, then the configured admins), in the hours
//! the owner would have been reminded; the owner hears nothing until back.

use chrono::{Datelike, Duration, Weekday};
use chrono_tz::Tz;
use dealbot_tests::{on_both_backends, shipped_settings, Replicas, TestDb};

use super::{day, member, nags_to, posted_to, utc};

async fn the_channel_hears_who_might_cover_for_an_away_owner(db: &TestDb) {
    let friday = utc(2026, 11, 27, 12, 0);
    let rep2 = member(db, "ESC", "rep2", None, friday).await;
    let rep1 = member(db, "ESC", "rep1", None, friday).await;
    rep2.ok("new Acme 10k").await;
    rep1.ok("note D-1 \"met their CFO\"").await;

    let mut settings = shipped_settings();
    settings.permissions.admins = vec!["shell:boss".to_string(), "slack:U1".to_string()];
    let replicas = Replicas::start_with(&db.store, 1, friday, settings).await;
    // Nagged Monday to Thursday without acting; the fourth nag escalates.
    let thursday = utc(2026, 12, 3, 12, 0);
    replicas
        .simulate(utc(2026, 11, 30, 0, 0), thursday, Duration::minutes(30))
        .await;
    assert_eq!(nags_to(&replicas, "rep2", Tz::UTC).len(), 4);
    let ordinary = posted_to(&replicas, "nag-escalation:", "pipeline");
    assert_eq!(ordinary.len(), 1, "Thursday's nag escalated");
    let rep2_away = dealbot_tests::Session {
        now: thursday,
        ..rep2.clone()
    };
    rep2_away
        .ok("away until 2026-12-08 \"at a conference\"")
        .await;
    replicas
        .simulate(thursday, utc(2026, 12, 10, 0, 0), Duration::minutes(30))
        .await;

    let escalations = posted_to(&replicas, "nag-escalation:", "pipeline");
    let away: Vec<_> = escalations
        .iter()
        .filter(|delivery| delivery.lines().concat().contains("is away"))
        .collect();
    let away_days: Vec<_> = away.iter().map(|d| d.at.date_naive()).collect();
    // Friday, Monday and Tuesday: the days rep2 would have been reminded.
    assert_eq!(away_days, [day(12, 4), day(12, 7), day(12, 8)], "{away:#?}");
    assert!(away.iter().all(|d| d.at.weekday() != Weekday::Sat));
    let lines = away[0].lines();
    assert!(
        lines[0].starts_with("@rep2 is away until Tue 8 Dec"),
        "{lines:#?}"
    );
    assert!(lines.iter().any(|line| line.contains("Acme")), "{lines:#?}");
    let ask = lines.last().expect("a line");
    assert!(
        ask.starts_with("Could @rep1 or @boss cover for them?"),
        "{ask}"
    );
    // The away owner is named, not pinged; those who might cover are.
    let mentions = &away[0].message.reply.lines;
    let spans = format!("{mentions:?}");
    assert!(spans.contains("Person(\"rep2\")"), "{spans}");
    assert!(spans.contains("User(\"rep1\")"), "{spans}");
    // No direct message while away; nagged again on Wednesday.
    let nags: Vec<_> = nags_to(&replicas, "rep2", Tz::UTC)
        .iter()
        .map(|at| at.date_naive())
        .collect();
    assert_eq!(
        nags,
        [day(11, 30), day(12, 1), day(12, 2), day(12, 3), day(12, 9)]
    );
}

on_both_backends!(the_channel_hears_who_might_cover_for_an_away_owner);
