//! Counting the SQL statements the bot runs: sqlx reports every statement it
//! executes as a `sqlx::query` tracing event, and this layer counts them while
//! switched on (and, when asked, keeps their first words, or adds up how long
//! each statement took on the database's side). Off, it tells tracing it
//! wants nothing, so a throughput run pays only a flag check.

use std::collections::HashMap;
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
static TIMING: AtomicBool = AtomicBool::new(false);
/// Per statement (its first [`TIMED_TEXT`] characters): how many ran, and
/// their time in seconds as sqlx measured it.
static TIMED: Mutex<Option<HashMap<String, (u64, f64)>>> = Mutex::new(None);
/// How much of a statement's text names it in [`time`]'s table.
const TIMED_TEXT: usize = 72;

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
        let keeping = KEEPING.load(Ordering::Relaxed);
        let timing = TIMING.load(Ordering::Relaxed);
        if !keeping && !timing {
            return;
        }
        let mut fields = StatementFields::default();
        event.record(&mut fields);
        if keeping {
            if let Ok(mut kept) = KEPT.lock() {
                kept.push(fields.summary.clone());
            }
        }
        if timing {
            // sqlx leaves the statement's text out when its summary is all of it.
            let text = if fields.text.is_empty() {
                &fields.summary
            } else {
                &fields.text
            };
            let text: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
            let text: String = text.chars().take(TIMED_TEXT).collect();
            if let Ok(mut timed) = TIMED.lock() {
                let entry = timed
                    .get_or_insert_with(HashMap::new)
                    .entry(text)
                    .or_default();
                entry.0 += 1;
                entry.1 += fields.seconds;
            }
        }
    }
}

/// What sqlx's event says of a statement: its text (left out when the
/// summary is all of it), its summary and how long it took.
#[derive(Default)]
struct StatementFields {
    text: String,
    summary: String,
    seconds: f64,
}

impl Visit for StatementFields {
    fn record_str(&mut self, field: &Field, value: &str) {
        match field.name() {
            "db.statement" => self.text = value.to_string(),
            "summary" => self.summary = value.to_string(),
            _ => {}
        }
    }

    fn record_f64(&mut self, field: &Field, value: f64) {
        if field.name() == "elapsed_secs" {
            self.seconds = value;
        }
    }

    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        match field.name() {
            "db.statement" if self.text.is_empty() => self.text = format!("{value:?}"),
            "summary" if self.summary.is_empty() => self.summary = format!("{value:?}"),
            _ => {}
        }
    }
}

/// Makes the counter this process's tracing subscriber. Call once, first.
pub fn install() {
    let _ = tracing_subscriber::registry()
        .with(StatementCounter)
        .try_init();
}

/// Runs `work` with the layer switched on.
async fn counting<F: std::future::Future>(work: F) -> F::Output {
    COUNTING.store(true, Ordering::Relaxed);
    // Callsites seen before the switch cached nothing: `sometimes` asks again.
    tracing::callsite::rebuild_interest_cache();
    let output = work.await;
    COUNTING.store(false, Ordering::Relaxed);
    output
}

/// Statements run while `work` ran, and (with `keep`) the summary of each.
pub async fn count<F: std::future::Future>(keep: bool, work: F) -> (F::Output, u64, Vec<String>) {
    COUNT.store(0, Ordering::Relaxed);
    KEEPING.store(keep, Ordering::Relaxed);
    let output = counting(work).await;
    KEEPING.store(false, Ordering::Relaxed);
    let kept = KEPT
        .lock()
        .map(|mut kept| std::mem::take(&mut *kept))
        .unwrap_or_default();
    (output, COUNT.load(Ordering::Relaxed), kept)
}

/// Every statement run while `work` ran, summed by its text: (text, how many,
/// seconds in all), the longest in all first.
pub async fn time<F: std::future::Future>(work: F) -> (F::Output, Vec<(String, u64, f64)>) {
    if let Ok(mut timed) = TIMED.lock() {
        *timed = Some(HashMap::new());
    }
    TIMING.store(true, Ordering::Relaxed);
    let output = counting(work).await;
    TIMING.store(false, Ordering::Relaxed);
    let mut table: Vec<(String, u64, f64)> = TIMED
        .lock()
        .ok()
        .and_then(|mut timed| timed.take())
        .unwrap_or_default()
        .into_iter()
        .map(|(text, (count, seconds))| (text, count, seconds))
        .collect();
    table.sort_by(|a, b| b.2.total_cmp(&a.2));
    (output, table)
}
