//! The contract between the outbox and a platform: deliver one message, and say
//! precisely how it went, so the worker knows whether to wait, retry or give up.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::core::reply::Reply;

/// Where a message goes, by platform id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Destination {
    /// A channel the bot is in.
    Channel(String),
    /// A direct message to a user (the sender opens the DM channel itself).
    DirectMessage(String),
}

/// One queued message, ready for its platform.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Outgoing {
    /// The adapter that delivers it (`slack`, `discord`, `shell`).
    pub platform: String,
    pub workspace: String,
    pub destination: Destination,
    pub reply: Reply,
    /// The outbox row's de-duplication key, unique per message; a platform that
    /// supports idempotent sends (Discord's `nonce`) can pass it on.
    pub key: String,
}

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
