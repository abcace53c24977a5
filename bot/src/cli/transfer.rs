//! `dealbot import`, `dealbot export` and `dealbot export-history`: the CSV
//! files on the console, the work in [`crate::transfer`].

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use chrono::Utc;
use dealbot_storage::{split_workspace_key, workspace_key};

use crate::adapters::shell;
use crate::core::Core;
use crate::transfer::{self, ImportError, ImportOptions};

/// The stored key of the workspace named `given` on the command line: a key
/// (`slack:T0123ABCD`, `discord:…`) as it is, a bare name as the shell's
/// workspace of that name (`local` is `shell:local`).
pub fn stored_workspace(given: &str) -> String {
    match split_workspace_key(given) {
        Some(_) => given.to_string(),
        None => workspace_key(shell::PLATFORM, given),
    }
}

/// Imports `file`; reports what happened, or every problem, on the console.
pub async fn import(core: &Core, file: &Path, workspace: String, user: String) -> ExitCode {
    let shown = file.display().to_string();
    let input = match std::fs::File::open(file) {
        Ok(input) => input,
        Err(error) => {
            eprintln!("dealbot: cannot open {shown}: {error}");
            return ExitCode::FAILURE;
        }
    };
    let source = file
        .file_name()
        .map_or_else(|| shown.clone(), |name| name.to_string_lossy().into_owned());
    let options = ImportOptions {
        workspace,
        actor: user.trim_start_matches('@').to_string(),
        source,
        now: Utc::now(),
    };
    match transfer::import_deals(core, std::io::BufReader::new(input), &options).await {
        Ok(report) => {
            if !report.ignored_columns.is_empty() {
                eprintln!(
                    "Ignored columns dealbot does not keep: {}.",
                    report.ignored_columns.join(", ")
                );
            }
            println!(
                "Imported {shown} into workspace {}: {} new, {} updated, {} unchanged.",
                options.workspace, report.created, report.updated, report.unchanged
            );
            ExitCode::SUCCESS
        }
        Err(ImportError::Invalid(problems)) => {
            for problem in &problems {
                eprintln!("{shown}:{}: {}", problem.line, problem.message);
            }
            eprintln!(
                "Nothing was imported: {} problem(s). Fix the lines above and run the import again.",
                problems.len()
            );
            ExitCode::FAILURE
        }
        Err(error @ ImportError::Conflict(_)) => {
            eprintln!("dealbot: {error}");
            ExitCode::FAILURE
        }
        Err(ImportError::Internal(error)) => {
            tracing::error!(error = format!("{error:#}"), "import failed");
            eprintln!("dealbot: the import failed, nothing was imported: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// Writes the workspace's deals to standard output.
pub async fn export(core: &Core, workspace: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    let count = transfer::export_deals(core.store(), workspace, &mut out).await?;
    out.flush()?;
    if count == 0 {
        hint_at_keys(workspace);
    }
    Ok(())
}

/// On an empty export of a shell workspace, how chat workspaces are named.
fn hint_at_keys(workspace: &str) {
    if split_workspace_key(workspace).is_some_and(|(platform, _)| platform == shell::PLATFORM) {
        eprintln!(
            "No deals in {workspace}. A Slack or Discord workspace is named by platform \
             and id: --workspace slack:T0123ABCD or --workspace discord:123456789012345678."
        );
    }
}

/// Writes the workspace's history to standard output.
pub async fn export_history(core: &Core, workspace: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    let count = transfer::export_history(core.store(), workspace, &mut out).await?;
    out.flush()?;
    if count == 0 {
        hint_at_keys(workspace);
    }
    Ok(())
}
