//! The Discord adapter: `/deal` as a real application command with typed options
//! and autocomplete, replies as embeds with buttons and a stage menu, in gateway
//! mode (`DISCORD_TOKEN`) or through the HTTP interactions endpoint
//! (`DISCORD_PUBLIC_KEY`); and the outbox [`Sender`](crate::outbox::Sender) for
//! the bot's own messages.

pub mod commands;
pub mod endpoint;
pub mod gateway;
pub mod groups;
pub mod interaction;
pub mod markdown;
pub mod options;
pub mod render;
pub mod sender;

use axum::Router;
use secrecy::ExposeSecret;
use serenity::all::{ApplicationId, HttpBuilder};

use crate::config::{DiscordSettings, Secrets};
use crate::core::Core;

pub use interaction::PLATFORM;
pub use sender::DiscordSender;

/// The API base URL serenity uses unless told otherwise.
const DEFAULT_API_URL: &str = "https://discord.com/api/v10";

/// What serenity's `HttpBuilder::proxy` needs for `api_url`: the origin that
/// replaces `https://discord.com`, or `None` for Discord itself.
pub fn proxy_origin(api_url: &str) -> Option<String> {
    let url = api_url.trim_end_matches('/');
    if url == DEFAULT_API_URL {
        return None;
    }
    Some(url.trim_end_matches("/api/v10").to_string())
}

/// Starts what the secrets allow: the HTTP interactions route (returned, for the
/// server to merge) with `DISCORD_PUBLIC_KEY`; the gateway client, in the
/// background, with `DISCORD_TOKEN`; and with a token and
/// `DISCORD_APPLICATION_ID` but no gateway use, the command registration.
pub async fn start(
    core: Core,
    settings: &DiscordSettings,
    secrets: &Secrets,
) -> anyhow::Result<Option<Router>> {
    let proxy = proxy_origin(&settings.api_url);
    let router = match &secrets.discord_public_key {
        Some(key) => Some(endpoint::router(core.clone(), key.expose_secret())?),
        None => None,
    };
    if let Some(token) = &secrets.discord_token {
        if router.is_some() {
            if let Some(app) = &secrets.discord_application_id {
                let id: u64 = app.expose_secret().trim().parse().map_err(|_| {
                    anyhow::anyhow!("DISCORD_APPLICATION_ID must be the application's numeric id")
                })?;
                if id == 0 {
                    anyhow::bail!(
                        "DISCORD_APPLICATION_ID must be the application's numeric id, not 0"
                    );
                }
                let mut http =
                    HttpBuilder::new(token.expose_secret()).application_id(ApplicationId::new(id));
                if let Some(origin) = &proxy {
                    http = http.proxy(origin.clone()).ratelimiter_disabled(true);
                }
                commands::register(&http.build(), &settings.guild_ids).await?;
            }
        } else {
            let token = token.expose_secret().to_string();
            let guild_ids = settings.guild_ids.clone();
            tokio::spawn(async move {
                if let Err(error) = gateway::run(core, &token, proxy.as_deref(), guild_ids).await {
                    tracing::error!(error = format!("{error:#}"), "the Discord gateway stopped");
                }
            });
        }
    }
    Ok(router)
}
