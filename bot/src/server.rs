//! `dealbot run`: the daemon's HTTP server. For now it serves the health checks
//! every deployment needs; the chat platforms' routes join it as they arrive.

use std::net::SocketAddr;

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::Router;

use crate::core::Core;

/// The routes of the bot's HTTP server.
pub fn router(core: Core) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .with_state(core)
}

/// The process is alive.
async fn healthz() -> &'static str {
    "ok\n"
}

/// The database answers and is migrated; 503 with the reason otherwise.
async fn readyz(State(core): State<Core>) -> (StatusCode, String) {
    match core.store().readiness().await {
        Ok(()) => (StatusCode::OK, "ready\n".to_string()),
        Err(reason) => (StatusCode::SERVICE_UNAVAILABLE, format!("{reason}\n")),
    }
}

/// Serves until SIGTERM or Ctrl-C, then finishes the requests in flight.
pub async fn serve(core: Core, bind: SocketAddr) -> anyhow::Result<()> {
    serve_with(core, bind, Router::new()).await
}

/// Like [`serve`], with the adapters' routes in `extra` merged in.
pub async fn serve_with(core: Core, bind: SocketAddr, extra: Router) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(bind)
        .await
        .map_err(|error| anyhow::anyhow!("cannot listen on {bind}: {error}"))?;
    tracing::info!(address = %listener.local_addr()?, "dealbot is listening");
    axum::serve(listener, router(core).merge(extra))
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    tracing::info!("dealbot stopped");
    Ok(())
}

async fn shutdown_signal() {
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
}
