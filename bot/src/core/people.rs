//! Who the asker is to their platform, as the core may ask it: whether they
//! are one of its admins, and whether someone they name is a person it knows.
//! Each adapter answers for its platform (Slack asks `users.info`, Discord
//! reads the interaction); the core never learns which platform that is.
//! A question the platform could not answer right now is [`Unchecked`]: the
//! core then refuses what needed the answer, never allows it.
//!
//! [`Presence`] answers, with no asker, whether someone is away by their
//! status on the platform (Slack's out-of-office status), for the nag sweep.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

/// An answer that may take a call to the platform.
pub type Lookup<'a, T> = Pin<Box<dyn Future<Output = Result<T, Unchecked>> + Send + 'a>>;

/// The platform could not be asked, or did not answer; why, for the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unchecked(pub String);

/// Someone named in a command, as the platform knows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Known {
    /// A person in this workspace.
    Person,
    /// A bot or app: it cannot own deals.
    Bot,
    /// Nobody the platform knows here (a mistyped id, someone deactivated).
    Nobody,
}

/// The asker's platform, answering about the asker and the people they name.
pub trait People: Send + Sync {
    /// Who the platform's own admins are, for refusals: "Slack workspace
    /// admins and owners".
    fn admins_are(&self) -> &'static str;

    /// Whether the asker is one of the platform's own admins.
    fn asker_is_admin(&self) -> Lookup<'_, bool>;

    /// What the platform knows of `user` (a platform id) in this workspace.
    fn knows<'a>(&'a self, user: &'a str) -> Lookup<'a, Known>;
}

/// A platform's word on whether a person is away now by their status there
/// (a profile status of out of office), asked by the nag sweep.
pub trait Presence: Send + Sync {
    /// Whether `user` of `workspace` (a workspace key) is away at `now`.
    fn is_away<'a>(
        &'a self,
        workspace: &'a str,
        user: &'a str,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Lookup<'a, bool>;
}

impl fmt::Debug for dyn People {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("People")
            .field("admins_are", &self.admins_are())
            .finish_non_exhaustive()
    }
}

/// The operator's own console (`dealbot shell`): whoever types is an admin,
/// and any name is a person.
#[derive(Debug, Clone, Copy)]
pub struct Operator;

impl Operator {
    pub fn shared() -> Arc<dyn People> {
        Arc::new(Operator)
    }
}

impl People for Operator {
    fn admins_are(&self) -> &'static str {
        "whoever uses the console"
    }

    fn asker_is_admin(&self) -> Lookup<'_, bool> {
        Box::pin(async { Ok(true) })
    }

    fn knows<'a>(&'a self, _user: &'a str) -> Lookup<'a, Known> {
        Box::pin(async { Ok(Known::Person) })
    }
}
