//! The `dealbot` command line: `run`, `shell`, `migrate`, `check-config`,
//! `import`, `export`, `export-history`.

mod transfer;

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{DateTime, Utc};
use clap::{Parser, Subcommand};
use dealbot_storage::Store;

use crate::adapters::shell::{self, ShellOptions};
use crate::config::{ConfigError, Settings, DEFAULT_PATH};
use crate::core::Core;

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
        /// Pretend it is this moment (RFC 3339), for reproducible scripted sessions.
        #[arg(long, hide = true, value_name = "TIME")]
        now: Option<DateTime<Utc>>,
    },
    /// Create or upgrade the database schema, then exit.
    Migrate,
    /// Check the configuration and report every problem with where it is.
    CheckConfig,
    /// Import deals from a CSV file (as CRM exports write them): every row is
    /// checked first, and nothing changes unless all are right. Deals are matched
    /// by name, so importing the same file again adds nothing.
    Import {
        /// The CSV file; its header names the columns (Deal Name, Amount, Deal Stage…).
        file: PathBuf,
        /// The workspace to import into: slack:TEAM_ID, discord:GUILD_ID, or
        /// the name of a shell workspace.
        #[arg(long, default_value = "local")]
        workspace: String,
        /// Who the history says did it, and the owner of rows without one.
        #[arg(long = "as", value_name = "USER", default_value = "import")]
        user: String,
    },
    /// Write the workspace's deals as CSV to standard output.
    Export {
        /// slack:TEAM_ID, discord:GUILD_ID, or the name of a shell workspace.
        #[arg(long, default_value = "local")]
        workspace: String,
    },
    /// Write every change to the workspace's deals as CSV to standard output.
    ExportHistory {
        /// slack:TEAM_ID, discord:GUILD_ID, or the name of a shell workspace.
        #[arg(long, default_value = "local")]
        workspace: String,
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
    let store = Store::connect(&settings.database.url)
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
    let bind = settings.server.bind.parse()?;
    let core = Core::new(store.clone(), settings)?;
    match cli.command {
        Command::Run => {
            let secrets = crate::config::Secrets::from_env();
            let slack = crate::adapters::slack::start(&core, &secrets)?;
            let discord_settings = core.config().settings.discord.clone();
            let discord =
                crate::adapters::discord::start(core.clone(), &discord_settings, &secrets).await?;
            let readiness = crate::readiness::Readiness::with_database(store.clone());
            let routes = crate::server::router(core.clone(), readiness)
                .merge(slack.routes)
                .merge(discord.unwrap_or_default());
            let mut senders = crate::outbox::Senders::new();
            if let Some(sender) = slack.sender {
                senders = senders.with("slack", std::sync::Arc::new(sender));
            }
            if let Some(token) = secrets.discord_token.clone() {
                let sender =
                    crate::adapters::discord::DiscordSender::new(&discord_settings.api_url, token)?;
                senders = senders.with("discord", std::sync::Arc::new(sender));
            }
            crate::daemon::run(core, bind, routes, senders).await?
        }
        Command::Shell {
            user,
            workspace,
            channel,
            now,
        } => {
            shell::run(
                core,
                ShellOptions {
                    user: user.trim_start_matches('@').to_string(),
                    workspace,
                    channel,
                    now,
                },
            )
            .await?
        }
        Command::Import {
            file,
            workspace,
            user,
        } => {
            let workspace = transfer::stored_workspace(&workspace);
            let code = crate::cli::transfer::import(&core, &file, workspace, user).await;
            store.close().await;
            return Ok(code);
        }
        Command::Export { workspace } => {
            crate::cli::transfer::export(&core, &transfer::stored_workspace(&workspace)).await?;
        }
        Command::ExportHistory { workspace } => {
            crate::cli::transfer::export_history(&core, &transfer::stored_workspace(&workspace))
                .await?;
        }
        Command::Migrate | Command::CheckConfig => {}
    }
    store.close().await;
    Ok(ExitCode::SUCCESS)
}

fn check_config(path: &std::path::Path, settings: Result<Settings, ConfigError>) -> ExitCode {
    match settings {
        Ok(settings) => {
            let source = if path.exists() {
                path.display().to_string()
            } else {
                format!("{} not found, built-in defaults", path.display())
            };
            println!(
                "{}: OK ({} pipeline{}, database {})",
                source,
                settings.pipelines.len(),
                if settings.pipelines.len() == 1 {
                    ""
                } else {
                    "s"
                },
                settings.database.redacted_url()
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{error}");
            ExitCode::FAILURE
        }
    }
}
