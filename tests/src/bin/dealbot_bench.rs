//! `dealbot-bench`: the figures in BENCHMARKS.md, measured on this machine.
//!
//! Build everything in release first, then run it:
//!
//! ```text
//! cargo build --release --workspace
//! DEALBOT_TEST_POSTGRES=postgres://postgres@127.0.0.1:5432/test target/release/dealbot-bench
//! ```

use std::time::Instant;

use dealbot_tests::bench::process::{memory_kb, start, stop, wait_ready};
use dealbot_tests::bench::sweep::{bench_now, sweep};
use dealbot_tests::bench::{median, ms};
use dealbot_tests::{postgres, sqlite};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    println!(
        "dealbot benchmarks ({} cores)",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    sweeps().await?;
    daemon().await?;
    Ok(())
}

/// Nag sweep over 100,000 and 1,000,000 deals with 10,000 overdue, both backends.
async fn sweeps() -> anyhow::Result<()> {
    println!("\nnag sweep: find the deals needing attention and queue one message per owner");
    for total in [100_000, 1_000_000] {
        let db = sqlite().await;
        let (time, owners) = sweep(&db.url, total, 10_000, 5).await?;
        println!(
            "  sqlite    {total:>9} deals, 10,000 overdue: {} (median of 5), {owners} owners",
            ms(time)
        );
        db.finish().await;
        if let Some(db) = postgres().await {
            let (time, owners) = sweep(&db.url, total, 10_000, 5).await?;
            println!(
                "  postgres  {total:>9} deals, 10,000 overdue: {} (median of 5), {owners} owners",
                ms(time)
            );
            db.finish().await;
        }
    }
    Ok(())
}

/// Start-up to ready, idle memory, and peak memory during a million-deal sweep.
async fn daemon() -> anyhow::Result<()> {
    println!("\ndealbot run (release binary)");
    let mut startups = Vec::new();
    let mut idle = 0;
    for run in 0..5 {
        let db = sqlite().await;
        db.store.close().await;
        let started = Instant::now();
        let (child, address) = start(&db.url, &[])?;
        startups.push(wait_ready(&address, started)?);
        if run == 0 {
            std::thread::sleep(std::time::Duration::from_secs(2));
            idle = memory_kb(child.id(), "VmRSS")?;
        }
        stop(child)?;
        db.finish().await;
    }
    println!(
        "  start-up to ready: {} (median of 5, migrations included)",
        ms(median(startups))
    );
    println!("  resident memory idle: {:.1} MB", idle as f64 / 1024.0);

    let db = sqlite().await;
    dealbot_tests::bench::fill::fill(&db.url, 1_000_000, 10_000, bench_now()).await?;
    db.store.close().await;
    let env = [
        ("DEALBOT_NAGS_SCHEDULE", "* * * * *"),
        ("DEALBOT_NAGS_WORKING_HOURS", "00:00-24:00"),
        (
            "DEALBOT_NAGS_WORKING_DAYS",
            "[\"Mon\",\"Tue\",\"Wed\",\"Thu\",\"Fri\",\"Sat\",\"Sun\"]",
        ),
    ];
    let started = Instant::now();
    let (child, address) = start(&db.url, &env)?;
    wait_ready(&address, started)?;
    let store = dealbot_storage::Store::connect(&db.url).await?;
    let deadline = Instant::now() + std::time::Duration::from_secs(120);
    while Instant::now() < deadline {
        let (queued, _) = store.outbox_depth().await?;
        if queued >= 1_000 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    let (queued, _) = store.outbox_depth().await?;
    let peak = memory_kb(child.id(), "VmHWM")?;
    println!(
        "  peak resident memory through a sweep of 1,000,000 deals ({queued} nags queued): {:.1} MB",
        peak as f64 / 1024.0
    );
    store.close().await;
    stop(child)?;
    db.finish().await;
    Ok(())
}
