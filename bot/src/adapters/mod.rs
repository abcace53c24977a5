//! Adapters translate between a way of talking to the bot and the core: requests
//! in, [`crate::core::reply::Reply`] out. Nothing else lives here.
//!
//! `replay`, `signature_hex` and `content_type` are what the signed HTTP routes
//! of Slack and Discord check alike; `channel_privacy` remembers what each
//! platform says of a channel's privacy; `text_out` is where the Slack and
//! Discord renderers write a line's text.

pub mod channel_privacy;
pub mod content_type;
pub mod discord;
pub mod event_memory;
pub mod replay;
pub mod shell;
pub mod signature_hex;
pub mod slack;
pub mod text_out;
