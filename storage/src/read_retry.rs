//! Reads on PostgreSQL tried again after a broken connection. Connections are
//! not pinged before each use (a round trip per statement); when the server
//! restarted, the pool still holds connections to the old one, and a read
//! met on one of them is tried on another, which reaches the new server or
//! finds none (and then says the database is unavailable, nothing changed).

use crate::StoreError;

/// Reads tried again on PostgreSQL after a broken connection: every pooled
/// connection may have broken when the server restarted.
pub(crate) const READ_ATTEMPTS: usize = crate::backend::POSTGRES_CONNECTIONS as usize + 1;

/// Whether a read that gave `result` should be tried again: its connection
/// broke, and it has been tried fewer than [`READ_ATTEMPTS`] times. A read
/// changes nothing, so trying it again is safe.
pub(crate) fn retry_read<T, E: BrokenConnection>(
    result: &Result<T, E>,
    attempt: &mut usize,
) -> bool {
    *attempt += 1;
    matches!(result, Err(error) if error.broken_connection()) && *attempt < READ_ATTEMPTS
}

/// An error that says the connection it was met on is unusable.
pub(crate) trait BrokenConnection {
    fn broken_connection(&self) -> bool;
}

impl BrokenConnection for sqlx::Error {
    fn broken_connection(&self) -> bool {
        // Met on a connection from the pool, an interruption means the
        // connection was broken before or during this read.
        matches!(
            crate::unavailable::classify(self),
            Some(crate::Unavailable::Interrupted)
        )
    }
}

impl BrokenConnection for StoreError {
    fn broken_connection(&self) -> bool {
        matches!(self, StoreError::Database(error) if error.broken_connection())
    }
}
