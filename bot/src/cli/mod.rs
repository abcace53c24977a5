//! The `dealbot` command line: `run`, `shell`, `migrate`, `check-config`,
//! `import`, `export`, `export-history`, `workspaces`.

mod transfer;
mod workspace_choice;

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{DateTime, Utc};
use clap::{Parser, Subcommand};
use dealbot_storage::Store;

use crate::adapters::shell::{self, ShellOptions, ShellSender};
use crate::app::App;
use crate::clock::Clock;
use crate::config::{ConfigError, Secrets, Settings, DEFAULT_PATH};

/// dealbot: keep your sales pipeline in the chat your team already uses.
#[derive(Debug, Parser)]
#[command(name = "dealbot", version, about, long_about = None)]
pub struct Cli {
    /// The configuration file (TOML). Every key can be overridden by a
    /// DEALBOT_SECTION_KEY environment variable.
    #[arg(long, global = true, env = "DEALBOT_CONFIG", value_name = "PATH")]
    pub config: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the bot: the HTTP server (health, metrics, Slack and Discord routes), the
    /// scheduler (digests, nags) and the outbox worker that delivers their messages.
    Run,
    /// Talk to the bot on this console: type /deal commands as a user, see the replies.
    Shell {
        /// Act as this user (a name such as rep1).
        #[arg(long = "as", value_name = "USER", default_value = "me")]
        user: String,
        /// The workspace to work in; each workspace's deals are separate.
        #[arg(long, default_value = "local")]
        workspace: String,
        /// The channel announcements are posted to.
        #[arg(long, default_value = "pipeline")]
        channel: String,
        /// Pretend it is this moment, for demos, training and scripted sessions
        /// (RFC 3339, such as 2026-11-23T09:00:00Z).
        ///
        /// Every command answers as if it were then: what `tomorrow` means, what
        /// is overdue, what `digest` posts. A piped session also runs the
        /// scheduler at that moment after each command (an interactive one keeps
        /// to the real clock). The clock does not move on: start again with a
        /// later --now, on the same database, to play the next day. What the
        /// session creates is stamped with this moment, so give it a database of
        /// its own (DATABASE_URL=sqlite://demo.db).
        #[arg(long, value_name = "TIME")]
        now: Option<DateTime<Utc>>,
    },
    /// Create or upgrade the database schema, then exit.
    Migrate,
    /// Check the configuration and report every problem with where it is.
    CheckConfig,
    /// Import deals from a CSV file (as CRM exports write them): every row is
    /// checked first, and nothing changes unless all are right. Deals are matched
    /// by Deal ID (as `export` writes it), else by name, so importing the same
    /// file again, or the workspace's own export, adds nothing.
    Import {
        /// The CSV file; its header names the columns (Deal Name, Amount, Deal Stage…).
        file: PathBuf,
        /// The workspace to import into: slack:TEAM_ID, discord:GUILD_ID, or
        /// the name of a shell workspace. Without it: the only workspace the
        /// database has (the shell's `local` if it has none); with several, the
        /// import refuses and lists them.
        #[arg(long)]
        workspace: Option<String>,
        /// Who the history says did it, and the owner of rows without one.
        #[arg(long = "as", value_name = "USER", default_value = "import")]
        user: String,
    },
    /// Write the workspace's deals as CSV to standard output.
    Export {
        /// slack:TEAM_ID, discord:GUILD_ID, or the name of a shell workspace.
        /// Without it: the only workspace the database has; with several, it
        /// refuses and lists them (see `dealbot workspaces`).
        #[arg(long)]
        workspace: Option<String>,
    },
    /// List the workspaces the database holds: the key --workspace takes, the
    /// platform, the name (the platform's id of it) and how many deals.
    Workspaces,
    /// Write every change to the workspace's deals as CSV to standard output.
    ExportHistory {
        /// slack:TEAM_ID, discord:GUILD_ID, or the name of a shell workspace.
        /// Without it: the only workspace the database has; with several, it
        /// refuses and lists them (see `dealbot workspaces`).
        #[arg(long)]
        workspace: Option<String>,
    },
}

