//! Replicas of the bot on one database: console apps (what `dealbot shell`
//! builds, [`App::build_console`]) over the same store, sharing one manual
//! clock, each delivering to its own mailbox. A test turns the clock and has
//! each replica fire what is due and run one outbox round, as their loops
//! would; what they delivered, together, is kept in one log, each message with
//! the time it was delivered.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use chrono::{DateTime, Utc};
use dealbot::adapters::shell::ShellSender;
use dealbot::app::App;
use dealbot::clock::Clock;
use dealbot::config::Settings;
use dealbot::outbox::{Destination, Outgoing};
use dealbot_storage::Store;

use crate::session::shipped_settings;

/// One message a replica delivered, and when.
#[derive(Debug, Clone)]
pub struct Delivery {
    pub at: DateTime<Utc>,
    pub message: Outgoing,
}

impl Delivery {
    /// The outbox key (`digest:…`, `nag:…`): what the message is.
    pub fn key(&self) -> &str {
        &self.message.key
    }

    /// Where it went: `#channel` or `@user` for a direct message.
    pub fn destination(&self) -> String {
        match &self.message.destination {
            Destination::Channel(channel) => format!("#{channel}"),
            Destination::DirectMessage(user) => format!("@{user}"),
        }
    }

    /// Its lines, as plain text.
    pub fn lines(&self) -> Vec<String> {
        self.message.reply.lines.iter().map(|l| l.plain()).collect()
    }
}

/// The replicas, their clock, and what they delivered.
pub struct Replicas {
    clock: Clock,
    apps: Vec<(App, ShellSender)>,
    delivered: Mutex<Vec<Delivery>>,
    /// Which replica goes first in the next step.
    turn: AtomicUsize,
}

impl Replicas {
    /// `count` replicas over `store`, configured as shipped, their clock at `at`.
    pub async fn start(store: &Store, count: usize, at: DateTime<Utc>) -> Replicas {
        Replicas::start_with(store, count, at, shipped_settings()).await
    }

    /// [`Replicas::start`] with other `settings` (holidays, say).
    pub async fn start_with(
        store: &Store,
        count: usize,
        at: DateTime<Utc>,
        settings: Settings,
    ) -> Replicas {
        let clock = Clock::manual(at);
        let mut apps = Vec::new();
        for _ in 0..count {
            let mailbox = ShellSender::new();
            let app = App::build_console(
                settings.clone(),
                store.clone(),
                clock.clone(),
                mailbox.clone(),
            )
            .await
            .expect("a replica builds");
            apps.push((app, mailbox));
        }
        Replicas {
            clock,
            apps,
            delivered: Mutex::new(Vec::new()),
            turn: AtomicUsize::new(0),
        }
    }

    /// The clock they share.
    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    /// Sets the clock to `now`; then each replica, starting with another one
    /// each step, fires what is due and runs one outbox round.
    pub async fn step(&self, now: DateTime<Utc>) {
        self.clock.set(now);
        let first = self.turn.fetch_add(1, Ordering::Relaxed);
        for i in 0..self.apps.len() {
            let (app, mailbox) = &self.apps[(first + i) % self.apps.len()];
            app.fire_due().await.expect("scheduled work");
            app.deliver_round().await.expect("a delivery round");
            let mut delivered = self.delivered.lock().expect("deliveries");
            delivered.extend(
                mailbox
                    .take()
                    .into_iter()
                    .map(|message| Delivery { at: now, message }),
            );
        }
    }

    /// Steps from `from` to `to` (not included) every `step`, as the replicas'
    /// loops would run.
    pub async fn simulate(&self, from: DateTime<Utc>, to: DateTime<Utc>, step: chrono::Duration) {
        let mut now = from;
        while now < to {
            self.step(now).await;
            now += step;
        }
    }

    /// Everything delivered so far, in the order it was delivered.
    pub fn delivered(&self) -> Vec<Delivery> {
        self.delivered.lock().expect("deliveries").clone()
    }

    /// What was delivered with a key starting with `prefix`, in order.
    pub fn delivered_as(&self, prefix: &str) -> Vec<Delivery> {
        self.delivered()
            .into_iter()
            .filter(|delivery| delivery.key().starts_with(prefix))
            .collect()
    }
}
