use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use dealbot::core::env::Invocation;
use dealbot::core::Core;
use dealbot_tests::{shipped_settings, sqlite};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let conc: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(32);
    let db = sqlite().await;
    dealbot_tests::bench::fill::fill(&db.url, 2000, 0, dealbot_tests::bench::sweep::bench_now())
        .await?;
    let core = Core::new(db.store.clone(), shipped_settings())?;
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let deadline = started + Duration::from_secs(8);
    let mut tasks = Vec::new();
    for _ in 0..conc {
        let core = core.clone();
        let next = next.clone();
        tasks.push(tokio::spawn(async move {
            let mut n = 0;
            while Instant::now() < deadline {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let deal = i % 2000 + 1;
                let text = if i % 2 == 0 {
                    format!("stage D-{deal} \"Qualifying\"")
                } else {
                    format!("next D-{deal} call back round {i} tomorrow")
                };
                let inv = Invocation {
                    platform: "slack".into(),
                    workspace: "bench".into(),
                    user: format!("rep{}", deal % 1000),
                    channel: Some("C1".into()),
                    timezone: None,
                    now: chrono::Utc::now(),
                };
                let _ = core.handle(&inv, &text).await;
                n += 1;
            }
            n
        }));
    }
    let mut total = 0;
    for t in tasks {
        total += t.await?;
    }
    let el = started.elapsed().as_secs_f64();
    println!(
        "core direct, {conc} tasks: {:.0} cmd/s ({total} in {el:.1}s)",
        total as f64 / el
    );
    Ok(())
}
