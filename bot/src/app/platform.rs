//! The one shape every chat platform plugs into the app with: a name, the
//! sender of the bot's own messages (and with it the limits a digest is split
//! to), and, once the core exists, the routes it serves and the background
//! tasks it runs (Socket Mode, the Discord gateway).

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use axum::Router;

use crate::core::people::Presence;
use crate::core::Core;
use crate::outbox::Sender;
use crate::readiness::Readiness;

/// A task a platform runs beside the server until the app stops.
pub type BackgroundTask = Pin<Box<dyn Future<Output = ()> + Send + 'static>>;

/// The future [`Platform::attach`] returns.
pub type AttachFuture<'a> = Pin<Box<dyn Future<Output = anyhow::Result<Attached>> + Send + 'a>>;

/// What a platform serves once the core exists.
#[derive(Default)]
pub struct Attached {
    /// Routes merged into the public HTTP server.
    pub routes: Router,
    /// Tasks started by [`crate::app::App::run`], each with a name for the logs.
    pub tasks: Vec<(&'static str, BackgroundTask)>,
}

/// One way people reach the bot: Slack, Discord, the shell.
pub trait Platform: Send {
    /// The platform's name on invocations and outbox rows (`slack`, …).
    fn name(&self) -> &'static str;

    /// What delivers the bot's own messages here; `None` when the platform
    /// cannot post (Slack without a bot token). Its limits decide how a digest
    /// for this platform is split.
    fn sender(&self) -> Option<Arc<dyn Sender>>;

    /// Its word on whether someone is away by their status there, if it is
    /// configured to give one (Slack's `status_means_away`).
    fn presence(&self) -> Option<Arc<dyn Presence>> {
        None
    }

    /// The routes and tasks, given the core they talk to; readiness checks
    /// (a connection flag for a socket, say) are added to `readiness`.
    fn attach<'a>(self: Box<Self>, core: &'a Core, readiness: &'a Readiness) -> AttachFuture<'a>;
}
