//! The workspaces the store holds, for the command line to choose from
//! (`dealbot workspaces`, and `export` or `import` without `--workspace`).

use crate::backend::with_pool;
use crate::{split_workspace_key, Store, StoreError};

/// One workspace: its key, its platform and how many deals it has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkspaceSummary {
    /// What `--workspace` takes: `slack:T0123ABCD`, `shell:local`.
    pub key: String,
    /// `slack`, `discord` or `shell`.
    pub platform: String,
    /// The platform's own id or name of it (`T0123ABCD`, `local`).
    pub name: String,
    /// Its deals, deleted ones left out.
    pub deals: i64,
}

impl Store {
    /// Every workspace that has or had a deal, by key.
    pub async fn workspaces(&self) -> Result<Vec<WorkspaceSummary>, StoreError> {
        let rows: Vec<(String, String, i64)> = with_pool!(self, |pool| {
            sqlx::query_as(
                "SELECT w.id, w.platform, (SELECT COUNT(*) FROM deals d \
                 WHERE d.workspace = w.id AND d.deleted_at IS NULL) FROM workspaces w \
                 ORDER BY w.id",
            )
            .fetch_all(pool)
            .await
        })?;
        Ok(rows
            .into_iter()
            .map(|(key, platform, deals)| {
                let (platform, name) = match split_workspace_key(&key) {
                    Some((platform, name)) => (platform.to_string(), name.to_string()),
                    None => (platform, key.clone()),
                };
                WorkspaceSummary {
                    key,
                    platform,
                    name,
                    deals,
                }
            })
            .collect())
    }
}
