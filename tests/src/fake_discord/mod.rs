//! A fake Discord HTTP API on 127.0.0.1:0 that behaves like the real one where
//! the bot relies on it: it checks `Authorization: Bot <token>`, enforces the
//! message, embed and component limits and the presence of `allowed_mentions`,
//! answers errors in Discord's JSON (`{"message", "code"}`), can be told to
//! answer 429 (with `retry_after` and `global`) or 500 for the next calls, knows
//! users with closed DMs (50007) and unknown channels (10003), and records every
//! call.

// Early returns carry the finished HTTP response; it is big, and that is fine in a fake.
#![allow(clippy::result_large_err)]

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{post, put};
use axum::{Json, Router};
use serde_json::{json, Value};

/// One call the bot made.
#[derive(Debug, Clone)]
pub struct Call {
    pub method: String,
    pub path: String,
    pub body: Value,
    /// What the fake answered.
    pub status: u16,
}

/// A failure to answer with instead of the real outcome.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Failure {
    RateLimited { retry_after: f64, global: bool },
    ServerError,
}

#[derive(Default)]
struct FakeState {
    token: String,
    calls: Vec<Call>,
    failures: Vec<Failure>,
    closed_dms: HashSet<String>,
    channels: HashSet<String>,
    next_id: u64,
}

/// A running fake; dropped with the test's runtime.
#[derive(Clone)]
pub struct FakeDiscord {
    /// The API base URL to configure, ending in `/api/v10`.
    pub api_url: String,
    state: Arc<Mutex<FakeState>>,
}

