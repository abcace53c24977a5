//! `dealbot-bench`: the figures in BENCHMARKS.md, measured on this machine.
//!
//! Build everything in release first, then run it:
//!
//! ```text
//! cargo build --release --workspace
//! DEALBOT_TEST_POSTGRES=postgres://postgres@127.0.0.1:5432/test target/release/dealbot-bench
//! ```
//!
//! Arguments pick sections (`load`, `digest`, `sweep`, `daemon`, `import`); none: all.
//! `statements` runs `load` and lists the SQL statements of one command of each kind,
//! then those of a full-speed run by their time on the database.

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
    let picked: Vec<String> = std::env::args().skip(1).collect();
    let wants = |name: &str| picked.is_empty() || picked.iter().any(|p| p == name);
    dealbot_tests::bench::statements::install();
    if wants("load") || wants("statements") {
        load(wants("statements")).await?;
    }
    if wants("digest") {
        digest().await?;
    }
    if wants("sweep") {
        sweeps().await?;
    }
    if wants("daemon") {
        daemon().await?;
    }
    if wants("import") {
        imports().await?;
    }
    Ok(())
}

/// Runs of the import measurement; the figure is the median over them.
const IMPORT_RUNS: usize = 3;

/// `dealbot import` of a 100,000-row file into an empty workspace.
async fn imports() -> anyhow::Result<()> {
    use dealbot_tests::bench::import::{crm_file, import};
    let rows = 100_000;
    let csv = crm_file(rows);
    println!("\nimport of a {rows}-row CSV of new deals into an empty workspace, median of {IMPORT_RUNS} runs");
    for backend in ["sqlite", "postgres"] {
        let mut runs = Vec::new();
        for _ in 0..IMPORT_RUNS {
            let db = match backend {
                "sqlite" => sqlite().await,
                _ => match postgres().await {
                    Some(db) => db,
                    None => break,
                },
            };
            runs.push(import(&db.store, "shell:bench", &csv).await?);
            db.finish().await;
        }
        if !runs.is_empty() {
            println!("  {backend:9} {:.2} s", median(runs).as_secs_f64());
        }
    }
    Ok(())
}

/// Runs of each load measurement; every figure is the median over them.
const LOAD_RUNS: usize = 3;

/// Commands sent one at a time to count the statements a command runs.
const PROBE_COMMANDS: usize = 200;
/// The statements `statements` lists from a full-speed run, longest first.
const TIMED_ROWS: usize = 14;

/// Slash commands through the real bot on both backends, and the bare floor.
async fn load(list_statements: bool) -> anyhow::Result<()> {
    use dealbot_tests::bench::load::{drive, serve_bare, serve_bot, Load, Outcome};
    use dealbot_tests::bench::statements;
    let deals = 2_000;
    let full = Load {
        connections: 32,
        commands: 20_000,
        rate: None,
        time_limit: std::time::Duration::from_secs(15),
        deals,
        first: 0,
    };
    // What each backend is asked to sustain, paced.
    let paced_rate = |backend: &str| if backend == "sqlite" { 5_000 } else { 1_000 };
    println!(
        "\nslash-command load: signed /deal stage and /deal next over {deals} deals, \
         {} keep-alive connections, median of {LOAD_RUNS} runs",
        full.connections
    );
    let summary = |runs: &[Outcome]| {
        let pick = |f: &dyn Fn(&Outcome) -> f64| {
            let mut values: Vec<f64> = runs.iter().map(f).collect();
            values.sort_by(f64::total_cmp);
            values.get(values.len() / 2).copied().unwrap_or_default()
        };
        let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
        (
            pick(&|o| o.throughput()),
            pick(&|o| ms(o.quantile(0.5))),
            pick(&|o| ms(o.quantile(0.99))),
            pick(&|o| ms(o.max())),
            runs.iter().map(|o| o.ok).sum::<usize>(),
            runs.iter().map(|o| o.failed).sum::<usize>(),
        )
    };
    let bare = serve_bare().await?;
    let mut floor = Vec::new();
    for _ in 0..LOAD_RUNS {
        floor.push(drive(bare.addr, full).await);
    }
    drop(bare);
    let (floor_rate, p50, p99, max, ok, failed) = summary(&floor);
    println!(
        "  bare axum 200    full speed: {floor_rate:>8.0} req/s   p50 {p50:.2} ms  p99 {p99:.2} ms  \
         max {max:.2} ms  ({ok} ok, {failed} failed)"
    );
    println!("{}", cost("bare axum 200 ", "request", &floor, None));
    let mut backends = vec![("sqlite", sqlite().await)];
    if let Some(db) = postgres().await {
        backends.push(("postgres", db));
    }
    for (name, db) in backends {
        dealbot_tests::bench::fill::fill(&db.url, deals as u64, 0, bench_now()).await?;
        let bot = serve_bot(&db.store).await?;
        // Each run's commands carry indexes of their own: none is a replay.
        let mut first = 0;
        let mut next_run = |load: Load| {
            let run = Load { first, ..load };
            first += load.commands;
            run
        };
        // Warm: every sender's time zone looked up and cached, as in production.
        let probe = Load {
            connections: 1,
            commands: PROBE_COMMANDS,
            ..full
        };
        drive(bot.addr, next_run(probe)).await;
        let (_, counted, _) = statements::count(false, drive(bot.addr, next_run(probe))).await;
        let per_command = counted as f64 / PROBE_COMMANDS as f64;
        if list_statements {
            let one = Load {
                commands: 1,
                ..probe
            };
            for kind in ["stage", "next"] {
                let (_, _, kept) = statements::count(true, drive(bot.addr, next_run(one))).await;
                println!("  {name}: the statements of one /deal {kind}:");
                for statement in kept {
                    println!("    {statement}");
                }
            }
        }
        if list_statements {
            // Every statement of a full-speed run, background work included.
            let (outcome, table) = statements::time(drive(bot.addr, next_run(full))).await;
            let commands = (outcome.ok + outcome.failed).max(1) as f64;
            println!(
                "  {name}: statements of a full-speed run ({:.0} cmd/s), by time on the database per command:",
                outcome.throughput()
            );
            for (text, count, seconds) in table.iter().take(TIMED_ROWS) {
                println!(
                    "    {:>6.1} µs  {:>5.2} per command  {text}",
                    seconds * 1e6 / commands,
                    *count as f64 / commands
                );
            }
            let all: f64 = table.iter().map(|row| row.2).sum();
            println!("    {:>6.1} µs  in all", all * 1e6 / commands);
        }
        let paced = Load {
            commands: 5_000,
            rate: Some(paced_rate(name)),
            ..full
        };
        let mut fast = Vec::new();
        let mut slow = Vec::new();
        let groups_before = db.store.commit_groups();
        for _ in 0..LOAD_RUNS {
            fast.push(drive(bot.addr, next_run(full)).await);
            slow.push(drive(bot.addr, next_run(paced)).await);
        }
        drop(bot);
        let grouping = match (groups_before, db.store.commit_groups()) {
            (Some((groups, writes)), Some((groups_after, writes_after))) => {
                let commits = groups_after.saturating_sub(groups).max(1);
                format!(
                    "; {:.1} writes per commit",
                    writes_after.saturating_sub(writes) as f64 / commits as f64
                )
            }
            _ => String::new(),
        };
        let (rate, p50, p99, max, ok, failed) = summary(&fast);
        println!(
            "  bot on {name:<9} full speed: {rate:>8.0} cmd/s   p50 {p50:.2} ms  p99 {p99:.2} ms  \
             max {max:.2} ms  ({ok} ok, {failed} failed); {:.3} of the bare handler",
            rate / floor_rate.max(f64::EPSILON)
        );
        println!(
            "{}{grouping}",
            cost(
                &format!("bot on {name:<9}"),
                "command",
                &fast,
                Some(per_command)
            )
        );
        let (rate, p50, p99, max, ok, failed) = summary(&slow);
        let asked = paced_rate(name);
        println!(
            "  bot on {name:<9} paced {asked}/s: {rate:>5.0} cmd/s   p50 {p50:.2} ms  p99 {p99:.2} ms  \
             max {max:.2} ms  ({ok} ok, {failed} failed)"
        );
        db.finish().await;
    }
    Ok(())
}

