//! The Slack adapter: `/deal` slash commands and button clicks in, Block Kit out.
//!
//! - `http`: `POST /slack/commands` and `POST /slack/interactions`, each request
//!   verified against `SLACK_SIGNING_SECRET` before anything else happens.
//! - `socket_mode`: the same commands and clicks over Socket Mode
//!   (`SLACK_APP_TOKEN`), for workspaces without a public URL.
//! - `commands`, `interactions`: a request as an [`Invocation`] for the core, and
//!   its [`Reply`] back as Slack expects it.
//! - `blocks`, `mrkdwn`: rendering within Slack's limits, user text escaped.
//! - `api`, `sender`, `errors`: the Web API for what the bot sends by itself.

mod api;
mod blocks;
mod commands;
mod errors;
mod http;
mod interactions;
mod mrkdwn;
mod sender;
mod socket_mode;

use std::sync::Arc;

use axum::Router;
use chrono::Utc;
use secrecy::SecretString;

pub use api::{client, Client, WebApi};
pub use blocks::{render, MAX_BLOCKS, MENU_ACTION};
pub use errors::{classify, from_code, problem_reply};
pub use http::{router, verify, BODY_LIMIT};
pub use sender::SlackSender;
pub use socket_mode::run_socket_mode;

use crate::config::Secrets;
use crate::core::env::Invocation;
use crate::core::reply::Reply;
use crate::core::Core;

/// The platform name on invocations and outbox rows.
pub const PLATFORM: &str = "slack";

/// Everything the Slack routes and Socket Mode need.
#[derive(Clone)]
pub struct SlackAdapter {
    core: Core,
    /// Checks HTTP requests; `None` (Socket Mode only): every HTTP request is refused.
    signing_secret: Option<SecretString>,
    /// Answers `response_url`s (no token needed).
    client: Arc<Client>,
    /// The Web API with the bot token, when `SLACK_BOT_TOKEN` is set: time zones
    /// and `chat.update` when a click carries no `response_url`.
    api: Option<Arc<WebApi>>,
}

impl SlackAdapter {
    pub fn new(
        core: Core,
        signing_secret: Option<SecretString>,
        client: Arc<Client>,
        api: Option<Arc<WebApi>>,
    ) -> Self {
        SlackAdapter {
            core,
            signing_secret,
            client,
            api,
        }
    }

    /// Runs `text` as `user` of `team`, typed (or clicked) in `channel`.
    async fn run(&self, team: &str, user: &str, channel: Option<&str>, text: &str) -> Reply {
        let timezone = match &self.api {
            Some(api) => api.timezone(team, user).await,
            None => None,
        };
        let invocation = Invocation {
            platform: PLATFORM.to_string(),
            workspace: team.to_string(),
            user: user.to_string(),
            channel: channel.map(str::to_string),
            timezone,
            now: Utc::now(),
        };
        self.core.handle(&invocation, text).await
    }
}

/// Slack as the environment sets it up: the routes to serve (empty without
/// `SLACK_SIGNING_SECRET`) and the outbox sender (without `SLACK_BOT_TOKEN`,
/// none). Socket Mode is started in the background when `SLACK_APP_TOKEN` is set.
pub struct SlackSetup {
    pub routes: Router,
    pub sender: Option<SlackSender>,
}

/// Sets Slack up from `secrets` and `[slack]`; nothing when no Slack secret is set.
pub fn start(core: &Core, secrets: &Secrets) -> anyhow::Result<SlackSetup> {
    if secrets.slack_signing_secret.is_none() && secrets.slack_app_token.is_none() {
        tracing::info!("neither SLACK_SIGNING_SECRET nor SLACK_APP_TOKEN is set: Slack is off");
        return Ok(SlackSetup {
            routes: Router::new(),
            sender: None,
        });
    }
    let client = client(&core.config().settings.slack.api_url)?;
    let api = secrets
        .slack_bot_token
        .as_ref()
        .map(|token| Arc::new(WebApi::new(client.clone(), token)));
    if api.is_none() {
        tracing::warn!("SLACK_BOT_TOKEN is not set: dealbot cannot post or DM on its own");
    }
    let adapter = SlackAdapter::new(
        core.clone(),
        secrets.slack_signing_secret.clone(),
        client,
        api.clone(),
    );
    if let Some(app_token) = secrets.slack_app_token.clone() {
        let adapter = adapter.clone();
        tokio::spawn(async move {
            if let Err(error) = run_socket_mode(adapter, &app_token).await {
                tracing::error!(error = format!("{error:#}"), "Slack Socket Mode stopped");
            }
        });
    }
    Ok(SlackSetup {
        routes: match secrets.slack_signing_secret {
            Some(_) => router(adapter),
            None => Router::new(),
        },
        sender: api.map(SlackSender::new),
    })
}
