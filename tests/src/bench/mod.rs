//! The benchmark harness behind `dealbot-bench`: each benchmark sets up real
//! databases and the real bot, measures several runs and prints the median.
//! Figures live here, never in timed unit tests.

pub mod digest;
pub mod fill;
pub mod import;
pub mod load;
pub mod process;
pub mod statements;
pub mod sweep;
pub mod usage;

use std::time::Duration;

/// The median of some durations.
pub fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples.get(samples.len() / 2).copied().unwrap_or_default()
}

/// Milliseconds with one decimal.
pub fn ms(duration: Duration) -> String {
    format!("{:.1} ms", duration.as_secs_f64() * 1000.0)
}
