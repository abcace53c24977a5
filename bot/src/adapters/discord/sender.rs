//! The outbox's [`Sender`] for Discord: opens the DM channel for a direct message
//! (`POST /users/@me/channels`, cached), posts the message, and classifies the
//! outcome once; the outbox worker decides about retries. A message with files
//! (a chart) goes as one multipart request ([`super::attachments`]); an edit of
//! a message it posted is a `PATCH` of that message.
//!
//! It talks HTTP itself (reqwest, the client serenity uses) against the
//! configured `[discord] api_url` rather than through serenity's `Http`: with its
//! rate limiter disabled (needed for another base URL), serenity reports a 429
//! without its `retry_after`, and the worker needs that delay.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use reqwest::StatusCode;
use secrecy::{ExposeSecret, SecretString};
use serde_json::{json, Value};

use super::attachments;
use super::markdown::is_snowflake;
use super::render::message;
use crate::adapters::text_out::Dialect;
use crate::core::reply::Span;
use crate::outbox::{
    Delivered, DeliveryError, Destination, MessageLimits, Outgoing, SendFuture, Sender,
};

/// Discord error codes the bot explains.
mod code {
    pub const UNKNOWN_CHANNEL: i64 = 10003;
    pub const UNKNOWN_MESSAGE: i64 = 10008;
    pub const MISSING_ACCESS: i64 = 50001;
    pub const CANNOT_DM_USER: i64 = 50007;
    pub const MISSING_PERMISSIONS: i64 = 50013;
}

/// Discord's longest message nonce.
const NONCE_LIMIT: usize = 25;

/// Delivers outbox messages to Discord.
pub struct DiscordSender {
    client: reqwest::Client,
    api_url: String,
    token: SecretString,
    /// DM channel ids by user id: opening a DM is idempotent but costs a call.
    dm_channels: Mutex<HashMap<String, String>>,
}

impl DiscordSender {
    /// A sender to the Discord API at `api_url` (such as
    /// `https://discord.com/api/v10`) with the bot `token`.
    pub fn new(api_url: &str, token: SecretString) -> anyhow::Result<Self> {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(15))
            .user_agent("DiscordBot (https://github.com/dealbot/dealbot, 0.1)")
            .build()?;
        Ok(DiscordSender {
            client,
            api_url: api_url.trim_end_matches('/').to_string(),
            token,
            dm_channels: Mutex::new(HashMap::new()),
        })
    }

    fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.client
            .request(method, format!("{}{path}", self.api_url))
            .header(
                "Authorization",
                format!("Bot {}", self.token.expose_secret()),
            )
    }

    async fn post(&self, path: &str, body: &Value) -> Result<Value, DeliveryError> {
        self.call(reqwest::Method::POST, path, body).await
    }

    /// A JSON request, and Discord's answer.
    async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        body: &Value,
    ) -> Result<Value, DeliveryError> {
        let request = self
            .request(method, path)
            .header("Content-Type", "application/json")
            .body(body.to_string());
        self.answer(request).await
    }

    /// Sends `request` and reads Discord's answer.
    async fn answer(&self, request: reqwest::RequestBuilder) -> Result<Value, DeliveryError> {
        let response = request
            .send()
            .await
            .map_err(|error| DeliveryError::Transient(format!("Discord unreachable: {error}")))?;
        let status = response.status();
        let header_delay = response
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<f64>().ok());
        let text = response.text().await.unwrap_or_default();
        let json: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        if status.is_success() {
            return Ok(json);
        }
        Err(classify(status, &json, header_delay))
    }

    async fn dm_channel(&self, user: &str) -> Result<String, DeliveryError> {
        if let Some(id) = self.cached_dm(user) {
            return Ok(id);
        }
        let channel = self
            .post("/users/@me/channels", &json!({ "recipient_id": user }))
            .await?;
        let id = channel["id"]
            .as_str()
            .ok_or_else(|| DeliveryError::Transient("Discord gave no DM channel id".into()))?
            .to_string();
        if let Ok(mut cache) = self.dm_channels.lock() {
            cache.insert(user.to_string(), id.clone());
        }
        Ok(id)
    }

    fn cached_dm(&self, user: &str) -> Option<String> {
        self.dm_channels.lock().ok()?.get(user).cloned()
    }

    async fn deliver(&self, outgoing: &Outgoing) -> Result<Delivered, DeliveryError> {
        let (channel, ping) = match &outgoing.destination {
            Destination::Channel(id) => (id.clone(), mentioned_users(outgoing)),
            Destination::DirectMessage(user) => (self.dm_channel(user).await?, Vec::new()),
        };
        if !is_snowflake(&channel) {
            return Err(DeliveryError::Permanent {
                reason: format!("\"{channel}\" is not a Discord channel id"),
                hint: "Subscribe again from the channel itself so the bot records its id.".into(),
            });
        }
        let mut body = message(&outgoing.reply, &ping);
        body["nonce"] = json!(nonce(&outgoing.key));
        body["enforce_nonce"] = json!(true);
        let path = format!("/channels/{channel}/messages");
        let files = &outgoing.reply.attachments;
        let posted = if files.is_empty() {
            self.post(&path, &body).await?
        } else {
            let body = attachments::describe(body, files);
            let form =
                attachments::form(&body, files).map_err(|error| DeliveryError::Permanent {
                    reason: format!("the chart cannot be sent: {error}"),
                    hint: "This is a bug in dealbot; the report's text is in /deal report.".into(),
                })?;
            self.answer(self.request(reqwest::Method::POST, &path).multipart(form))
                .await?
        };
        Ok(Delivered {
            message_id: posted["id"].as_str().map(str::to_string),
        })
    }
}

