//! Talking to the core as people would: a user in a workspace typing commands
//! at a fixed moment, getting replies back as plain text.

use chrono::{DateTime, TimeZone, Utc};
use dealbot::adapters::shell::{render, Colour};
use dealbot::config::Settings;
use dealbot::core::env::Invocation;
use dealbot::core::reply::{Reply, Visibility};
use dealbot::core::Core;
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

/// One person in one workspace, talking to a core.
#[derive(Clone)]
pub struct Session {
    pub core: Core,
    pub workspace: String,
    pub user: String,
    pub now: DateTime<Utc>,
}

impl Session {
    /// `user` in `workspace` on a core over `store` with the shipped settings.
    pub fn new(store: &Store, workspace: &str, user: &str) -> Session {
        let core = Core::new(store.clone(), shipped_settings()).expect("core starts");
        Session {
            core,
            workspace: workspace.to_string(),
            user: user.to_string(),
            now: monday_9am(),
        }
    }

    /// The same core and workspace, as another user.
    pub fn as_user(&self, user: &str) -> Session {
        Session {
            user: user.to_string(),
            ..self.clone()
        }
    }

    /// Runs a command and returns the reply.
    pub async fn reply(&self, text: &str) -> Reply {
        let invocation = Invocation {
            platform: "shell".to_string(),
            workspace: self.workspace.clone(),
            user: self.user.clone(),
            channel: Some("pipeline".to_string()),
            timezone: None,
            now: self.now,
        };
        self.core.handle(&invocation, text).await
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
}
