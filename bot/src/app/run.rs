//! Running the assembled app until shutdown: the public and admin HTTP
//! servers, the platforms' background tasks, and (on the system clock) the
//! scheduler and outbox worker loops. Shutdown stops accepting, lets requests
//! in flight finish within the deadline, lets the worker finish the message it
//! is sending and give back the rest, then stops the platforms' tasks.

use std::future::Future;
use std::net::SocketAddr;

use anyhow::Context as _;
use tokio::net::TcpListener;
use tokio::sync::watch;

use super::App;
use crate::server::{serve, Limits};

/// The sockets the app serves on, bound before it runs (so a caller can learn
/// the ports of `127.0.0.1:0`).
pub struct Listeners {
    pub public: TcpListener,
    /// `None` when `[server] admin_bind` is empty.
    pub admin: Option<TcpListener>,
}

impl Listeners {
    /// Where the public server listens.
    pub fn public_addr(&self) -> anyhow::Result<SocketAddr> {
        Ok(self.public.local_addr()?)
    }

    /// Where the admin server listens, if it is on.
    pub fn admin_addr(&self) -> anyhow::Result<Option<SocketAddr>> {
        self.admin
            .as_ref()
            .map(TcpListener::local_addr)
            .transpose()
            .map_err(Into::into)
    }
}

async fn bind(what: &str, address: &str) -> anyhow::Result<TcpListener> {
    let parsed: SocketAddr = address
        .parse()
        .with_context(|| format!("{what} {address:?} is not IP:PORT"))?;
    TcpListener::bind(parsed)
        .await
        .with_context(|| format!("cannot listen on {address} ({what})"))
}

impl App {
    /// Binds `[server] bind` and `[server] admin_bind`.
    pub async fn bind(&self) -> anyhow::Result<Listeners> {
        let server = &self.core.config().settings.server;
        let public = bind("server.bind", &server.bind).await?;
        let admin = match server.admin_bind.as_str() {
            "" => None,
            address => Some(bind("server.admin_bind", address).await?),
        };
        Ok(Listeners { public, admin })
    }

    /// Serves on `listeners` and runs everything in the background until
    /// `shutdown` resolves. The platforms' tasks start with the first run.
    pub async fn run(
        &self,
        listeners: Listeners,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let (stop, stopped) = watch::channel(false);
        let limits = Limits::from_settings(&self.core.config().settings.server);
        let public = tokio::spawn(serve(
            "public",
            listeners.public,
            self.router(),
            limits,
            stopped.clone(),
        ));
        let admin = listeners.admin.map(|listener| {
            tokio::spawn(serve(
                "admin",
                listener,
                self.admin_router(),
                limits,
                stopped.clone(),
            ))
        });
        let tasks: Vec<_> = std::mem::take(
            &mut *self
                .tasks
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        )
        .into_iter()
        .map(|(name, task)| {
            tracing::debug!(task = name, "starting");
            tokio::spawn(task)
        })
        .collect();
        let mut loops = Vec::new();
        if self.core.clock().is_system() {
            loops.push(tokio::spawn(
                self.scheduler
                    .clone()
                    .run(stopped.clone(), self.core.schedule_bell()),
            ));
            loops.push(tokio::spawn(
                self.worker
                    .clone()
                    .run(stopped.clone(), self.core.outbox_bell()),
            ));
        }
        let mut public = public;
        let served = tokio::select! {
            () = shutdown => None,
            served = &mut public => Some(served),
        };
        tracing::info!("shutting down");
        let _ = stop.send(true);
        let served = match served {
            Some(served) => served,
            None => public.await,
        };
        if let Some(admin) = admin {
            admin.await??;
        }
        for handle in loops {
            let _ = handle.await;
        }
        for task in tasks {
            task.abort();
        }
        served??;
        tracing::info!("dealbot stopped");
        Ok(())
    }
}
