//! dealbot's integration suite, one binary: the whole core against real SQLite
//! and PostgreSQL databases, and the `dealbot` process itself.

mod bad_input;
mod bad_requests;
mod binary_digest;
mod concurrency;
mod crash;
mod crash_under_load;
mod daemon;
mod dates;
// mod delivery; (being moved onto the App)
mod digest;
mod discord;
mod discord_options;
// mod flaky_platforms; (being moved onto the App)
mod fuzz;
mod hidden_text;
mod isolation;
mod lifecycle;
mod ops;
// mod outbox; (being moved onto the App)
mod postgres_restart;
mod replays;
mod sales;
// mod schedules; (being moved onto the App)
mod shell_transcript;
mod slack;
mod story;
mod tenant_keys;
