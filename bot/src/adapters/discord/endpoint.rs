//! `POST /discord/interactions`: Discord's HTTP interactions. Each request is
//! checked before anything else: an Ed25519 signature over timestamp + raw body
//! with the application's public key, a timestamp within 300 s of now, and a
//! signature not seen before (a replay). Anything else gets 401, as Discord
//! requires (it sends bad signatures on purpose to check).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use chrono::Utc;
use serenity::interactions_endpoint::Verifier;

use super::interaction::{respond, Incoming};
use crate::core::Core;

/// How far a request's timestamp may be from now, in seconds.
pub const MAX_CLOCK_SKEW: i64 = 300;

#[derive(Clone)]
struct Endpoint {
    core: Core,
    verifier: Arc<Verifier>,
    /// Signatures accepted in the last window, by timestamp: a second request
    /// with the same signature is a replay.
    seen: Arc<Mutex<HashMap<String, i64>>>,
}

/// Why the public key cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("DISCORD_PUBLIC_KEY must be the application's public key: 64 hexadecimal characters, as shown on the Discord developer portal")]
pub struct BadPublicKey;

/// The route `POST /discord/interactions`, verifying with `public_key` (hex).
pub fn router(core: Core, public_key: &str) -> Result<Router, BadPublicKey> {
    let key = decode_key(public_key.trim()).ok_or(BadPublicKey)?;
    let verifier = Verifier::try_new(key).map_err(|_| BadPublicKey)?;
    let endpoint = Endpoint {
        core,
        verifier: Arc::new(verifier),
        seen: Arc::new(Mutex::new(HashMap::new())),
    };
    Ok(Router::new()
        .route("/discord/interactions", post(interactions))
        .with_state(endpoint))
}

fn decode_key(hex: &str) -> Option<[u8; 32]> {
    if hex.len() != 64 || !hex.is_ascii() {
        return None;
    }
    let mut key = [0u8; 32];
    for (i, byte) in key.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(key)
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
    if endpoint
        .verifier
        .verify(signature, timestamp, &body)
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
    if !endpoint.first_time(signature, now.timestamp()) {
        return unauthorized("request replayed");
    }
    let incoming: Incoming = match serde_json::from_slice(&body) {
        Ok(incoming) => incoming,
        Err(error) => {
            tracing::warn!(%error, "unreadable Discord interaction");
            return (StatusCode::BAD_REQUEST, "unreadable interaction").into_response();
        }
    };
    Json(respond(&endpoint.core, &incoming, now).await).into_response()
}

impl Endpoint {
    /// Records `signature`; false if it was already seen within the window.
    fn first_time(&self, signature: &str, now: i64) -> bool {
        let Ok(mut seen) = self.seen.lock() else {
            return false;
        };
        seen.retain(|_, at| now - *at <= 2 * MAX_CLOCK_SKEW);
        seen.insert(signature.to_ascii_lowercase(), now).is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::decode_key;

    #[test]
    fn public_keys_are_64_hex_characters() {
        assert!(decode_key(&"ab".repeat(32)).is_some());
        assert!(decode_key(&"ab".repeat(31)).is_none());
        assert!(decode_key(&"zz".repeat(32)).is_none());
        assert!(decode_key(&"é".repeat(32)).is_none());
    }
}
