//! Opening the store: the backend chosen by the URL scheme, connection settings,
//! and the embedded migrations of each backend.

use std::str::FromStr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::Connection;
use tokio::sync::Mutex;

use crate::group_commit::{GroupCounts, SqliteWriter};
use crate::settings_cache::SettingsCache;
use crate::{redact_url, StoreError};

/// The store: one API over either backend.
#[derive(Clone, Debug)]
pub struct Store {
    pub(crate) backend: Backend,
    /// Settings every command reads, kept in memory ([`crate::settings_cache`]).
    pub(crate) settings: Arc<SettingsCache>,
}

#[derive(Clone, Debug)]
pub(crate) enum Backend {
    Sqlite(SqlitePools),
    Postgres(PgPools),
}

/// PostgreSQL's connections: the pool every statement uses, and a small one
/// whose commits do not wait for the write-ahead log to reach the disk
/// (`synchronous_commit = off`), for the writes that need only be durable
/// once a later one is (see [`with_writer`]). Such a commit is in the log
/// before any commit that follows it, so a later durable commit makes it
/// durable too; a server crash can only lose the ones nothing durable
/// followed.
#[derive(Clone, Debug)]
pub(crate) struct PgPools {
    pub(crate) pool: PgPool,
    pub(crate) relaxed: PgPool,
    /// Which store these are, for the command scopes it opens
    /// ([`crate::command_scope`]): a scope holds a connection of its own store.
    pub(crate) id: u64,
}

/// SQLite lets one connection write at a time. Writers take turns on one
/// connection behind a fair lock, instead of retrying on SQLITE_BUSY with sleeps
/// that grow to 100 ms, and writes that arrive together share a transaction
/// and its commit ([`crate::group_commit`]); readers have a pool of their own,
/// which WAL lets read while a write is under way. The writer is a bare
/// connection, not a pool: a pool pings the connection on every return, a
/// round trip to SQLite's worker thread that costs as much as a statement.
#[derive(Clone, Debug)]
pub(crate) struct SqlitePools {
    pub(crate) reader: SqlitePool,
    pub(crate) writer: Arc<Mutex<SqliteWriter>>,
    pub(crate) groups: Arc<GroupCounts>,
}

/// Runs the same read-only body against whichever pool the store has. Queries
/// use `$1` placeholders and types both drivers encode, so one body serves both.
/// On SQLite the connections are read-only: a write here fails loudly. On
/// PostgreSQL a connection is not pinged before each use; a read that finds
/// its connection broken (the server restarted since) is read again on
/// another, which finds the server or finds it gone ([`crate::read_retry`]).
/// Inside a command ([`Store::in_command`]) it runs on the command's
/// connection, so it reads what the command wrote before its commit.
macro_rules! with_pool {
    ($store:expr, |$pool:ident| $body:expr) => {
        match &$store.backend {
            $crate::backend::Backend::Sqlite(pools) => {
                let $pool = &pools.reader;
                $body
            }
            $crate::backend::Backend::Postgres(pools) => {
                match $crate::command_scope::current(pools) {
                    None => {
                        let $pool = &pools.pool;
                        let mut attempt = 0;
                        loop {
                            let result = $body;
                            if !$crate::read_retry::retry_read(&result, &mut attempt) {
                                break result;
                            }
                        }
                    }
                    Some(scope) => {
                        let mut attempt = 0;
                        loop {
                            let mut state = scope.lock().await;
                            let result = match state.reader(&pools.pool).await {
                                Ok(connection) => {
                                    let $pool = connection;
                                    $body
                                }
                                Err(error) => Err(error.into()),
                            };
                            state.after_read(&result);
                            drop(state);
                            if !$crate::read_retry::retry_read(&result, &mut attempt) {
                                break result;
                            }
                        }
                    }
                }
            }
        }
    };
}
pub(crate) use with_pool;

