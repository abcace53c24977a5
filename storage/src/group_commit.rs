//! Group commit on SQLite: writes that arrive together share one transaction
//! and one durable commit (one fsync), each in its own savepoint, and each is
//! answered only once the commit that holds it is durable.
//!
//! Writers take turns on the one writing connection behind a fair lock. The
//! first to take it opens a transaction; its body runs (a body that opens a
//! transaction of its own gets a savepoint inside the group's, so a refusal or
//! a failed statement rolls back that body alone). Then it queues for the lock
//! again, behind everyone who was already waiting: they run their bodies in
//! the same transaction and queue up behind it in turn. The first member to
//! take the lock a second time commits the group and tells every other
//! member the outcome, who then leave the queue without taking the lock
//! (each turn of the lock is a task woken in turn, on the one path every
//! write waits on): so the group is whoever was waiting while the previous
//! one committed, and a quiet bot commits each write alone.
//!
//! A body that fails with a database error (not a refusal) ends its group at
//! once: the group is committed as it stands, since SQLite may have rolled
//! the transaction back already. If a commit fails, every member of the group
//! fails with [`StoreError::CommitFailed`]: it cannot tell whether the write
//! was saved, and never claims it was. A member whose caller went away (a
//! dropped request) leaves the commit to the others; an open group whose
//! members are all gone is committed by the next writer.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};

use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection, SqliteTransactionManager};
use sqlx::{Connection, TransactionManager};
use tokio::sync::{Mutex, Notify};

use crate::StoreError;

/// The writing connection, and the group whose transaction is open on it.
#[derive(Debug)]
pub(crate) struct SqliteWriter {
    /// `None` after a failed commit, until the next write opens it again.
    connection: Option<SqliteConnection>,
    /// How to open it again.
    options: SqliteConnectOptions,
    closed: bool,
    open: Option<Arc<Group>>,
}

/// One group of writes sharing a transaction: how its commit went, once known.
#[derive(Debug, Default)]
pub(crate) struct Group {
    outcome: OnceLock<Result<(), String>>,
    /// Told once `outcome` is set.
    committed: Notify,
}

impl Group {
    /// The member's answer, from the group's outcome.
    fn answer(&self) -> Result<(), StoreError> {
        match self.outcome.get() {
            Some(Ok(())) => Ok(()),
            Some(Err(why)) => Err(StoreError::CommitFailed(why.clone())),
            None => Err(StoreError::CommitFailed(
                "the group was never committed".to_string(),
            )),
        }
    }
}

/// Once a member's body has run: waits for its group's commit, told by
/// whichever member commits it, or, if this member takes the writer's lock
/// first, commits the group itself. Says how the commit went.
pub(crate) async fn await_commit(
    writer: &Mutex<SqliteWriter>,
    group: &Arc<Group>,
    counts: &GroupCounts,
) -> Result<(), StoreError> {
    let committed = group.committed.notified();
    tokio::pin!(committed);
    // Registered before the outcome is looked at, so a commit in between is heard.
    committed.as_mut().enable();
    if group.outcome.get().is_none() {
        tokio::select! {
            biased;
            () = &mut committed => {}
            mut writer = writer.lock() => {
                if group.outcome.get().is_none() {
                    writer.end_group(counts).await;
                }
            }
        }
    }
    group.answer()
}

/// How many groups were committed and how many writes they held, since the
/// store was opened: the bench prints writes per commit, tests check grouping.
#[derive(Debug, Default)]
pub struct GroupCounts {
    groups: AtomicU64,
    writes: AtomicU64,
}

impl GroupCounts {
    /// (groups committed, writes they held).
    pub fn read(&self) -> (u64, u64) {
        (
            self.groups.load(Ordering::Relaxed),
            self.writes.load(Ordering::Relaxed),
        )
    }
}

/// Whether a body's error means the database failed (which ends the group),
/// rather than a refusal or a missing row, which roll back that body alone.
/// Also whether the failure is that the database could not be reached.
pub(crate) trait DatabaseFailure {
    fn is_database_failure(&self) -> bool;
    fn unreachable(&self) -> bool;
}

impl DatabaseFailure for sqlx::Error {
    fn is_database_failure(&self) -> bool {
        !matches!(self, sqlx::Error::RowNotFound)
    }

    fn unreachable(&self) -> bool {
        crate::unavailable::classify(self).is_some()
    }
}

impl DatabaseFailure for StoreError {
    fn is_database_failure(&self) -> bool {
        match self {
            StoreError::NotFound => false,
            StoreError::Database(error) => error.is_database_failure(),
            _ => true,
        }
    }

