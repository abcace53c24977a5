//! Settings every command reads, kept in memory: users' time zones and
//! channels' notify modes, per workspace.
//!
//! The `settings_versions` row of a workspace moves with every change to those
//! settings, made by any replica or process (triggers bump it). A command
//! reads it once, with its user's zone, in one statement
//! ([`Store::command_settings`]); when the version moved, what was kept of the
//! workspace is dropped. A kept value is used only within [`FRESH`] of the last
//! version read, so callers outside commands (the scheduler, an import) still
//! read the database, and a change by another replica is seen by the next
//! command here. A change made through this store drops the workspace at once.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use crate::backend::with_pool;
use crate::{Store, StoreError};

/// How long after a version read kept values are trusted.
const FRESH: Duration = Duration::from_secs(2);

/// Workspaces the cache holds at most; beyond, it starts again empty.
const MAX_WORKSPACES: usize = 10_000;

/// What one workspace's settings were, at one version.
#[derive(Debug, Default)]
struct Kept {
    /// The version read last; `None` after a change made here, until the next read.
    version: Option<i64>,
    read_at: Option<Instant>,
    zones: HashMap<String, Option<String>>,
    modes: HashMap<String, Option<String>>,
}

impl Kept {
    fn fresh(&self) -> bool {
        self.version.is_some() && self.read_at.is_some_and(|at| at.elapsed() < FRESH)
    }
}

/// The settings kept in memory, shared by every clone of a store.
#[derive(Debug, Default)]
pub(crate) struct SettingsCache {
    workspaces: Mutex<HashMap<String, Kept>>,
}

/// Which of a workspace's kept settings.
#[derive(Clone, Copy)]
enum Kind {
    Zone,
    Mode,
}

impl SettingsCache {
    fn with<T>(&self, f: impl FnOnce(&mut HashMap<String, Kept>) -> T) -> T {
        f(&mut self
            .workspaces
            .lock()
            .unwrap_or_else(PoisonError::into_inner))
    }

    /// Notes the version just read: what was kept at another version goes.
    fn observe(&self, workspace: &str, version: i64) {
        self.with(|workspaces| {
            if workspaces.len() >= MAX_WORKSPACES && !workspaces.contains_key(workspace) {
                workspaces.clear();
            }
            let kept = workspaces.entry(workspace.to_string()).or_default();
            if kept.version != Some(version) {
                *kept = Kept {
                    version: Some(version),
                    ..Kept::default()
                };
            }
            kept.read_at = Some(Instant::now());
        });
    }

    /// A command read the workspace at `version`, and `user`'s zone with it.
    pub(crate) fn settled(&self, workspace: &str, user: &str, version: i64, zone: Option<String>) {
        self.observe(workspace, version);
        self.put(Kind::Zone, workspace, version, user, zone);
    }

    /// A change was made here: nothing kept of the workspace is trusted.
    pub(crate) fn forget(&self, workspace: &str) {
        self.with(|workspaces| {
            workspaces.remove(workspace);
        });
    }

    /// The kept value, if fresh.
    fn get(&self, kind: Kind, workspace: &str, key: &str) -> Option<Option<String>> {
        self.with(|workspaces| {
            let kept = workspaces.get(workspace).filter(|kept| kept.fresh())?;
            let values = match kind {
                Kind::Zone => &kept.zones,
                Kind::Mode => &kept.modes,
            };
            values.get(key).cloned()
        })
    }

    /// The version values read now would be kept at, if there is a fresh one.
    fn version(&self, workspace: &str) -> Option<i64> {
        self.with(|workspaces| {
            workspaces
                .get(workspace)
                .filter(|kept| kept.fresh())
                .and_then(|kept| kept.version)
        })
    }

