//! What a command can fail with: a mistake of the person's, which they are told
//! about privately with how to do it right, or a fault of ours, which is logged with
//! its cause and shown as a short apology with an id to quote.

use super::reply::Line;

/// A command that could not be carried out. Neither kind changes anything.
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    /// The input was wrong: say what and how to do it right.
    #[error("{}", .lines.first().map(Line::plain).unwrap_or_default())]
    User {
        lines: Vec<Line>,
        /// The subcommand whose usage to show beneath the message.
        usage: Option<&'static str>,
    },
    /// Something failed on our side.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
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

impl From<dealbot_storage::StoreError> for CommandError {
    fn from(error: dealbot_storage::StoreError) -> Self {
        CommandError::Internal(error.into())
    }
}
