//! The app `dealbot run` assembles for Slack and Discord together
//! ([`App::build_with_clock`]), each platform's base URL pointed at a fresh
//! fake of it, on a manual clock, and not served: nothing runs in the
//! background, so a test turns the clock and drives the scheduler and the
//! outbox worker itself, one round at a time. What reached each platform is
//! read back from the fakes, every call stamped with the app's time when it
//! came.

use std::sync::Mutex;

use chrono::{DateTime, Utc};
use dealbot::app::App;
use dealbot::clock::Clock;
use dealbot::config::{Secrets, Settings};
use dealbot::core::env::Invocation;
use dealbot::core::reply::{Reply, Tone};
use dealbot::outbox::RoundReport;
use dealbot::scheduler::TickReport;
use dealbot_storage::Store;

use crate::discord_app::{discord_secrets, test_key, DISCORD_TOKEN};
use crate::fake_discord::{self, FakeDiscord};
use crate::fake_slack::{self, FakeSlack};
use crate::slack_bot::slack_secrets;

/// One call a fake received, and the app's time when it came.
#[derive(Debug, Clone)]
pub struct Stamped<C> {
    pub at: DateTime<Utc>,
    pub call: C,
}

/// The app with both platforms faked.
pub struct FakedPlatforms {
    pub app: App,
    pub slack: FakeSlack,
    pub discord: FakeDiscord,
    stamps: Mutex<Stamps>,
}

/// The app's time at each call to Slack and to Discord so far, in order.
#[derive(Clone, Default)]
struct Stamps {
    slack: Vec<DateTime<Utc>>,
    discord: Vec<DateTime<Utc>>,
}

impl FakedPlatforms {
    /// The app over `store` with `settings` at `at`, posting to a fresh fake
    /// Slack (where the bot is in `C-PIPELINE`) and a fresh fake Discord that
    /// knows `discord_channels`.
    pub async fn start(
        store: &Store,
        mut settings: Settings,
        at: DateTime<Utc>,
        discord_channels: &[&str],
    ) -> FakedPlatforms {
        let slack = FakeSlack::start().await;
        let discord = FakeDiscord::start(DISCORD_TOKEN, discord_channels).await;
        settings.slack.api_url = slack.api_url();
        settings.discord.api_url = discord.api_url.clone();
        let for_slack = slack_secrets();
        let secrets = Secrets {
            slack_bot_token: for_slack.slack_bot_token,
            slack_signing_secret: for_slack.slack_signing_secret,
            ..discord_secrets(&test_key())
        };
        let app = App::build_with_clock(settings, secrets, store.clone(), Clock::manual(at))
            .await
            .expect("the app builds");
        FakedPlatforms {
            app,
            slack,
            discord,
            stamps: Mutex::new(Stamps::default()),
        }
    }

    /// The app's time.
    pub fn now(&self) -> DateTime<Utc> {
        self.app.clock().now()
    }

    /// Sets the app's clock to `at`.
    pub fn set(&self, at: DateTime<Utc>) {
        self.stamp();
        self.app.clock().set(at);
    }

    /// Moves the app's clock on by `by`.
    pub fn advance(&self, by: chrono::Duration) {
        self.stamp();
        self.app.clock().advance(by);
    }

    /// Fires the digests and nags due by the app's clock (queued, not sent).
    pub async fn fire_due(&self) -> TickReport {
        self.app.fire_due().await.expect("scheduled work")
    }

    /// One round of the outbox worker at the app's time.
    pub async fn round(&self) -> RoundReport {
        let report = self.app.deliver_round().await.expect("a delivery round");
        self.stamp();
        report
    }

    /// `count` rounds, the clock moving on by `step` after each.
    pub async fn rounds(&self, count: usize, step: chrono::Duration) {
        for _ in 0..count {
            self.round().await;
            self.advance(step);
        }
    }

    /// Every call to the fake Slack so far, oldest first.
    pub fn slack_calls(&self) -> Vec<Stamped<fake_slack::Call>> {
        stamped(self.stamp().slack, self.slack.calls())
    }

    /// Every call to the fake Discord so far, oldest first.
    pub fn discord_calls(&self) -> Vec<Stamped<fake_discord::Call>> {
        stamped(self.stamp().discord, self.discord.calls())
    }

    /// `/deal <text>` typed by `user` of `workspace` on `platform` in `channel`
    /// at the app's time; the reply.
    pub async fn command(
        &self,
        platform: &str,
        workspace: &str,
        user: &str,
        channel: &str,
        text: &str,
    ) -> Reply {
        let admin = dealbot::core::people::Operator::shared();
        self.command_as(platform, workspace, user, channel, text, admin)
            .await
    }

    /// Like [`FakedPlatforms::command`], with `people` saying who the user is
    /// (an admin or not): [`FakedPlatforms::command`] types as an admin.
    pub async fn command_as(
        &self,
        platform: &str,
        workspace: &str,
        user: &str,
        channel: &str,
        text: &str,
        people: std::sync::Arc<dyn dealbot::core::people::People>,
    ) -> Reply {
        let invocation = Invocation {
            platform: platform.to_string(),
            workspace: workspace.to_string(),
            user: user.to_string(),
            channel: Some(channel.to_string()),
            channel_private: false,
            timezone: None,
            now: self.now(),
            people,
        };
        self.app.core().handle(&invocation, text).await
    }

    /// Like [`FakedPlatforms::command`], and the command must succeed.
    pub async fn ok(
        &self,
        platform: &str,
        workspace: &str,
        user: &str,
        channel: &str,
        text: &str,
    ) -> Reply {
        let reply = self.command(platform, workspace, user, channel, text).await;
        assert_ne!(reply.tone, Tone::Error, "`{text}` was refused: {reply:?}");
        reply
    }

    /// Stamps the calls that came since the last stamp with the app's time
    /// (the clock has not moved since: it moves only through this type), and
    /// gives all stamps so far.
    fn stamp(&self) -> Stamps {
        let now = self.now();
        let mut stamps = self.stamps.lock().expect("stamps");
        let slack = self.slack.calls().len().max(stamps.slack.len());
        stamps.slack.resize(slack, now);
        let discord = self.discord.calls().len().max(stamps.discord.len());
        stamps.discord.resize(discord, now);
        stamps.clone()
    }
}

fn stamped<C>(stamps: Vec<DateTime<Utc>>, calls: Vec<C>) -> Vec<Stamped<C>> {
    stamps
        .into_iter()
        .zip(calls)
        .map(|(at, call)| Stamped { at, call })
        .collect()
}