impl FakeDiscord {
    /// Starts a fake that accepts the bot token `token` and knows `channels`.
    pub async fn start(token: &str, channels: &[&str]) -> FakeDiscord {
        let state = Arc::new(Mutex::new(FakeState {
            token: token.to_string(),
            channels: channels.iter().map(|c| c.to_string()).collect(),
            next_id: 1_000_000_000_000_000_000,
            ..FakeState::default()
        }));
        let app = Router::new()
            .route("/api/v10/users/@me/channels", post(open_dm))
            .route("/api/v10/channels/{channel}/messages", post(post_message))
            .route("/api/v10/applications/{app}/commands", put(put_commands))
            .route(
                "/api/v10/applications/{app}/guilds/{guild}/commands",
                put(put_commands),
            )
            .fallback(unknown_route)
            .with_state(state.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("fake Discord binds");
        let address = listener.local_addr().expect("address");
        tokio::spawn(async move {
            axum::serve(listener, app)
                .await
                .expect("fake Discord serves");
        });
        FakeDiscord {
            api_url: format!("http://{address}/api/v10"),
            state,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, FakeState> {
        self.state.lock().expect("fake state")
    }

    /// The next `count` calls fail with `failure`.
    pub fn fail_next(&self, count: usize, failure: Failure) {
        self.lock()
            .failures
            .extend(std::iter::repeat_n(failure, count));
    }

    /// `user` does not accept DMs from server members.
    pub fn close_dms(&self, user: &str) {
        self.lock().closed_dms.insert(user.to_string());
    }

    /// Every call so far.
    pub fn calls(&self) -> Vec<Call> {
        self.lock().calls.clone()
    }

    /// The messages accepted in `channel`, oldest first.
    pub fn messages_in(&self, channel: &str) -> Vec<Value> {
        let path = format!("/api/v10/channels/{channel}/messages");
        self.calls()
            .into_iter()
            .filter(|c| c.path == path && c.status == 200)
            .map(|c| c.body)
            .collect()
    }
}

fn error(status: StatusCode, code: u64, message: &str) -> Response {
    (status, Json(json!({ "message": message, "code": code }))).into_response()
}

/// Authorisation, injected failures and the call record, common to every route.
fn gate(
    state: &Arc<Mutex<FakeState>>,
    method: &str,
    path: &str,
    headers: &HeaderMap,
    body: &Value,
) -> Result<(), Response> {
    let mut state = state.lock().expect("fake state");
    let expected = format!("Bot {}", state.token);
    let authorised = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v == expected);
    let outcome = if !authorised {
        Err(error(StatusCode::UNAUTHORIZED, 0, "401: Unauthorized"))
    } else if !state.failures.is_empty() {
        Err(match state.failures.remove(0) {
            Failure::RateLimited {
                retry_after,
                global,
            } => (
                StatusCode::TOO_MANY_REQUESTS,
                [("retry-after", format!("{}", retry_after.ceil()))],
                Json(json!({
                    "message": "You are being rate limited.",
                    "retry_after": retry_after,
                    "global": global,
                    "code": if global { 0 } else { 20028 },
                })),
            )
                .into_response(),
            Failure::ServerError => error(
                StatusCode::INTERNAL_SERVER_ERROR,
                0,
                "500: Internal Server Error",
            ),
        })
    } else {
        Ok(())
    };
    let status = match &outcome {
        Ok(()) => 200,
        Err(response) => response.status().as_u16(),
    };
    state.calls.push(Call {
        method: method.to_string(),
        path: path.to_string(),
        body: body.clone(),
        status,
    });
    outcome
}

fn parse(body: &Bytes) -> Result<Value, Response> {
    serde_json::from_slice(body).map_err(|_| {
        error(
            StatusCode::BAD_REQUEST,
            50109,
            "The request body contains invalid JSON.",
        )
    })
}

fn set_status(state: &Arc<Mutex<FakeState>>, status: u16) {
    if let Some(last) = state.lock().expect("fake state").calls.last_mut() {
        last.status = status;
    }
}

async fn open_dm(
    State(state): State<Arc<Mutex<FakeState>>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let body = match parse(&body) {
        Ok(body) => body,
        Err(response) => return response,
    };
    if let Err(response) = gate(
        &state,
        "POST",
        "/api/v10/users/@me/channels",
        &headers,
        &body,
    ) {
        return response;
    }
    let Some(user) = body["recipient_id"].as_str().map(str::to_string) else {
        set_status(&state, 400);
        return error(StatusCode::BAD_REQUEST, 50035, "Invalid Form Body");
    };
    let channel = format!("7{user}");
    state
        .lock()
        .expect("fake state")
        .channels
        .insert(channel.clone());
    Json(json!({ "id": channel, "type": 1, "recipients": [{ "id": user }] })).into_response()
}

async fn post_message(
    State(state): State<Arc<Mutex<FakeState>>>,
    Path(channel): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let body = match parse(&body) {
        Ok(body) => body,
        Err(response) => return response,
    };
    let path = format!("/api/v10/channels/{channel}/messages");
    if let Err(response) = gate(&state, "POST", &path, &headers, &body) {
        return response;
    }
    let (known, closed, id) = {
        let mut s = state.lock().expect("fake state");
        s.next_id += 1;
        let closed = channel
            .strip_prefix('7')
            .is_some_and(|user| s.closed_dms.contains(user));
        (s.channels.contains(&channel), closed, s.next_id)
    };
    let refusal = if !known {
        Some(error(StatusCode::NOT_FOUND, 10003, "Unknown Channel"))
    } else if closed {
        Some(error(
            StatusCode::FORBIDDEN,
            50007,
            "Cannot send messages to this user",
        ))
    } else if let Err(problem) = check_message(&body) {
        Some(
            (
                StatusCode::BAD_REQUEST,
                Json(json!({ "message": "Invalid Form Body", "code": 50035, "errors": { "_errors": [{ "code": "BASE_TYPE_BAD", "message": problem }] } })),
            )
                .into_response(),
        )
    } else {
        None
    };
    if let Some(response) = refusal {
        set_status(&state, response.status().as_u16());
        return response;
    }
    Json(json!({ "id": id.to_string(), "channel_id": channel, "content": body["content"].clone(), "embeds": body["embeds"].clone(), "nonce": body["nonce"].clone() })).into_response()
}

async fn put_commands(
    State(state): State<Arc<Mutex<FakeState>>>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let body = match parse(&body) {
        Ok(body) => body,
        Err(response) => return response,
    };
    if let Err(response) = gate(&state, "PUT", uri.path(), &headers, &body) {
        return response;
    }
    // Discord answers with the stored commands: the sent ones with their ids.
    let app = uri.path().split('/').nth(4).unwrap_or("0").to_string();
    let guild = uri.path().split('/').nth(6).map(str::to_string);
    let stored: Vec<Value> = body
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .enumerate()
        .map(|(i, mut command)| {
            command["id"] = json!(format!("{}", 900_000_000_000_000_000u64 + i as u64));
            command["application_id"] = json!(app);
            command["version"] = json!("1");
            command["type"] = json!(1);
            command["default_member_permissions"] = Value::Null;
            if let Some(guild) = &guild {
                command["guild_id"] = json!(guild);
            }
            command
        })
        .collect();
    Json(Value::Array(stored)).into_response()
}

async fn unknown_route(method: Method, uri: Uri) -> Response {
    error(
        StatusCode::NOT_FOUND,
        0,
        &format!("404: Not Found ({method} {})", uri.path()),
    )
}

fn chars(value: &Value) -> usize {
    value.as_str().map_or(0, |s| s.chars().count())
}

/// Checks a message body (a channel post, or an interaction response's `data`)
/// against Discord's limits; the first problem found.
pub fn check_message(body: &Value) -> Result<(), String> {
    let mentions = &body["allowed_mentions"];
    if !mentions["parse"].is_array() {
        return Err("allowed_mentions with a parse list is required (the bot's rule: never default mentions)".into());
    }
    if mentions["parse"].as_array().is_some_and(|p| !p.is_empty()) {
        return Err(format!(
            "allowed_mentions.parse must be empty, got {}",
            mentions["parse"]
        ));
    }
    if chars(&body["content"]) > 2000 {
        return Err("content longer than 2000".into());
    }
    let embeds = body["embeds"].as_array().cloned().unwrap_or_default();
    if embeds.len() > 10 {
        return Err("more than 10 embeds".into());
    }
    let mut total = 0;
    for embed in &embeds {
        let limits = [("title", 256), ("description", 4096)];
        for (key, limit) in limits {
            if chars(&embed[key]) > limit {
                return Err(format!("embed {key} longer than {limit}"));
            }
            total += chars(&embed[key]);
        }
        if chars(&embed["footer"]["text"]) > 2048 || chars(&embed["author"]["name"]) > 256 {
            return Err("embed footer or author too long".into());
        }
        total += chars(&embed["footer"]["text"]) + chars(&embed["author"]["name"]);
        let fields = embed["fields"].as_array().cloned().unwrap_or_default();
        if fields.len() > 25 {
            return Err("more than 25 fields".into());
        }
        for field in &fields {
            let (name, value) = (chars(&field["name"]), chars(&field["value"]));
            if name == 0 || name > 256 || value == 0 || value > 1024 {
                return Err(format!(
                    "field name {name} / value {value} out of 1..256 / 1..1024"
                ));
            }
            total += name + value;
        }
    }
    if total > 6000 {
        return Err(format!("embeds total {total} characters, over 6000"));
    }
    let rows = body["components"].as_array().cloned().unwrap_or_default();
    if rows.len() > 5 {
        return Err("more than 5 action rows".into());
    }
    for row in &rows {
        let items = row["components"].as_array().cloned().unwrap_or_default();
        if items.is_empty() || items.len() > 5 {
            return Err("an action row holds 1 to 5 components".into());
        }
        for item in &items {
            let id = chars(&item["custom_id"]);
            if !(1..=100).contains(&id) {
                return Err(format!("custom_id of {id} characters"));
            }
            if chars(&item["label"]) > 80 {
                return Err("button label longer than 80".into());
            }
            let options = item["options"].as_array().map_or(0, Vec::len);
            if options > 25 {
                return Err("more than 25 select options".into());
            }
        }
    }
    Ok(())
}
