//! Talking to the bot as people would: a user in a workspace typing commands
//! at a chosen moment, getting replies back as plain text. A session runs the
//! app `dealbot shell` runs ([`App::build_console`]), on a manual clock set to
//! the session's `now`; what the bot posts on its own lands in its mailbox.

use std::sync::Arc;

use chrono::{DateTime, TimeZone, Utc};
use dealbot::adapters::shell::{render, Colour, ShellSender};
use dealbot::app::App;
use dealbot::clock::Clock;
use dealbot::config::Settings;
use dealbot::core::digest::{digest_parts, DigestScope};
use dealbot::core::env::Invocation;
use dealbot::core::outgoing::MessageLimits;
use dealbot::core::people::{Known, Lookup, Operator, People};
use dealbot::core::reply::{Reply, Visibility};
use dealbot::core::Core;
use dealbot::outbox::RoundReport;
use dealbot::scheduler::TickReport;
use dealbot_storage::Store;

/// The shipped `config/dealbot.toml`, validated.
pub fn shipped_settings() -> Settings {
    Settings::load(std::path::Path::new(crate::SHIPPED_CONFIG), true)
        .and_then(Settings::validated)
        .expect("the shipped configuration is valid")
}

/// Monday 23 November 2026, 09:00 UTC: the tests' "now".
pub fn monday_9am() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0)
        .single()
        .expect("a valid moment")
}

/// One person in one workspace, talking to the bot.
#[derive(Clone)]
pub struct Session {
    /// The console app; clones of a session share it.
    pub app: Arc<App>,
    pub core: Core,
    /// Where the bot's own posts (digests, reminders, announcements) land.
    pub mailbox: ShellSender,
    pub workspace: String,
    pub user: String,
    /// The moment commands are typed at; the app's clock is set to it first.
    pub now: DateTime<Utc>,
    /// What the platform says of the user: the console's operator (an admin)
    /// unless made a plain member with [`Session::as_member`].
    pub people: Arc<dyn People>,
}

/// A platform's plain member: no admin, and everyone they name is a person.
struct PlainMember;

/// What a platform says of a plain member: no admin.
pub fn plain_member() -> Arc<dyn People> {
    Arc::new(PlainMember)
}

impl People for PlainMember {
    fn admins_are(&self) -> &'static str {
        "the workspace's admins"
    }

    fn asker_is_admin(&self) -> Lookup<'_, bool> {
        Box::pin(async { Ok(false) })
    }

    fn knows<'a>(&'a self, _user: &'a str) -> Lookup<'a, Known> {
        Box::pin(async { Ok(Known::Person) })
    }
}

impl Session {
    /// `user` in `workspace` of the console app over `store`, configured as shipped.
    pub async fn new(store: &Store, workspace: &str, user: &str) -> Session {
        Session::with_settings(store, shipped_settings(), workspace, user).await
    }

    /// [`Session::new`] with other `settings`.
    pub async fn with_settings(
        store: &Store,
        settings: Settings,
        workspace: &str,
        user: &str,
    ) -> Session {
        let mailbox = ShellSender::new();
        let app = App::build_console(
            settings,
            store.clone(),
            Clock::manual(monday_9am()),
            mailbox.clone(),
        )
        .await
        .expect("the console app builds");
        Session {
            core: app.core().clone(),
            app: Arc::new(app),
            mailbox,
            workspace: workspace.to_string(),
            user: user.to_string(),
            now: monday_9am(),
            people: Operator::shared(),
        }
    }

    /// The same app and workspace, as another user.
    pub fn as_user(&self, user: &str) -> Session {
        Session {
            user: user.to_string(),
            ..self.clone()
        }
    }

    /// The same app and workspace, as `user`, a member who is no admin.
    pub fn as_member(&self, user: &str) -> Session {
        Session {
            people: Arc::new(PlainMember),
            ..self.as_user(user)
        }
    }

