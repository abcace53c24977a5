//! One deal lifecycle. Where a deal stands changes only through the named
//! transitions here, which the commands, the card's buttons (they run
//! commands) and the CSV import all call:
//!
//! - [`open`]: a new deal, in the first stage of its pipeline;
//! - [`move_to`]: another stage of its pipeline (reopening a closed deal);
//! - [`win`] and [`lose`]: closing it (a lost deal won, or a won deal lost, is
//!   reopened first); winning rolls it into its after-sale pipeline
//!   (`won_rolls_into`), where it is open and still won, so it cannot be won
//!   twice;
//! - [`import_standing`]: where an imported row says it stands;
//! - [`rename`], [`merge`], [`delete`], [`restore`] and [`undo`]: keeping the
//!   pipeline clean.
//!
//! [`rules`] holds each transition as a pure rule (the deal as it is → the
//! edit, or a refusal saying what to do instead), built from the blocks in
//! [`draft`]; the other files run a rule through the store and announce it.
//! How every history action reads on the card and in digests is
//! [`crate::core::history_lines`].

pub mod draft;
mod import;
mod moves;
mod open;
mod outcome;
mod permission;
pub mod rules;
pub mod standing;
mod undo;
mod upkeep;

pub use draft::{Draft, Roll};
pub use import::import_standing;
pub use moves::move_to;
pub use open::{first_stage, open, open_quietly};
pub use outcome::{lose, win};
pub use permission::{may, may_manage_schedules, may_set_channel_notify, Doing};
pub use standing::Standing;
pub use undo::{undo, UNDO_WINDOW};
pub use upkeep::{delete, merge, rename, restore};
