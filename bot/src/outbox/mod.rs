//! The outbox: every message the bot sends on its own (announcements, nag DMs,
//! digest parts) is queued in the store first and delivered by a worker through
//! the [`Sender`] of its platform; one that carries files resumes its upload
//! where a failed try left it ([`upload`]).

mod sender;
mod upload;

mod worker;

pub use crate::core::outgoing::{channel_key, queue_message};
pub use sender::{
    Delivered, DeliveryError, Destination, MessageLimits, Outgoing, SendFuture, Sender, Senders,
};
pub use upload::UploadProgress;
pub use worker::{OutboxWorker, RoundReport};
