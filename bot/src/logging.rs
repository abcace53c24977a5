//! Logging with `tracing`: human-readable text by default, JSON with
//! `[log] format = "json"`. `DEALBOT_LOG` (a filter such as `dealbot=debug`)
//! overrides `[log] level`.
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
    let filter = EnvFilter::try_from_env("DEALBOT_LOG")
        .unwrap_or_else(|_| EnvFilter::new(settings.level.as_str()));
    // A second initialisation (in tests) keeps the first subscriber.
    let _ = subscriber(settings, filter, std::io::stderr).try_init();
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
