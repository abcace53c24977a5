//! dealbot's integration suite, one binary: the whole core against real SQLite
//! and PostgreSQL databases, and the `dealbot` process itself.

mod bad_input;
mod bad_requests;
mod binary;
mod binary_digest;
mod concurrency;
mod crash;
mod crash_under_load;
mod daemon;
mod dates;
mod delivery;
mod digest;
mod discord;
mod discord_options;
mod flaky_platforms;
mod forms;
mod fuzz;
mod hidden_text;
mod isolation;
mod lifecycle;
mod ops;
mod outbox;
mod postgres_restart;
mod private_channels;
mod replays;
mod report;
mod roles;
mod sales;
mod schedules;
mod shell_transcript;
mod slack;
mod slow_clients;
mod story;
mod tenant_keys;
mod volume;