/// Like [`with_pool`], for a body that writes. On SQLite it waits its turn
/// for the one writing connection and runs in the open commit group
/// ([`crate::group_commit`]): a body that opens a transaction gets a
/// savepoint in the group's. Its success is answered once the group's commit
/// is durable; a refusal at once, having changed nothing. On PostgreSQL it
/// runs on one connection checked alive first ([`crate::live_connection`]),
/// or, inside a command ([`Store::in_command`]), in the command's transaction.
///
/// `with_writer!(store, durable_with_next, |pool| …)` is for a write that
/// need only be durable once a later write of the same caller is (the replay
/// guard's memory: nothing acknowledged relies on it alone). On PostgreSQL it
/// commits without waiting for the disk ([`PgPools::relaxed`]); on SQLite it
/// is any write, whose group commit costs it little.
///
/// `with_writer!(store, idempotent, |pool| …)` is for one statement that may
/// be sent twice with the same outcome (an insert that leaves a row already
/// there alone). On PostgreSQL it is sent without a ping first and, if its
/// connection turns out broken, sent again on another, as a read is
/// ([`with_pool`]): whether or not the first got through, the second finds
/// the row stored.
macro_rules! with_writer {
    ($store:expr, |$pool:ident| $body:expr) => {
        $crate::backend::with_writer!(@disk_wait true, $store, |$pool| $body)
    };
    ($store:expr, durable_with_next, |$pool:ident| $body:expr) => {
        $crate::backend::with_writer!(@disk_wait false, $store, |$pool| $body)
    };
    ($store:expr, idempotent, |$pool:ident| $body:expr) => {
        match &$store.backend {
            $crate::backend::Backend::Sqlite(_) => {
                $crate::backend::with_writer!(@disk_wait true, $store, |$pool| $body)
            }
            $crate::backend::Backend::Postgres(pools)
                if $crate::command_scope::current(pools).is_some() =>
            {
                $crate::backend::with_writer!(@disk_wait true, $store, |$pool| $body)
            }
            $crate::backend::Backend::Postgres(_) => $crate::backend::with_pool!($store, |$pool| $body),
        }
    };
    (@disk_wait $disk_wait:expr, $store:expr, |$pool:ident| $body:expr) => {
        match &$store.backend {
            $crate::backend::Backend::Sqlite(pools) => {
                // `begin` on the connection, for bodies that open a transaction.
                #[allow(unused_imports)]
                use sqlx::Connection as _;
                let mut writer = pools.writer.lock().await;
                let (connection, group) = writer.join(&pools.groups).await?;
                let result = {
                    let $pool = connection;
                    async move { $body }.await
                };
                match result {
                    Err(error) => {
                        if $crate::group_commit::DatabaseFailure::is_database_failure(&error) {
                            writer.fail_group(&pools.groups).await;
                        }
                        Err(error)
                    }
                    Ok(value) => {
                        // Behind everyone who was waiting: they join the group.
                        drop(writer);
                        $crate::group_commit::await_commit(&pools.writer, &group, &pools.groups)
                            .await?;
                        Ok(value)
                    }
                }
            }
            $crate::backend::Backend::Postgres(pools) => {
                #[allow(unused_imports)]
                use sqlx::Connection as _;
                match $crate::command_scope::current(pools) {
                    // Inside a command: in its transaction, committed when it ends.
                    Some(scope) => {
                        let mut state = scope.lock().await;
                        let result = {
                            let $pool = state.writer(&pools.pool).await?;
                            async move { $body }.await
                        };
                        state.after_write(&result);
                        result
                    }
                    None => {
                        let pool = if $disk_wait { &pools.pool } else { &pools.relaxed };
                        let mut connection = $crate::live_connection::live_connection(pool).await?;
                        let $pool = &mut *connection;
                        async move { $body }.await
                    }
                }
            }
        }
    };
}
pub(crate) use with_writer;

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/postgres");

