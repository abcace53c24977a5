//! The nag sweep over a large pipeline: how long the scheduler takes to find
//! the deals that need their owners and queue one bundled message per owner.

use std::time::{Duration, Instant};

use chrono::{DateTime, TimeZone, Utc};
use dealbot::app::App;
use dealbot::clock::Clock;

use super::fill::fill;
use super::median;
use crate::shipped_settings;

/// A Monday morning, inside everyone's working hours.
pub fn bench_now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0)
        .single()
        .unwrap_or_else(Utc::now)
}

/// Fills a fresh database at `url` and times `runs` sweeps; the median and how
/// many owners each sweep nagged.
pub async fn sweep(
    url: &str,
    total: u64,
    overdue: u64,
    runs: usize,
) -> anyhow::Result<(Duration, usize)> {
    let store = dealbot_storage::Store::connect(url).await?;
    store.migrate().await?;
    let now = bench_now();
    fill(url, total, overdue, now).await?;
    let mut settings = shipped_settings();
    settings.nags.schedule = "* * * * *".to_string();
    settings.nags.working_hours = "00:00-24:00".to_string();
    settings.nags.interval_hours = 0;
    let clock = Clock::manual(now);
    let mailbox = dealbot::adapters::shell::ShellSender::new();
    let app = App::build_console(settings, store.clone(), clock.clone(), mailbox).await?;
    let mut samples = Vec::new();
    let mut nagged = 0;
    for run in 0..runs {
        // Each run is its own minute, so its own slot.
        clock.set(now + chrono::Duration::minutes(run as i64));
        let started = Instant::now();
        let report = app.fire_due().await?;
        samples.push(started.elapsed());
        nagged = report.nags;
    }
    store.close().await;
    Ok((median(samples), nagged))
}
