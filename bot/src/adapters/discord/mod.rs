//! The Discord adapter: `/deal` as a real application command with typed options
//! and autocomplete, replies as embeds with buttons and a stage menu, in gateway
//! mode (`DISCORD_TOKEN`) or through the HTTP interactions endpoint
//! (`DISCORD_PUBLIC_KEY`); and the outbox [`Sender`](crate::outbox::Sender) for
//! the bot's own messages.

mod attachments;
pub mod channels;
pub mod commands;
pub mod endpoint;
pub mod gateway;
pub mod groups;
pub mod interaction;
pub mod markdown;
pub mod modals;
pub mod options;
pub mod people;
pub mod platform;
pub mod render;
pub mod sender;

pub use interaction::PLATFORM;
pub use platform::{platform, DiscordPlatform};
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
