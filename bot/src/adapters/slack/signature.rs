//! Slack's request signature: `X-Slack-Signature: v0=` + hex HMAC-SHA256 of
//! `v0:{X-Slack-Request-Timestamp}:{raw body}` with the signing secret: exactly
//! 64 hex digits after `v0=`. Checked on the raw bytes in constant time, and
//! only then the timestamp: within [`MAX_CLOCK_SKEW`] seconds of now.

use axum::http::HeaderMap;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::adapters::signature_hex;

/// How far a request's timestamp may be from now, in seconds.
pub const MAX_CLOCK_SKEW: i64 = 300;

const SIGNATURE_HEADER: &str = "x-slack-signature";
const TIMESTAMP_HEADER: &str = "x-slack-request-timestamp";

/// Why a request is not Slack's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unsigned {
    /// No signature or no timestamp header (or one that is not text).
    MissingHeaders,
    /// Not a signature of this body at this timestamp with the secret.
    WrongSignature,
    /// Signed, but the timestamp is not a number or too far from now.
    Stale,
}

/// The bytes of an HMAC-SHA256 signature.
pub type Digest = [u8; 32];

/// The request's signature, decoded, if `body` was signed with `secret` at a
/// timestamp within [`MAX_CLOCK_SKEW`] of `now` (seconds since the epoch).
pub fn check(secret: &str, headers: &HeaderMap, body: &[u8], now: i64) -> Result<Digest, Unsigned> {
    let header = |name: &str| headers.get(name).and_then(|value| value.to_str().ok());
    let (Some(signature), Some(timestamp)) = (header(SIGNATURE_HEADER), header(TIMESTAMP_HEADER))
    else {
        return Err(Unsigned::MissingHeaders);
    };
    let digest = signature
        .strip_prefix("v0=")
        .and_then(signature_hex::decode::<32>)
        .ok_or(Unsigned::WrongSignature)?;
    // An empty secret would let anyone sign.
    if secret.is_empty() {
        return Err(Unsigned::WrongSignature);
    }
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).map_err(|_| Unsigned::WrongSignature)?;
    mac.update(b"v0:");
    mac.update(timestamp.as_bytes());
    mac.update(b":");
    mac.update(body);
    mac.verify_slice(&digest)
        .map_err(|_| Unsigned::WrongSignature)?;
    let sent: i64 = timestamp.parse().map_err(|_| Unsigned::Stale)?;
    if now.abs_diff(sent) > MAX_CLOCK_SKEW.unsigned_abs() {
        return Err(Unsigned::Stale);
    }
    Ok(digest)
}

/// Whether `body` was signed by Slack with `secret` within the last 300 s.
pub fn verify(secret: &str, headers: &HeaderMap, body: &[u8]) -> bool {
    check(secret, headers, body, chrono::Utc::now().timestamp()).is_ok()
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    const SECRET: &str = "8f742231b10e8888abcd99yyyzzz85a5";

    fn signed(timestamp: &str, signature: String) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            TIMESTAMP_HEADER,
            HeaderValue::from_str(timestamp).unwrap_or_else(|_| HeaderValue::from_static("0")),
        );
        if let Ok(value) = HeaderValue::from_str(&signature) {
            headers.insert(SIGNATURE_HEADER, value);
        }
        headers
    }

    /// Slack's own example from "Verifying requests from Slack".
    #[test]
    fn slacks_documented_example_verifies() {
        let body = b"token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
        let headers = signed(
            "1531420618",
            "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503".to_string(),
        );
        let digest = "a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
        assert_eq!(
            check(SECRET, &headers, body, 1_531_420_618).map(hex::encode),
            Ok(digest.to_string())
        );
        let shouted = signed("1531420618", format!("v0={}", digest.to_uppercase()));
        assert_eq!(
            check(SECRET, &shouted, body, 1_531_420_618).map(hex::encode),
            Ok(digest.to_string()),
            "the same signature, however its digits are written"
        );
        for spelling in [
            format!("v0=+{}", &digest[1..]),
            format!("v0={digest}00"),
            format!("v0={}", &digest[..62]),
            format!("v0= {digest}"),
        ] {
            assert_eq!(
                check(
                    SECRET,
                    &signed("1531420618", spelling.clone()),
                    body,
                    1_531_420_618
                ),
                Err(Unsigned::WrongSignature),
                "{spelling}"
            );
        }
        assert_eq!(
            check(SECRET, &headers, body, 1_531_420_618 + 301),
            Err(Unsigned::Stale)
        );
        assert_eq!(
            check("another", &headers, body, 1_531_420_618),
            Err(Unsigned::WrongSignature)
        );
        assert_eq!(
            check("", &headers, body, 1_531_420_618),
            Err(Unsigned::WrongSignature)
        );
        assert_eq!(
            check(SECRET, &HeaderMap::new(), body, 1_531_420_618),
            Err(Unsigned::MissingHeaders)
        );
    }
}
