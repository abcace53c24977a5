//! One transaction per command on PostgreSQL. [`Store::in_command`] runs a
//! command's store calls on one connection: its reads and writes, whichever
//! store functions they go through, and the writes in one transaction,
//! committed once when the command ends. Each write used to take a pooled
//! connection, ping it, and commit on its own: a command that changed a deal
//! and announced it committed (and waited for the disk) twice, and each
//! statement cost a second round trip when sqlx pinged its connection on the
//! way back to the pool.
//!
//! The transaction is opened by the command's first write. Its `BEGIN` is
//! what shows the connection alive, as the ping before a write does outside a
//! command ([`crate::live_connection`]): a connection found broken there is
//! closed and another tried, having sent nothing. A change to a deal writes
//! straight in the command's transaction ([`crate::writing`]); any other
//! store function that opens a transaction of its own gets a savepoint in it.
//!
//! Every statement runs on the one connection, so the command reads what it
//! wrote. If one fails with a database error (not a refusal, not a missing
//! row), PostgreSQL may have aborted the transaction: it is rolled back and
//! the command is failed whatever it went on to answer
//! ([`StoreError::RolledBack`]: nothing it wrote was saved), and nothing more
//! is sent. A failed `COMMIT` is answered "cannot tell whether it was saved"
//! ([`StoreError::CommitFailed`]). A command dropped before its end (the
//! request went away) is rolled back.
//!
//! Store calls of one command take turns on its connection: a store call
//! must not make another from inside its body (none does), or it would wait
//! for itself.
//!
//! Only what the command's own task runs joins the transaction: a task it
//! spawns (the replay guard's memory) writes on its own, as before. On SQLite
//! a command's writes already share a commit with the writes beside them
//! ([`crate::group_commit`]); [`Store::in_command`] changes nothing there.

use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use sqlx::pool::PoolConnection;
use sqlx::postgres::PgTransactionManager;
use sqlx::{PgConnection, PgPool, Postgres, TransactionManager};
use tokio::sync::{Mutex, MutexGuard};

use crate::backend::{Backend, PgPools};
use crate::group_commit::DatabaseFailure;
use crate::live_connection::{checked_connection, CheckFuture};
use crate::read_retry::BrokenConnection;
use crate::{Store, StoreError};

tokio::task_local! {
    static SCOPE: Arc<CommandScope>;
}

/// The connection and transaction of the command the current task runs.
#[derive(Debug)]
pub(crate) struct CommandScope {
    /// The [`PgPools::id`] of the store it belongs to.
    store: u64,
    state: Mutex<ScopeState>,
}

/// What the command holds: its connection once it has made a store call, and
/// whether its transaction is open; why it can no longer be committed.
#[derive(Debug, Default)]
pub(crate) struct ScopeState {
    connection: Option<PoolConnection<Postgres>>,
    in_transaction: bool,
    failed: Option<Failure>,
}

/// The first statement of a command that failed in its transaction.
#[derive(Debug)]
struct Failure {
    why: String,
    /// Whether it failed because the database could not be reached.
    unreachable: bool,
}

impl Failure {
    fn error(&self) -> StoreError {
        StoreError::RolledBack {
            why: self.why.clone(),
            unreachable: self.unreachable,
        }
    }
}

/// The scope of the command the current task runs on the store of `pools`,
/// if it runs one.
pub(crate) fn current(pools: &PgPools) -> Option<Arc<CommandScope>> {
    SCOPE
        .try_with(Arc::clone)
        .ok()
        .filter(|scope| scope.store == pools.id)
}

/// A new store's [`PgPools::id`].
pub(crate) fn next_store_id() -> u64 {
    static STORES: AtomicU64 = AtomicU64::new(0);
    STORES.fetch_add(1, Ordering::Relaxed)
}

impl CommandScope {
    /// The scope's state, for one store call at a time.
    pub(crate) async fn lock(&self) -> MutexGuard<'_, ScopeState> {
        self.state.lock().await
    }
}

impl ScopeState {
    /// The connection a read runs on: the command's, taken from `pool` by its
    /// first store call.
    pub(crate) async fn reader(&mut self, pool: &PgPool) -> Result<&mut PgConnection, sqlx::Error> {
        if let Some(failure) = &self.failed {
            return Err(lost(&failure.why));
        }
        if self.connection.is_none() {
            self.connection = Some(pool.acquire().await?);
        }
        self.connection
            .as_deref_mut()
            .ok_or(sqlx::Error::PoolClosed)
    }

