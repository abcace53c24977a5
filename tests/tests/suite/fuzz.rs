//! Bad input at scale: generated command lines through the parser and the core,
//! and generated HTTP requests through the Slack and Discord routes, each run
//! replaying the committed corpus (`tests/fuzz-corpus/`) first. How to size
//! and rerun a run: docs/operations.md, "Fuzz tests".

mod corpus;
mod parser;
mod requests;
pub(crate) mod runner;
