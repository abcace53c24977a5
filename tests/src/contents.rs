//! Everything a test database holds, as text: every row of every table
//! (migrations included) but the replay guard's, whose hashes of served
//! requests' signatures no person sees. Two equal snapshots mean nothing was
//! stored, changed, deleted or queued in between. For checks by the thousand,
//! [`Contents::version`] says the same more cheaply (and counts the replay
//! guard's commits too).

use std::fmt::Write as _;

use sqlx::postgres::PgPoolOptions;
use sqlx::sqlite::SqlitePoolOptions;
use sqlx::{PgPool, SqlitePool};

use crate::TestDb;

/// A reader of one database's whole contents, with its query prepared.
pub struct Contents {
    pool: Pool,
    /// One `SELECT table, row-as-text` per table, joined by `UNION ALL`.
    query: String,
}

/// See [`Contents::version`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Version {
    Commits(i64),
    Contents(String),
}

enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

impl Contents {
    /// Connects to `db` beside its store and lists its tables and columns.
    pub async fn of(db: &TestDb) -> Contents {
        if db.url.starts_with("sqlite:") {
            // One connection for good: `data_version` compares within a connection.
            let pool = SqlitePoolOptions::new()
                .max_connections(1)
                .idle_timeout(None)
                .max_lifetime(None)
                .connect(&db.url)
                .await
                .expect("a second connection to the SQLite file");
            let tables: Vec<(String,)> = sqlx::query_as(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
                 AND name <> 'replay_guard'",
            )
            .fetch_all(&pool)
            .await
            .expect("tables listed");
            let mut selects = Vec::new();
            for (table,) in tables {
                let columns: Vec<(String,)> =
                    sqlx::query_as("SELECT name FROM pragma_table_info($1)")
                        .bind(&table)
                        .fetch_all(&pool)
                        .await
                        .expect("columns listed");
                let row = columns
                    .iter()
                    .map(|(column,)| format!("quote(\"{column}\")"))
                    .collect::<Vec<_>>()
                    .join(" || ',' || ");
                selects.push(format!("SELECT '{table}', {row} FROM \"{table}\""));
            }
            Contents {
                pool: Pool::Sqlite(pool),
                query: selects.join(" UNION ALL "),
            }
        } else {
            let pool = PgPoolOptions::new()
                .max_connections(1)
                .connect(&db.url)
                .await
                .expect("a second connection to the PostgreSQL database");
            let tables: Vec<(String,)> = sqlx::query_as(
                "SELECT table_name::text FROM information_schema.tables \
                 WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' \
                 AND table_name <> 'replay_guard'",
            )
            .fetch_all(&pool)
            .await
            .expect("tables listed");
            let selects: Vec<String> = tables
                .iter()
                .map(|(table,)| format!("SELECT '{table}', t::text FROM \"{table}\" t"))
                .collect();
            Contents {
                pool: Pool::Postgres(pool),
                query: selects.join(" UNION ALL "),
            }
        }
    }

    /// Every row now, one line each, sorted: `table: values`.
    pub async fn now(&self) -> String {
        let mut rows: Vec<(String, Option<String>)> = match &self.pool {
            Pool::Sqlite(pool) => sqlx::query_as(&self.query).fetch_all(pool).await,
            Pool::Postgres(pool) => sqlx::query_as(&self.query).fetch_all(pool).await,
        }
        .expect("contents read");
        rows.sort();
        let mut text = String::new();
        for (table, row) in rows {
            let _ = writeln!(text, "{table}: {}", row.unwrap_or_default());
        }
        text
    }

    /// A token that differs whenever anything was committed since it was
    /// taken: SQLite's `data_version` (one cheap query, counting commits by
    /// every other connection), or on PostgreSQL the whole contents.
    pub async fn version(&self) -> Version {
        match &self.pool {
            Pool::Sqlite(pool) => {
                let (version,): (i64,) = sqlx::query_as("PRAGMA data_version")
                    .fetch_one(pool)
                    .await
                    .expect("data_version read");
                Version::Commits(version)
            }
            Pool::Postgres(_) => Version::Contents(self.now().await),
        }
    }

    /// Closes the second connection.
    pub async fn close(self) {
        match self.pool {
            Pool::Sqlite(pool) => pool.close().await,
            Pool::Postgres(pool) => pool.close().await,
        }
    }
}
