//! The Slack adapter: `/deal` slash commands and button clicks in, Block Kit out.
//!
//! - `http`, `signature`: `POST /slack/commands` and `POST /slack/interactions`,
//!   each request verified against `SLACK_SIGNING_SECRET` before anything else
//!   happens.
//! - `events`: the Events API (`POST /slack/events`, Socket Mode's
//!   `events_api`), each event handled once; `home_view`: the App Home tab;
//!   `home_refresh`: republishing the homes a change made stale.
//! - `forms`, `modals`: forms (a new deal, a next step, a loss) as modals;
//!   `shortcut`: the "Add to a deal" message shortcut.
//! - `socket_mode`: the same commands, clicks and events over Socket Mode
//!   (`SLACK_APP_TOKEN`), for workspaces without a public URL.
//! - `commands`, `interactions`: a request as an [`Invocation`] for the core, and
//!   its [`Reply`] back as Slack expects it.
//! - `blocks`, `mrkdwn`: rendering within Slack's limits, user text escaped.
//! - `api`, `sender`, `errors`: the Web API for what the bot sends by itself.
//! - `setup`: all of it as one platform of the app, as the environment's secrets ask.

mod api;
mod blocks;
mod commands;
mod errors;
mod events;
mod forms;
mod home_refresh;
mod home_view;
mod http;
mod interactions;
mod modals;
mod mrkdwn;
mod people;
mod sender;
mod setup;
mod shortcut;
mod signature;
mod socket_mode;
mod upload;

use std::sync::Arc;

use dealbot_storage::workspace_key;
use secrecy::SecretString;
use tokio::sync::Notify;

pub use api::{client, Client, WebApi};
pub use blocks::{render, MAX_BLOCKS, MENU_ACTION};
pub use errors::{classify, from_code, problem_reply};
pub use home_refresh::HOME_REFRESH_EVERY;
pub use http::{router, BODY_LIMIT};
pub use sender::SlackSender;
pub use setup::{platform, SlackPlatform};
pub use signature::{verify, MAX_CLOCK_SKEW};
pub use socket_mode::run_socket_mode;

use crate::adapters::channel_privacy;
use crate::adapters::event_memory::EventMemory;
use crate::core::env::Invocation;
use crate::core::reply::{Reply, Tone};
use crate::core::Core;

/// The platform name on invocations and outbox rows.
pub const PLATFORM: &str = "slack";

/// Everything the Slack routes and Socket Mode need.
#[derive(Clone)]
pub struct SlackAdapter {
    core: Core,
    /// Checks HTTP requests; `None` (Socket Mode only): every HTTP request is refused.
    signing_secret: Option<SecretString>,
    /// Answers `response_url`s (no token needed).
    client: Arc<Client>,
    /// The Web API with the bot token, when `SLACK_BOT_TOKEN` is set: time zones
    /// and `chat.update` when a click carries no `response_url`.
    api: Option<Arc<WebApi>>,
    /// The events already handled (shared through the database).
    events: Arc<EventMemory>,
    /// Wakes the refresh of stale homes ([`home_refresh`]) after a change
    /// made here.
    home_bell: Arc<Notify>,
}

impl SlackAdapter {
    pub fn new(
        core: Core,
        signing_secret: Option<SecretString>,
        client: Arc<Client>,
        api: Option<Arc<WebApi>>,
    ) -> Self {
        let events = EventMemory::new(core.store().clone());
        SlackAdapter {
            core,
            signing_secret,
            client,
            api,
            events,
            home_bell: Arc::new(Notify::new()),
        }
    }

    /// Runs `text` as `user` of `team`, typed (or clicked) in `channel`, whose
    /// name the slash command may give (`privategroup` for a private one).
    async fn run(
        &self,
        team: &str,
        user: &str,
        channel: Option<&str>,
        channel_name: Option<&str>,
        text: &str,
    ) -> Reply {
        let invocation = self.invocation(team, user, channel, channel_name).await;
        let reply = self.core.handle(&invocation, text).await;
        if reply.tone == Tone::Success {
            self.ring_home_bell();
        }
        reply
    }

    /// Runs the command a click on a card carries, as `user` of `team` in
    /// `channel`: a change answered in one line comes with the card as it is
    /// now (see [`crate::core::Core::handle_click`]).
    async fn run_click(&self, team: &str, user: &str, channel: Option<&str>, text: &str) -> Reply {
        let invocation = self.invocation(team, user, channel, None).await;
        let reply = self.core.handle_click(&invocation, text).await;
        if reply.tone == Tone::Success {
            self.ring_home_bell();
        }
        reply
    }

    /// Who is asking, where, and when, as the core needs it.
    async fn invocation(
        &self,
        team: &str,
        user: &str,
        channel: Option<&str>,
        channel_name: Option<&str>,
    ) -> Invocation {
        let timezone = match &self.api {
            Some(api) => api.timezone(team, user).await,
            None => None,
        };
        let channel_private = match channel {
            Some(channel) => self.channel_private(team, channel, channel_name).await,
            None => false,
        };
        Invocation {
            platform: PLATFORM.to_string(),
            workspace: workspace_key(PLATFORM, team),
            user: user.to_string(),
            channel: channel.map(str::to_string),
            channel_private,
            timezone,
            now: self.core.now(),
            people: Arc::new(people::SlackPeople {
                api: self.api.clone(),
                team: team.to_string(),
                user: user.to_string(),
            }),
        }
    }

    /// Whether `channel` (named `name` in a slash command) is private: Slack
    /// names private channels `privategroup` and DMs `directmessage` in slash
    /// commands; otherwise `conversations.info` says. Without a bot token
    /// nobody can ask, and it counts as private.
    async fn channel_private(&self, team: &str, channel: &str, name: Option<&str>) -> bool {
        if name.is_some_and(|name| {
            matches!(name, "privategroup" | "directmessage") || name.starts_with("mpdm-")
        }) {
            return true;
        }
        match &self.api {
            Some(api) => api.channel_private(team, channel).await,
            None => channel_privacy::lookup_failed(PLATFORM, channel, &"no SLACK_BOT_TOKEN"),
        }
    }
}
