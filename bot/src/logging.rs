//! Logging with `tracing`: human-readable text by default, JSON with
//! `[log] format = "json"`. `DEALBOT_LOG` (a filter such as `dealbot=debug`)
//! overrides `[log] level`. serenity (the Discord client) logs at `warn`
//! unless the filter names it (`info,serenity=info`): at `info` it writes a
//! line for every gateway event.
//!
//! What is logged about a command is its span (platform, workspace, user,
//! subcommand), its outcome and latency, and for a fault the error with its
//! whole cause chain and an id the person was shown. Never the text of the
//! command or of any message, and never a secret: `config::Secrets` cannot be
//! printed, and no log line takes a message body.

use tracing::Subscriber;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::EnvFilter;

use crate::config::{LogFormat, LogSettings};

/// Installs the global subscriber, writing to standard error.
pub fn init(settings: &LogSettings) {
    let asked = std::env::var("DEALBOT_LOG")
        .ok()
        .filter(|filter| !filter.trim().is_empty() && EnvFilter::try_new(filter).is_ok())
        .unwrap_or_else(|| settings.level.clone());
    let filter = filter(&asked);
    // A second initialisation (in tests) keeps the first subscriber.
    let _ = subscriber(settings, filter, std::io::stderr).try_init();
}

/// The crates that log at `warn` unless a filter names them.
const QUIET_CRATES: [&str; 1] = ["serenity"];

/// The filter `asked` for (a level or `tracing` directives), with each of
/// [`QUIET_CRATES`] it does not name at `warn`. Unreadable directives are left
/// out, as `tracing` does.
pub fn filter(asked: &str) -> EnvFilter {
    let mut directives = asked.to_string();
    for name in QUIET_CRATES {
        if !asked.contains(name) {
            if !directives.trim().is_empty() {
                directives.push(',');
            }
            directives.push_str(name);
            directives.push_str("=warn");
        }
    }
    EnvFilter::new(directives)
}

/// The subscriber [`init`] installs, writing to `writer` with `filter`: for
/// callers (tests) that want the log lines themselves.
pub fn subscriber<W>(
    settings: &LogSettings,
    filter: EnvFilter,
    writer: W,
) -> Box<dyn Subscriber + Send + Sync>
where
    W: for<'w> MakeWriter<'w> + Send + Sync + 'static,
{
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer);
    match settings.format {
        LogFormat::Json => Box::new(builder.json().finish()),
        LogFormat::Text => Box::new(builder.finish()),
    }
}
