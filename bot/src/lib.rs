//! dealbot: a chat-ops bot for deal progression. Sales teams record stage changes
//! with `/deal` in Slack, Discord or a local shell; the bot keeps every change,
//! nags owners of stuck deals and posts a digest of the pipeline.
//!
//! The crate, in the order data flows through it:
//!
//! - [`config`]: the TOML configuration, environment overrides and secrets,
//!   checked once at start.
//! - [`adapters`]: Slack, Discord and the shell: a platform's request becomes
//!   command text for the core, the core's reply becomes the platform's
//!   message; each adapter also has its outbox sender. Nothing else knows a
//!   platform.
//! - [`core`]: the platform-neutral brain. `core::command` parses `/deal`
//!   text into a typed command (one file per subcommand, one `SPECS` table for
//!   the parser and `help`); `core::deal` is the deal lifecycle every change
//!   of where a deal stands goes through (the commands, their buttons and the
//!   CSV import call it); `core::values` the typed values people write
//!   (amounts, dates, names, cron schedules); then the card, the digest, the
//!   report and the reply types the adapters render.
//! - [`scheduler`]: cron ticks that queue digests and nags into the outbox;
//!   it never sends.
//! - [`outbox`]: the worker that delivers queued messages through each
//!   platform's sender: pacing, retries, no duplicates.
//! - [`transfer`]: CSV import and export of deals and their history.
//! - [`server`]: the HTTP server (health, readiness, metrics, the platforms'
//!   routes); [`readiness`] is what `/readyz` checks; [`telemetry`] the
//!   metrics; [`logging`] the `tracing` setup; [`retry`] how background loops
//!   ride out failing rounds.
//! - [`daemon`]: `dealbot run`, the server, scheduler and outbox worker side
//!   by side; [`cli`]: every `dealbot` subcommand.
//!
//! The store (`dealbot_storage`) is its own crate: every query, on SQLite or
//! PostgreSQL.

pub mod adapters;
pub mod cli;
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
