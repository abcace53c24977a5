//! The daemon's HTTP server: health checks every deployment needs, and the chat
//! platforms' routes merged in beside them.

use std::future::Future;
use std::net::SocketAddr;

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::Router;

use crate::core::Core;

/// The health routes of the bot's HTTP server.
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

/// Serves `routes` on `bind` until `shutdown` resolves, then finishes the
/// requests in flight.
pub async fn serve(
    routes: Router,
    bind: SocketAddr,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(bind)
        .await
        .map_err(|error| anyhow::anyhow!("cannot listen on {bind}: {error}"))?;
    tracing::info!(address = %listener.local_addr()?, "dealbot is listening");
    axum::serve(listener, routes)
        .with_graceful_shutdown(shutdown)
        .await?;
    tracing::info!("dealbot stopped");
    Ok(())
}
