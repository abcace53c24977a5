//! A fake Discord HTTP API on 127.0.0.1:0 that behaves like the real one where
//! the bot relies on it: it checks `Authorization: Bot <token>`, validates every
//! request body against the route's schema in Discord's own OpenAPI spec
//! ([`spec`]) and against the limits the schema does not say ([`limits`]),
//! answers a body that does not fit as Discord does (400, code 50035, `errors`
//! by field: [`form_errors`]) and every other error in Discord's JSON
//! (`{"message", "code"}`), can be told to answer 429 (with `retry_after` and
//! `global`) or 500 for the next calls, knows users with closed DMs (50007) and
//! unknown channels (10003), edits messages it was sent
//! (`PATCH /channels/{id}/messages/{id}`, 10008 Unknown Message for any
//! other), serves `GET /channels/{channel.id}` for the
//! channels it knows (a hidden one with the everyone role denied
//! VIEW_CHANNEL), its answer held to the spec's response schema, and records
//! every call. A message with files comes as multipart ([`multipart`]): its
//! `payload_json` is checked like any body, its files against Discord's
//! size limits and the payload's `attachments`.
//!
//! The bot's answers to interactions over HTTP are not calls to this fake, but
//! [`check_interaction_answer`] holds them to the same spec and limits.

// Early returns carry the finished HTTP response; it is big, and that is fine in a fake.
#![allow(clippy::result_large_err)]

pub mod form_errors;
pub mod limits;
pub mod multipart;
mod schema_errors;
pub mod spec;

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, patch, post, put};
use axum::{Json, Router};
use serde_json::{json, Value};

pub use form_errors::{FormErrors, Problem};
pub use limits::{check_answer_message, check_message, Check};

/// Checks an answer the bot gives to an interaction against the schema of
/// Discord's interaction callback and, for an answer carrying a message,
/// against the message limits: every problem, named by field.
pub fn check_interaction_answer(answer: &Value) -> Result<(), FormErrors> {
    let mut found = FormErrors::default();
    if let Err(problems) = spec::check_interaction_callback(answer) {
        found.extend(problems);
    }
    if let Err(problems) = check_answer_message(answer) {
        found.extend(problems);
    }
    found.into_result()
}

/// One call the bot made.
#[derive(Debug, Clone)]
pub struct Call {
    pub method: String,
    pub path: String,
    pub body: Value,
    /// What the fake answered.
    pub status: u16,
    /// The files sent with a multipart message.
    pub files: Vec<multipart::SentFile>,
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
    /// Channels the everyone role cannot see, with their server.
    hidden: HashMap<String, String>,
    next_id: u64,
    /// Every message posted, as it reads now (after edits), in posting order.
    posted: Vec<PostedMessage>,
    /// What `GET /gateway` answers.
    gateway_url: Option<String>,
}

/// A message the bot posted, as Discord holds it now.
#[derive(Debug, Clone)]
pub struct PostedMessage {
    pub id: String,
    pub channel: String,
    /// The body of the post, with every edit's fields laid over it.
    pub body: Value,
    /// How many times it was edited.
    pub edits: usize,
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
            .route("/api/v10/gateway", get(gateway))
            .route("/api/v10/users/@me/channels", post(open_dm))
            .route("/api/v10/channels/{channel}", get(get_channel))
            .route("/api/v10/channels/{channel}/messages", post(post_message))
            .route(
                "/api/v10/channels/{channel}/messages/{message}",
                patch(edit_message),
            )
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

