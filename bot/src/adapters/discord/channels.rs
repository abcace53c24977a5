//! Whether a Discord channel is private: `GET /channels/{channel.id}` with the
//! bot token, and the channel's permission overwrite for the everyone role
//! (the role whose id is the server's id) denying VIEW_CHANNEL. A private
//! thread is private; a public thread is as private as the channel it is in.
//! Answers are remembered briefly ([`PrivacyCache`]); a lookup that fails
//! counts as private.

use std::time::Duration;

use reqwest::StatusCode;
use secrecy::{ExposeSecret, SecretString};
use serde_json::Value;

use super::PLATFORM;
use crate::adapters::channel_privacy::{lookup_failed, PrivacyCache};

/// The VIEW_CHANNEL permission bit.
pub const VIEW_CHANNEL: u64 = 1 << 10;

/// Channel types that say it by themselves.
mod kind {
    pub const DM: u64 = 1;
    pub const GROUP_DM: u64 = 3;
    pub const ANNOUNCEMENT_THREAD: u64 = 10;
    pub const PUBLIC_THREAD: u64 = 11;
    pub const PRIVATE_THREAD: u64 = 12;
}

/// Overwrite type of a role (1 is a member).
const ROLE_OVERWRITE: u64 = 0;

/// How long one lookup may take: the interaction must be answered within 3 s.
const LOOKUP_TIMEOUT: Duration = Duration::from_millis(1500);

/// Asks Discord about channels, with the bot token.
pub struct ChannelLookup {
    client: reqwest::Client,
    api_url: String,
    token: SecretString,
    cache: PrivacyCache,
}

impl ChannelLookup {
    /// Lookups against `api_url` (such as `https://discord.com/api/v10`).
    pub fn new(api_url: &str, token: SecretString) -> anyhow::Result<Self> {
        let client = reqwest::Client::builder()
            .timeout(LOOKUP_TIMEOUT)
            .user_agent("DiscordBot (https://github.com/dealbot/dealbot, 0.1)")
            .build()?;
        Ok(ChannelLookup {
            client,
            api_url: api_url.trim_end_matches('/').to_string(),
            token,
            cache: PrivacyCache::new(),
        })
    }

    /// Whether `channel` of server `guild` is hidden from the everyone role.
    pub async fn is_private(&self, guild: &str, channel: &str) -> bool {
        if let Some(private) = self.cache.get(guild, channel) {
            return private;
        }
        let private = match self.get_channel(channel).await {
            Ok(found) => match thread_parent(&found) {
                Some(parent) => match self.get_channel(&parent).await {
                    Ok(parent) => hidden_from_everyone(&parent, guild),
                    Err(why) => return lookup_failed(PLATFORM, channel, &why),
                },
                None => hidden_from_everyone(&found, guild),
            },
            Err(why) => return lookup_failed(PLATFORM, channel, &why),
        };
        self.cache.put(guild, channel, private);
        private
    }

    async fn get_channel(&self, channel: &str) -> Result<Value, String> {
        let response = self
            .client
            .get(format!("{}/channels/{channel}", self.api_url))
            .header(
                "Authorization",
                format!("Bot {}", self.token.expose_secret()),
            )
            .send()
            .await
            .map_err(|error| format!("Discord unreachable: {error}"))?;
        let status = response.status();
        let text = response.text().await.unwrap_or_default();
        if status != StatusCode::OK {
            return Err(format!("GET /channels/{channel} answered {status}: {text}"));
        }
        serde_json::from_str(&text).map_err(|error| format!("not a channel ({error}): {text}"))
    }
}

/// The channel a public thread is in, whose overwrites decide for it.
fn thread_parent(channel: &Value) -> Option<String> {
    let kind = channel["type"].as_u64()?;
    if kind == kind::ANNOUNCEMENT_THREAD || kind == kind::PUBLIC_THREAD {
        return channel["parent_id"].as_str().map(str::to_string);
    }
    None
}

/// Whether `channel` (as `GET /channels/{id}` gives it) is one the everyone
/// role of `guild` cannot see; DMs and private threads always are.
pub fn hidden_from_everyone(channel: &Value, guild: &str) -> bool {
    if let Some(kind::DM | kind::GROUP_DM | kind::PRIVATE_THREAD) = channel["type"].as_u64() {
        return true;
    }
    channel["permission_overwrites"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|overwrite| {
            overwrite["id"].as_str() == Some(guild)
                && overwrite["type"].as_u64() == Some(ROLE_OVERWRITE)
        })
        .any(|overwrite| {
            overwrite["deny"]
                .as_str()
                .and_then(|deny| deny.parse::<u64>().ok())
                .is_some_and(|deny| deny & VIEW_CHANNEL != 0)
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const GUILD: &str = "100000000000000001";

    fn channel(overwrites: Value) -> Value {
        json!({ "id": "555000000000000002", "type": 0, "guild_id": GUILD,
                "permission_overwrites": overwrites })
    }

    #[test]
    fn a_channel_is_private_when_everyone_is_denied_view_channel() {
        let denied = json!([{ "id": GUILD, "type": 0, "allow": "0", "deny": "1024" }]);
        assert!(hidden_from_everyone(&channel(denied), GUILD));
        let other_role =
            json!([{ "id": "100000000000000009", "type": 0, "allow": "0", "deny": "1024" }]);
        assert!(!hidden_from_everyone(&channel(other_role), GUILD));
        let send_only = json!([{ "id": GUILD, "type": 0, "allow": "0", "deny": "2048" }]);
        assert!(!hidden_from_everyone(&channel(send_only), GUILD));
        let member = json!([{ "id": GUILD, "type": 1, "allow": "0", "deny": "1024" }]);
        assert!(!hidden_from_everyone(&channel(member), GUILD));
        assert!(!hidden_from_everyone(&channel(json!([])), GUILD));
        assert!(hidden_from_everyone(
            &json!({ "id": "1", "type": 12 }),
            GUILD
        ));
    }
}