    /// Keeps `value`, read while the workspace was at `version`, unless the
    /// version moved meanwhile.
    fn put(&self, kind: Kind, workspace: &str, version: i64, key: &str, value: Option<String>) {
        self.with(|workspaces| {
            let Some(kept) = workspaces.get_mut(workspace) else {
                return;
            };
            if kept.version != Some(version) {
                return;
            }
            let values = match kind {
                Kind::Zone => &mut kept.zones,
                Kind::Mode => &mut kept.modes,
            };
            values.insert(key.to_string(), value);
        });
    }
}

/// The settings a command reads first, as two columns of one row: the
/// workspace's settings version (`settings_version`) and the user's chosen
/// zone (`user_zone`); `$1` the workspace, `$2` the user.
macro_rules! command_settings_columns {
    () => {
        "COALESCE((SELECT version FROM settings_versions WHERE workspace = $1), 0) \
         AS settings_version, \
         (SELECT timezone FROM user_settings WHERE workspace = $1 AND user_id = $2) \
         AS user_zone"
    };
}
pub(crate) use command_settings_columns;

impl Store {
    /// At the start of a command: reads the workspace's settings version and
    /// `user`'s chosen time zone in one statement, dropping what was kept of
    /// the workspace if the version moved. The zone as [`Store::user_timezone`].
    pub async fn command_settings(
        &self,
        workspace: &str,
        user: &str,
    ) -> Result<Option<String>, StoreError> {
        let (version, zone): (i64, Option<String>) = with_pool!(self, |pool| {
            sqlx::query_as(concat!("SELECT ", command_settings_columns!()))
                .bind(workspace)
                .bind(user)
                .fetch_one(pool)
                .await
        })?;
        self.settings
            .settled(workspace, user, version, zone.clone());
        Ok(zone)
    }

    /// The kept time zone of `user`, else `read` it and keep it.
    pub(crate) async fn kept_zone(
        &self,
        workspace: &str,
        user: &str,
        read: impl std::future::Future<Output = Result<Option<String>, StoreError>>,
    ) -> Result<Option<String>, StoreError> {
        self.kept(Kind::Zone, workspace, user, read).await
    }

    /// The kept notify mode of `channel`, else `read` it and keep it.
    pub(crate) async fn kept_mode(
        &self,
        workspace: &str,
        channel: &str,
        read: impl std::future::Future<Output = Result<Option<String>, StoreError>>,
    ) -> Result<Option<String>, StoreError> {
        self.kept(Kind::Mode, workspace, channel, read).await
    }

    async fn kept(
        &self,
        kind: Kind,
        workspace: &str,
        key: &str,
        read: impl std::future::Future<Output = Result<Option<String>, StoreError>>,
    ) -> Result<Option<String>, StoreError> {
        if let Some(value) = self.settings.get(kind, workspace, key) {
            return Ok(value);
        }
        let version = self.settings.version(workspace);
        let value = read.await?;
        if let Some(version) = version {
            self.settings
                .put(kind, workspace, version, key, value.clone());
        }
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::{Kind, SettingsCache};

    #[test]
    fn a_value_is_kept_at_its_version_only() {
        let cache = SettingsCache::default();
        cache.observe("slack:T1", 3);
        cache.put(Kind::Zone, "slack:T1", 3, "U1", Some("Europe/Paris".into()));
        assert_eq!(
            cache.get(Kind::Zone, "slack:T1", "U1"),
            Some(Some("Europe/Paris".into()))
        );
        // Read before another replica's change, kept after it: refused.
        cache.observe("slack:T1", 4);
        cache.put(Kind::Zone, "slack:T1", 3, "U1", Some("Europe/Paris".into()));
        assert_eq!(cache.get(Kind::Zone, "slack:T1", "U1"), None);
        // A change made here: nothing is trusted until the next version read.
        cache.put(Kind::Mode, "slack:T1", 4, "C1", Some("wins".into()));
        cache.forget("slack:T1");
        assert_eq!(cache.get(Kind::Mode, "slack:T1", "C1"), None);
        assert_eq!(cache.version("slack:T1"), None);
    }
}
