//! Logging with `tracing`: human-readable text by default, JSON with
//! `[log] format = "json"`. `DEALBOT_LOG` (a filter such as `dealbot=debug`)
//! overrides `[log] level`.

use tracing_subscriber::EnvFilter;

use crate::config::{LogFormat, LogSettings};

/// Installs the global subscriber, writing to standard error.
pub fn init(settings: &LogSettings) {
    let filter = EnvFilter::try_from_env("DEALBOT_LOG")
        .unwrap_or_else(|_| EnvFilter::new(settings.level.as_str()));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    // A second initialisation (in tests) keeps the first subscriber.
    let _ = match settings.format {
        LogFormat::Json => builder.json().try_init(),
        LogFormat::Text => builder.try_init(),
    };
}
