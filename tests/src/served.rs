//! The app the integration tests run: built by [`App::build_with_clock`], the
//! same assembly as `dealbot run`, and served on loopback ports. A test may
//! change only what the assembly lets it: the platforms' base URLs (pointed at
//! the project's fake Slack and Discord), the secrets, and the clock.

use std::net::SocketAddr;
use std::sync::Arc;

use dealbot::app::App;
use dealbot::clock::Clock;
use dealbot::config::{Secrets, Settings};
use dealbot::core::Core;
use dealbot_storage::Store;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// A running app: its public and admin servers on free loopback ports, its
/// scheduler and worker in the background (on the system clock), until dropped.
pub struct Served {
    pub app: Arc<App>,
    /// The public server (`[server] bind`).
    pub addr: SocketAddr,
    /// The admin server (`[server] admin_bind`).
    pub admin_addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    running: Option<JoinHandle<anyhow::Result<()>>>,
}

/// `settings` served on free loopback ports.
pub fn on_loopback(mut settings: Settings) -> Settings {
    settings.server.bind = "127.0.0.1:0".to_string();
    settings.server.admin_bind = "127.0.0.1:0".to_string();
    settings
}

/// Secrets from `pairs` of variable name and value, as the environment gives them.
pub fn secrets(pairs: &[(&str, &str)]) -> Secrets {
    Secrets::from_lookup(|name| {
        pairs
            .iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| (*value).to_string())
    })
}

impl Served {
    /// Builds the app over `store` and serves it.
    pub async fn start(
        settings: Settings,
        secrets: Secrets,
        store: &Store,
        clock: Clock,
    ) -> Served {
        let app = App::build_with_clock(on_loopback(settings), secrets, store.clone(), clock)
            .await
            .expect("the app builds");
        let listeners = app.bind().await.expect("loopback ports");
        let addr = listeners.public_addr().expect("public address");
        let admin_addr = listeners
            .admin_addr()
            .expect("admin address")
            .expect("the admin server is on");
        let app = Arc::new(app);
        let (stop, stopped) = oneshot::channel::<()>();
        let running = {
            let app = app.clone();
            tokio::spawn(async move {
                app.run(listeners, async move {
                    let _ = stopped.await;
                })
                .await
            })
        };
        Served {
            app,
            addr,
            admin_addr,
            stop: Some(stop),
            running: Some(running),
        }
    }

    pub fn core(&self) -> &Core {
        self.app.core()
    }

    /// `http://` and the public address.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// `http://` and the admin address.
    pub fn admin_url(&self) -> String {
        format!("http://{}", self.admin_addr)
    }

    /// Fires what is due and delivers what is queued, now.
    pub async fn catch_up(&self) {
        self.app
            .catch_up()
            .await
            .expect("scheduled work and delivery");
    }

    /// [`Served::catch_up`] until nothing waits: a channel's pacing holds a
    /// second message back for a second or so, as the platforms ask, so on a
    /// manual clock this moves it on two seconds at a time, and on the system
    /// clock it waits (at most a minute either way).
    pub async fn catch_up_paced(&self) {
        self.catch_up().await;
        for _ in 0..30 {
            let (waiting, _) = self
                .core()
                .store()
                .outbox_depth()
                .await
                .expect("outbox depth");
            if waiting == 0 {
                return;
            }
            if self.app.clock().is_system() {
                tokio::time::sleep(std::time::Duration::from_millis(500)).await;
            } else {
                self.app.clock().advance(chrono::Duration::seconds(2));
            }
            self.catch_up().await;
        }
    }

    /// Stops the app as SIGTERM would, and waits until it has.
    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(running) = self.running.take() {
            running
                .await
                .expect("the app task")
                .expect("the app stops cleanly");
        }
    }
}

impl Drop for Served {
    /// Asks the app to stop, as SIGTERM would, without waiting.
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}
