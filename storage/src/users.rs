//! Per-user settings within a workspace: the user's time zone, their own
//! working hours and days, and their time off.

use chrono::NaiveDate;

use crate::backend::{with_pool, with_writer};
use crate::{Store, StoreError};

impl Store {
    /// The IANA time zone the user chose, if any (kept in memory during
    /// commands: [`Store::command_settings`]).
    pub async fn user_timezone(
        &self,
        workspace: &str,
        user: &str,
    ) -> Result<Option<String>, StoreError> {
        let read = async {
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
        };
        self.kept_zone(workspace, user, read).await
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
        self.settings.forget(workspace);
        Ok(())
    }
}

/// What a person chose about when they may be reminded: their own working
/// hours and days (as written, e.g. `08:00-16:00` and `Mon,Tue,Wed,Thu`; `None`
/// keeps the workspace's) and their time off.
#[derive(Debug, Clone, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct PersonSettings {
    pub user_id: String,
    pub timezone: Option<String>,
    pub working_hours: Option<String>,
    pub working_days: Option<String>,
    /// Their last day away, a calendar day in their own zone.
    pub away_until: Option<NaiveDate>,
    pub away_note: Option<String>,
}

macro_rules! person_columns {
    () => {
        "user_id, timezone, working_hours, working_days, away_until, away_note"
    };
}

impl Store {
    /// Everyone of the workspace who chose anything, in one read.
    pub async fn people_settings(
        &self,
        workspace: &str,
    ) -> Result<Vec<PersonSettings>, StoreError> {
        let people = with_pool!(self, |pool| {
            sqlx::query_as(concat!(
                "SELECT ",
                person_columns!(),
                " FROM user_settings WHERE workspace = $1 ORDER BY user_id"
            ))
            .bind(workspace)
            .fetch_all(pool)
            .await
        })?;
        Ok(people)
    }

    /// What `user` chose; the defaults if nothing.
    pub async fn person_settings(
        &self,
        workspace: &str,
        user: &str,
    ) -> Result<PersonSettings, StoreError> {
        let person: Option<PersonSettings> = with_pool!(self, |pool| {
            sqlx::query_as(concat!(
                "SELECT ",
                person_columns!(),
                " FROM user_settings WHERE workspace = $1 AND user_id = $2"
            ))
            .bind(workspace)
            .bind(user)
            .fetch_optional(pool)
            .await
        })?;
        Ok(person.unwrap_or_else(|| PersonSettings {
            user_id: user.to_string(),
            ..PersonSettings::default()
        }))
    }

    /// Sets the user's own working hours and days; `None` for both goes back
    /// to the workspace's.
    pub async fn set_working_hours(
        &self,
        workspace: &str,
        user: &str,
        hours: Option<&str>,
        days: Option<&str>,
    ) -> Result<(), StoreError> {
        with_writer!(self, |pool| {
            sqlx::query(
                "INSERT INTO user_settings (workspace, user_id, working_hours, working_days) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT (workspace, user_id) DO UPDATE SET \
                 working_hours = excluded.working_hours, working_days = excluded.working_days",
            )
            .bind(workspace)
            .bind(user)
            .bind(hours)
            .bind(days)
            .execute(pool)
            .await
            .map(|_| ())
        })?;
        self.settings.forget(workspace);
        Ok(())
    }

    /// Marks the user away through `until` (their last day away), with a note;
    /// `None` ends their time off.
    pub async fn set_away(
        &self,
        workspace: &str,
        user: &str,
        until: Option<NaiveDate>,
        note: Option<&str>,
    ) -> Result<(), StoreError> {
        with_writer!(self, |pool| {
            sqlx::query(
                "INSERT INTO user_settings (workspace, user_id, away_until, away_note) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT (workspace, user_id) DO UPDATE SET \
                 away_until = excluded.away_until, away_note = excluded.away_note",
            )
            .bind(workspace)
            .bind(user)
            .bind(until)
            .bind(note)
            .execute(pool)
            .await
            .map(|_| ())
        })?;
        self.settings.forget(workspace);
        Ok(())
    }
}
