//! The connection a PostgreSQL write runs on, checked alive before the write
//! is sent. Pooled connections are not pinged before each statement
//! ([`crate::read_retry`]); a read that meets a broken one is read again, but a
//! write that failed on one could not tell whether it was stored. So a write
//! takes its connection first and pings it: a connection the server's restart
//! broke is closed and another tried, and when none is alive (the server is
//! down) or a ping goes unanswered for a second (the server hangs), the write
//! is refused having sent nothing, which the person is told.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use sqlx::pool::PoolConnection;
use sqlx::{Connection, PgConnection, PgPool, Postgres};

use crate::read_retry::{BrokenConnection, READ_ATTEMPTS};
use crate::StoreError;

/// How long a ping may take before the server is taken for unreachable: a
/// server that stopped answering (not one that closed its connections) would
/// otherwise hold the write past Slack's and Discord's 3 seconds.
const PING_TIMEOUT: Duration = Duration::from_secs(1);

/// A pooled connection that answered a ping, for one write.
pub(crate) async fn live_connection(pool: &PgPool) -> Result<PoolConnection<Postgres>, StoreError> {
    checked_connection(pool, None, ping).await
}

/// What shows a connection alive: a statement that changes nothing if the
/// connection turns out broken.
pub(crate) type Check = for<'c> fn(&'c mut PgConnection) -> CheckFuture<'c>;

/// A [`Check`] under way on a connection.
pub(crate) type CheckFuture<'c> =
    Pin<Box<dyn Future<Output = Result<(), sqlx::Error>> + Send + 'c>>;

fn ping(connection: &mut PgConnection) -> CheckFuture<'_> {
    connection.ping()
}

/// A connection on which `check` went through: `held` first, if given, then
/// others from `pool`; one found broken is closed and another tried.
pub(crate) async fn checked_connection(
    pool: &PgPool,
    mut held: Option<PoolConnection<Postgres>>,
    check: Check,
) -> Result<PoolConnection<Postgres>, StoreError> {
    for _ in 0..READ_ATTEMPTS {
        let mut connection = match held.take() {
            Some(connection) => connection,
            None => pool.acquire().await?,
        };
        match tokio::time::timeout(PING_TIMEOUT, check(&mut connection)).await {
            Ok(Ok(())) => return Ok(connection),
            Ok(Err(error)) if error.broken_connection() => connection.close_on_drop(),
            Ok(Err(error)) => return Err(error.into()),
            Err(_) => {
                connection.close_on_drop();
                break;
            }
        }
    }
    Err(StoreError::NoLiveConnection)
}
