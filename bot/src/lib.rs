//! dealbot: a chat-ops bot for deal progression. Sales teams record stage changes
//! with `/deal` in Slack, Discord or a local shell; the bot keeps every change.
//!
//! - [`config`]: the TOML configuration, environment overrides and secrets.
//! - [`core`]: commands parsed, handled against the store, answered with a reply.
//! - [`adapters`]: the ways people talk to the core: the shell and Discord.
//! - [`cli`]: the `dealbot` binary's subcommands.
//! - [`transfer`]: CSV import and export of deals and their history.
//! - [`telemetry`]: the metrics operators scrape from `/metrics`.
//! - [`retry`]: how the background loops ride out failing rounds (a database outage).

pub mod adapters;
pub mod app;
pub mod cli;
pub mod clock;
pub mod config;
pub mod core;
pub mod daemon;
pub mod logging;
pub mod outbox;
pub mod readiness;
pub mod retry;
pub mod scheduler;
pub mod server;
pub mod telemetry;
pub mod transfer;
