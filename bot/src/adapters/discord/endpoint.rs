//! `POST /discord/interactions`: Discord's HTTP interactions. Each request is
//! checked before anything else, and a refused request changes nothing:
//!
//! - more than [`BODY_LIMIT`] bytes: 413;
//! - no valid Ed25519 signature (exactly 128 hex digits) over timestamp + raw
//!   body with the application's public key, or a timestamp more than 300 s
//!   from now: 401, as Discord requires (it sends bad signatures on purpose to
//!   check);
//! - signed, but not `application/json`: 415;
//! - signed, but not an interaction (malformed JSON, another shape, a type
//!   Discord does not have, a server, channel or user id that is not a
//!   snowflake): 400;
//! - an interaction already served (a replay, to this replica or another): 401.
//!
//! A request is remembered by the [`ReplayGuard`] once it is about to be
//! served, so a refused one stores nothing. A signed PING is answered
//! `{"type": 1}`.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use chrono::Utc;
use serenity::interactions_endpoint::Verifier;

use super::channels::ChannelLookup;
use super::interaction::{respond, Incoming, PLATFORM};
use crate::adapters::content_type::{self, JSON};
use crate::adapters::replay::ReplayGuard;
use crate::adapters::signature_hex;
use crate::core::Core;

/// How far a request's timestamp may be from now, in seconds.
pub const MAX_CLOCK_SKEW: i64 = 300;

/// The largest request body accepted. An interaction is a few kilobytes; a
/// click carries the clicked message, at most 6,000 characters of embeds and
/// 2,000 of content, well under this even with every character escaped.
pub const BODY_LIMIT: usize = 256 * 1024;

#[derive(Clone)]
struct Endpoint {
    core: Core,
    verifier: Arc<Verifier>,
    /// Interactions already served: a second one is a replay.
    served: Arc<ReplayGuard>,
    /// Whether channels are private; `None` without a bot token.
    channels: Option<Arc<ChannelLookup>>,
}

/// Why the public key cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("DISCORD_PUBLIC_KEY must be the application's public key: 64 hexadecimal characters, as shown on the Discord developer portal")]
pub struct BadPublicKey;

/// The route `POST /discord/interactions`, verifying with `public_key` (hex),
/// asking `channels` whether a channel is private.
pub fn router(
    core: Core,
    public_key: &str,
    channels: Option<Arc<ChannelLookup>>,
) -> Result<Router, BadPublicKey> {
    let key = signature_hex::decode::<32>(public_key.trim()).ok_or(BadPublicKey)?;
    let verifier = Verifier::try_new(key).map_err(|_| BadPublicKey)?;
    let served = ReplayGuard::new(core.store().clone(), PLATFORM, MAX_CLOCK_SKEW);
    let endpoint = Endpoint {
        core,
        verifier: Arc::new(verifier),
        served,
        channels,
    };
    Ok(Router::new()
        .route("/discord/interactions", post(interactions))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .with_state(endpoint))
}

fn unauthorized(why: &'static str) -> Response {
    tracing::warn!(why, "refused a Discord interaction");
    (StatusCode::UNAUTHORIZED, why).into_response()
}

async fn interactions(
    State(endpoint): State<Endpoint>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let (Some(signature), Some(timestamp)) = (
        header("x-signature-ed25519"),
        header("x-signature-timestamp"),
    ) else {
        return unauthorized("missing signature headers");
    };
    // Checked as the one spelling of its 64 bytes: serenity's own reading
    // would take `+f` for `0f`.
    let Some(signature) = signature_hex::decode::<64>(signature) else {
        return unauthorized("invalid request signature");
    };
    if endpoint
        .verifier
        .verify(&hex::encode(signature), timestamp, &body)
        .is_err()
    {
        return unauthorized("invalid request signature");
    }
    let now = Utc::now();
    let Ok(sent) = timestamp.parse::<i64>() else {
        return unauthorized("invalid request timestamp");
    };
    if (now.timestamp() - sent).abs() > MAX_CLOCK_SKEW {
        return unauthorized("request timestamp too old or in the future");
    }
    if !content_type::is(&headers, JSON) {
        tracing::warn!("refused a Discord interaction that is not JSON");
        return (
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "expected application/json",
        )
            .into_response();
    }
    if endpoint.served.served_here(&signature) {
        return unauthorized("request replayed");
    }
    let incoming: Incoming = match serde_json::from_slice(&body) {
        Ok(incoming) => incoming,
        Err(error) => return unreadable(&error),
    };
    if !incoming.is_known_kind() {
        return unreadable(&format!("unknown interaction type {}", incoming.kind));
    }
    if !incoming.ids_are_snowflakes() {
        return unreadable(&"an id that is not a snowflake");
    }
    if !endpoint.served.first_time(&signature, now).await {
        return unauthorized("request replayed");
    }
    let now = endpoint.core.now();
    let channels = endpoint.channels.as_deref();
    Json(respond(&endpoint.core, channels, &incoming, now).await).into_response()
}

fn unreadable(error: &dyn std::fmt::Display) -> Response {
    tracing::warn!(%error, "refused an unreadable Discord interaction");
    (StatusCode::BAD_REQUEST, "not a Discord interaction").into_response()
}
