//! The outbox: every message the bot sends on its own (announcements, nag DMs,
//! digest parts) is queued in the store first and delivered by a worker through
//! the [`Sender`] of its platform.

mod sender;

pub use sender::{Delivered, DeliveryError, Destination, Outgoing, SendFuture, Sender, Senders};
