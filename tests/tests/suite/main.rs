//! dealbot's integration suite, one binary: the whole core against real SQLite
//! and PostgreSQL databases, and the `dealbot` process itself.

mod bad_input;
mod concurrency;
mod crash;
mod isolation;
mod ops;
mod shell_transcript;
mod story;
