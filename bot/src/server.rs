//! `dealbot run`: the daemon's HTTP server. It serves what every deployment
//! needs (`/healthz`, `/readyz`, `/metrics`), with the chat platforms' routes
//! merged in beside them.

use std::future::Future;
use std::net::SocketAddr;

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::routing::get;
use axum::Router;

use crate::core::Core;
use crate::readiness::Readiness;

/// What the operations routes read.
#[derive(Clone)]
struct Ops {
    core: Core,
    readiness: Readiness,
}

/// The routes of the bot's HTTP server. `readiness` holds the checks `/readyz`
/// runs (see [`Readiness::with_database`]); adapters may add theirs to it later.
pub fn router(core: Core, readiness: Readiness) -> Router {
    crate::telemetry::install();
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
        .with_state(Ops { core, readiness })
}

/// The process is alive.
async fn healthz() -> &'static str {
    "ok\n"
}

/// Every readiness check passes (the database answers and is migrated, the
/// adapters are connected): 200 and one `name: ok` line per check; otherwise 503
/// with each failing check's reason.
async fn readyz(State(ops): State<Ops>) -> (StatusCode, String) {
    let results = ops.readiness.check_all().await;
    let mut body = String::new();
    let mut ready = true;
    for check in &results {
        match &check.result {
            Ok(()) => body.push_str(&format!("{}: ok\n", check.name)),
            Err(reason) => {
                ready = false;
                body.push_str(&format!("{}: {reason}\n", check.name));
            }
        }
    }
    if ready {
        body.push_str("ready\n");
        (StatusCode::OK, body)
    } else {
        tracing::warn!(reasons = %body.trim_end().replace('\n', "; "), "not ready");
        (StatusCode::SERVICE_UNAVAILABLE, body)
    }
}

/// The metrics in Prometheus text format, with the open-deal counts read now.
async fn metrics(State(ops): State<Ops>) -> ([(header::HeaderName, &'static str); 1], String) {
    let settings = &ops.core.config().settings;
    if let Err(error) = crate::telemetry::refresh_open_deals(ops.core.store(), settings).await {
        tracing::warn!(
            error = format!("{error:#}"),
            "cannot count open deals for /metrics"
        );
    }
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        crate::telemetry::render(),
    )
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
