//! Which workspace `dealbot export`, `export-history` and `import` work on:
//! the one `--workspace` names; without it, the only workspace there is (or,
//! for an import into a new install, the shell's `local`). With several, they
//! refuse and list them, as `dealbot workspaces` does.

use dealbot_storage::{Store, WorkspaceSummary};

use super::transfer::stored_workspace;
use crate::adapters::shell;

/// The stored key to work on, or why there is none (to print as it is).
pub async fn choose(store: &Store, given: Option<&str>) -> anyhow::Result<Result<String, String>> {
    if let Some(given) = given {
        return Ok(Ok(stored_workspace(given)));
    }
    let workspaces = store.workspaces().await?;
    Ok(match workspaces.as_slice() {
        [] => Ok(dealbot_storage::workspace_key(shell::PLATFORM, "local")),
        [only] => Ok(only.key.clone()),
        several => Err(format!(
            "dealbot: this database has {} workspaces; say which with --workspace KEY:\n{}",
            several.len(),
            table(several)
        )),
    })
}

/// The workspaces as `dealbot workspaces` prints them: a header, then one
/// line each with its key, platform, name and deal count.
pub fn table(workspaces: &[WorkspaceSummary]) -> String {
    let key_width = workspaces
        .iter()
        .map(|w| w.key.chars().count())
        .chain([3])
        .max()
        .unwrap_or(3);
    let name_width = workspaces
        .iter()
        .map(|w| w.name.chars().count())
        .chain([4])
        .max()
        .unwrap_or(4);
    let mut out = format!(
        "{:key_width$}  {:8}  {:name_width$}  DEALS\n",
        "KEY", "PLATFORM", "NAME"
    );
    for w in workspaces {
        out.push_str(&format!(
            "{:key_width$}  {:8}  {:name_width$}  {}\n",
            w.key, w.platform, w.name, w.deals
        ));
    }
    out
}
