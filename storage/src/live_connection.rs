//! The connection a PostgreSQL write runs on, checked alive before the write
//! is sent. Pooled connections are not pinged before each statement
//! ([`crate::read_retry`]); a read that meets a broken one is read again, but a
//! write that failed on one could not tell whether it was stored. So a write
//! takes its connection first and pings it: a connection the server's restart
//! broke is closed and another tried, and when none is alive (the server is
//! down) or a ping goes unanswered for a second (the server hangs), the write
//! is refused having sent nothing, which the person is told.

use std::time::Duration;

use sqlx::pool::PoolConnection;
use sqlx::{Connection, PgPool, Postgres};

use crate::read_retry::{BrokenConnection, READ_ATTEMPTS};
use crate::StoreError;

/// How long a ping may take before the server is taken for unreachable: a
/// server that stopped answering (not one that closed its connections) would
/// otherwise hold the write past Slack's and Discord's 3 seconds.
pub(crate) const PING_TIMEOUT: Duration = Duration::from_secs(1);

/// A pooled connection that answered a ping, for one write.
pub(crate) async fn live_connection(pool: &PgPool) -> Result<PoolConnection<Postgres>, StoreError> {
    for _ in 0..READ_ATTEMPTS {
        let mut connection = pool.acquire().await?;
        match tokio::time::timeout(PING_TIMEOUT, connection.ping()).await {
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
