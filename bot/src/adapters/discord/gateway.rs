//! Gateway mode (`DISCORD_TOKEN`): a serenity client that registers `/deal` when
//! it connects and answers command, autocomplete and component interactions the
//! same way the HTTP endpoint does. Its connection is reported to `/readyz`: a
//! shard that loses the gateway has `[discord] reconnect_window_seconds` to
//! come back (serenity reconnects and resumes by itself) before the replica
//! counts as not ready.

use std::sync::Arc;
use std::time::Duration;

use serenity::all::{
    ClientBuilder, ConnectionStage, Context, EventHandler, GatewayIntents, HttpBuilder,
    Interaction, Ready, ResumedEvent, ShardManager, ShardStageUpdateEvent,
};
use serenity::async_trait;

use super::channels::ChannelLookup;
use super::commands::register;
use super::interaction::{respond, Incoming};
use crate::core::Core;
use crate::readiness::ConnectionFlag;

struct Handler {
    core: Core,
    /// Whether channels are private.
    channels: Arc<ChannelLookup>,
    guild_ids: Vec<u64>,
    connection: ConnectionFlag,
}

#[async_trait]
impl EventHandler for Handler {
    async fn ready(&self, ctx: Context, ready: Ready) {
        tracing::info!(user = %ready.user.name, "connected to the Discord gateway");
        self.connection.set_connected();
        if let Err(error) = register(&ctx.http, &self.guild_ids).await {
            tracing::error!(error = format!("{error:#}"), "cannot register /deal");
        }
    }

    async fn resume(&self, _ctx: Context, _event: ResumedEvent) {
        tracing::info!("resumed the Discord gateway session");
        self.connection.set_connected();
    }

    async fn shard_stage_update(&self, _ctx: Context, event: ShardStageUpdateEvent) {
        match event.new {
            ConnectionStage::Connected => self.connection.set_connected(),
            stage => {
                tracing::warn!(?stage, "the Discord gateway connection is not up");
                self.connection
                    .set_disconnected(format!("disconnected from the Discord gateway ({stage})"));
            }
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
        let response = respond(&self.core, Some(&self.channels), &incoming, self.core.now()).await;
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
/// `proxy` is the origin replacing `https://discord.com` for API calls, and
/// `connection` tells `/readyz` whether the gateway is up; `channels` whether
/// a channel is private.
pub async fn run(
    core: Core,
    channels: Arc<ChannelLookup>,
    token: &str,
    proxy: Option<&str>,
    guild_ids: Vec<u64>,
    connection: ConnectionFlag,
) -> anyhow::Result<()> {
    let mut http = HttpBuilder::new(token);
    if let Some(origin) = proxy {
        http = http.proxy(origin).ratelimiter_disabled(true);
    }
    let handler = Handler {
        core,
        channels,
        guild_ids,
        connection: connection.clone(),
    };
    let mut client = ClientBuilder::new_with_http(http.build(), GatewayIntents::GUILDS)
        .event_handler(handler)
        .await?;
    let watch = tokio::spawn(watch_shards(
        client.shard_manager.clone(),
        connection.clone(),
    ));
    let result = client.start().await;
    watch.abort();
    connection.set_disconnected("the Discord gateway client stopped");
    result?;
    Ok(())
}

/// How often the shards are looked at.
const WATCH_EVERY: Duration = Duration::from_secs(1);

/// Marks `connection` down while no shard runs at all. Events tell the rest
/// (READY, RESUMED and stage changes, in [`Handler`]), but a lost connection
/// can end a shard's runner with no event: serenity then boots a new one and
/// keeps trying while the gateway is unreachable, and in between there is no
/// runner to report anything.
async fn watch_shards(manager: Arc<ShardManager>, connection: ConnectionFlag) {
    loop {
        tokio::time::sleep(WATCH_EVERY).await;
        if manager.runners.lock().await.is_empty() {
            connection.set_disconnected("disconnected from the Discord gateway (reconnecting)");
        }
    }
}
