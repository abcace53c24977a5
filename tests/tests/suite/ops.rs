//! What someone running dealbot relies on: `/readyz` follows the database and
//! the adapters, `/metrics` counts what happened, logs say what failed without
//! saying what people wrote, deals move in and out as CSV, and the shell's
//! clock can be fixed for demos.

mod cli_workspaces;
mod clock;
mod csv_formulas;
mod csv_import;
mod csv_process;
mod csv_round_trip;
mod daemon;
mod deploy;
mod gateway;
mod half_setup;
mod import_liveness;
mod metrics;
mod readiness;
mod redaction;