impl DiscordSender {
    /// Edits the message `posted` of the channel `outgoing` goes to
    /// (`PATCH /channels/{channel}/messages/{message}`); a message that is
    /// gone (10008, Unknown Message) is posted anew.
    async fn edit_posted(
        &self,
        outgoing: &Outgoing,
        posted: &str,
    ) -> Result<Delivered, DeliveryError> {
        let Destination::Channel(channel) = &outgoing.destination else {
            return self.deliver(outgoing).await;
        };
        if !is_snowflake(channel) || !is_snowflake(posted) {
            return self.deliver(outgoing).await;
        }
        let body = message(&outgoing.reply, &mentioned_users(outgoing));
        let path = format!("/channels/{channel}/messages/{posted}");
        match self.call(reqwest::Method::PATCH, &path, &body).await {
            Ok(_) => Ok(Delivered {
                message_id: Some(posted.to_string()),
            }),
            Err(DeliveryError::Permanent { reason, .. })
                if reason.starts_with(&format!("{}:", code::UNKNOWN_MESSAGE)) =>
            {
                self.deliver(outgoing).await
            }
            Err(error) => Err(error),
        }
    }
}

impl Sender for DiscordSender {
    fn send<'a>(&'a self, message: &'a Outgoing) -> SendFuture<'a> {
        Box::pin(self.deliver(message))
    }

    /// Files go in the message's own multipart request: one call, so a retry
    /// (with the same nonce) cannot post a second picture.
    fn posts_files(&self) -> bool {
        true
    }

    fn edit<'a>(&'a self, message: &'a Outgoing, posted: &'a str) -> SendFuture<'a> {
        Box::pin(self.edit_posted(message, posted))
    }

    /// Discord allows 50 requests a second per bot and about five messages in
    /// five seconds per channel.
    fn min_interval(&self) -> Duration {
        Duration::from_millis(1000)
    }

    /// A part's lines go in the embed's description, which `render` keeps within
    /// 4,096 characters and half of the 6,000 an embed may hold (after a title
    /// of at most 256): 2,800 characters as Discord will count them, markdown
    /// escapes, mentions and timestamps included.
    fn limits(&self) -> MessageLimits {
        MessageLimits {
            max_lines: 40,
            max_chars: 2_800,
            measure: <super::markdown::Markdown as Dialect>::line_len,
        }
    }
}

/// The users a channel post means to notify: those mentioned in its lines (the
/// owner of an overdue step, say), not those in its card or history.
fn mentioned_users(outgoing: &Outgoing) -> Vec<String> {
    let mut users: Vec<String> = Vec::new();
    for line in &outgoing.reply.lines {
        for span in &line.0 {
            if let Span::User(id) = span {
                if is_snowflake(id) && !users.contains(id) {
                    users.push(id.clone());
                }
            }
        }
    }
    users
}

/// The outbox key as a Discord nonce (at most 25 characters): as it is when
/// short enough, else a stable 64-bit FNV-1a hash of it in hex.
pub fn nonce(key: &str) -> String {
    if key.chars().count() <= NONCE_LIMIT {
        return key.to_string();
    }
    let hash = key.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("{hash:016x}")
}

/// What a failed call means for the outbox.
fn classify(status: StatusCode, json: &Value, header_delay: Option<f64>) -> DeliveryError {
    if status == StatusCode::TOO_MANY_REQUESTS {
        let seconds = json["retry_after"]
            .as_f64()
            .or(header_delay)
            .filter(|s| s.is_finite() && *s >= 0.0)
            .unwrap_or(1.0);
        return DeliveryError::RateLimited {
            retry_after: Duration::from_secs_f64(seconds),
        };
    }
    if status.is_server_error() {
        return DeliveryError::Transient(format!("Discord answered {status}"));
    }
    let code = json["code"].as_i64().unwrap_or_default();
    let said = json["message"].as_str().unwrap_or("no message");
    let reason = format!("{code}: {said}");
    let hint = match code {
        code::CANNOT_DM_USER => {
            "The user does not accept direct messages from this server's members; \
             they can allow them under Privacy Settings, or follow the deal in the channel."
        }
        code::UNKNOWN_CHANNEL => {
            "The channel no longer exists or is not visible to the bot: subscribe again \
             from a channel that exists."
        }
        code::MISSING_ACCESS | code::MISSING_PERMISSIONS => {
            "Give the bot View Channel, Send Messages, Embed Links and Attach Files in that channel."
        }
        _ if status == StatusCode::UNAUTHORIZED => {
            "Discord refused the bot token: check DISCORD_TOKEN."
        }
        _ => "Discord refused the message as it is; see the reason.",
    };
    DeliveryError::Permanent {
        reason,
        hint: hint.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rate_limits_keep_their_fractional_delay() {
        let error = classify(
            StatusCode::TOO_MANY_REQUESTS,
            &json!({"message": "You are being rate limited.", "retry_after": 1.25, "global": false}),
            None,
        );
        assert_eq!(
            error,
            DeliveryError::RateLimited {
                retry_after: Duration::from_millis(1250)
            }
        );
    }

    #[test]
    fn nonces_fit_discord() {
        assert_eq!(nonce("short"), "short");
        let long = nonce(&"k".repeat(80));
        assert_eq!(long.len(), 16);
        assert_eq!(long, nonce(&"k".repeat(80)));
    }
}
