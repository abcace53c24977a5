//! Serving a router on a listener the way a public daemon must: at most
//! `max_connections` open at once (more wait in the kernel's backlog), slow and
//! idle clients dropped (see `connection` and `body`), and a shutdown that
//! lets requests in flight finish but drops whatever is still open after
//! `shutdown_deadline_seconds`.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::{watch, Semaphore};
use tokio::task::JoinSet;
use tower::ServiceExt;

use super::connection::{Activity, Timeouts, Watched};
use crate::config::ServerSettings;

/// What one server allows its clients.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub timeouts_header: Duration,
    pub timeouts_idle: Duration,
    pub body: Duration,
    pub max_connections: usize,
    pub shutdown_deadline: Duration,
}

impl Limits {
    /// The limits `[server]` sets.
    pub fn from_settings(settings: &ServerSettings) -> Self {
        Limits {
            timeouts_header: Duration::from_secs(settings.header_read_timeout_seconds),
            timeouts_idle: Duration::from_secs(settings.idle_timeout_seconds),
            body: Duration::from_secs(settings.body_timeout_seconds),
            max_connections: settings.max_connections.max(1),
            shutdown_deadline: Duration::from_secs(settings.shutdown_deadline_seconds),
        }
    }

    fn timeouts(&self) -> Timeouts {
        Timeouts {
            header: self.timeouts_header,
            idle: self.timeouts_idle,
        }
    }
}

/// Serves `routes` on `listener` until `stop` turns true, then drains;
/// `server` names it in the logs (`public`, `admin`).
pub async fn serve(
    server: &'static str,
    listener: TcpListener,
    routes: Router,
    limits: Limits,
    mut stop: watch::Receiver<bool>,
) -> anyhow::Result<()> {
    let address = listener.local_addr()?;
    tracing::info!(server, %address, "dealbot is listening");
    let routes = routes.layer(axum::middleware::from_fn_with_state(
        limits.body,
        super::body::within_deadline,
    ));
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    let mut connections = JoinSet::new();
    loop {
        if *stop.borrow() {
            break;
        }
        let slot = tokio::select! {
            slot = slots.clone().acquire_owned() => slot?,
            _ = stop.changed() => break,
        };
        let (stream, _) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of file descriptors, say: wait a little, keep serving.
                    tracing::warn!(%error, "cannot accept a connection");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            _ = stop.changed() => break,
        };
        let routes = routes.clone();
        let stop = stop.clone();
        connections.spawn(async move {
            serve_connection(stream, routes, limits.timeouts(), stop).await;
            drop(slot);
        });
        while connections.try_join_next().is_some() {}
    }
    drop(listener);
    let open = connections.len();
    if open > 0 {
        tracing::info!(server, %address, open, "waiting for open connections to finish");
    }
    let drained = tokio::time::timeout(limits.shutdown_deadline, async {
        while connections.join_next().await.is_some() {}
    })
    .await;
    if drained.is_err() {
        tracing::warn!(
            server,
            %address,
            dropped = connections.len(),
            "shutdown deadline passed: dropping the connections still open"
        );
        connections.shutdown().await;
    }
    tracing::info!(server, %address, "stopped listening");
    Ok(())
}

/// One connection, until the client closes it, a timeout passes, or shutdown.
async fn serve_connection(
    stream: tokio::net::TcpStream,
    routes: Router,
    timeouts: Timeouts,
    mut stop: watch::Receiver<bool>,
) {
    let activity = Activity::new();
    let io = TokioIo::new(Watched::new(stream, activity.clone()));
    let handled = activity.clone();
    let service = hyper::service::service_fn(move |request: hyper::Request<Incoming>| {
        handled.busy();
        let routes = routes.clone();
        let handled = handled.clone();
        async move {
            let response = routes.oneshot(request.map(axum::body::Body::new)).await;
            handled.idle();
            response
        }
    });
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder.timer(TokioTimer::new()).header_read_timeout(None);
    let connection = builder.serve_connection(io, service);
    tokio::pin!(connection);
    let mut stopping = *stop.borrow();
    if stopping {
        connection.as_mut().graceful_shutdown();
    }
    loop {
        let deadline = activity.deadline(timeouts);
        tokio::select! {
            served = connection.as_mut() => {
                if let Err(error) = served {
                    tracing::debug!(%error, "connection ended with an error");
                }
                return;
            }
            () = sleep_until(deadline) => {
                if activity.deadline(timeouts).is_some_and(|at| at <= tokio::time::Instant::now()) {
                    tracing::debug!("closed a slow or idle connection");
                    return;
                }
            }
            changed = stop.changed(), if !stopping => {
                stopping = true;
                if changed.is_ok() {
                    connection.as_mut().graceful_shutdown();
                }
            }
        }
    }
}

/// How often a connection looks at its phase again: phases change under it
/// (a request starts, a response ends), and each has its own deadline.
const RECHECK: Duration = Duration::from_secs(1);

async fn sleep_until(deadline: Option<tokio::time::Instant>) {
    let recheck = tokio::time::Instant::now() + RECHECK;
    let at = deadline.map_or(recheck, |deadline| deadline.min(recheck));
    tokio::time::sleep_until(at).await;
}
