//! dealbot: a chat-ops bot for deal progression. Sales teams record stage changes
//! with `/deal` in Slack, Discord or a local shell; the bot keeps every change.
//!
//! How it fits together, in the order data flows:
//!
//! - [`app`]: the one assembly (`App::build`) of everything below; `dealbot run`,
//!   `dealbot shell` and every integration test go through it.
//! - [`adapters`]: Slack, Discord and the shell, each a [`app::Platform`]:
//!   requests in, replies rendered out, and a sender for the bot's own messages.
//! - [`core`]: commands parsed into a typed enum, handled against the store,
//!   answered with a platform-neutral reply. It knows no platform.
//! - [`scheduler`]: cron ticks that queue digests and nag sweeps, never send.
//! - [`outbox`]: delivery of queued messages through the platforms' senders:
//!   pacing, retries, de-duplication.
//! - [`server`]: the public and admin HTTP servers, with their timeouts.
//! - [`readiness`]: what `/readyz` checks. [`telemetry`]: `/metrics`.
//! - [`config`]: the TOML file, environment overrides and secrets.
//! - [`cli`]: the `dealbot` subcommands; [`daemon`]: the signal that stops `run`.
//! - [`transfer`]: CSV import and export of deals and their history.
//! - [`clock`]: the time, injectable; [`retry`]: how background loops ride out a
//!   failing round; [`logging`]: the log subscriber.

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
