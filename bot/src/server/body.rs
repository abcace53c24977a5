//! The request-body deadline: a request's whole body must arrive within
//! `[server] body_timeout_seconds`, or it is answered 408 and the connection
//! closed. Bodies are read here, up to [`MAX_BODY`] (413 beyond), and handed on
//! whole; each route still applies its own, smaller limit.

use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The largest body any route accepts, before its own limit.
pub const MAX_BODY: usize = 1024 * 1024;

/// Reads the body within `timeout`, then runs the route.
pub(super) async fn within_deadline(
    State(timeout): State<Duration>,
    request: Request,
    next: Next,
) -> Response {
    let (parts, body) = request.into_parts();
    match tokio::time::timeout(timeout, axum::body::to_bytes(body, MAX_BODY)).await {
        Ok(Ok(bytes)) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        Ok(Err(error)) => {
            let too_big = error
                .into_inner()
                .downcast_ref::<http_body_util::LengthLimitError>()
                .is_some();
            if too_big {
                StatusCode::PAYLOAD_TOO_LARGE.into_response()
            } else {
                StatusCode::BAD_REQUEST.into_response()
            }
        }
        Err(_) => {
            tracing::warn!(
                ?timeout,
                "closed a connection whose request body was too slow"
            );
            (
                StatusCode::REQUEST_TIMEOUT,
                [(header::CONNECTION, "close")],
                "request body too slow\n",
            )
                .into_response()
        }
    }
}
