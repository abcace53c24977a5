//! Slack as one [`Platform`] of the app, set up as the environment's secrets
//! ask: the signed HTTP routes with `SLACK_SIGNING_SECRET`, Socket Mode with
//! `SLACK_APP_TOKEN`, and the Web API client (the outbox sender, time zones)
//! with `SLACK_BOT_TOKEN`.

use std::sync::Arc;

use axum::Router;
use secrecy::SecretString;

use super::people::SlackPresence;
use super::{client, router, run_socket_mode, Client, SlackAdapter, SlackSender, WebApi, PLATFORM};
use crate::app::{AttachFuture, Attached, BackgroundTask, Platform};
use crate::config::{Secrets, Settings};
use crate::core::people::Presence;
use crate::core::Core;
use crate::outbox::Sender;
use crate::readiness::Readiness;

/// Slack, ready to attach to a core.
pub struct SlackPlatform {
    client: Arc<Client>,
    api: Option<Arc<WebApi>>,
    signing_secret: Option<SecretString>,
    app_token: Option<SecretString>,
    /// `[slack] status_means_away`.
    status_means_away: bool,
}

/// Slack as `secrets` and `[slack]` set it up; `None` when no Slack secret is set.
pub fn platform(settings: &Settings, secrets: &Secrets) -> anyhow::Result<Option<SlackPlatform>> {
    if secrets.slack_signing_secret.is_none() && secrets.slack_app_token.is_none() {
        tracing::info!("neither SLACK_SIGNING_SECRET nor SLACK_APP_TOKEN is set: Slack is off");
        return Ok(None);
    }
    let client = client(&settings.slack.api_url)?;
    let api = secrets
        .slack_bot_token
        .as_ref()
        .map(|token| Arc::new(WebApi::new(client.clone(), token)));
    if api.is_none() {
        tracing::warn!("SLACK_BOT_TOKEN is not set: dealbot cannot post or DM on its own");
    }
    Ok(Some(SlackPlatform {
        client,
        api,
        signing_secret: secrets.slack_signing_secret.clone(),
        app_token: secrets.slack_app_token.clone(),
        status_means_away: settings.slack.status_means_away,
    }))
}

impl Platform for SlackPlatform {
    fn name(&self) -> &'static str {
        PLATFORM
    }

    fn sender(&self) -> Option<Arc<dyn Sender>> {
        self.api
            .clone()
            .map(|api| Arc::new(SlackSender::new(api)) as Arc<dyn Sender>)
    }

    fn presence(&self) -> Option<Arc<dyn Presence>> {
        let api = self.api.clone().filter(|_| self.status_means_away)?;
        Some(Arc::new(SlackPresence { api }) as Arc<dyn Presence>)
    }

    fn attach<'a>(self: Box<Self>, core: &'a Core, readiness: &'a Readiness) -> AttachFuture<'a> {
        Box::pin(async move {
            let adapter = SlackAdapter::new(
                core.clone(),
                self.signing_secret.clone(),
                self.client,
                self.api,
            );
            let mut tasks: Vec<(&'static str, BackgroundTask)> = Vec::new();
            if let Some(app_token) = self.app_token {
                let connection = readiness.connection("slack socket mode");
                let adapter = adapter.clone();
                tasks.push((
                    "slack socket mode",
                    Box::pin(async move {
                        if let Err(error) = run_socket_mode(adapter, &app_token, connection).await {
                            tracing::error!(
                                error = format!("{error:#}"),
                                "Slack Socket Mode stopped"
                            );
                        }
                    }),
                ));
            }
            if adapter.can_publish() {
                tasks.push((
                    "slack home refresh",
                    Box::pin(adapter.clone().refresh_homes_forever()),
                ));
            }
            let routes = match self.signing_secret {
                Some(_) => router(adapter),
                None => Router::new(),
            };
            Ok(Attached { routes, tasks })
        })
    }
}
