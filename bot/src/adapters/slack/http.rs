//! `POST /slack/commands` and `POST /slack/interactions`. Every request is checked
//! before it is read, and a refused request changes nothing:
//!
//! - more than [`BODY_LIMIT`] bytes: 413;
//! - no valid `X-Slack-Signature` over the raw body with a timestamp within
//!   300 s, or a signature already accepted (a replay): 401;
//! - signed, but not a form (`application/x-www-form-urlencoded`): 415;
//! - signed, but not a slash command or an interaction payload Slack sends
//!   (an empty or malformed form, `payload` that is not JSON, JSON of another
//!   shape, an unknown payload type): 400.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use chrono::Utc;
use secrecy::ExposeSecret;
use serde::Deserialize;
use slack_morphism::prelude::*;

use super::signature::{check, Unsigned, MAX_CLOCK_SKEW};
use super::SlackAdapter;
use crate::adapters::content_type::{self, FORM};
use crate::adapters::replay::SeenSignatures;

/// The largest request body accepted (Slack's are a few kilobytes).
pub const BODY_LIMIT: usize = 64 * 1024;

/// What the routes share: the adapter, and the signatures already accepted.
#[derive(Clone)]
struct Routes {
    adapter: SlackAdapter,
    seen: Arc<SeenSignatures>,
}

/// The Slack routes, to merge into the bot's server.
pub fn router(adapter: SlackAdapter) -> Router {
    let routes = Routes {
        adapter,
        seen: Arc::new(SeenSignatures::new(MAX_CLOCK_SKEW)),
    };
    Router::new()
        .route("/slack/commands", post(commands))
        .route("/slack/interactions", post(interactions))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .with_state(routes)
}

/// Why a request is refused: the status and a short reason.
struct Refusal(StatusCode, &'static str);

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        (self.0, format!("{}\n", self.1)).into_response()
    }
}

impl Routes {
    /// `Ok` for a signed, fresh, first-seen form; otherwise the refusal.
    fn admit(&self, route: &'static str, headers: &HeaderMap, body: &[u8]) -> Result<(), Refusal> {
        let now = Utc::now().timestamp();
        let refuse = |status: StatusCode, why: &'static str| {
            tracing::warn!(route, why, "refused a Slack request");
            Err(Refusal(status, why))
        };
        let unauthorized = |why| refuse(StatusCode::UNAUTHORIZED, why);
        let Some(secret) = &self.adapter.signing_secret else {
            return unauthorized("no signing secret is configured");
        };
        let signature = match check(secret.expose_secret(), headers, body, now) {
            Ok(signature) => signature,
            Err(Unsigned::MissingHeaders) => {
                return unauthorized("missing Slack signature headers")
            }
            Err(Unsigned::WrongSignature) => return unauthorized("invalid Slack signature"),
            Err(Unsigned::Stale) => {
                return unauthorized("Slack request timestamp too old or in the future")
            }
        };
        if !self.seen.first_time(signature, now) {
            return unauthorized("Slack request replayed");
        }
        if !content_type::is(headers, FORM) {
            return refuse(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "expected application/x-www-form-urlencoded",
            );
        }
        Ok(())
    }
}

fn unreadable(route: &'static str, error: &dyn std::fmt::Display, what: &str) -> Response {
    tracing::warn!(route, %error, "refused an unreadable Slack request");
    (StatusCode::BAD_REQUEST, format!("not a Slack {what}\n")).into_response()
}

async fn commands(State(routes): State<Routes>, headers: HeaderMap, body: Bytes) -> Response {
    const ROUTE: &str = "/slack/commands";
    if let Err(refusal) = routes.admit(ROUTE, &headers, &body) {
        return refusal.into_response();
    }
    let event: SlackCommandEvent = match serde_urlencoded::from_bytes(&body) {
        Ok(event) => event,
        Err(error) => return unreadable(ROUTE, &error, "slash command"),
    };
    Json(routes.adapter.command(event).await).into_response()
}

/// An interaction arrives as a form with one field, `payload`, holding JSON.
#[derive(Deserialize)]
struct InteractionForm {
    payload: String,
}

async fn interactions(State(routes): State<Routes>, headers: HeaderMap, body: Bytes) -> Response {
    const ROUTE: &str = "/slack/interactions";
    if let Err(refusal) = routes.admit(ROUTE, &headers, &body) {
        return refusal.into_response();
    }
    let event = serde_urlencoded::from_bytes::<InteractionForm>(&body)
        .map_err(|error| error.to_string())
        .and_then(|form| {
            serde_json::from_str::<SlackInteractionEvent>(&form.payload)
                .map_err(|error| error.to_string())
        });
    match event {
        Ok(event) => {
            routes.adapter.interaction(event).await;
            StatusCode::OK.into_response()
        }
        Err(error) => unreadable(ROUTE, &error, "interaction payload"),
    }
}