/// What each request of the full-speed runs cost the process (server and load
/// generator together), median over the runs: CPU time and thread switches.
/// `statements`: SQL statements per request, counted separately (BEGIN and
/// COMMIT aside), printed beside the CPU time.
fn cost(
    label: &str,
    unit: &str,
    runs: &[dealbot_tests::bench::load::Outcome],
    statements: Option<f64>,
) -> String {
    let median = |f: &dyn Fn(&dealbot_tests::bench::load::Outcome) -> f64| {
        let mut values: Vec<f64> = runs.iter().map(f).collect();
        values.sort_by(f64::total_cmp);
        values.get(values.len() / 2).copied().unwrap_or_default()
    };
    let user = median(&|o| o.usage.per(o.ok + o.failed).0);
    let kernel = median(&|o| o.usage.per(o.ok + o.failed).1);
    let switches = median(&|o| o.usage.per(o.ok + o.failed).2);
    let statements = statements
        .map(|count| format!(", {count:.1} SQL statements"))
        .unwrap_or_default();
    format!(
        "  {label}   cost per {unit}: {user:.0} µs user + {kernel:.0} µs kernel CPU, \
         {switches:.1} thread switches{statements}"
    )
}

/// Digest of 10,000 open deals into Slack and Discord parts.
async fn digest() -> anyhow::Result<()> {
    let runs = 7;
    let db = sqlite().await;
    let times = dealbot_tests::bench::digest::digest(&db.url, 10_000, runs).await?;
    println!("\ndigest of 10,000 open deals (SQLite), median of {runs} runs");
    println!(
        "  store read alone (the 10,000 deals, read as the digest reads them): {}",
        ms(times.read)
    );
    println!(
        "  slack:   {} parts; building them (store read included) {}, rendering {}, total {}",
        times.slack_count,
        ms(times.slack_parts),
        ms(times.slack_render),
        ms(times.slack_parts + times.slack_render)
    );
    println!(
        "  discord: {} parts; building them (store read included) {}, rendering {}, total {}",
        times.discord_count,
        ms(times.discord_parts),
        ms(times.discord_render),
        ms(times.discord_parts + times.discord_render)
    );
    db.finish().await;
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
        "  start-up to ready: {} (median of 5, on a migrated SQLite file)",
        ms(median(startups))
    );
    println!("  resident memory idle: {:.1} MB", idle as f64 / 1024.0);

    let db = sqlite().await;
    // The daemon runs on the system clock, so the deals are dated from it: on
    // `bench_now()`, a week after that date every next step would be overdue.
    dealbot_tests::bench::fill::fill(&db.url, 1_000_000, 10_000, chrono::Utc::now()).await?;
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
