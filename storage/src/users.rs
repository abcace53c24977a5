//! Per-user settings within a workspace: for now, the user's time zone.

use crate::backend::{with_pool, with_writer};
use crate::{Store, StoreError};

impl Store {
    /// The IANA time zone the user chose, if any.
    pub async fn user_timezone(
        &self,
        workspace: &str,
        user: &str,
    ) -> Result<Option<String>, StoreError> {
        let zone: Option<Option<String>> = with_pool!(self, |pool| {
            sqlx::query_scalar(
                "SELECT timezone FROM user_settings WHERE workspace = $1 AND user_id = $2",
            )
            .bind(workspace)
            .bind(user)
            .fetch_optional(pool)
            .await
        })?;
        Ok(zone.flatten())
    }

    /// Remembers the user's IANA time zone.
    pub async fn set_user_timezone(
        &self,
        workspace: &str,
        user: &str,
        timezone: &str,
    ) -> Result<(), StoreError> {
        with_writer!(self, |pool| {
            sqlx::query(
                "INSERT INTO user_settings (workspace, user_id, timezone) VALUES ($1, $2, $3) \
                 ON CONFLICT (workspace, user_id) DO UPDATE SET timezone = excluded.timezone",
            )
            .bind(workspace)
            .bind(user)
            .bind(timezone)
            .execute(pool)
            .await
            .map(|_| ())
        })?;
        Ok(())
    }
}