/// When SQLite reports a commit done. PostgreSQL is unaffected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Durability {
    /// `synchronous = FULL`: a commit is on the disk when it returns, through
    /// a crash of the process, of the system or of the power.
    #[default]
    Full,
    /// `synchronous = NORMAL`: a commit is in the operating system's hands.
    /// Survives the bot being killed (`kill -9`, a panic); the last commits
    /// before a power loss or a system crash may be lost.
    Os,
}

impl Store {
    /// Connects to `sqlite://PATH` (the file is created if missing) or
    /// `postgres://…` / `postgresql://…`. Does not migrate: call [`Store::migrate`].
    pub async fn connect(url: &str) -> Result<Store, StoreError> {
        Store::connect_with(url, Durability::Full).await
    }

    /// [`Store::connect`], with SQLite's commits as durable as `durability` says.
    pub async fn connect_with(url: &str, durability: Durability) -> Result<Store, StoreError> {
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite(open_sqlite(url, durability).await?)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres(open_postgres(url).await?)
        } else {
            return Err(StoreError::UnsupportedUrl(redact_url(url)));
        };
        Ok(Store {
            backend,
            settings: Arc::default(),
        })
    }

    /// Applies every embedded migration not yet applied. Safe to run from several
    /// replicas at once: PostgreSQL takes an advisory lock.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        match &self.backend {
            Backend::Sqlite(pools) => {
                let mut writer = pools.writer.lock().await;
                let connection = writer.alone(&pools.groups).await?;
                SQLITE_MIGRATIONS.run(connection).await?
            }
            Backend::Postgres(pools) => POSTGRES_MIGRATIONS.run(&pools.pool).await?,
        }
        Ok(())
    }

    /// Whether the database answers and every embedded migration is applied.
    pub async fn readiness(&self) -> Result<(), String> {
        let applied: i64 = with_pool!(self, |pool| {
            sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations WHERE success")
                .fetch_one(pool)
                .await
        })
        .map_err(|error| format!("database not reachable or not migrated: {error}"))?;
        let expected = match &self.backend {
            Backend::Sqlite(_) => SQLITE_MIGRATIONS.iter().count(),
            Backend::Postgres(_) => POSTGRES_MIGRATIONS.iter().count(),
        };
        if usize::try_from(applied).unwrap_or(0) < expected {
            return Err(format!(
                "{applied} of {expected} migrations applied: run `dealbot migrate`"
            ));
        }
        Ok(())
    }

    /// On SQLite, how many commit groups were committed since the store was
    /// opened, and how many writes they held; `None` on PostgreSQL.
    pub fn commit_groups(&self) -> Option<(u64, u64)> {
        match &self.backend {
            Backend::Sqlite(pools) => Some(pools.groups.read()),
            Backend::Postgres(_) => None,
        }
    }

    /// Which backend this store uses, for logs and status output.
    pub fn backend_name(&self) -> &'static str {
        match &self.backend {
            Backend::Sqlite(_) => "sqlite",
            Backend::Postgres(_) => "postgres",
        }
    }

    /// Closes every connection, waiting for those in use to be returned.
    pub async fn close(&self) {
        match &self.backend {
            Backend::Sqlite(pools) => {
                pools.reader.close().await;
                let taken = pools.writer.lock().await.take(&pools.groups).await;
                if let Some(writer) = taken {
                    if let Err(error) = writer.close().await {
                        tracing::warn!(error = %error, "closing the SQLite writer failed");
                    }
                }
            }
            Backend::Postgres(pools) => {
                pools.relaxed.close().await;
                pools.pool.close().await;
            }
        }
    }
}

/// Readers beside the one writer.
const SQLITE_READERS: u32 = 4;

/// How much of the database file each connection reads through a memory
/// map rather than `pread`. Every commit by the writer makes each reader drop
/// its page cache; mapped pages are then read in place instead of copied by
/// the kernel again (a command's kernel CPU fell by about a quarter in
/// `dealbot-bench load`). Address space only: pages are shared with the
/// operating system's file cache, not copied per connection.
const SQLITE_MMAP_BYTES: u64 = 256 * 1024 * 1024;

