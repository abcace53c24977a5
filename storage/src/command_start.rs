//! What a command that names a deal by its id reads first, in one statement:
//! the workspace's settings version and the user's time zone (as
//! [`Store::command_settings`]) and the deal. A command used to read the
//! settings, then the deal, one round trip each.

use sqlx::{FromRow, Row};

use crate::backend::with_pool;
use crate::deals::deal_columns;
use crate::{Deal, Store, StoreError};

impl Store {
    /// As [`Store::command_settings`], and the deal of `workspace` numbered
    /// `number`, if there is one, as [`Store::deal_by_number`] reads it.
    pub async fn command_settings_and_deal(
        &self,
        workspace: &str,
        user: &str,
        number: i64,
    ) -> Result<(Option<String>, Option<Deal>), StoreError> {
        let (version, zone, deal) = with_pool!(self, |pool| {
            sqlx::query(concat!(
                "SELECT settings.settings_version, settings.user_zone, ",
                deal_columns!(),
                " FROM (SELECT COALESCE((SELECT version FROM settings_versions \
                 WHERE workspace = $1), 0) AS settings_version, \
                 (SELECT timezone FROM user_settings WHERE workspace = $1 AND user_id = $2) \
                 AS user_zone) AS settings \
                 LEFT JOIN deals ON deals.workspace = $1 AND deals.number = $3"
            ))
            .bind(workspace)
            .bind(user)
            .bind(number)
            .fetch_one(pool)
            .await
            .and_then(|row| {
                let deal = match row.try_get::<Option<i64>, _>("id")? {
                    Some(_) => Some(Deal::from_row(&row)?),
                    None => None,
                };
                Ok((
                    row.try_get::<i64, _>("settings_version")?,
                    row.try_get::<Option<String>, _>("user_zone")?,
                    deal,
                ))
            })
        })?;
        self.settings
            .settled(workspace, user, version, zone.clone());
        Ok((zone, deal))
    }
}
