//! `dealbot run`: the HTTP server, the scheduler and the outbox worker side by
//! side. SIGTERM (or Ctrl-C) stops all three: the server finishes the requests in
//! flight, the worker finishes the message it is sending and gives back any it
//! holds, so nothing queued is lost.

use std::net::SocketAddr;

use axum::Router;
use chrono::Utc;
use tokio::sync::watch;

use crate::core::Core;
use crate::outbox::{OutboxWorker, Senders};
use crate::scheduler::Scheduler;

/// Runs until SIGTERM or Ctrl-C.
pub async fn run(
    core: Core,
    bind: SocketAddr,
    routes: Router,
    senders: Senders,
) -> anyhow::Result<()> {
    let (stop, stopped) = watch::channel(false);
    let scheduler = Scheduler::new(core.clone());
    scheduler
        .install_configured_digests(&core.config().settings.digests, Utc::now())
        .await?;
    let scheduler = tokio::spawn(scheduler.run(stopped.clone(), core.schedule_bell()));
    let worker = OutboxWorker::new(
        core.store().clone(),
        senders,
        core.config().settings.outbox.clone(),
    );
    let worker = tokio::spawn(worker.run(stopped.clone(), core.outbox_bell()));
    let served = crate::server::serve(routes, bind, async move {
        shutdown_signal().await;
        let _ = stop.send(true);
    })
    .await;
    let _ = tokio::join!(scheduler, worker);
    served
}

/// Resolves on SIGTERM or Ctrl-C.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