    /// The connection a write runs on, inside the command's transaction,
    /// opened first if this is its first write.
    pub(crate) async fn writer(&mut self, pool: &PgPool) -> Result<&mut PgConnection, StoreError> {
        if let Some(failure) = &self.failed {
            return Err(failure.error());
        }
        if !self.in_transaction {
            self.begin(pool).await?;
        }
        self.connection
            .as_deref_mut()
            .ok_or(StoreError::NoLiveConnection)
    }

    /// Opens the transaction on a connection that answers: its `BEGIN` is
    /// the check ([`crate::live_connection`]).
    async fn begin(&mut self, pool: &PgPool) -> Result<(), StoreError> {
        let held = self.connection.take();
        self.connection = Some(checked_connection(pool, held, begin).await?);
        self.in_transaction = true;
        Ok(())
    }

    /// Takes note of how a store call on the command's connection ended: a
    /// database error inside the transaction fails the command; a connection
    /// found broken before the transaction began is given up for another.
    pub(crate) fn after_read<T, E: DatabaseFailure + BrokenConnection + std::fmt::Display>(
        &mut self,
        result: &Result<T, E>,
    ) {
        let Err(error) = result else {
            return;
        };
        if self.in_transaction {
            self.after_write(result);
        } else if error.broken_connection() {
            if let Some(mut connection) = self.connection.take() {
                connection.close_on_drop();
            }
        }
    }

    /// [`ScopeState::after_read`] for a write, which runs in the transaction.
    pub(crate) fn after_write<T, E: DatabaseFailure + std::fmt::Display>(
        &mut self,
        result: &Result<T, E>,
    ) {
        match result {
            Err(error) if error.is_database_failure() && self.failed.is_none() => {
                let why = error.to_string();
                self.failed = Some(Failure {
                    unreachable: error.unreachable(),
                    why,
                });
            }
            _ => {}
        }
    }

    /// Commits the command's transaction, if it opened one, and gives the
    /// connection back to its pool.
    async fn finish(&mut self) -> Result<(), StoreError> {
        let Some(mut connection) = self.connection.take() else {
            return Ok(());
        };
        if !self.in_transaction {
            return Ok(());
        }
        self.in_transaction = false;
        if let Some(failure) = self.failed.take() {
            roll_back(&mut connection);
            connection.close_on_drop();
            return Err(failure.error());
        }
        match PgTransactionManager::commit(&mut connection).await {
            Ok(()) => Ok(()),
            Err(error) => {
                connection.close_on_drop();
                Err(StoreError::CommitFailed(error.to_string()))
            }
        }
    }
}

impl Drop for ScopeState {
    /// A command dropped before its end: its transaction is rolled back, by
    /// the rollback queued here that the pool sends when the connection
    /// returns to it.
    fn drop(&mut self) {
        if self.in_transaction {
            if let Some(connection) = self.connection.as_mut() {
                roll_back(connection);
            }
        }
    }
}

/// Queues the rollback of every open transaction and savepoint on `connection`.
fn roll_back(connection: &mut PgConnection) {
    while PgTransactionManager::get_transaction_depth(connection) > 0 {
        PgTransactionManager::start_rollback(connection);
    }
}

/// Opens a transaction on `connection`.
fn begin(connection: &mut PgConnection) -> CheckFuture<'_> {
    PgTransactionManager::begin(connection, None)
}

/// The error a store call meets once its command's transaction is lost.
fn lost(why: &str) -> sqlx::Error {
    sqlx::Error::Io(std::io::Error::new(
        std::io::ErrorKind::ConnectionAborted,
        format!("the command's transaction was lost: {why}"),
    ))
}

impl Store {
    /// Runs `work`, one command, with its store calls on one connection and
    /// its writes in one transaction on PostgreSQL, committed when `work`
    /// ends, whatever it returned. When `work` succeeded but a statement of
    /// the command failed ([`StoreError::RolledBack`]) or the commit did
    /// ([`StoreError::CommitFailed`]), fails: what `work` answered must not be
    /// told as done. When `work` failed, its own error is the answer. On
    /// SQLite, runs `work`.
    pub async fn in_command<T, E: From<StoreError>>(
        &self,
        work: impl Future<Output = Result<T, E>>,
    ) -> Result<T, E> {
        let Backend::Postgres(pools) = &self.backend else {
            return work.await;
        };
        let scope = Arc::new(CommandScope {
            store: pools.id,
            state: Mutex::default(),
        });
        let answer = SCOPE.scope(scope.clone(), work).await;
        let committed = scope.lock().await.finish().await;
        match (answer, committed) {
            (Err(error), _) => Err(error),
            (Ok(_), Err(error)) => Err(error.into()),
            (Ok(value), Ok(())) => Ok(value),
        }
    }
}
