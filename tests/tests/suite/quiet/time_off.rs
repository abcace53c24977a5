//! Holidays and time off over a fortnight: no nags on a holiday of everyone
//! or while someone is away (`away until`), nags again after, or as soon as
//! they say `back`; the scheduled digest that falls on a holiday is skipped,
//! the next one says so, and every digest says who is away, beside their
//! deals too, and whose nags are held.

use chrono::Duration;
use chrono_tz::Tz;
use dealbot::config::{HolidaySettings, Settings};
use dealbot_tests::{on_both_backends, shipped_settings, Replicas, Session, TestDb};

use super::{day, member, nags_to, posted_to, utc};

fn with_holidays() -> Settings {
    let mut settings = shipped_settings();
    settings.holidays = vec![
        HolidaySettings {
            name: "Founders' Day".to_string(),
            date: Some("2026-12-02".to_string()),
            ..HolidaySettings::default()
        },
        // Another channel's: it skips that channel's digest, and holds no nags.
        HolidaySettings {
            name: "Regional holiday".to_string(),
            date: Some("2026-12-08".to_string()),
            channels: vec!["emea".to_string()],
            ..HolidaySettings::default()
        },
    ];
    settings
}

/// Each line of what went to `#pipeline` as a scheduled digest, by its day
/// in Berlin.
fn digests_by_day(replicas: &Replicas) -> Vec<(chrono::NaiveDate, Vec<String>)> {
    let berlin: Tz = "Europe/Berlin".parse().expect("zone");
    posted_to(replicas, "digest:", "pipeline")
        .iter()
        .map(|delivery| {
            (
                delivery.at.with_timezone(&berlin).date_naive(),
                delivery.lines(),
            )
        })
        .collect()
}

async fn no_nags_on_a_holiday_or_while_away_and_the_holiday_digest_is_skipped(db: &TestDb) {
    let friday = utc(2026, 11, 27, 12, 0);
    let rep1 = member(db, "OFF", "rep1", None, friday).await;
    let rep2 = member(db, "OFF", "rep2", Some("Europe/Berlin"), friday).await;
    let rep3 = member(db, "OFF", "rep3", None, friday).await;
    for (rep, name) in [(&rep1, "Acme"), (&rep2, "Globex"), (&rep3, "Initech")] {
        rep.ok(&format!("new {name} 10k")).await;
    }
    let (said, _) = rep2.ok("away until 2026-12-04 skiing").await;
    assert!(said.contains("away until Fri 4 Dec"), "{said}");
    rep3.ok("away until Dec 11").await;
    rep1.ok("subscribe \"0 9 * * 1-5\" Europe/Berlin").await;

    let replicas = Replicas::start_with(&db.store, 1, friday, with_holidays()).await;
    // To Tuesday 8 December, noon, when rep3 comes back early.
    let back_at = utc(2026, 12, 8, 12, 0);
    replicas
        .simulate(utc(2026, 11, 30, 0, 0), back_at, Duration::minutes(30))
        .await;
    let back = Session {
        now: back_at,
        ..rep3.clone()
    };
    let (said, _) = back.ok("back").await;
    assert!(said.contains("Welcome back"), "{said}");
    replicas
        .simulate(back_at, utc(2026, 12, 14, 0, 0), Duration::minutes(30))
        .await;

    let utc_zone: Tz = "UTC".parse().expect("zone");
    let berlin: Tz = "Europe/Berlin".parse().expect("zone");
    let days = |user: &str, zone: Tz| -> Vec<chrono::NaiveDate> {
        nags_to(&replicas, user, zone)
            .iter()
            .map(|at| at.date_naive())
            .collect()
    };
    // rep1: every weekday but the holiday, whose nag waits for Thursday.
    let weekdays: Vec<chrono::NaiveDate> = [30, 1, 3, 4, 7, 8, 9, 10, 11]
        .into_iter()
        .map(|d| if d == 30 { day(11, 30) } else { day(12, d) })
        .collect();
    assert_eq!(days("rep1", utc_zone), weekdays);
    // rep2: nothing through Friday 4 December, then every weekday.
    assert_eq!(
        days("rep2", berlin),
        [day(12, 7), day(12, 8), day(12, 9), day(12, 10), day(12, 11)]
    );
    // rep3: nothing until back on Tuesday 8 December, then that very day.
    let rep3_nags = nags_to(&replicas, "rep3", utc_zone);
    assert!(
        rep3_nags.first().is_some_and(
            |at| at.date_naive() == day(12, 8) && at.with_timezone(&chrono::Utc) >= back_at
        ),
        "{rep3_nags:?}"
    );
    assert_eq!(rep3_nags.len(), 4, "{rep3_nags:?}");

    // Digests: none on the holiday; Thursday's says so. The regional holiday
    // is another channel's.
    let digests = digests_by_day(&replicas);
    let posted: Vec<chrono::NaiveDate> = digests.iter().map(|(d, _)| *d).collect();
    assert_eq!(
        posted, weekdays,
        "one scheduled digest each weekday but the holiday"
    );
    let thursday = &digests[2].1;
    assert!(
        thursday
            .iter()
            .any(|line| line.contains("No digest on Wed 2 Dec (Founders' Day)")),
        "{thursday:#?}"
    );
    assert!(
        digests
            .iter()
            .filter(|(d, _)| *d != day(12, 3))
            .all(|(_, lines)| !lines.iter().any(|line| line.contains("No digest on"))),
        "only the digest after the holiday says so"
    );

    // Monday's digest: who is away, beside their deals too, and whose nags wait.
    let monday = &digests[0].1;
    let away = monday
        .iter()
        .find(|line| line.starts_with("Away:"))
        .unwrap_or_else(|| panic!("{monday:#?}"));
    assert_eq!(
        away,
        "Away: @rep2 until Fri 4 Dec (skiing), @rep3 until Fri 11 Dec."
    );
    let globex = monday
        .iter()
        .find(|line| line.contains("Globex"))
        .unwrap_or_else(|| panic!("{monday:#?}"));
    assert!(globex.contains("@rep2 (away until Fri 4 Dec)"), "{globex}");
    let held = monday
        .iter()
        .find(|line| line.starts_with("Nags held:"))
        .unwrap_or_else(|| panic!("{monday:#?}"));
    assert!(
        held.contains("@rep2 (away) until Mon 7 Dec 2026 09:00"),
        "{held}"
    );
    assert!(
        held.contains("@rep3 (away) until Mon 14 Dec 2026 10:00"),
        "{held}"
    );
    // After their time off, nobody is listed as away.
    let friday_after = &digests[8].1;
    assert!(
        !friday_after.iter().any(|line| line.starts_with("Away:")),
        "{friday_after:#?}"
    );
}

on_both_backends!(no_nags_on_a_holiday_or_while_away_and_the_holiday_digest_is_skipped);
