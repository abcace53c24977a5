//! The free text a change may carry (a note on a move, a reason for a loss):
//! how long it may be, and reading it from the rest of a command line.

use super::args::{join_text, Args};
use super::error::CommandError;
use super::values::FreeText;

/// The longest note a change may carry.
pub const NOTE_LIMIT: usize = 4000;

/// The rest of the line as an optional note; a note too long or unreadable is
/// refused with `subcommand`'s usage.
pub fn take_note(
    args: &mut Args,
    subcommand: &'static str,
) -> Result<Option<FreeText>, CommandError> {
    if args.is_empty() {
        return Ok(None);
    }
    let text = join_text(&args.take_rest());
    FreeText::parse(&text, "note", NOTE_LIMIT)
        .map(Some)
        .map_err(|error| CommandError::usage(subcommand, error.to_string()))
}
