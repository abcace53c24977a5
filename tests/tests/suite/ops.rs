//! What someone running dealbot relies on: `/readyz` follows the database and
//! the adapters, `/metrics` counts what happened, logs say what failed without
//! saying what people wrote, and deals move in and out as CSV.

mod csv_formulas;
mod csv_import;
mod csv_process;
mod daemon;
mod deploy;
mod metrics;
mod readiness;
mod redaction;
