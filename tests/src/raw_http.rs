//! Requests exactly as a test builds them (any headers or none, any bytes),
//! sent to the bot's router in-process (no socket, for volume) or to its server
//! over a real socket, and what came back.

use std::net::SocketAddr;

use axum::body::Body;
use axum::http::{HeaderName, HeaderValue, Request};
use axum::Router;
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use serde_json::Value;
use tower::ServiceExt;

/// A `POST`, exactly as it goes on the wire.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawRequest {
    pub path: String,
    /// In order; none added, not even `Content-Type`.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// Why a request got no answer.
#[derive(Debug, Clone, PartialEq)]
pub enum SendError {
    /// It cannot be put on the wire (a header value with a line break).
    Unsendable(String),
    /// The connection failed or closed without a whole answer.
    NoAnswer(String),
}

/// What the bot answered.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    pub status: u16,
    pub content_type: Option<String>,
    pub body: String,
}

impl RawRequest {
    /// A `POST` to `path` with `body` and no headers.
    pub fn post(path: &str, body: impl Into<Vec<u8>>) -> RawRequest {
        RawRequest {
            path: path.to_string(),
            headers: Vec::new(),
            body: body.into(),
        }
    }

    /// The same request with one more header.
    pub fn header(mut self, name: &str, value: impl Into<String>) -> RawRequest {
        self.headers.push((name.to_string(), value.into()));
        self
    }

    /// The header's value, the first if there are several.
    pub fn header_value(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(given, _)| given.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    fn build<B>(&self, uri: String, body: B) -> Result<Request<B>, SendError> {
        let mut request = Request::post(uri);
        for (name, value) in &self.headers {
            let name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|error| SendError::Unsendable(format!("{name}: {error}")))?;
            let value = HeaderValue::from_bytes(value.as_bytes())
                .map_err(|error| SendError::Unsendable(format!("{name}: {error}")))?;
            request = request.header(name, value);
        }
        request
            .body(body)
            .map_err(|error| SendError::Unsendable(error.to_string()))
    }

    /// Calls `router` with this request in-process, as the server would.
    pub async fn send_to(&self, router: &Router) -> Result<Response, SendError> {
        let request = self.build(self.path.clone(), Body::from(self.body.clone()))?;
        let response = match router.clone().oneshot(request).await {
            Ok(response) => response,
            Err(never) => match never {},
        };
        let (parts, body) = response.into_parts();
        let body = body
            .collect()
            .await
            .map(|collected| collected.to_bytes())
            .unwrap_or_default();
        Ok(answer(parts.status.as_u16(), &parts.headers, &body))
    }

    /// Sends this request over a new HTTP/1.1 connection to `addr`.
    pub async fn send_over_tcp(&self, addr: SocketAddr) -> Result<Response, SendError> {
        let request = self.build(
            format!("http://{addr}{}", self.path),
            Full::new(Bytes::from(self.body.clone())),
        )?;
        let client = crate::slack_bot::http_client();
        let no_answer = |error: &dyn std::fmt::Display| SendError::NoAnswer(error.to_string());
        let response = client
            .request(request)
            .await
            .map_err(|error| no_answer(&error))?;
        let (parts, body) = response.into_parts();
        let body = body
            .collect()
            .await
            .map_err(|error| no_answer(&error))?
            .to_bytes();
        Ok(answer(parts.status.as_u16(), &parts.headers, &body))
    }
}

fn answer(status: u16, headers: &axum::http::HeaderMap, body: &[u8]) -> Response {
    Response {
        status,
        content_type: headers
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .map(str::to_string),
        body: String::from_utf8_lossy(body).into_owned(),
    }
}

impl Response {
    /// The body as JSON; panics with the body if it is not.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|error| panic!("not JSON ({error}): {}", self.body))
    }

    /// Whether the body is declared as `media_type` (parameters ignored).
    pub fn is(&self, media_type: &str) -> bool {
        self.content_type
            .as_deref()
            .and_then(|given| given.split(';').next())
            .is_some_and(|given| given.trim().eq_ignore_ascii_case(media_type))
    }
}
