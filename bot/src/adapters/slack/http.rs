//! `POST /slack/commands` and `POST /slack/interactions`. Every request is checked
//! before it is read: at most [`BODY_LIMIT`] bytes (else 413), and a valid
//! `X-Slack-Signature` over the raw body with a timestamp within 300 s (else
//! 401). A refused request changes nothing.

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use secrecy::ExposeSecret;
use serde::Deserialize;
use slack_morphism::prelude::*;
use slack_morphism::signature_verifier::SlackEventSignatureVerifier;

use super::SlackAdapter;

/// The largest request body accepted (Slack's are a few kilobytes).
pub const BODY_LIMIT: usize = 64 * 1024;

/// The Slack routes, to merge into the bot's server.
pub fn router(adapter: SlackAdapter) -> Router {
    Router::new()
        .route("/slack/commands", post(commands))
        .route("/slack/interactions", post(interactions))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .with_state(adapter)
}

/// Whether `body` was signed by Slack with `secret` within the last 300 s.
pub fn verify(secret: &str, headers: &HeaderMap, body: &[u8]) -> bool {
    let header = |name: &str| headers.get(name).and_then(|value| value.to_str().ok());
    let (Some(signature), Some(timestamp)) = (
        header(SlackEventSignatureVerifier::SLACK_SIGNED_HASH_HEADER),
        header(SlackEventSignatureVerifier::SLACK_SIGNED_TIMESTAMP),
    ) else {
        return false;
    };
    let Ok(body) = std::str::from_utf8(body) else {
        return false;
    };
    let verifier = SlackEventSignatureVerifier::new(&SlackSigningSecret(secret.to_string()));
    verifier.verify(signature, body, timestamp).is_ok()
}

impl SlackAdapter {
    fn is_signed(&self, headers: &HeaderMap, body: &[u8]) -> bool {
        self.signing_secret
            .as_ref()
            .is_some_and(|secret| verify(secret.expose_secret(), headers, body))
    }
}

fn unauthorized() -> Response {
    (
        StatusCode::UNAUTHORIZED,
        "invalid or missing Slack signature\n",
    )
        .into_response()
}

fn bad_request(what: &str) -> Response {
    (StatusCode::BAD_REQUEST, format!("{what}\n")).into_response()
}

async fn commands(
    State(adapter): State<SlackAdapter>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if !adapter.is_signed(&headers, &body) {
        tracing::warn!("refused a slash command with a bad signature");
        return unauthorized();
    }
    let event: SlackCommandEvent = match serde_urlencoded::from_bytes(&body) {
        Ok(event) => event,
        Err(error) => {
            tracing::warn!(%error, "unreadable slash command");
            return bad_request("not a Slack slash command");
        }
    };
    Json(adapter.command(event).await).into_response()
}

/// An interaction arrives as a form with one field, `payload`, holding JSON.
#[derive(Deserialize)]
struct InteractionForm {
    payload: String,
}

async fn interactions(
    State(adapter): State<SlackAdapter>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if !adapter.is_signed(&headers, &body) {
        tracing::warn!("refused an interaction with a bad signature");
        return unauthorized();
    }
    let event = serde_urlencoded::from_bytes::<InteractionForm>(&body)
        .map_err(|error| error.to_string())
        .and_then(|form| {
            serde_json::from_str::<SlackInteractionEvent>(&form.payload)
                .map_err(|error| error.to_string())
        });
    match event {
        Ok(event) => {
            adapter.interaction(event).await;
            StatusCode::OK.into_response()
        }
        Err(error) => {
            tracing::warn!(%error, "unreadable interaction payload");
            bad_request("not a Slack interaction payload")
        }
    }
}
