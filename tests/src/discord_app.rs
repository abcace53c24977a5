//! The bot's HTTP server with its Discord route, on 127.0.0.1:0 over a fresh
//! database, and a client that signs interactions as Discord does (Ed25519 over
//! timestamp + body) with the test's own key.

use axum::Router;
use chrono::Utc;
use dealbot::clock::Clock;
use dealbot::config::Settings;
use dealbot::core::Core;
use dealbot_storage::Store;
use ed25519_dalek::{Signer, SigningKey};
use serde_json::{json, Value};

use crate::fake_discord::FakeDiscord;
use crate::served::{secrets, Served};
use crate::session::shipped_settings;

/// The bot token the fake Discord accepts.
pub const DISCORD_TOKEN: &str = "discord-bot-token";

/// The application id `/deal` is registered under.
pub const APPLICATION_ID: &str = "1100000000000000001";

/// The channel interactions come from (the bot can post there).
pub const DISCORD_CHANNEL: &str = "555000000000000001";

/// A running bot, and how to talk to it as Discord.
pub struct DiscordApp {
    pub url: String,
    pub addr: std::net::SocketAddr,
    /// The routes the server serves, to call in-process.
    pub router: Router,
    pub core: Core,
    /// The fake Discord API the bot posts to.
    pub fake: FakeDiscord,
    /// The running app.
    pub served: Served,
    key: SigningKey,
    client: reqwest::Client,
}

/// The fixed key pair the test app's `DISCORD_PUBLIC_KEY` is the public half of.
pub fn test_key() -> SigningKey {
    SigningKey::from_bytes(&[7u8; 32])
}

/// The test key pair's public key, as `DISCORD_PUBLIC_KEY` holds it.
pub fn public_key_hex(key: &SigningKey) -> String {
    key.verifying_key()
        .to_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The secrets `dealbot run` gets for Discord over HTTP interactions.
pub fn discord_secrets(key: &SigningKey) -> dealbot::config::Secrets {
    secrets(&[
        ("DISCORD_PUBLIC_KEY", &public_key_hex(key)),
        ("DISCORD_TOKEN", DISCORD_TOKEN),
        ("DISCORD_APPLICATION_ID", APPLICATION_ID),
    ])
}

/// What the bot answered.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub json: Value,
}

impl DiscordApp {
    /// `dealbot run` over `store` for Discord's HTTP interactions, with the
    /// public key of a fixed test key pair and a fresh fake Discord API.
    pub async fn spawn(store: &Store) -> DiscordApp {
        DiscordApp::spawn_with(store, shipped_settings(), Clock::system()).await
    }

    /// [`DiscordApp::spawn`] on a manual clock set to now, so the scheduler
    /// and worker loops stay still: whatever the store holds afterwards was
    /// stored by the requests a test sends.
    pub async fn spawn_quiet(store: &Store) -> DiscordApp {
        DiscordApp::spawn_with(store, shipped_settings(), Clock::manual(Utc::now())).await
    }

    /// [`DiscordApp::spawn`] with `settings` (its Discord URL pointed at the
    /// fake) and `clock`.
    pub async fn spawn_with(store: &Store, mut settings: Settings, clock: Clock) -> DiscordApp {
        let key = test_key();
        let fake = FakeDiscord::start(DISCORD_TOKEN, &[DISCORD_CHANNEL]).await;
        settings.discord.api_url = fake.api_url.clone();
        let served = Served::start(settings, discord_secrets(&key), store, clock).await;
        DiscordApp {
            url: format!("{}/discord/interactions", served.url()),
            addr: served.addr,
            router: served.app.router(),
            core: served.core().clone(),
            fake,
            served,
            key,
            client: reqwest::Client::new(),
        }
    }

    /// Fires what is due and delivers what is queued, now.
    pub async fn catch_up(&self) {
        self.served.catch_up().await;
    }

    /// The signature headers for `body` at `timestamp`, signed by `key`.
    pub fn sign_with(key: &SigningKey, timestamp: &str, body: &str) -> String {
        Self::sign_bytes(key, timestamp, body.as_bytes())
    }

