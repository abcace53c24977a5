//! The one place the bot is assembled. [`App::build`] puts together the core,
//! every chat platform the secrets set up (its routes, its sender and that
//! sender's limits, its background tasks), the scheduler and the outbox
//! worker. `dealbot run`, `dealbot shell` and every integration test go
//! through it, so what is tested is what runs; tests may only point the
//! platforms' base URLs at fakes (configuration) and inject a [`Clock`].
//!
//! - `platform`: the shape each platform plugs in with.
//! - `run`: serving it all until shutdown.

mod platform;
mod run;

pub use platform::{AttachFuture, Attached, BackgroundTask, Platform};
pub use run::Listeners;

use std::collections::{HashMap, HashSet};

use axum::Router;
use dealbot_storage::Store;

use crate::adapters::shell::ShellSender;
use crate::clock::Clock;
use crate::config::{ConfigError, Secrets, Settings};
use crate::core::Core;
use crate::outbox::{OutboxWorker, RoundReport, Senders};
use crate::readiness::Readiness;
use crate::scheduler::{Scheduler, TickReport};

/// The whole bot, assembled and not yet running.
pub struct App {
    core: Core,
    scheduler: Scheduler,
    worker: OutboxWorker,
    readiness: Readiness,
    /// The platforms' routes, served on `[server] bind`.
    routes: Router,
    /// Started by [`App::run`]; behind a lock only so the app can be shared.
    tasks: std::sync::Mutex<Vec<(&'static str, BackgroundTask)>>,
}

impl App {
    /// The bot `dealbot run` runs: every platform the secrets set up, on the
    /// system clock. A platform half set up is refused, with the fix.
    pub async fn build(settings: Settings, secrets: Secrets, store: Store) -> anyhow::Result<App> {
        App::build_with_clock(settings, secrets, store, Clock::system()).await
    }

    /// [`App::build`] reading time from `clock`: for tests, and for demos of
    /// a chosen day. With a manual clock, time moves only when it is turned,
    /// so the scheduler and the worker run when [`App::catch_up`] is called.
    pub async fn build_with_clock(
        settings: Settings,
        secrets: Secrets,
        store: Store,
        clock: Clock,
    ) -> anyhow::Result<App> {
        let problems = crate::config::platform_problems(&secrets);
        if !problems.is_empty() {
            return Err(ConfigError::Invalid(problems).into());
        }
        let mut platforms: Vec<Box<dyn Platform>> = Vec::new();
        if let Some(slack) = crate::adapters::slack::platform(&settings, &secrets)? {
            platforms.push(Box::new(slack));
        }
        if let Some(discord) = crate::adapters::discord::platform(&settings, &secrets)? {
            platforms.push(Box::new(discord));
        }
        App::assemble(settings, store, clock, platforms).await
    }

    /// The bot `dealbot shell` runs: the console is its only platform, and what
    /// the bot posts on its own lands in `mailbox` for the console to print.
    pub async fn build_console(
        settings: Settings,
        store: Store,
        clock: Clock,
        mailbox: ShellSender,
    ) -> anyhow::Result<App> {
        let console = crate::adapters::shell::ShellPlatform::new(mailbox);
        App::assemble(settings, store, clock, vec![Box::new(console)]).await
    }

    async fn assemble(
        settings: Settings,
        store: Store,
        clock: Clock,
        platforms: Vec<Box<dyn Platform>>,
    ) -> anyhow::Result<App> {
        let mut senders = Senders::new();
        let mut limits = HashMap::new();
        let mut file_platforms = HashSet::new();
        let mut presence = HashMap::new();
        for platform in &platforms {
            if let Some(sender) = platform.sender() {
                limits.insert(platform.name().to_string(), sender.limits());
                if sender.posts_files() {
                    file_platforms.insert(platform.name().to_string());
                }
                senders = senders.with(platform.name(), sender);
            }
            if let Some(said) = platform.presence() {
                presence.insert(platform.name().to_string(), said);
            }
        }
        crate::telemetry::install();
        let outbox = settings.outbox.clone();
        let core = Core::new(
            store.clone(),
            settings,
            limits,
            file_platforms,
            clock.clone(),
        )?
        .with_presence(presence);
        let readiness = Readiness::with_database(store.clone());
        let mut routes = Router::new();
        let mut tasks = Vec::new();
        for platform in platforms {
            let attached = platform.attach(&core, &readiness).await?;
            routes = routes.merge(attached.routes);
            tasks.extend(attached.tasks);
        }
        let scheduler = Scheduler::new(core.clone());
        scheduler
            .install_configured_digests(&core.config().settings.digests, core.now())
            .await?;
        Ok(App {
            worker: OutboxWorker::new(store, senders, outbox, clock),
            scheduler,
            core,
            readiness,
            routes,
            tasks: std::sync::Mutex::new(tasks),
        })
    }

    /// The core every platform talks to.
    pub fn core(&self) -> &Core {
        &self.core
    }

    /// The app's clock.
    pub fn clock(&self) -> &Clock {
        self.core.clock()
    }

    /// What `/readyz` checks.
    pub fn readiness(&self) -> &Readiness {
        &self.readiness
    }

    /// The routes of the public server (`[server] bind`): the platforms',
    /// `/healthz` and the bare `/readyz`.
    pub fn router(&self) -> Router {
        crate::server::public_router(self.readiness.clone()).merge(self.routes.clone())
    }

    /// The routes of the admin server (`[server] admin_bind`): `/metrics` and
    /// the detailed `/readyz`.
    pub fn admin_router(&self) -> Router {
        crate::server::admin_router(self.core.clone(), self.readiness.clone())
    }

    /// Fires what is due by the clock and delivers what is queued, now: what
    /// the background loops do, done once. The shell runs it after each
    /// command; tests run it after turning a manual clock.
    pub async fn catch_up(&self) -> anyhow::Result<(TickReport, RoundReport)> {
        let fired = self.fire_due().await?;
        let delivered = self.deliver().await?;
        Ok((fired, delivered))
    }

    /// Fires the digests and nag sweeps due by the clock, queueing their
    /// messages, without delivering them.
    pub async fn fire_due(&self) -> anyhow::Result<TickReport> {
        self.scheduler.tick(self.core.now()).await
    }

    /// Delivers what is queued now, without firing schedules.
    pub async fn deliver(&self) -> anyhow::Result<RoundReport> {
        self.worker.drain().await
    }

    /// One round of the outbox worker: claims what is due by the clock and
    /// sends each once, as the worker's loop does between its pauses.
    pub async fn deliver_round(&self) -> anyhow::Result<RoundReport> {
        self.worker.run_once().await
    }
}