/// Parses the arguments and runs; the process exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("dealbot: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("dealbot: {error:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let (path, explicit) = match &cli.config {
        Some(path) => (path.clone(), true),
        None => (PathBuf::from(DEFAULT_PATH), false),
    };
    let settings = Settings::load(&path, explicit).and_then(Settings::validated);
    if let Command::CheckConfig = cli.command {
        return Ok(check_config(&path, settings));
    }
    let settings = match settings {
        Ok(settings) => settings,
        Err(error) => {
            eprintln!("{error}");
            eprintln!("Run `dealbot check-config` after fixing it.");
            return Ok(ExitCode::FAILURE);
        }
    };
    let quiet_by_default = !matches!(cli.command, Command::Run | Command::Migrate);
    let mut log = settings.log.clone();
    if quiet_by_default && std::env::var_os("DEALBOT_LOG").is_none() {
        log.level = "warn".to_string();
    }
    crate::logging::init(&log);
    let durability = settings.database.durability().unwrap_or_default();
    let store = Store::connect_with(&settings.database.url, durability)
        .await
        .map_err(|error| {
            anyhow::anyhow!(
                "cannot open the database {}: {error}",
                settings.database.redacted_url()
            )
        })?;
    store.migrate().await?;
    if let Command::Migrate = cli.command {
        println!(
            "The {} database at {} is up to date.",
            store.backend_name(),
            settings.database.redacted_url()
        );
        return Ok(ExitCode::SUCCESS);
    }
    let clock = match &cli.command {
        Command::Shell { now: Some(now), .. } => Clock::manual(*now),
        _ => Clock::system(),
    };
    match cli.command {
        Command::Run => {
            let shutdown = crate::daemon::shutdown_signal();
            let app = App::build(settings, Secrets::from_env(), store.clone()).await?;
            let listeners = app.bind().await?;
            app.run(listeners, shutdown).await?;
        }
        Command::Shell {
            user,
            workspace,
            channel,
            now: _,
        } => {
            let mailbox = ShellSender::new();
            let app = App::build_console(settings, store.clone(), clock, mailbox.clone()).await?;
            let options = ShellOptions {
                user: user.trim_start_matches('@').to_string(),
                workspace,
                channel,
            };
            shell::run(app, mailbox, options).await?;
        }
        Command::Workspaces => {
            let workspaces = store.workspaces().await?;
            if workspaces.is_empty() {
                println!("No workspace has deals yet.");
            } else {
                print!("{}", workspace_choice::table(&workspaces));
            }
        }
        Command::Import {
            file,
            workspace,
            user,
        } => {
            let Some(workspace) = chosen(&store, workspace.as_deref()).await? else {
                return Ok(ExitCode::FAILURE);
            };
            let app = App::build(settings, Secrets::from_env(), store.clone()).await?;
            let code = crate::cli::transfer::import(app.core(), &file, workspace, user).await;
            store.close().await;
            return Ok(code);
        }
        Command::Export { workspace } => {
            let Some(workspace) = chosen(&store, workspace.as_deref()).await? else {
                return Ok(ExitCode::FAILURE);
            };
            let app = App::build(settings, Secrets::from_env(), store.clone()).await?;
            crate::cli::transfer::export(app.core(), &workspace).await?;
        }
        Command::ExportHistory { workspace } => {
            let Some(workspace) = chosen(&store, workspace.as_deref()).await? else {
                return Ok(ExitCode::FAILURE);
            };
            let app = App::build(settings, Secrets::from_env(), store.clone()).await?;
            crate::cli::transfer::export_history(app.core(), &workspace).await?;
        }
        Command::Migrate | Command::CheckConfig => {}
    }
    store.close().await;
    Ok(ExitCode::SUCCESS)
}

/// The workspace to work on, or `None` once the refusal is printed.
async fn chosen(store: &Store, given: Option<&str>) -> anyhow::Result<Option<String>> {
    match workspace_choice::choose(store, given).await? {
        Ok(workspace) => Ok(Some(workspace)),
        Err(refusal) => {
            eprint!("{refusal}");
            store.close().await;
            Ok(None)
        }
    }
}

/// `dealbot check-config`: the file and environment, and whether the secrets
/// set each chat platform up whole.
fn check_config(path: &std::path::Path, settings: Result<Settings, ConfigError>) -> ExitCode {
    let secrets = Secrets::from_env();
    let platforms = crate::config::platform_problems(&secrets);
    match settings {
        Ok(settings) if platforms.is_empty() => {
            let source = if path.exists() {
                path.display().to_string()
            } else {
                format!("{} not found, built-in defaults", path.display())
            };
            println!(
                "{}: OK ({} pipeline{}, database {}). {}.",
                source,
                settings.pipelines.len(),
                if settings.pipelines.len() == 1 {
                    ""
                } else {
                    "s"
                },
                settings.database.redacted_url(),
                platforms_set_up(&secrets),
            );
            ExitCode::SUCCESS
        }
        Ok(_) => {
            eprintln!("{}", ConfigError::Invalid(platforms));
            ExitCode::FAILURE
        }
        Err(error) => {
            eprintln!("{error}");
            if !platforms.is_empty() {
                eprintln!("{}", ConfigError::Invalid(platforms));
            }
            ExitCode::FAILURE
        }
    }
}

/// Which platforms the secrets turn on, for `check-config`'s summary.
fn platforms_set_up(secrets: &Secrets) -> String {
    let slack = match (
        secrets.slack_signing_secret.is_some(),
        secrets.slack_app_token.is_some(),
    ) {
        (false, false) => "Slack off",
        (true, false) => "Slack over HTTP",
        (false, true) => "Slack over Socket Mode",
        (true, true) => "Slack over HTTP and Socket Mode",
    };
    let discord = match (
        secrets.discord_public_key.is_some(),
        secrets.discord_token.is_some(),
    ) {
        (true, _) => "Discord over HTTP interactions",
        (false, true) => "Discord over the gateway",
        (false, false) => "Discord off",
    };
    format!("{slack}, {discord}")
}