async fn open_sqlite(url: &str, durability: Durability) -> Result<SqlitePools, StoreError> {
    let synchronous = match durability {
        // An acknowledged command must survive a crash or power loss.
        Durability::Full => SqliteSynchronous::Full,
        Durability::Os => SqliteSynchronous::Normal,
    };
    let options = SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(synchronous)
        .foreign_keys(true)
        // Only another process (a `dealbot migrate`, an import) can make a
        // connection wait: the writers of this one take turns on one connection.
        .busy_timeout(Duration::from_secs(10))
        .pragma("mmap_size", SQLITE_MMAP_BYTES.to_string());
    let writer = SqliteWriter::open(options.clone()).await?;
    let reader = SqlitePoolOptions::new()
        .max_connections(SQLITE_READERS)
        // Checking a local file's connection before each use would cost a
        // round trip to its worker thread and find nothing.
        .test_before_acquire(false)
        // Refuses writes, so one sent to the wrong pool fails loudly. Not
        // `read_only`: a connection opened read-only reads a WAL database at
        // half the speed.
        .connect_with(options.pragma("query_only", "ON"))
        .await?;
    Ok(SqlitePools {
        reader,
        writer: Arc::new(Mutex::new(writer)),
        groups: Arc::new(GroupCounts::default()),
    })
}

/// Connections to PostgreSQL per replica.
pub(crate) const POSTGRES_CONNECTIONS: u32 = 10;

/// Connections of the pool whose commits do not wait for the disk, per replica.
const POSTGRES_RELAXED_CONNECTIONS: u32 = 3;

/// How long a caller waits for a PostgreSQL connection before it is told the
/// database is unavailable: a free one from the pool, or a new one, connecting,
/// TLS and logging in included (so this is also the connect timeout). Slack and
/// Discord want an answer within 3 seconds; while the database is down, a
/// command's first store call gives up after this long and the person is told so.
const POSTGRES_ACQUIRE_TIMEOUT: Duration = Duration::from_millis(1500);

/// How long [`Store::connect`] waits for the first PostgreSQL connection, so
/// that a bot started beside a database that is still starting waits for it.
const POSTGRES_STARTUP_WAIT: Duration = Duration::from_secs(5);

async fn open_postgres(url: &str) -> Result<PgPools, StoreError> {
    let options = PgConnectOptions::from_str(url)?;
    let relaxed = pool_options(POSTGRES_RELAXED_CONNECTIONS)
        .connect_lazy_with(options.clone().options([("synchronous_commit", "off")]));
    let pool = pool_options(POSTGRES_CONNECTIONS).connect_lazy_with(options);
    // A refused connection is retried within each acquire; other errors (a
    // wrong password, an unknown database) are reported at once.
    let deadline = Instant::now() + POSTGRES_STARTUP_WAIT;
    loop {
        match pool.acquire().await {
            Ok(_) => {
                return Ok(PgPools {
                    pool,
                    relaxed,
                    id: crate::command_scope::next_store_id(),
                })
            }
            Err(sqlx::Error::PoolTimedOut) if Instant::now() < deadline => {}
            Err(error) => return Err(error.into()),
        }
    }
}

/// How each PostgreSQL pool takes and checks its `connections`.
fn pool_options(connections: u32) -> PgPoolOptions {
    PgPoolOptions::new()
        .max_connections(connections)
        // No ping before each use: a round trip to the server per statement.
        // A connection that broke meanwhile fails its statement as
        // `Unavailable::Interrupted` and is closed on its return; a read is
        // then tried again (`with_pool!`); a write pings its one connection
        // first (`with_writer!`), so it is not sent on a broken one.
        .test_before_acquire(false)
        .acquire_timeout(POSTGRES_ACQUIRE_TIMEOUT)
}
