//! dealbot: a chat-ops bot for deal progression. Sales teams record stage changes
//! with `/deal` in Slack, Discord or a local shell; the bot keeps every change,
//! nags owners of stuck deals and posts a digest of the pipeline.
//!
//! How it fits together, in the order data flows:
//!
//! - [`app`]: the one assembly (`App::build`) of everything below; `dealbot run`,
//!   `dealbot shell` and every integration test go through it.
//! - [`adapters`]: Slack, Discord and the shell, each a [`app::Platform`]: a
//!   platform's request becomes command text for the core, the core's reply
//!   becomes the platform's message, and a sender delivers the bot's own
//!   messages. Nothing else knows a platform.
//! - [`core`]: the platform-neutral brain. `core::command` parses `/deal`
//!   text into a typed command (one file per subcommand, one `SPECS` table for
//!   the parser, `help` and Discord's options); `core::deal` is the deal
//!   lifecycle every change of where a deal stands goes through (the commands,
//!   their buttons and the CSV import call it); `core::values` the typed values
//!   people write (amounts, dates, names, cron schedules); then the card, the
//!   digest, the report and the reply types the adapters render.
//! - [`scheduler`]: cron ticks that queue digests and nag sweeps; it never sends.
//! - [`outbox`]: delivery of queued messages through the platforms' senders:
//!   pacing, retries, no duplicates.
//! - [`server`]: the public and admin HTTP servers, with their timeouts;
//!   [`readiness`] is what `/readyz` checks; [`telemetry`] the metrics.
//! - [`config`]: the TOML file, environment overrides and secrets.
//! - [`cli`]: the `dealbot` subcommands; [`daemon`]: the signal that stops `run`.
//! - [`transfer`]: CSV import and export of deals and their history.
//! - [`clock`]: the time, injectable; [`retry`]: how background loops ride out a
//!   failing round; [`logging`]: the `tracing` setup.
//! - `allocator`: mimalloc, the memory allocator of every program built on
//!   this crate.
//!
//! The store (`dealbot_storage`) is its own crate: every query, on SQLite or
//! PostgreSQL.

pub mod adapters;
mod allocator;
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
