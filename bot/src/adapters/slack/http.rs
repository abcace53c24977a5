//! `POST /slack/commands`, `POST /slack/interactions` and `POST /slack/events`.
//! Every request is checked before it is read, and a refused request changes
//! nothing:
//!
//! - more than [`BODY_LIMIT`] bytes: 413;
//! - no valid `X-Slack-Signature` over the raw body with a timestamp within
//!   300 s: 401;
//! - signed, but not a form (`application/x-www-form-urlencoded`), or for
//!   events not JSON: 415;
//! - signed, but not a slash command or an interaction payload Slack sends
//!   (an empty or malformed form, `payload` that is not JSON, JSON of another
//!   shape, an unknown payload type): 400;
//! - a request already served (a replay, to this replica or another): 401;
//!   except an event, answered 200 with nothing done, so that Slack stops
//!   sending it (its retries are de-duplicated by `event_id` besides).
//!
//! A request is remembered by the [`ReplayGuard`] once it is about to be
//! served, so a refused one stores nothing.

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

use super::events::EventAnswer;
use super::signature::{check, Digest, Unsigned, MAX_CLOCK_SKEW};
use super::{SlackAdapter, PLATFORM};
use crate::adapters::content_type::{self, FORM, JSON};
use crate::adapters::replay::ReplayGuard;

/// The largest request body accepted (Slack's are a few kilobytes).
pub const BODY_LIMIT: usize = 64 * 1024;

/// What the routes share: the adapter, and the requests already served.
#[derive(Clone)]
struct Routes {
    adapter: SlackAdapter,
    served: Arc<ReplayGuard>,
}

/// The Slack routes, to merge into the bot's server.
pub fn router(adapter: SlackAdapter) -> Router {
    let served = ReplayGuard::new(adapter.core.store().clone(), PLATFORM, MAX_CLOCK_SKEW);
    let routes = Routes { adapter, served };
    Router::new()
        .route("/slack/commands", post(commands))
        .route("/slack/interactions", post(interactions))
        .route("/slack/events", post(events))
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
    /// The signature of a signed, fresh form; otherwise the refusal.
    fn admit(
        &self,
        route: &'static str,
        media_type: &'static str,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<Digest, Refusal> {
        let now = Utc::now().timestamp();
        let refuse = |status: StatusCode, why: &'static str| Err(refused(route, status, why));
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
        if !content_type::is(headers, media_type) {
            let why = if media_type == JSON {
                "expected application/json"
            } else {
                "expected application/x-www-form-urlencoded"
            };
            return refuse(StatusCode::UNSUPPORTED_MEDIA_TYPE, why);
        }
        if self.served.served_here(&signature) {
            return unauthorized("Slack request replayed");
        }
        Ok(signature)
    }

    /// `Ok` the first time the request signed with `signature` is served.
    async fn first_time(&self, route: &'static str, signature: &Digest) -> Result<(), Refusal> {
        if self.served.first_time(signature, Utc::now()).await {
            Ok(())
        } else {
            Err(refused(
                route,
                StatusCode::UNAUTHORIZED,
                "Slack request replayed",
            ))
        }
    }
}

fn refused(route: &'static str, status: StatusCode, why: &'static str) -> Refusal {
    tracing::warn!(route, why, "refused a Slack request");
    Refusal(status, why)
}

fn unreadable(route: &'static str, error: &dyn std::fmt::Display, what: &str) -> Response {
    tracing::warn!(route, %error, "refused an unreadable Slack request");
    (StatusCode::BAD_REQUEST, format!("not a Slack {what}\n")).into_response()
}

async fn commands(State(routes): State<Routes>, headers: HeaderMap, body: Bytes) -> Response {
    const ROUTE: &str = "/slack/commands";
    let signature = match routes.admit(ROUTE, FORM, &headers, &body) {
        Ok(signature) => signature,
        Err(refusal) => return refusal.into_response(),
    };
    let event: SlackCommandEvent = match serde_urlencoded::from_bytes(&body) {
        Ok(event) => event,
        Err(error) => return unreadable(ROUTE, &error, "slash command"),
    };
    if let Err(refusal) = routes.first_time(ROUTE, &signature).await {
        return refusal.into_response();
    }
    Json(routes.adapter.command(event).await).into_response()
}

/// An interaction arrives as a form with one field, `payload`, holding JSON.
#[derive(Deserialize)]
struct InteractionForm {
    payload: String,
}

async fn interactions(State(routes): State<Routes>, headers: HeaderMap, body: Bytes) -> Response {
    const ROUTE: &str = "/slack/interactions";
    let signature = match routes.admit(ROUTE, FORM, &headers, &body) {
        Ok(signature) => signature,
        Err(refusal) => return refusal.into_response(),
    };
    let payload = serde_urlencoded::from_bytes::<InteractionForm>(&body)
        .map_err(|error| error.to_string())
        .and_then(|form| {
            serde_json::from_str::<serde_json::Value>(&form.payload)
                .map_err(|error| error.to_string())
        });
    if let Ok(payload) = &payload {
        let kind = payload["type"].as_str().unwrap_or_default();
        if matches!(kind, "message_action" | "block_suggestion") {
            if let Err(refusal) = routes.first_time(ROUTE, &signature).await {
                return refusal.into_response();
            }
            if kind == "block_suggestion" {
                return Json(routes.adapter.block_suggestion(payload).await).into_response();
            }
            routes.adapter.message_action(payload).await;
            return StatusCode::OK.into_response();
        }
        if kind == "view_submission" && payload["view"].is_object() {
            if let Err(refusal) = routes.first_time(ROUTE, &signature).await {
                return refusal.into_response();
            }
            return match routes.adapter.view_submission(payload).await {
                serde_json::Value::Null => StatusCode::OK.into_response(),
                answer => Json(answer).into_response(),
            };
        }
    }
    let event = payload.and_then(|payload| {
        serde_json::from_value::<SlackInteractionEvent>(payload).map_err(|error| error.to_string())
    });
    match event {
        Ok(event) => {
            if let Err(refusal) = routes.first_time(ROUTE, &signature).await {
                return refusal.into_response();
            }
            routes.adapter.interaction(event).await;
            StatusCode::OK.into_response()
        }
        Err(error) => unreadable(ROUTE, &error, "interaction payload"),
    }
}

/// An Events API request: JSON, signed like the others; answered with the
/// challenge, or an empty 200 once the event is handled (or known).
async fn events(State(routes): State<Routes>, headers: HeaderMap, body: Bytes) -> Response {
    const ROUTE: &str = "/slack/events";
    let signature = match routes.admit(ROUTE, JSON, &headers, &body) {
        Ok(signature) => signature,
        Err(Refusal(StatusCode::UNAUTHORIZED, "Slack request replayed")) => {
            return StatusCode::OK.into_response()
        }
        Err(refusal) => return refusal.into_response(),
    };
    let envelope: serde_json::Value = match serde_json::from_slice(&body) {
        Ok(envelope) => envelope,
        Err(error) => return unreadable(ROUTE, &error, "event"),
    };
    if routes.first_time(ROUTE, &signature).await.is_err() {
        return StatusCode::OK.into_response();
    }
    let retry = headers
        .get("x-slack-retry-num")
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse().ok());
    match routes.adapter.event(envelope, retry).await {
        Ok(EventAnswer::Challenge(challenge)) => {
            Json(serde_json::json!({ "challenge": challenge })).into_response()
        }
        Ok(EventAnswer::Ack) => StatusCode::OK.into_response(),
        Err(error) => unreadable(ROUTE, &error, "event"),
    }
}
