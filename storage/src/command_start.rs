//! What a command that names a deal by its id reads first, in one statement:
//! the workspace's settings version and the user's time zone (as
//! [`Store::command_settings`]) and the deal. A command used to read the
//! settings, then the deal, one round trip each; it still does when no deal
//! has that id.

use sqlx::{FromRow, Row};

use crate::backend::with_pool;
use crate::deals::deal_columns;
use crate::settings_cache::command_settings_columns;
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
        // The settings on the deal's row: no row, no deal, and the settings
        // are read alone (a mistyped id costs the round trip it always did).
        let read = with_pool!(self, |pool| {
            sqlx::query(concat!(
                "SELECT ",
                command_settings_columns!(),
                ", ",
                deal_columns!(),
                " FROM deals WHERE workspace = $1 AND number = $3"
            ))
            .bind(workspace)
            .bind(user)
            .bind(number)
            .fetch_optional(pool)
            .await
            .and_then(|row| {
                row.map(|row| {
                    Ok((
                        row.try_get::<i64, _>("settings_version")?,
                        row.try_get::<Option<String>, _>("user_zone")?,
                        Deal::from_row(&row)?,
                    ))
                })
                .transpose()
            })
        })?;
        let Some((version, zone, deal)) = read else {
            return Ok((self.command_settings(workspace, user).await?, None));
        };
        self.settings
            .settled(workspace, user, version, zone.clone());
        Ok((zone, Some(deal)))
    }
}
