//! The daemon's HTTP servers. The public one (`[server] bind`) serves the chat
//! platforms' routes, `/healthz`, and a bare `/readyz` status for load
//! balancers; the admin one (`[server] admin_bind`, loopback by default)
//! serves `/metrics` and the detailed `/readyz` with each check's reason.
//!
//! - `listen`: the accept loop, with its connection cap and shutdown deadline.
//! - `connection`: per-connection timeouts for slow and idle clients.
//! - `body`: the request-body timeout.

mod body;
mod connection;
mod listen;

pub use listen::{serve, Limits};

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::routing::get;
use axum::Router;

use crate::core::Core;
use crate::readiness::Readiness;

/// What the admin routes read.
#[derive(Clone)]
struct Ops {
    core: Core,
    readiness: Readiness,
}

/// The public operations routes: `/healthz`, and `/readyz` as a bare status
/// (200 `ready` or 503 `not ready`, no reasons: those are on the admin server).
pub fn public_router(readiness: Readiness) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(bare_readyz))
        .with_state(readiness)
}

/// The admin routes: `/metrics`, and `/readyz` with every check's reason.
pub fn admin_router(core: Core, readiness: Readiness) -> Router {
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

/// Ready or not, without saying why.
async fn bare_readyz(State(readiness): State<Readiness>) -> (StatusCode, &'static str) {
    let ready = readiness
        .check_all()
        .await
        .iter()
        .all(|check| check.result.is_ok());
    if ready {
        (StatusCode::OK, "ready\n")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "not ready\n")
    }
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
