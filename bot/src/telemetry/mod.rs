//! Metrics: what operators scrape from `GET /metrics` (Prometheus text format).
//!
//! Everything the bot measures goes through the named functions below, so the
//! metric names, labels and units live in one place. They write to the
//! [`metrics`] facade; [`install`] puts the Prometheus recorder behind it (once per
//! process; before that, measurements are dropped). Labels only ever hold
//! bounded values (platform and subcommand names, fixed outcomes), never user
//! text or workspace ids.
//!
//! | metric | type | labels | recorded by |
//! |---|---|---|---|
//! | `dealbot_commands_total` | counter | `platform`, `subcommand`, `outcome` | [`command_handled`] |
//! | `dealbot_command_duration_seconds` | histogram | `platform`, `subcommand` | [`command_handled`] |
//! | `dealbot_deliveries_total` | counter | `platform`, `result` | [`delivery`] |
//! | `dealbot_outbox_depth` | gauge | | [`outbox_depth`] |
//! | `dealbot_outbox_oldest_age_seconds` | gauge | | [`outbox_oldest_age`] |
//! | `dealbot_schedule_lag_seconds` | histogram | `job` | [`schedule_lag`] |
//! | `dealbot_nags_sent_total` | counter | `platform` | [`nag_sent`] |
//! | `dealbot_open_deals` | gauge | `pipeline`, `stage` | [`refresh_open_deals`], at scrape time |

mod open_deals;
mod recorder;

use std::time::Duration;

pub use open_deals::refresh_open_deals;
pub use recorder::{install, render};

/// How a command ended, as the `outcome` label says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommandOutcome {
    /// The command did what was asked (or answered a question).
    Ok,
    /// The person's input was refused with an explanation.
    UserError,
    /// It failed on our side (logged with an error id).
    InternalError,
    /// The database was unavailable (logged with an error id; the person was
    /// told so and whether anything changed).
    Unavailable,
}

impl CommandOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            CommandOutcome::Ok => "ok",
            CommandOutcome::UserError => "user_error",
            CommandOutcome::InternalError => "internal_error",
            CommandOutcome::Unavailable => "unavailable",
        }
    }
}

/// What one delivery attempt of an outbox message came to, as the `result` label
/// says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeliveryResult {
    /// Delivered.
    Ok,
    /// Failed for a passing reason (timeout, 5xx) and will be tried again.
    Retried,
    /// The platform said "too fast" (429); it will be tried after the wait.
    RateLimited,
    /// Will never be delivered (`not_in_channel`, closed DMs, attempts used up).
    Failed,
}

impl DeliveryResult {
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryResult::Ok => "ok",
            DeliveryResult::Retried => "retried",
            DeliveryResult::RateLimited => "rate_limited",
            DeliveryResult::Failed => "failed",
        }
    }
}

/// One `/deal` command was answered: counts it in `dealbot_commands_total` and
/// records how long it took in `dealbot_command_duration_seconds`. `platform` is
/// the adapter's name (`Invocation::platform`); `subcommand` a subcommand's
/// canonical name, or `unknown` for text that names none.
pub fn command_handled(
    platform: &str,
    subcommand: &'static str,
    outcome: CommandOutcome,
    latency: Duration,
) {
    metrics::counter!(
        "dealbot_commands_total",
        "platform" => platform.to_string(),
        "subcommand" => subcommand,
        "outcome" => outcome.as_str(),
    )
    .increment(1);
    metrics::histogram!(
        "dealbot_command_duration_seconds",
        "platform" => platform.to_string(),
        "subcommand" => subcommand,
    )
    .record(latency.as_secs_f64());
}

/// One attempt to deliver an outbox message to `platform` ended as `result`.
/// Call it once per attempt: a message retried twice then delivered counts
/// `retried` twice and `ok` once.
pub fn delivery(platform: &str, result: DeliveryResult) {
    metrics::counter!(
        "dealbot_deliveries_total",
        "platform" => platform.to_string(),
        "result" => result.as_str(),
    )
    .increment(1);
}

/// How many outbox messages wait to be delivered (set it after each poll).
pub fn outbox_depth(rows: u64) {
    #[allow(clippy::cast_precision_loss)]
    metrics::gauge!("dealbot_outbox_depth").set(rows as f64);
}

/// How long the oldest undelivered outbox message has waited; zero when the
/// outbox is empty (set it after each poll).
pub fn outbox_oldest_age(age: Duration) {
    metrics::gauge!("dealbot_outbox_oldest_age_seconds").set(age.as_secs_f64());
}

/// A scheduled slot of `job` (`digest`, `nag_sweep`…) fired `lag` after its
/// planned time.
pub fn schedule_lag(job: &'static str, lag: Duration) {
    metrics::histogram!("dealbot_schedule_lag_seconds", "job" => job).record(lag.as_secs_f64());
}

/// A nag about an overdue or missing next step was queued for `platform`.
pub fn nag_sent(platform: &str) {
    metrics::counter!("dealbot_nags_sent_total", "platform" => platform.to_string()).increment(1);
}