    /// Runs a command and returns the reply.
    pub async fn reply(&self, text: &str) -> Reply {
        self.app.clock().set(self.now);
        let invocation = Invocation {
            platform: "shell".to_string(),
            workspace: self.workspace.clone(),
            user: self.user.clone(),
            channel: Some("pipeline".to_string()),
            channel_private: false,
            timezone: None,
            now: self.now,
            people: self.people.clone(),
        };
        self.core.handle(&invocation, text).await
    }

    /// Fires what is due at the session's `now` and delivers what is queued
    /// to the mailbox, as the shell does after each command.
    pub async fn catch_up(&self) -> (TickReport, RoundReport) {
        self.app.clock().set(self.now);
        self.app
            .catch_up()
            .await
            .expect("scheduled work and delivery")
    }

    /// Everything delivered to the mailbox since last asked, as the shell prints it.
    pub fn posted(&self) -> Vec<String> {
        self.mailbox.take_printed(Colour::Off)
    }

    /// Delivers what is queued, then everything the channel was posted since
    /// last asked (new posts, and updates of a post in place), as printed.
    pub async fn channel_posts(&self) -> Vec<String> {
        self.catch_up().await;
        self.posted()
            .into_iter()
            .filter(|post| {
                post.starts_with("── posted to #") || post.starts_with("── updated in #")
            })
            .collect()
    }

    /// Asserts that the change answered privately with `answer` (as printed)
    /// was announced in the channel: a post delivered from the outbox (or an
    /// update of the post of this person's quick changes to the deal) that
    /// says what the answer's first line says.
    pub async fn assert_announced(&self, answer: &str) {
        let first = answer
            .lines()
            .next()
            .unwrap_or_default()
            .trim_start_matches("✓ ");
        let posts = self.channel_posts().await;
        assert!(
            posts.iter().any(|post| post.contains(first)),
            "the channel was told \"{first}\": {posts:#?}"
        );
    }

    /// Runs a command and returns the reply as the shell prints it.
    pub async fn say(&self, text: &str) -> String {
        render(&self.reply(text).await, Colour::Off)
    }

    /// Runs a command that must succeed; returns the text and whether it was public.
    pub async fn ok(&self, text: &str) -> (String, Visibility) {
        let reply = self.reply(text).await;
        let rendered = render(&reply, Colour::Off);
        assert_ne!(
            reply.tone,
            dealbot::core::reply::Tone::Error,
            "`{text}` failed:\n{rendered}"
        );
        (rendered, reply.visibility)
    }

    /// Runs a command that must be refused; returns the refusal text.
    pub async fn refused(&self, text: &str) -> String {
        let reply = self.reply(text).await;
        let rendered = render(&reply, Colour::Off);
        assert_eq!(
            reply.tone,
            dealbot::core::reply::Tone::Error,
            "`{text}` should have been refused:\n{rendered}"
        );
        assert_eq!(
            reply.visibility,
            Visibility::Private,
            "refusals are private"
        );
        rendered
    }

    /// The digest of the session's whole workspace as it stands at `now`
    /// (changes counted from `since`), in UTC with the default message limits.
    pub async fn workspace_digest(
        &self,
        since: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Vec<Reply> {
        let scope = DigestScope {
            workspace: self.workspace.clone(),
            ..DigestScope::default()
        };
        digest_parts(
            self.core.store(),
            self.core.config(),
            &scope,
            since,
            now,
            chrono_tz::UTC,
            MessageLimits::default(),
        )
        .await
        .expect("digest")
    }
}

/// `user` of `db`'s `workspace` at `now`, in `zone` when given (chosen with
/// `tz`, as the user would), else in the shipped default (UTC).
pub async fn member(
    db: &crate::TestDb,
    workspace: &str,
    user: &str,
    zone: Option<&str>,
    now: DateTime<Utc>,
) -> Session {
    let session = Session {
        now,
        ..Session::new(&db.store, workspace, user).await
    };
    if let Some(zone) = zone {
        session.ok(&format!("tz {zone}")).await;
    }
    session
}
