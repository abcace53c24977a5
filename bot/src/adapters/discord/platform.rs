//! Discord as one [`Platform`] of the app, set up as the environment's secrets
//! ask: the HTTP interactions route with `DISCORD_PUBLIC_KEY` (then `/deal` is
//! registered with `DISCORD_TOKEN` and `DISCORD_APPLICATION_ID`), or the gateway
//! with `DISCORD_TOKEN` alone; and with a token, the outbox sender.

use std::sync::Arc;

use axum::Router;
use secrecy::{ExposeSecret, SecretString};
use serenity::all::{ApplicationId, HttpBuilder};

use super::channels::ChannelLookup;
use super::{commands, endpoint, gateway, proxy_origin, DiscordSender, PLATFORM};
use crate::app::{AttachFuture, Attached, BackgroundTask, Platform};
use crate::config::{DiscordSettings, Secrets, Settings};
use crate::core::Core;
use crate::outbox::Sender;
use crate::readiness::Readiness;

/// Discord, ready to attach to a core.
pub struct DiscordPlatform {
    settings: DiscordSettings,
    token: Option<SecretString>,
    public_key: Option<String>,
    application_id: Option<u64>,
    sender: Option<Arc<DiscordSender>>,
}

/// Discord as `secrets` and `[discord]` set it up; `None` when no Discord secret
/// is set. A half set-up Discord (see [`crate::config::platform_problems`]) has
/// been refused before this is called.
pub fn platform(settings: &Settings, secrets: &Secrets) -> anyhow::Result<Option<DiscordPlatform>> {
    if secrets.discord_token.is_none() && secrets.discord_public_key.is_none() {
        tracing::info!("neither DISCORD_TOKEN nor DISCORD_PUBLIC_KEY is set: Discord is off");
        return Ok(None);
    }
    let application_id = match &secrets.discord_application_id {
        Some(id) => Some(
            crate::config::application_id(id.expose_secret()).ok_or_else(|| {
                anyhow::anyhow!("DISCORD_APPLICATION_ID must be the application's numeric id")
            })?,
        ),
        None => None,
    };
    let sender = match &secrets.discord_token {
        Some(token) => Some(Arc::new(DiscordSender::new(
            &settings.discord.api_url,
            token.clone(),
        )?)),
        None => None,
    };
    Ok(Some(DiscordPlatform {
        settings: settings.discord.clone(),
        token: secrets.discord_token.clone(),
        public_key: secrets
            .discord_public_key
            .as_ref()
            .map(|key| key.expose_secret().to_string()),
        application_id,
        sender,
    }))
}

impl Platform for DiscordPlatform {
    fn name(&self) -> &'static str {
        PLATFORM
    }

    fn sender(&self) -> Option<Arc<dyn Sender>> {
        self.sender.clone().map(|sender| sender as Arc<dyn Sender>)
    }

    fn attach<'a>(self: Box<Self>, core: &'a Core, readiness: &'a Readiness) -> AttachFuture<'a> {
        Box::pin(async move {
            let proxy = proxy_origin(&self.settings.api_url);
            let mut attached = Attached {
                routes: Router::new(),
                tasks: Vec::new(),
            };
            let Some(token) = self.token else {
                if let Some(key) = &self.public_key {
                    attached.routes = endpoint::router(core.clone(), key, None)?;
                }
                return Ok(attached);
            };
            let channels = Arc::new(ChannelLookup::new(&self.settings.api_url, token.clone())?);
            match (&self.public_key, self.application_id) {
                (Some(key), application_id) => {
                    attached.routes = endpoint::router(core.clone(), key, Some(channels.clone()))?;
                    if let Some(id) = application_id {
                        let mut http = HttpBuilder::new(token.expose_secret())
                            .application_id(ApplicationId::new(id));
                        if let Some(origin) = &proxy {
                            http = http.proxy(origin.clone()).ratelimiter_disabled(true);
                        }
                        let http = http.build();
                        let guild_ids = self.settings.guild_ids.clone();
                        let task: BackgroundTask = Box::pin(async move {
                            register_with_retries(&http, &guild_ids).await;
                        });
                        attached.tasks.push(("discord command registration", task));
                    }
                }
                (None, _) => {
                    let connection = readiness.connection_with_grace(
                        "discord gateway",
                        std::time::Duration::from_secs(self.settings.reconnect_window_seconds),
                    );
                    let core = core.clone();
                    let guild_ids = self.settings.guild_ids.clone();
                    let task: BackgroundTask = Box::pin(async move {
                        let token = token.expose_secret().to_string();
                        if let Err(error) = gateway::run(
                            core,
                            channels,
                            &token,
                            proxy.as_deref(),
                            guild_ids,
                            connection,
                        )
                        .await
                        {
                            tracing::error!(
                                error = format!("{error:#}"),
                                "the Discord gateway stopped"
                            );
                        }
                    });
                    attached.tasks.push(("discord gateway", task));
                }
            }
            Ok(attached)
        })
    }
}

/// Registers `/deal` when the app starts, trying again a few times (Discord
/// may be briefly unreachable); a failure is logged with its cause, and the
/// commands registered before keep working.
async fn register_with_retries(http: &serenity::all::Http, guild_ids: &[u64]) {
    let mut pause = std::time::Duration::from_secs(2);
    for attempt in 1..=5 {
        match commands::register(http, guild_ids).await {
            Ok(()) => return,
            Err(error) => tracing::error!(
                attempt,
                error = format!("{error:#}"),
                "cannot register /deal with Discord"
            ),
        }
        tokio::time::sleep(pause).await;
        pause *= 2;
    }
}
