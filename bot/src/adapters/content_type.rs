//! The `Content-Type` a platform sends: Slack posts forms, Discord posts JSON.
//! A signed request of any other type is answered 415.

use axum::http::header::CONTENT_TYPE;
use axum::http::HeaderMap;

/// Slack's slash commands and interactions.
pub const FORM: &str = "application/x-www-form-urlencoded";

/// Discord's interactions.
pub const JSON: &str = "application/json";

/// Whether `headers` say the body is `media_type` (parameters such as
/// `charset` allowed, case ignored).
pub fn is(headers: &HeaderMap, media_type: &str) -> bool {
    headers
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|given| given.trim().eq_ignore_ascii_case(media_type))
}

#[cfg(test)]
mod tests {
    use axum::http::{HeaderMap, HeaderValue};

    use super::*;

    fn headers(content_type: &'static str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
        headers
    }

    #[test]
    fn parameters_and_case_are_allowed_other_types_are_not() {
        assert!(is(&headers("application/json"), JSON));
        assert!(is(&headers("Application/JSON; charset=utf-8"), JSON));
        assert!(is(&headers("application/x-www-form-urlencoded"), FORM));
        assert!(!is(&headers("application/json"), FORM));
        assert!(!is(&headers("application/jsonp"), JSON));
        assert!(!is(&HeaderMap::new(), JSON));
    }
}
