//! The contract between the outbox and a platform: deliver one message, and say
//! precisely how it went, so the worker knows whether to wait, retry or give up.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

pub use crate::core::outgoing::{Destination, MessageLimits, Outgoing};

use super::upload::UploadProgress;

/// What the platform said when it accepted the message.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Delivered {
    /// The platform's id for the posted message, if it gives one.
    pub message_id: Option<String>,
}

/// Why a message was not delivered, and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DeliveryError {
    /// Too fast: send the same message again, but not before `retry_after`.
    #[error("rate limited: retry after {retry_after:?}")]
    RateLimited { retry_after: Duration },
    /// Worth retrying with backoff: a timeout, a 5xx, a dropped connection.
    #[error("temporary failure: {0}")]
    Transient(String),
    /// Will not work as it is (`not_in_channel`, `channel_not_found`, closed DMs):
    /// recorded with the reason and shown to admins, never retried.
    #[error("permanent failure: {reason}")]
    Permanent {
        /// The platform's own code or message, e.g. `not_in_channel`.
        reason: String,
        /// What a person can do about it, e.g. "invite the bot: /invite @dealbot".
        hint: String,
    },
}

/// The future a [`Sender`] returns.
pub type SendFuture<'a> =
    Pin<Box<dyn Future<Output = Result<Delivered, DeliveryError>> + Send + 'a>>;

/// Delivers messages to one platform.
pub trait Sender: Send + Sync + 'static {
    /// Sends one message once: no retries inside, the worker decides.
    fn send<'a>(&'a self, message: &'a Outgoing) -> SendFuture<'a>;

    /// Sends a message that carries files, carrying on from `progress` (what an
    /// earlier try noted) and noting in it how far this try got. A platform
    /// that posts files in one call needs nothing more than [`Sender::send`].
    fn send_with_files<'a>(
        &'a self,
        message: &'a Outgoing,
        progress: &'a UploadProgress,
    ) -> SendFuture<'a> {
        let _ = progress;
        self.send(message)
    }

    /// Whether this platform posts a reply's files (a chart) itself: a public
    /// reply with files is then posted through the outbox rather than inline.
    fn posts_files(&self) -> bool {
        false
    }

    /// Replaces the content of a message this sender posted earlier, which the
    /// platform named `posted` (the [`Delivered::message_id`] it gave back),
    /// with `message` (Slack `chat.update`, a Discord message edit). A platform
    /// that cannot edit posts `message` anew, and so does one whose earlier
    /// message is gone.
    fn edit<'a>(&'a self, message: &'a Outgoing, posted: &'a str) -> SendFuture<'a> {
        let _ = posted;
        self.send(message)
    }

    /// How long to wait between two messages to the same destination.
    fn min_interval(&self) -> Duration {
        Duration::ZERO
    }

    /// What one message may carry.
    fn limits(&self) -> MessageLimits {
        MessageLimits::default()
    }
}

/// The senders the worker can use, by platform name.
#[derive(Clone, Default)]
pub struct Senders(HashMap<String, Arc<dyn Sender>>);

impl Senders {
    pub fn new() -> Self {
        Senders::default()
    }

    /// Adds (or replaces) the sender of `platform`.
    pub fn with(mut self, platform: &str, sender: Arc<dyn Sender>) -> Self {
        self.0.insert(platform.to_string(), sender);
        self
    }

    pub fn get(&self, platform: &str) -> Option<&Arc<dyn Sender>> {
        self.0.get(platform)
    }
}
