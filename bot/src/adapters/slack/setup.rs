//! Slack as the environment's secrets set it up: the signed HTTP routes with
//! `SLACK_SIGNING_SECRET`, Socket Mode with `SLACK_APP_TOKEN`, and the Web API
//! client (for the outbox sender and time zones) with `SLACK_BOT_TOKEN`.

use std::sync::Arc;

use axum::Router;

use super::{client, router, run_socket_mode, SlackAdapter, SlackSender, WebApi};
use crate::config::Secrets;
use crate::core::Core;

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
