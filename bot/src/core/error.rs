//! What a command can fail with: a mistake of the person's, which they are told
//! about privately with how to do it right; the database being unavailable
//! (down, restarting, unreachable), which they are told plainly with whether
//! anything changed; or a fault of ours, which is logged with its cause and
//! shown as a short apology with an id to quote.

use dealbot_storage::Unavailable;

use super::reply::Line;

/// A command that could not be carried out. A `User` or `Internal` error
/// changes nothing; an `Unavailable` one says whether anything may have changed.
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    /// The input was wrong: say what and how to do it right.
    #[error("{}", .lines.first().map(Line::plain).unwrap_or_default())]
    User {
        lines: Vec<Line>,
        /// The subcommand whose usage to show beneath the message.
        usage: Option<&'static str>,
    },
    /// The database could not be reached, or stopped answering mid-way.
    #[error("database unavailable: {error:#}")]
    Unavailable {
        /// Whether anything reached the database.
        how: Unavailable,
        error: anyhow::Error,
    },
    /// Something failed on our side.
    #[error(transparent)]
    Internal(anyhow::Error),
}

impl CommandError {
    /// A mistake explained in one line, with no usage shown.
    pub fn user(message: impl Into<Line>) -> Self {
        CommandError::User {
            lines: vec![message.into()],
            usage: None,
        }
    }

    /// A mistake in how a subcommand was written: the message, then its usage.
    pub fn usage(subcommand: &'static str, message: impl Into<Line>) -> Self {
        CommandError::User {
            lines: vec![message.into()],
            usage: Some(subcommand),
        }
    }

    /// Adds a line (a hint, a list of candidates) below the message.
    pub fn with_line(mut self, line: impl Into<Line>) -> Self {
        if let CommandError::User { lines, .. } = &mut self {
            lines.push(line.into());
        }
        self
    }
}

/// An unexpected error, unless some cause in its chain says the database is
/// unavailable.
impl From<anyhow::Error> for CommandError {
    fn from(error: anyhow::Error) -> Self {
        match error.chain().find_map(Unavailable::of) {
            Some(how) => CommandError::Unavailable { how, error },
            None => CommandError::Internal(error),
        }
    }
}

impl From<dealbot_storage::StoreError> for CommandError {
    fn from(error: dealbot_storage::StoreError) -> Self {
        CommandError::from(anyhow::Error::from(error))
    }
}