    fn unreachable(&self) -> bool {
        self.unavailable().is_some()
    }
}

impl<E> DatabaseFailure for crate::Rejected<E> {
    fn is_database_failure(&self) -> bool {
        match self {
            crate::Rejected::Refused(_) => false,
            crate::Rejected::Store(error) => error.is_database_failure(),
        }
    }

    fn unreachable(&self) -> bool {
        matches!(self, crate::Rejected::Store(error) if error.unreachable())
    }
}

impl SqliteWriter {
    pub(crate) async fn open(options: SqliteConnectOptions) -> Result<Self, StoreError> {
        let connection = SqliteConnection::connect_with(&options).await?;
        Ok(SqliteWriter {
            connection: Some(connection),
            options,
            closed: false,
            open: None,
        })
    }

    /// The connection, opened again if a failed commit dropped it.
    async fn connection(&mut self) -> Result<&mut SqliteConnection, StoreError> {
        if self.closed {
            return Err(StoreError::Closed);
        }
        if self.connection.is_none() {
            self.connection = Some(SqliteConnection::connect_with(&self.options).await?);
        }
        self.connection.as_mut().ok_or(StoreError::Closed)
    }

    /// The connection outside any group: the open group, if there is one, is
    /// committed first. For migrations and closing.
    pub(crate) async fn alone(
        &mut self,
        counts: &GroupCounts,
    ) -> Result<&mut SqliteConnection, StoreError> {
        self.end_group(counts).await;
        self.connection().await
    }

    /// Joins the open group, or opens one; the connection to write on, and the group.
    pub(crate) async fn join(
        &mut self,
        counts: &GroupCounts,
    ) -> Result<(&mut SqliteConnection, Arc<Group>), StoreError> {
        if self.open.is_none() {
            let connection = self.connection().await?;
            SqliteTransactionManager::begin(connection, None).await?;
            self.open = Some(Arc::new(Group::default()));
        }
        let connection = self.connection.as_mut().ok_or(StoreError::Closed)?;
        let group = match &self.open {
            Some(group) => group.clone(),
            None => return Err(StoreError::Closed),
        };
        counts.writes.fetch_add(1, Ordering::Relaxed);
        Ok((connection, group))
    }

    /// Ends the group after a member's body failed with a database error.
    pub(crate) async fn fail_group(&mut self, counts: &GroupCounts) {
        self.end_group(counts).await;
    }

    /// Commits the open group, if any, and records the outcome for its members.
    async fn end_group(&mut self, counts: &GroupCounts) {
        let Some(group) = self.open.take() else {
            return;
        };
        let outcome = match self.connection.as_mut() {
            Some(connection) => commit(connection).await,
            None => Err("the database connection was lost".to_string()),
        };
        match &outcome {
            Ok(()) => {
                counts.groups.fetch_add(1, Ordering::Relaxed);
            }
            Err(why) => {
                // What the connection holds is unknown now: closing it rolls
                // back whatever is left, and the next write opens a new one.
                tracing::error!(error = %why, "a group commit failed; its writes are reported as unknown");
                if let Some(connection) = self.connection.take() {
                    let _ = connection.close().await;
                }
            }
        }
        let _ = group.outcome.set(outcome);
        group.committed.notify_waiters();
    }

    /// Takes the connection, committing the open group first: the store is closing.
    pub(crate) async fn take(&mut self, counts: &GroupCounts) -> Option<SqliteConnection> {
        self.end_group(counts).await;
        self.closed = true;
        self.connection.take()
    }
}

/// Commits the group's transaction; if SQLite already rolled it back (after a
/// failed statement), the commit fails and so does every member.
async fn commit(connection: &mut SqliteConnection) -> Result<(), String> {
    if SqliteTransactionManager::get_transaction_depth(connection) > 1 {
        // A member's savepoint is still open, or its rollback (queued when a
        // body failed or its caller went away) has not run yet: a round trip
        // lets queued rollbacks run, then whatever is still open is undone.
        connection.ping().await.map_err(|error| error.to_string())?;
        while SqliteTransactionManager::get_transaction_depth(connection) > 1 {
            SqliteTransactionManager::rollback(connection)
                .await
                .map_err(|error| error.to_string())?;
        }
    }
    if SqliteTransactionManager::get_transaction_depth(connection) == 0 {
        return Err("the transaction was rolled back by SQLite".to_string());
    }
    SqliteTransactionManager::commit(connection)
        .await
        .map_err(|error| error.to_string())
}
