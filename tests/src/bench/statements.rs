//! Counting the SQL statements the bot runs: sqlx reports every statement it
//! executes as a `sqlx::query` tracing event, and this layer counts them while
//! switched on (and, when asked, keeps their first words). Off, it tells
//! tracing it wants nothing, so a throughput run pays only a flag check.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Mutex;

use tracing::field::{Field, Visit};
use tracing::subscriber::Interest;
use tracing::{Event, Metadata};
use tracing_subscriber::layer::{Context, Layer};
use tracing_subscriber::prelude::*;

static COUNTING: AtomicBool = AtomicBool::new(false);
static KEEPING: AtomicBool = AtomicBool::new(false);
static COUNT: AtomicU64 = AtomicU64::new(0);
static KEPT: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// The layer; [`install`] puts it in place as the process's subscriber.
struct StatementCounter;

fn is_statement(metadata: &Metadata<'_>) -> bool {
    metadata.target() == "sqlx::query"
}

impl<S: tracing::Subscriber> Layer<S> for StatementCounter {
    fn register_callsite(&self, metadata: &'static Metadata<'static>) -> Interest {
        if is_statement(metadata) {
            // Asked each time, so that switching counting on and off works.
            Interest::sometimes()
        } else {
            Interest::never()
        }
    }

    fn enabled(&self, metadata: &Metadata<'_>, _: Context<'_, S>) -> bool {
        is_statement(metadata) && COUNTING.load(Ordering::Relaxed)
    }

    fn on_event(&self, event: &Event<'_>, _: Context<'_, S>) {
        COUNT.fetch_add(1, Ordering::Relaxed);
        if KEEPING.load(Ordering::Relaxed) {
            let mut summary = Summary(String::new());
            event.record(&mut summary);
            if let Ok(mut kept) = KEPT.lock() {
                kept.push(summary.0);
            }
        }
    }
}

/// The statement's summary, which sqlx logs as the event's `summary` field.
struct Summary(String);

impl Visit for Summary {
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "summary" {
            self.0 = value.to_string();
        }
    }

    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if field.name() == "summary" && self.0.is_empty() {
            self.0 = format!("{value:?}");
        }
    }
}

/// Makes the counter this process's tracing subscriber. Call once, first.
pub fn install() {
    let _ = tracing_subscriber::registry()
        .with(StatementCounter)
        .try_init();
}

/// Statements run while `work` ran, and (with `keep`) the summary of each.
pub async fn count<F: std::future::Future>(keep: bool, work: F) -> (F::Output, u64, Vec<String>) {
    COUNT.store(0, Ordering::Relaxed);
    KEEPING.store(keep, Ordering::Relaxed);
    COUNTING.store(true, Ordering::Relaxed);
    // Callsites seen before the switch cached nothing: `sometimes` asks again.
    tracing::callsite::rebuild_interest_cache();
    let output = work.await;
    COUNTING.store(false, Ordering::Relaxed);
    KEEPING.store(false, Ordering::Relaxed);
    let kept = KEPT
        .lock()
        .map(|mut kept| std::mem::take(&mut *kept))
        .unwrap_or_default();
    (output, COUNT.load(Ordering::Relaxed), kept)
}
