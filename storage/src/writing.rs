//! Where a change to a deal writes: in a transaction of its own, or, on
//! PostgreSQL inside a command, straight in the command's transaction
//! ([`crate::command_scope`]).
//!
//! A change holds the deal's row, lets its caller look and decide, then
//! writes. Alone, it needs a transaction of its own so that the row stays held
//! until the write. On SQLite it always gets one (a savepoint in the commit
//! group's transaction), so that a change failing there rolls back alone while
//! the group commits. Inside a command on PostgreSQL it needs none: taking the
//! row writes nothing there ([`LockDeal`]), so a refusal has nothing to undo,
//! and a statement that fails fails the whole command. That saves the
//! `SAVEPOINT` and `RELEASE` round trips of every change a command makes.

use std::ops::{Deref, DerefMut};

use sqlx::postgres::PgTransactionManager;
use sqlx::{Connection, Database, PgConnection, Postgres, Sqlite, SqliteConnection};
use sqlx::{Transaction, TransactionManager};

use crate::deals::deal_columns;
use crate::Deal;

/// A change's writes: in its own transaction, or in the command's.
pub(crate) enum Writing<'c, DB: Database> {
    Own(Transaction<'c, DB>),
    InCommand(&'c mut DB::Connection),
}

/// Opens the change's own transaction on `connection`, unless it already
/// runs in a command's.
pub(crate) async fn begin<DB, C>(connection: &mut C) -> Result<Writing<'_, DB>, sqlx::Error>
where
    C: Connection<Database = DB>,
    DB: Database<Connection = C> + LockDeal,
{
    if DB::in_command(connection) {
        Ok(Writing::InCommand(connection))
    } else {
        Ok(Writing::Own(connection.begin().await?))
    }
}

impl<DB> Writing<'_, DB>
where
    DB: Database,
{
    /// Commits the change's own transaction; in a command's, the command commits.
    pub(crate) async fn commit(self) -> Result<(), sqlx::Error> {
        match self {
            Writing::Own(transaction) => transaction.commit().await,
            Writing::InCommand(_) => Ok(()),
        }
    }

    /// Rolls back the change's own transaction; in a command's it wrote nothing.
    pub(crate) async fn rollback(self) -> Result<(), sqlx::Error> {
        match self {
            Writing::Own(transaction) => transaction.rollback().await,
            Writing::InCommand(_) => Ok(()),
        }
    }
}

impl<DB: Database> Deref for Writing<'_, DB> {
    type Target = DB::Connection;

    fn deref(&self) -> &DB::Connection {
        match self {
            Writing::Own(transaction) => transaction,
            Writing::InCommand(connection) => connection,
        }
    }
}

impl<DB: Database> DerefMut for Writing<'_, DB> {
    fn deref_mut(&mut self) -> &mut DB::Connection {
        match self {
            Writing::Own(transaction) => &mut *transaction,
            Writing::InCommand(connection) => connection,
        }
    }
}

/// How a backend takes a deal's row for a change and reads it, so that a check
/// made on what it returns sees the latest state, and what the change's last
/// statement must then do to the deal's version.
pub(crate) trait LockDeal {
    /// Binds `$1` the workspace, `$2` the deal's number.
    const SQL: &'static str;

    /// Whether `connection` is already in a command's transaction.
    fn in_command(connection: &Self::Connection) -> bool
    where
        Self: Database;

    /// The deal as held, its version the one the change writes.
    fn held(deal: Deal) -> Deal;
}

impl LockDeal for Sqlite {
    /// Writing first takes the database's write lock before anything is read;
    /// the version is raised here.
    const SQL: &'static str = concat!(
        "UPDATE deals SET version = version + 1 WHERE workspace = $1 AND number = $2 RETURNING ",
        deal_columns!()
    );

    fn in_command(_connection: &SqliteConnection) -> bool {
        false
    }

    fn held(deal: Deal) -> Deal {
        deal
    }
}

impl LockDeal for Postgres {
    /// The row lock an `UPDATE` takes, with nothing written: the change's last
    /// statement raises the version ([`crate::change_statement`]).
    const SQL: &'static str = concat!(
        "SELECT ",
        deal_columns!(),
        " FROM deals WHERE workspace = $1 AND number = $2 FOR NO KEY UPDATE"
    );

    fn in_command(connection: &PgConnection) -> bool {
        PgTransactionManager::get_transaction_depth(connection) > 0
    }

    fn held(mut deal: Deal) -> Deal {
        deal.version += 1;
        deal
    }
}

/// The lock statement for the backend `writing` runs on.
pub(crate) fn lock_deal_sql<DB: Database + LockDeal>(_writing: &Writing<'_, DB>) -> &'static str {
    DB::SQL
}

/// The deal as held by [`lock_deal_sql`], for the backend `writing` runs on.
pub(crate) fn held<DB: Database + LockDeal>(_writing: &Writing<'_, DB>, deal: Deal) -> Deal {
    DB::held(deal)
}
