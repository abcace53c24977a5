//! Messages the bot sends on its own (digests, nags, announcements): where they
//! go and what they say, queued in the outbox and delivered by a platform's
//! sender. Platforms are opaque names here.

use serde::{Deserialize, Serialize};

use super::reply::{Line, Reply};

/// Where a message goes, by platform id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Destination {
    /// A channel the bot is in.
    Channel(String),
    /// A direct message to a user (the sender opens the DM channel itself).
    DirectMessage(String),
}

/// One queued message, ready for its platform.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Outgoing {
    /// The adapter that delivers it (`slack`, `discord`, `shell`).
    pub platform: String,
    pub workspace: String,
    pub destination: Destination,
    pub reply: Reply,
    /// The outbox row's de-duplication key, unique per message; a platform that
    /// supports idempotent sends (Discord's `nonce`) can pass it on.
    pub key: String,
}

/// How much one message may carry on a platform, in the core's terms: the
/// digest is split into parts that each fit. Each platform's sender states its
/// own, measuring lines as it will render them (escapes, mentions and date
/// markup are longer than the plain text), so a part never has to be cut.
#[derive(Debug, Clone, Copy)]
pub struct MessageLimits {
    /// Lines of a reply's body (the title and fields aside).
    pub max_lines: usize,
    /// Characters of those lines together, as [`MessageLimits::measure`] counts
    /// them, one more for each line break.
    pub max_chars: usize,
    /// How many characters a line takes on the platform.
    pub measure: fn(&Line) -> usize,
}

impl MessageLimits {
    /// Characters `line` takes on the platform, with its line break.
    pub fn size_of(&self, line: &Line) -> usize {
        (self.measure)(line) + 1
    }
}

impl Default for MessageLimits {
    fn default() -> Self {
        MessageLimits {
            max_lines: 200,
            max_chars: 20_000,
            measure: Line::plain_len,
        }
    }
}

/// The outbox key of a destination: messages with the same key are delivered in
/// order and paced together.
pub fn channel_key(message: &Outgoing) -> String {
    let destination = match &message.destination {
        Destination::Channel(channel) => format!("channel:{channel}"),
        Destination::DirectMessage(user) => format!("dm:{user}"),
    };
    format!("{}:{}:{destination}", message.platform, message.workspace)
}

/// The outbox row for `message`; `fallback_channel` is where to mention the user
/// if a direct message is refused for good.
pub fn queue_message(
    message: &Outgoing,
    fallback_channel: Option<String>,
) -> anyhow::Result<dealbot_storage::NewMessage> {
    Ok(dealbot_storage::NewMessage {
        dedup_key: message.key.clone(),
        platform: message.platform.clone(),
        workspace: message.workspace.clone(),
        channel_key: channel_key(message),
        payload: serde_json::to_string(message)?,
        fallback_channel,
        notify_user: None,
    })
}
