//! Gateway mode (`DISCORD_TOKEN`): a serenity client that registers `/deal` when
//! it connects and answers command, autocomplete and component interactions the
//! same way the HTTP endpoint does.

use serenity::all::{
    ClientBuilder, Context, EventHandler, GatewayIntents, HttpBuilder, Interaction, Ready,
};
use serenity::async_trait;

use super::commands::register;
use super::interaction::{respond, Incoming};
use crate::core::Core;

struct Handler {
    core: Core,
    guild_ids: Vec<u64>,
}

#[async_trait]
impl EventHandler for Handler {
    async fn ready(&self, ctx: Context, ready: Ready) {
        tracing::info!(user = %ready.user.name, "connected to the Discord gateway");
        if let Err(error) = register(&ctx.http, &self.guild_ids).await {
            tracing::error!(error = format!("{error:#}"), "cannot register /deal");
        }
    }

    async fn interaction_create(&self, ctx: Context, interaction: Interaction) {
        let incoming = match Incoming::from_gateway(&interaction) {
            Ok(incoming) => incoming,
            Err(error) => {
                tracing::warn!(%error, "unreadable interaction from the gateway");
                return;
            }
        };
        let response = respond(&self.core, &incoming, chrono::Utc::now()).await;
        let id = interaction.id();
        let token = interaction.token();
        if let Err(error) = ctx
            .http
            .create_interaction_response(id, token, &response, Vec::new())
            .await
        {
            tracing::error!(%error, "cannot answer a Discord interaction");
        }
    }
}

/// Connects to the gateway and serves until the connection ends for good;
/// `proxy` is the origin replacing `https://discord.com` for API calls.
pub async fn run(
    core: Core,
    token: &str,
    proxy: Option<&str>,
    guild_ids: Vec<u64>,
) -> anyhow::Result<()> {
    let mut http = HttpBuilder::new(token);
    if let Some(origin) = proxy {
        http = http.proxy(origin).ratelimiter_disabled(true);
    }
    let mut client = ClientBuilder::new_with_http(http.build(), GatewayIntents::GUILDS)
        .event_handler(Handler { core, guild_ids })
        .await?;
    client.start().await?;
    Ok(())
}
