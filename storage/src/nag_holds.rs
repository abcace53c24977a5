//! Nags held until their owner is at work again: outside their working hours,
//! on a holiday, or away. The sweep that finds a held nag writes its hold once
//! (a later sweep keeps when it was first held); the nag goes out, once, when
//! the owner's next working window opens, and its hold goes with it.

use chrono::{DateTime, Utc};

use crate::backend::with_pool;
use crate::{Store, StoreError};

/// One owner's held nag.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct NagHold {
    pub workspace: String,
    pub owner: String,
    /// `hours`, `holiday` or `away`.
    pub reason: String,
    /// The holiday's name, the away note.
    pub detail: Option<String>,
    /// When a sweep first found it held.
    pub held_since: DateTime<Utc>,
    /// When the owner's next working window opens, if known.
    pub resumes_at: Option<DateTime<Utc>>,
}

impl Store {
    /// Every held nag, in every workspace.
    pub async fn nag_holds(&self) -> Result<Vec<NagHold>, StoreError> {
        let holds = with_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT workspace, owner, reason, detail, held_since, resumes_at \
                 FROM nag_holds ORDER BY workspace, owner",
            )
            .fetch_all(pool)
            .await
        })?;
        Ok(holds)
    }

    /// The workspace's held nags, by owner.
    pub async fn workspace_nag_holds(&self, workspace: &str) -> Result<Vec<NagHold>, StoreError> {
        let holds = with_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT workspace, owner, reason, detail, held_since, resumes_at \
                 FROM nag_holds WHERE workspace = $1 ORDER BY owner",
            )
            .bind(workspace)
            .fetch_all(pool)
            .await
        })?;
        Ok(holds)
    }
}
