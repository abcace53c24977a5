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

    /// Every user of the workspace who chose a time zone, with that zone's IANA
    /// name: one read for a sweep that needs many users' zones.
    pub async fn user_timezones(
        &self,
        workspace: &str,
    ) -> Result<Vec<(String, String)>, StoreError> {
        let zones = with_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT user_id, timezone FROM user_settings \
                 WHERE workspace = $1 AND timezone IS NOT NULL",
            )
            .bind(workspace)
            .fetch_all(pool)
            .await
        })?;
        Ok(zones)
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