    /// [`DiscordApp::sign_with`] for any body bytes.
    pub fn sign_bytes(key: &SigningKey, timestamp: &str, body: &[u8]) -> String {
        let signature = key.sign(&[timestamp.as_bytes(), body].concat());
        signature
            .to_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    pub fn key(&self) -> &SigningKey {
        &self.key
    }

    /// Posts `body` with exactly these signature headers (any may be absent).
    pub async fn post_raw(
        &self,
        body: &str,
        signature: Option<&str>,
        timestamp: Option<&str>,
    ) -> Answer {
        let mut request = self
            .client
            .post(&self.url)
            .header("content-type", "application/json")
            .body(body.to_string());
        if let Some(signature) = signature {
            request = request.header("X-Signature-Ed25519", signature);
        }
        if let Some(timestamp) = timestamp {
            request = request.header("X-Signature-Timestamp", timestamp);
        }
        let response = request.send().await.expect("bot reachable");
        let status = response.status().as_u16();
        let text = response.text().await.expect("body");
        Answer {
            status,
            json: serde_json::from_str(&text).unwrap_or(Value::String(text)),
        }
    }

    /// Signs `interaction` now and posts it.
    pub async fn send(&self, interaction: &Value) -> Answer {
        let body = interaction.to_string();
        let timestamp = Utc::now().timestamp().to_string();
        let signature = Self::sign_with(&self.key, &timestamp, &body);
        self.post_raw(&body, Some(&signature), Some(&timestamp))
            .await
    }
}

/// The common part of every interaction from `user` in `guild`.
fn base(kind: u8, guild: &str, user: &str) -> Value {
    json!({
        "id": uuid::Uuid::new_v4().as_u128().to_string()[..18],
        "application_id": "111111111111111111",
        "type": kind,
        "token": "interaction-token",
        "version": 1,
        "guild_id": guild,
        "channel_id": "555000000000000001",
        "member": {
            "user": { "id": user, "username": format!("user{user}"), "discriminator": "0", "global_name": null, "avatar": null },
            "roles": [], "joined_at": "2026-01-01T00:00:00Z", "deaf": false, "mute": false, "flags": 0, "permissions": "2147483647"
        },
        "locale": "en-US",
        "guild_locale": "en-US",
        "app_permissions": "2147483647",
        "entitlements": [],
        "authorizing_integration_owners": { "0": guild },
        "context": 0,
        "attachment_size_limit": 10485760
    })
}

/// `/deal <subcommand>` with `options` (name, value) as Discord sends them: a
/// user option (type 6) carries the user's id, and the user is in
/// `data.resolved.users`.
pub fn command(guild: &str, user: &str, subcommand: &str, options: &[(&str, Value)]) -> Value {
    let mut interaction = base(2, guild, user);
    let spec = dealbot::core::command::spec(subcommand);
    let is_user = |name: &str| {
        spec.and_then(|spec| spec.args.iter().find(|arg| arg.name == name))
            .is_some_and(|arg| arg.kind == dealbot::core::command::ArgKind::User)
    };
    let mut resolved = serde_json::Map::new();
    let options: Vec<Value> = options
        .iter()
        .map(|(name, value)| {
            let kind = match value {
                Value::Bool(_) => 5,
                Value::String(id) if is_user(name) => {
                    resolved.insert(id.clone(), user_object(id, false));
                    6
                }
                _ => 3,
            };
            json!({ "name": name, "type": kind, "value": value })
        })
        .collect();
    interaction["data"] = json!({
        "id": "222222222222222222", "name": "deal", "type": 1,
        "options": [{ "name": subcommand, "type": 1, "options": options }]
    });
    if !resolved.is_empty() {
        interaction["data"]["resolved"] = json!({ "users": resolved });
    }
    interaction
}

/// A Discord user object, as `resolved.users` holds it.
pub fn user_object(id: &str, bot: bool) -> Value {
    json!({
        "id": id, "username": format!("user{id}"), "discriminator": "0",
        "global_name": null, "avatar": null, "bot": bot
    })
}

/// `interaction` from a member whose permissions in the channel are `bits`
/// (the helpers above send members with every permission).
pub fn with_permissions(mut interaction: Value, bits: u64) -> Value {
    interaction["member"]["permissions"] = json!(bits.to_string());
    interaction
}

/// `interaction` as if it came from `channel`.
pub fn in_channel(mut interaction: Value, channel: &str) -> Value {
    interaction["channel_id"] = json!(channel);
    interaction
}

/// Autocomplete of option `focused` (typed so far) of `/deal <subcommand>`.
pub fn autocomplete(
    guild: &str,
    user: &str,
    subcommand: &str,
    others: &[(&str, Value)],
    focused: (&str, &str),
) -> Value {
    let mut interaction = command(guild, user, subcommand, others);
    interaction["type"] = json!(4);
    let options = interaction["data"]["options"][0]["options"]
        .as_array_mut()
        .expect("options");
    options.push(json!({ "name": focused.0, "type": 3, "value": focused.1, "focused": true }));
    interaction
}

/// A click on a button whose `custom_id` is `custom_id`.
pub fn click(guild: &str, user: &str, custom_id: &str) -> Value {
    let mut interaction = base(3, guild, user);
    interaction["data"] = json!({ "custom_id": custom_id, "component_type": 2 });
    interaction["message"] = card_message();
    interaction
}

/// The bot's message a button or menu sits on, as Discord includes it.
fn card_message() -> Value {
    json!({
        "id": "333333333333333333", "channel_id": "555000000000000001", "type": 0,
        "author": { "id": "111111111111111111", "username": "dealbot", "discriminator": "0", "global_name": null, "avatar": null, "bot": true },
        "content": "", "timestamp": "2026-11-23T09:00:00Z", "edited_timestamp": null,
        "tts": false, "mention_everyone": false, "mentions": [], "mention_roles": [],
        "attachments": [], "embeds": [], "pinned": false, "flags": 0, "components": []
    })
}

/// A choice in the select menu `custom_id` of the option whose value is `value`.
pub fn choose(guild: &str, user: &str, custom_id: &str, value: &str) -> Value {
    let mut interaction = base(3, guild, user);
    interaction["data"] = json!({ "custom_id": custom_id, "component_type": 3, "values": [value] });
    interaction["message"] = card_message();
    interaction
}

/// `interaction` with its subcommand inside the group Discord shows it in
/// (`/deal fix delete`), when it is in one.
pub fn in_its_group(mut interaction: Value) -> Value {
    let sub = interaction["data"]["options"][0]["name"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    if let Some(group) = dealbot::adapters::discord::groups::group_of(&sub) {
        let inner = interaction["data"]["options"][0].take();
        interaction["data"]["options"] =
            json!([{ "name": group.name, "type": 2, "options": [inner] }]);
    }
    interaction
}

/// The submission (interaction type 5) of the modal `custom_id` with the text
/// inputs' `values` (custom id, typed text), as Discord sends it.
pub fn modal_submit(guild: &str, user: &str, custom_id: &str, values: &[(&str, &str)]) -> Value {
    let mut interaction = base(5, guild, user);
    let rows: Vec<Value> = values
        .iter()
        .map(|(id, value)| {
            json!({"type": 1, "components": [{"type": 4, "custom_id": id, "value": value}]})
        })
        .collect();
    interaction["data"] = json!({ "custom_id": custom_id, "components": rows });
    interaction
}
