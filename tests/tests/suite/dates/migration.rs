//! Upgrading a database whose due dates were instants (migrations up to 0004)
//! to calendar days (0005): each step set in any zone from Honolulu to
//! Auckland's summer keeps the day it was set for, on both backends, and the
//! upgraded store reads and changes it like any other.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use dealbot_storage::Store;
use dealbot_tests::{Session, TestDb};
use sqlx::Executor;

/// The instant the old code stored for a step due on `day` in `zone`: the
/// midnight that ends the day there.
fn end_of_day(day: NaiveDate, zone: &str) -> DateTime<Utc> {
    let zone: Tz = zone.parse().expect("zone");
    let midnight = day
        .succ_opt()
        .expect("a next day")
        .and_hms_opt(0, 0, 0)
        .expect("midnight");
    zone.from_local_datetime(&midnight)
        .earliest()
        .expect("midnight exists in these zones")
        .with_timezone(&Utc)
}

/// Applies the migrations before 0005 from `migrations/<backend>/`.
async fn migrate_before_calendar_days(db: &TestDb, backend: &str) {
    let source = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../migrations")
        .join(backend);
    let earlier = tempfile::tempdir().expect("temporary folder");
    for entry in std::fs::read_dir(&source).expect("migrations") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        let version: u32 = name
            .split('_')
            .next()
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        if (1..5).contains(&version) {
            std::fs::copy(&path, earlier.path().join(&name)).expect("copied");
        }
    }
    let migrator = sqlx::migrate::Migrator::new(earlier.path())
        .await
        .expect("migrations read");
    if backend == "sqlite" {
        let pool = sqlx::SqlitePool::connect(&db.url).await.expect("SQLite");
        migrator.run(&pool).await.expect("0001 to 0004 apply");
        pool.execute(old_rows().as_str()).await.expect("old rows");
        pool.close().await;
    } else {
        let pool = sqlx::PgPool::connect(&db.url).await.expect("PostgreSQL");
        migrator.run(&pool).await.expect("0001 to 0004 apply");
        pool.execute(old_rows().as_str()).await.expect("old rows");
        pool.close().await;
    }
}

/// Steps due on these days, set in these zones, as the old code stored them.
fn old_steps() -> Vec<(i64, NaiveDate, &'static str)> {
    let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).expect("a day");
    vec![
        (1, day(11, 27), "UTC"),
        (2, day(11, 27), "Europe/Berlin"),
        (3, day(11, 27), "America/Los_Angeles"),
        (4, day(11, 27), "Pacific/Honolulu"),
        (5, day(11, 27), "Asia/Kolkata"),
        (6, day(11, 27), "America/St_Johns"),
        (7, day(11, 27), "Pacific/Auckland"),
        (8, day(11, 27), "Asia/Kathmandu"),
        (9, day(3, 29), "Europe/Berlin"),
        (10, day(11, 1), "America/Los_Angeles"),
        (11, day(12, 31), "Asia/Tokyo"),
    ]
}

/// The rows of [`old_steps`], and one deal without a step, as SQL both
/// backends run; instants written as sqlx wrote them to SQLite.
fn old_rows() -> String {
    let instant = |at: DateTime<Utc>| at.format("%Y-%m-%dT%H:%M:%S+00:00").to_string();
    let created = instant(
        Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0)
            .single()
            .expect("moment"),
    );
    let mut sql = "INSERT INTO workspaces (id, last_deal_number) VALUES ('T1', 12);".to_string();
    let steps = old_steps()
        .into_iter()
        .map(|(number, day, zone)| (number, Some(instant(end_of_day(day, zone)))))
        .chain([(12, None)]);
    for (number, due) in steps {
        let (step, due) = match due {
            Some(due) => ("'call them'".to_string(), format!("'{due}'")),
            None => ("NULL".to_string(), "NULL".to_string()),
        };
        sql.push_str(&format!(
            "INSERT INTO deals (workspace, number, name, name_folded, pipeline, stage, status, \
             owner, next_step, next_step_due, created_by, created_at, updated_at, \
             stage_entered_at) VALUES ('T1', {number}, 'Deal {number}', 'deal {number}', \
             'new-business', 'Prospecting', 'open', 'rep1', {step}, {due}, 'rep1', \
             '{created}', '{created}', '{created}');"
        ));
    }
    sql
}

async fn each_step_keeps_its_day(db: TestDb, backend: &str) {
    migrate_before_calendar_days(&db, backend).await;
    let store = Store::connect(&db.url).await.expect("store opens");
    store.migrate().await.expect("0005 applies");
    // 0007 keys a workspace with no recorded platform as the shell's.
    let key = dealbot_storage::workspace_key("shell", "T1");
    for (number, day, zone) in old_steps() {
        let deal = store
            .deal_by_number(&key, number)
            .await
            .expect("read")
            .expect("the deal");
        assert_eq!(deal.next_step_due, Some(day), "D-{number}, set in {zone}");
    }
    let without = store
        .deal_by_number(&key, 12)
        .await
        .expect("read")
        .expect("D-12");
    assert_eq!(without.next_step_due, None);
    // The upgraded database works as any other.
    let rep = Session {
        now: Utc
            .with_ymd_and_hms(2026, 11, 23, 9, 0, 0)
            .single()
            .expect("moment"),
        ..Session::new(&store, &key, "rep1").await
    };
    let (snoozed, _) = rep.ok("snooze D-2 1w").await;
    assert!(snoozed.contains("now due Fri 4 Dec"), "{snoozed}");
    let overdue = rep.say("list overdue").await;
    assert!(
        overdue.contains("Deal 9") && !overdue.contains("Deal 1 "),
        "{overdue}"
    );
    store.close().await;
    db.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn migration_0005_keeps_each_steps_day_on_sqlite() {
    each_step_keeps_its_day(dealbot_tests::sqlite_unmigrated().await, "sqlite").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn migration_0005_keeps_each_steps_day_on_postgres() {
    let Some(db) = dealbot_tests::postgres_unmigrated().await else {
        return;
    };
    each_step_keeps_its_day(db, "postgres").await;
}
