//! Telling "the database is unavailable" apart from every other store error, and
//! saying what it means for a change: was nothing written, or is the outcome
//! unknown? Callers use it to answer people honestly while the database is down
//! or restarting, instead of with a generic apology.

use std::error::Error;
use std::io::ErrorKind;

use sqlx::postgres::PgDatabaseError;

use crate::StoreError;

/// The database could not serve a call because it could not be reached or
/// stopped answering; nothing to do with the data asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unavailable {
    /// No connection was obtained (none free in time, connection refused, the
    /// server starting up or shutting down): nothing reached the database, so
    /// nothing was changed.
    NotReached,
    /// A connection broke while in use (the server was stopped or restarted, the
    /// network dropped it): a change being written may or may not be stored.
    Interrupted,
}

impl Unavailable {
    /// Whether `error` (a [`StoreError`] or an `sqlx::Error`) says the database
    /// is unavailable, and how. Look through a cause chain with
    /// `chain().find_map(Unavailable::of)`.
    pub fn of(error: &(dyn Error + 'static)) -> Option<Unavailable> {
        if let Some(error) = error.downcast_ref::<StoreError>() {
            return error.unavailable();
        }
        error.downcast_ref::<sqlx::Error>().and_then(classify)
    }
}

impl StoreError {
    /// Whether this error means the database is unavailable, and how.
    pub fn unavailable(&self) -> Option<Unavailable> {
        match self {
            StoreError::Database(error) => classify(error),
            StoreError::CommitFailed(_) => Some(Unavailable::Interrupted),
            StoreError::NoLiveConnection => Some(Unavailable::NotReached),
            // Rolled back: nothing was changed, as when nothing was reached.
            StoreError::RolledBack {
                unreachable: true, ..
            } => Some(Unavailable::NotReached),
            _ => None,
        }
    }
}

pub(crate) fn classify(error: &sqlx::Error) -> Option<Unavailable> {
    match error {
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Tls(_) => {
            Some(Unavailable::NotReached)
        }
        sqlx::Error::Io(error) => Some(match error.kind() {
            // Only opening a connection fails like this.
            ErrorKind::ConnectionRefused
            | ErrorKind::NotFound
            | ErrorKind::AddrNotAvailable
            | ErrorKind::HostUnreachable
            | ErrorKind::NetworkUnreachable => Unavailable::NotReached,
            _ => Unavailable::Interrupted,
        }),
        sqlx::Error::WorkerCrashed => Some(Unavailable::Interrupted),
        sqlx::Error::Database(error) => {
            let code = error.try_downcast_ref::<PgDatabaseError>()?.code();
            postgres_state(code)
        }
        _ => None,
    }
}

/// What a PostgreSQL SQLSTATE says about reaching the server.
fn postgres_state(code: &str) -> Option<Unavailable> {
    match code {
        // Refused before a session began: cannot connect now (starting up or
        // shutting down), too many connections, unable to establish one.
        "57P03" | "53300" | "08001" | "08004" => Some(Unavailable::NotReached),
        // The session was ended under us: administrator or crash shutdown
        // (`pg_ctl stop -m fast`, a restart), or any other connection exception.
        "57P01" | "57P02" => Some(Unavailable::Interrupted),
        code if code.starts_with("08") => Some(Unavailable::Interrupted),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_connection_means_nothing_was_written() {
        assert_eq!(
            StoreError::Database(sqlx::Error::PoolTimedOut).unavailable(),
            Some(Unavailable::NotReached)
        );
        let refused = std::io::Error::from(ErrorKind::ConnectionRefused);
        assert_eq!(
            classify(&sqlx::Error::Io(refused)),
            Some(Unavailable::NotReached)
        );
        assert_eq!(postgres_state("57P03"), Some(Unavailable::NotReached));
    }

    #[test]
    fn a_broken_connection_leaves_the_outcome_unknown() {
        let reset = std::io::Error::from(ErrorKind::ConnectionReset);
        assert_eq!(
            classify(&sqlx::Error::Io(reset)),
            Some(Unavailable::Interrupted)
        );
        assert_eq!(postgres_state("57P01"), Some(Unavailable::Interrupted));
        assert_eq!(postgres_state("08006"), Some(Unavailable::Interrupted));
    }

    #[test]
    fn errors_about_the_data_are_not_unavailability() {
        assert_eq!(StoreError::NotFound.unavailable(), None);
        assert_eq!(classify(&sqlx::Error::RowNotFound), None);
        assert_eq!(postgres_state("23505"), None);
        assert_eq!(postgres_state("42P01"), None);
    }

    #[test]
    fn found_anywhere_in_a_cause_chain() {
        let error = anyhow::Error::from(StoreError::Database(sqlx::Error::PoolTimedOut))
            .context("reading the digest");
        assert_eq!(
            error.chain().find_map(Unavailable::of),
            Some(Unavailable::NotReached)
        );
        let other = anyhow::anyhow!("no pipeline");
        assert_eq!(other.chain().find_map(Unavailable::of), None);
    }
}
