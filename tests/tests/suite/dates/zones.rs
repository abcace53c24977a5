//! The date rules over generated triples of zones: a writer sets a next step,
//! a reader in another zone looks at it, and a digest scheduled in a third zone
//! lists it, at moments around the clock on ordinary days and on the days the
//! clocks change in Berlin and Los Angeles. Every one of them shows the day
//! the writer meant; the days until it, or overdue, count from the owner's
//! (the writer's) today, the same on every line. Cases:
//! `DEALBOT_TEST_ZONE_CASES` (500 under CI, 120 otherwise).

use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use dealbot::core::digest::{digest_parts, DigestScope};
use dealbot::core::outgoing::MessageLimits;
use dealbot_tests::Session;
use proptest::prelude::*;

use super::team::{due_on_card, line_about, overdue_counts};
use crate::fuzz::runner::Run;

/// The extremes of the offsets (+14, −11), half and quarter hours, both
/// hemispheres' daylight saving, and zones without it.
const ZONES: &[&str] = &[
    "UTC",
    "Pacific/Kiritimati",
    "Pacific/Pago_Pago",
    "Asia/Kolkata",
    "America/St_Johns",
    "Europe/Berlin",
    "America/Los_Angeles",
    "Pacific/Auckland",
    "Asia/Kathmandu",
];

/// The days the clocks change in Berlin (29 March, 25 October 2026) and Los
/// Angeles (8 March, 1 November 2026), the days around them, and the turn of
/// the year and of a month.
const DAYS: &[(i32, u32, u32)] = &[
    (2026, 3, 7),
    (2026, 3, 8),
    (2026, 3, 28),
    (2026, 3, 29),
    (2026, 10, 24),
    (2026, 10, 25),
    (2026, 10, 31),
    (2026, 11, 1),
    (2026, 11, 23),
    (2026, 12, 31),
    (2027, 2, 28),
];

#[derive(Debug, Clone)]
struct Case {
    writer: &'static str,
    reader: &'static str,
    schedule: &'static str,
    /// When the writer sets the step.
    written_at: DateTime<Utc>,
    /// Days from the writer's today to the step's day.
    ahead: u64,
    /// Written as `in N days` (else as an ISO date).
    relative: bool,
    /// When the reader looks and the digest is sent, after `written_at`.
    later: Duration,
}

fn case() -> impl Strategy<Value = Case> {
    let zone = || proptest::sample::select(ZONES);
    (
        (zone(), zone(), zone()),
        proptest::sample::select(DAYS),
        0..24 * 60i64,
        0..40u64,
        any::<bool>(),
        0..24 * 60 * 45i64,
    )
        .prop_map(
            |((writer, reader, schedule), (y, m, d), minute, ahead, relative, later)| Case {
                writer,
                reader,
                schedule,
                written_at: Utc
                    .with_ymd_and_hms(y, m, d, 0, 0, 0)
                    .single()
                    .expect("a day")
                    + Duration::minutes(minute),
                ahead,
                relative,
                later: Duration::minutes(later),
            },
        )
}

fn zone(name: &str) -> Tz {
    name.parse().expect("an IANA zone")
}

fn local_date(at: DateTime<Utc>, zone_name: &str) -> NaiveDate {
    at.with_timezone(&zone(zone_name)).date_naive()
}

/// `Fri 20 Nov (in 3 days)`, as the rules say a step due `due` reads on the
/// owner's day `today`.
fn expected_due(due: NaiveDate, today: NaiveDate) -> String {
    let relative = match (due - today).num_days() {
        0 => "today".to_string(),
        1 => "tomorrow".to_string(),
        -1 => "overdue by 1 day".to_string(),
        days if days > 1 => format!("in {days} days"),
        days => format!("overdue by {} days", -days),
    };
    format!("{} ({relative})", due.format("%a %-d %b"))
}

async fn check(base: &Session, n: usize, case: &Case) -> Result<(), TestCaseError> {
    let workspace = format!("Z-{n}");
    let at = |user: &str, now| Session {
        workspace: workspace.clone(),
        user: user.to_string(),
        now,
        ..base.clone()
    };
    let writer = at("writer", case.written_at);
    let reader = at("reader", case.written_at);
    writer.ok(&format!("tz {}", case.writer)).await;
    reader.ok(&format!("tz {}", case.reader)).await;
    writer.ok("new \"Acme Corp\" 50k").await;
    let written_on = local_date(case.written_at, case.writer);
    let due = written_on + Duration::days(case.ahead as i64);
    let when = match (case.relative, case.ahead) {
        (true, 0) => "today".to_string(),
        (true, days) => format!("in {days} days"),
        (false, _) => due.to_string(),
    };
    writer.ok(&format!("next D-1 call them {when}")).await;

    let day = due.format("%a %-d %b").to_string();
    for (who, session) in [("writer", &writer), ("reader", &reader)] {
        let card = session.say("show D-1").await;
        prop_assert!(
            due_on_card(&card).starts_with(&day),
            "the {} sees another day than {}:\n{}",
            who,
            day,
            card
        );
    }

    let now = case.written_at + case.later;
    let owner_today = local_date(now, case.writer);
    let expected = expected_due(due, owner_today);
    let overdue_days = (owner_today - due).num_days();
    let card = Session { now, ..reader }.say("show D-1").await;
    let on_card = due_on_card(&card);
    prop_assert!(
        on_card.starts_with(&expected),
        "the reader's card later says {:?}, not {:?}",
        on_card,
        expected
    );
    prop_assert_eq!(on_card.ends_with('⚠'), overdue_days > 0, "{}", on_card);

    let parts = digest_parts(
        base.core.store(),
        base.core.config(),
        &DigestScope {
            workspace: workspace.clone(),
            ..DigestScope::default()
        },
        None,
        now,
        zone(case.schedule),
        MessageLimits::default(),
    )
    .await
    .map_err(|error| TestCaseError::fail(format!("digest: {error:#}")))?;
    let lines: Vec<String> = parts
        .iter()
        .flat_map(|part| part.lines.iter().map(|line| line.plain()))
        .collect();
    let line = line_about(&lines, "D-1");
    prop_assert!(
        line.contains(&format!("due {expected}")),
        "the digest in {} says {:?}, not due {:?}",
        case.schedule,
        line,
        expected
    );
    let counts = overdue_counts(line);
    if overdue_days > 0 {
        prop_assert_eq!(counts, vec![overdue_days, overdue_days], "{}", line);
    } else {
        prop_assert!(counts.is_empty(), "not overdue yet: {}", line);
    }
    Ok(())
}

#[test]
fn every_reader_and_digest_zone_shows_the_day_the_writer_meant() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let db = runtime.block_on(dealbot_tests::sqlite());
    let base = runtime.block_on(Session::new(&db.store, "Z", "writer"));
    let run = Run::new(
        "dates::zones::every_reader_and_digest_zone_shows_the_day_the_writer_meant",
        "DEALBOT_TEST_ZONE_CASES",
        500,
        120,
    );
    let cases = AtomicUsize::new(0);
    run.check(Vec::new(), run.cases, &case(), |case| {
        let n = cases.fetch_add(1, Ordering::Relaxed);
        runtime.block_on(check(&base, n, &case))
    });
    runtime.block_on(db.finish());
}
