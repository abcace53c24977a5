//! Adapters translate between a way of talking to the bot and the core: requests
//! in, [`crate::core::reply::Reply`] out. Nothing else lives here.

pub mod discord;
pub mod shell;
pub mod slack;