    /// Points `GET /gateway` at `url` (a [`crate::fake_gateway::FakeGateway`]).
    pub fn set_gateway(&self, url: &str) {
        self.lock().gateway_url = Some(url.to_string());
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

    /// `channel` of server `guild` exists, and its permission overwrites deny
    /// the everyone role (whose id is the server's) VIEW_CHANNEL.
    pub fn hide_channel(&self, channel: &str, guild: &str) {
        let mut state = self.lock();
        state.channels.insert(channel.to_string());
        state.hidden.insert(channel.to_string(), guild.to_string());
    }

    /// `user` does not accept DMs from server members.
    pub fn close_dms(&self, user: &str) {
        self.lock().closed_dms.insert(user.to_string());
    }

    /// Every call so far.
    pub fn calls(&self) -> Vec<Call> {
        self.lock().calls.clone()
    }

    /// The messages posted in `channel` as they read now (after any edit),
    /// oldest first.
    pub fn current_messages_in(&self, channel: &str) -> Vec<PostedMessage> {
        self.lock()
            .posted
            .iter()
            .filter(|message| message.channel == channel)
            .cloned()
            .collect()
    }

    /// Someone deletes the message `id` of `channel`, as a moderator can.
    pub fn delete_message(&self, channel: &str, id: &str) {
        self.lock()
            .posted
            .retain(|message| !(message.channel == channel && message.id == id));
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

fn invalid_form_body(errors: &FormErrors) -> Response {
    (StatusCode::BAD_REQUEST, Json(errors.body())).into_response()
}

/// Everything wrong with `body` for `method path`: against the route's schema
/// in Discord's spec, and against `limits` (Discord's rules the schema does not
/// say).
fn form_problems(method: &str, path: &str, body: &Value, limits: Option<Check>) -> FormErrors {
    let mut problems = FormErrors::default();
    if let Err(found) = spec::check_request(method, path, body) {
        problems.extend(found);
    }
    if let Some(Err(found)) = limits.map(|check| check(body)) {
        problems.extend(found);
    }
    problems
}

/// What every route does first, in Discord's order: check the token, answer an
/// injected failure, read the JSON and check its form ([`form_problems`]).
/// Every call is recorded with what it was answered; the body it gives back is
/// one that fits.
fn gate(
    state: &Arc<Mutex<FakeState>>,
    method: &str,
    path: &str,
    headers: &HeaderMap,
    raw: &Bytes,
    limits: Option<Check>,
) -> Result<Value, Response> {
    // A GET carries no body.
    let parsed = if method == "GET" && raw.is_empty() {
        Some(Value::Null)
    } else {
        serde_json::from_slice::<Value>(raw).ok()
    };
    let problems = parsed
        .as_ref()
        .map(|body| form_problems(method, path, body, limits));
    let mut state = state.lock().expect("fake state");
    let expected = format!("Bot {}", state.token);
    let authorised = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v == expected);
    let outcome = if !authorised {
        Err(error(StatusCode::UNAUTHORIZED, 0, "401: Unauthorized"))
    } else if !state.failures.is_empty() {
        Err(failure(state.failures.remove(0)))
    } else {
        match problems {
            None => Err(error(
                StatusCode::BAD_REQUEST,
                50109,
                "The request body contains invalid JSON.",
            )),
            Some(problems) => problems
                .into_result()
                .map_err(|problems| invalid_form_body(&problems)),
        }
    };
    let status = match &outcome {
        Ok(()) => 200,
        Err(response) => response.status().as_u16(),
    };
    // A body that is not JSON is recorded as the text it was.
    let body = parsed.unwrap_or_else(|| Value::String(String::from_utf8_lossy(raw).into_owned()));
    state.calls.push(Call {
        method: method.to_string(),
        path: path.to_string(),
        body: body.clone(),
        status,
        files: Vec::new(),
    });
    outcome.map(|()| body)
}

fn failure(failure: Failure) -> Response {
    match failure {
        Failure::RateLimited {
            retry_after,
            global,
        } => (
            StatusCode::TOO_MANY_REQUESTS,
            [
                ("retry-after", format!("{}", retry_after.ceil())),
                ("x-ratelimit-global", global.to_string()),
                (
                    "x-ratelimit-scope",
                    if global { "global" } else { "user" }.to_string(),
                ),
            ],
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
    }
}

fn set_status(state: &Arc<Mutex<FakeState>>, status: u16) {
    if let Some(last) = state.lock().expect("fake state").calls.last_mut() {
        last.status = status;
    }
}

/// Discord's own rule for opening a DM that its schema leaves optional.
fn dm_recipient(body: &Value) -> Result<(), FormErrors> {
    let mut found = FormErrors::default();
    if body["recipient_id"].is_null() {
        found.push(Problem::required(&["recipient_id"]));
    }
    found.into_result()
}

async fn open_dm(
    State(state): State<Arc<Mutex<FakeState>>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let path = "/api/v10/users/@me/channels";
    let body = match gate(&state, "POST", path, &headers, &body, Some(dm_recipient)) {
        Ok(body) => body,
        Err(response) => return response,
    };
    let user = body["recipient_id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
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
    let path = format!("/api/v10/channels/{channel}/messages");
    let (raw, files) = if multipart::is_multipart(&headers) {
        match multipart::read(&headers, body).await {
            Ok(parts) => (parts.payload, parts.files),
            Err(why) => {
                return error(
                    StatusCode::BAD_REQUEST,
                    50035,
                    &format!("Invalid Form Body: {why}"),
                )
            }
        }
    } else {
        (body, Vec::new())
    };
    let body = match gate(&state, "POST", &path, &headers, &raw, Some(check_message)) {
        Ok(body) => body,
        Err(response) => return response,
    };
    if let Some(last) = state.lock().expect("fake state").calls.last_mut() {
        last.files = files.clone();
    }
    if multipart::too_large(&files) {
        set_status(&state, 413);
        return error(
            StatusCode::PAYLOAD_TOO_LARGE,
            40005,
            "Request entity too large",
        );
    }
    if let Err(problems) = multipart::check_attachments(&body, &files) {
        set_status(&state, 400);
        return invalid_form_body(&problems);
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
    } else {
        None
    };
    if let Some(response) = refusal {
        set_status(&state, response.status().as_u16());
        return response;
    }
    state
        .lock()
        .expect("fake state")
        .posted
        .push(PostedMessage {
            id: id.to_string(),
            channel: channel.clone(),
            body: body.clone(),
            edits: 0,
        });
    Json(json!({ "id": id.to_string(), "channel_id": channel, "content": body["content"].clone(), "embeds": body["embeds"].clone(), "nonce": body["nonce"].clone() })).into_response()
}

/// `PATCH /channels/{channel.id}/messages/{message.id}`: edits a message the
/// bot posted there; the fields given replace the message's. An unknown
/// channel is 10003, a message not in that channel 10008 (Unknown Message).
async fn edit_message(
    State(state): State<Arc<Mutex<FakeState>>>,
    Path((channel, message)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let path = format!("/api/v10/channels/{channel}/messages/{message}");
    let body = match gate(&state, "PATCH", &path, &headers, &body, Some(check_message)) {
        Ok(body) => body,
        Err(response) => return response,
    };
    let edited = {
        let mut s = state.lock().expect("fake state");
        if !s.channels.contains(&channel) {
            Err(error(StatusCode::NOT_FOUND, 10003, "Unknown Channel"))
        } else {
            match s
                .posted
                .iter_mut()
                .find(|posted| posted.channel == channel && posted.id == message)
            {
                None => Err(error(StatusCode::NOT_FOUND, 10008, "Unknown Message")),
                Some(posted) => {
                    if let (Some(current), Some(fields)) =
                        (posted.body.as_object_mut(), body.as_object())
                    {
                        for (field, value) in fields {
                            current.insert(field.clone(), value.clone());
                        }
                    }
                    posted.edits += 1;
                    Ok(posted.body.clone())
                }
            }
        }
    };
    match edited {
        Ok(now) => Json(json!({ "id": message, "channel_id": channel, "content": now["content"].clone(), "embeds": now["embeds"].clone(), "edited_timestamp": "2026-11-23T09:00:00+00:00" })).into_response(),
        Err(response) => {
            set_status(&state, response.status().as_u16());
            response
        }
    }
}

/// The server the fake files a visible channel under: the bot reads only the
/// overwrites, so any server will do.
pub const SOME_GUILD: &str = "100000000000000001";

/// `GET /channels/{channel.id}`: a server text channel, as Discord's spec
/// describes it; the everyone role denied VIEW_CHANNEL when hidden.
async fn get_channel(
    State(state): State<Arc<Mutex<FakeState>>>,
    Path(channel): Path<String>,
    headers: HeaderMap,
) -> Response {
    let path = format!("/api/v10/channels/{channel}");
    if let Err(response) = gate(&state, "GET", &path, &headers, &Bytes::new(), None) {
        return response;
    }
    let (known, hidden_in) = {
        let s = state.lock().expect("fake state");
        (
            s.channels.contains(&channel),
            s.hidden.get(&channel).cloned(),
        )
    };
    if !known {
        set_status(&state, 404);
        return error(StatusCode::NOT_FOUND, 10003, "Unknown Channel");
    }
    let body = channel_body(&channel, hidden_in.as_deref());
    if let Err(problems) = spec::check_response("GET", &path, &body) {
        set_status(&state, 500);
        return error(
            StatusCode::INTERNAL_SERVER_ERROR,
            0,
            &format!(
                "the fake's channel breaks the spec: {:?}",
                problems.fields()
            ),
        );
    }
    Json(body).into_response()
}

/// A server text channel `id`; hidden from the everyone role of `hidden_in`.
pub fn channel_body(id: &str, hidden_in: Option<&str>) -> Value {
    let guild = hidden_in.unwrap_or(SOME_GUILD);
    let overwrites: Vec<Value> = hidden_in
        .map(|guild| json!({ "id": guild, "type": 0, "allow": "0", "deny": (1u64 << 10).to_string() }))
        .into_iter()
        .collect();
    json!({
        "id": id, "type": 0, "guild_id": guild, "name": "pipeline", "position": 0,
        "flags": 0, "parent_id": null, "last_message_id": null, "topic": null,
        "rate_limit_per_user": 0, "nsfw": false, "permission_overwrites": overwrites
    })
}

async fn put_commands(
    State(state): State<Arc<Mutex<FakeState>>>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let body = match gate(&state, "PUT", uri.path(), &headers, &body, None) {
        Ok(body) => body,
        Err(response) => return response,
    };
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
            // As Discord stores it: a slash command unless another type was
            // sent; a message command (type 3) has an empty description.
            if command["type"].is_null() {
                command["type"] = json!(1);
            }
            if command["description"].is_null() {
                command["description"] = json!("");
            }
            command["default_member_permissions"] = Value::Null;
            if let Some(guild) = &guild {
                command["guild_id"] = json!(guild);
            }
            command
        })
        .collect();
    Json(Value::Array(stored)).into_response()
}

/// `GET /gateway`: where the gateway is, as Discord answers it (no auth needed).
async fn gateway(State(state): State<Arc<Mutex<FakeState>>>) -> Response {
    let url = state.lock().expect("fake state").gateway_url.clone();
    match url {
        Some(url) => Json(json!({ "url": url })).into_response(),
        None => error(StatusCode::NOT_FOUND, 0, "404: Not Found"),
    }
}

async fn unknown_route(method: Method, uri: Uri) -> Response {
    error(
        StatusCode::NOT_FOUND,
        0,
        &format!("404: Not Found ({method} {})", uri.path()),
    )
}
