//! A fake Slack Web API that behaves like Slack where the bot can tell: it checks
//! the bearer token, rejects what Slack rejects (more than 50 blocks, a section
//! text over 3000 characters, a header over 150, more than 10 fields or a field
//! over 2000, unknown block types, a `text` over 40,000), answers errors as
//! `{"ok": false, "error": …}`, knows which channels the bot is in and which
//! of them are private (`conversations.info`, which like Slack's answers
//! `channel_not_found` for a channel the bot cannot see), who the workspace's
//! members are (`users.info`: `user_not_found` for anyone else; admin, owner,
//! bot and deactivated flags as Slack sets them, and display names), and can be
//! told to answer the next calls with 429 + `Retry-After` or 500. It keeps what
//! was posted: `chat.update` changes a message the bot posted, and answers
//! `message_not_found` for a `ts` of no message in that channel (and
//! `invalid_arguments` without one), as Slack does. It also serves
//! `response_url`s at `/response/{id}`, and file uploads in Slack's three
//! steps ([`files`]). Every call is recorded.
//!
//! Views (`views.publish`, `views.open`, `views.update`) are checked as Slack
//! checks them: at most 100 blocks, each valid (sections, inputs and their
//! elements within their limits), block ids unique, a modal's title, submit
//! and close within 24 characters, `private_metadata` within 3000; a bad view
//! is `invalid_arguments`. A `trigger_id` must be one the fake issued
//! ([`FakeSlack::issue_trigger`], as Slack issues one with each command and
//! click): used once (`exchanged_trigger_id`) within 3 s
//! (`expired_trigger_id`); an unknown one is `invalid_trigger_id`.

mod files;

pub use files::SharedFile;

use std::collections::{HashMap, HashSet, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, post};
use axum::{Json, Router};
use serde_json::{json, Map, Value};

/// The bot token the fake accepts.
pub const BOT_TOKEN: &str = "xoxb-fake-bot-token";

/// One request the fake received.
#[derive(Debug, Clone)]
pub struct Call {
    /// `chat.postMessage`, `users.info`, … or `response_url` for a response URL.
    pub method: String,
    /// The response URL's id, for `response_url` calls.
    pub hook: Option<String>,
    /// The request's parameters (JSON body, form fields and query merged).
    pub body: Value,
    /// What the fake answered: `ok`, an error code, `429` or `500`.
    pub answer: String,
}

/// A failure to answer the next Web API calls with.
#[derive(Debug, Clone, Copy)]
pub enum Fault {
    /// HTTP 429 with `Retry-After` seconds.
    RateLimited { retry_after: u64 },
    /// HTTP 500.
    ServerError,
}

#[derive(Default)]
struct FakeState {
    calls: Vec<Call>,
    faults: VecDeque<Fault>,
    /// Faults for the next calls of one method (`upload` for a file's bytes).
    faults_for: HashMap<String, VecDeque<Fault>>,
    /// Channels the bot is a member of.
    member_of: HashSet<String>,
    /// Channels that exist but the bot is not in.
    not_member_of: HashSet<String>,
    /// Private channels (the bot is in them: otherwise it could not see them).
    private: HashSet<String>,
    /// The workspace's members, as `users.info` describes them; anyone else
    /// is `user_not_found`.
    users: HashMap<String, Member>,
    /// User id → IANA time zone.
    timezones: HashMap<String, String>,
    /// user id → display name, for `users.info`'s profile.
    names: HashMap<String, String>,
    /// user id → profile status: text, emoji, expiry (Unix seconds, 0 never).
    statuses: HashMap<String, (String, String, i64)>,
    next_ts: u64,
    /// Where the fake listens, for the upload URLs it gives.
    addr: Option<SocketAddr>,
    files: files::Files,
    /// Every message posted, as it reads now (after `chat.update`s), in the
    /// order they were posted.
    posted: Vec<PostedMessage>,
    /// Issued trigger ids: when, and whether used.
    triggers: HashMap<String, (Instant, bool)>,
    /// The home view published for each user, the latest.
    homes: HashMap<String, Value>,
    /// Whose home each accepted `views.publish` was, in order.
    home_publishes: Vec<String>,
    /// Opened modals by view id, as last updated.
    modals: Vec<(String, Value)>,
}

/// A message the bot posted, as Slack holds it now.
#[derive(Debug, Clone)]
pub struct PostedMessage {
    pub channel: String,
    pub ts: String,
    /// The parameters of the last `chat.postMessage` or `chat.update` of it.
    pub body: Value,
    /// How many times `chat.update` changed it.
    pub updates: usize,
}

/// How long a trigger id may be used after it was issued.
pub const TRIGGER_LIFETIME: Duration = Duration::from_secs(3);

/// A member of the fake workspace: what `users.info` says of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Member {
    /// A person with no admin role.
    Person,
    /// A workspace admin (`is_admin`).
    Admin,
    /// The workspace's owner (`is_owner`, not `is_admin`).
    Owner,
    /// A bot user (`is_bot`).
    Bot,
    /// A deactivated account (`deleted`).
    Deactivated,
}

/// A running fake; stops when its last clone is dropped. Clones are the same
/// Slack (several replicas of the bot talk to one).
#[derive(Clone)]
pub struct FakeSlack {
    pub addr: SocketAddr,
    state: Arc<Mutex<FakeState>>,
    _serving: Arc<Serving>,
}

/// The fake's server task, stopped when dropped.
struct Serving(tokio::task::JoinHandle<()>);

impl Drop for Serving {
    fn drop(&mut self) {
        self.0.abort();
    }
}

impl FakeSlack {
    /// Starts on a free port of 127.0.0.1. The bot is in channel `C-PIPELINE`;
    /// `C-PRIVATE` exists without it.
    pub async fn start() -> FakeSlack {
        let state = Arc::new(Mutex::new(FakeState::default()));
        {
            let mut s = state.lock().expect("fake state");
            s.member_of.insert("C-PIPELINE".to_string());
            s.not_member_of.insert("C-PRIVATE".to_string());
        }
        let app = Router::new()
            .route("/api/{method}", any(web_api))
            .route("/response/{id}", post(response_url))
            .route("/upload/{token}", post(files::receive))
            .with_state(state.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("fake Slack binds");
        let addr = listener.local_addr().expect("address");
        state.lock().expect("fake state").addr = Some(addr);
        let task = tokio::spawn(async move {
            axum::serve(listener, app).await.expect("fake Slack serves");
        });
        FakeSlack {
            addr,
            state,
            _serving: Arc::new(Serving(task)),
        }
    }

    /// The Web API base URL, as `[slack] api_url`.
    pub fn api_url(&self) -> String {
        format!("http://{}/api/", self.addr)
    }

    /// A response URL the fake serves, named `id`.
    pub fn response_url(&self, id: &str) -> String {
        format!("http://{}/response/{id}", self.addr)
    }

    /// The bot is a member of `channel` from now on.
    pub fn join(&self, channel: &str) {
        self.lock().member_of.insert(channel.to_string());
    }

    /// `channel` is a private channel the bot is in from now on.
    pub fn add_private_channel(&self, channel: &str) {
        let mut state = self.lock();
        state.member_of.insert(channel.to_string());
        state.private.insert(channel.to_string());
    }

    /// `user` is a member of the workspace, as `member` (replacing what they were).
    pub fn add_user(&self, user: &str, member: Member) {
        self.lock().users.insert(user.to_string(), member);
    }

    /// Slack reports `zone` as `user`'s time zone (and `user` is a member).
    pub fn set_timezone(&self, user: &str, zone: &str) {
        let mut state = self.lock();
        state
            .users
            .entry(user.to_string())
            .or_insert(Member::Person);
        state.timezones.insert(user.to_string(), zone.to_string());
    }

    /// Gives `user` the display name `name` in `users.info` (and `user` is a member).
    pub fn set_display_name(&self, user: &str, name: &str) {
        let mut state = self.lock();
        state
            .users
            .entry(user.to_string())
            .or_insert(Member::Person);
        state.names.insert(user.to_string(), name.to_string());
    }

    /// Gives `user` a profile status (`users.info`'s `profile.status_text`,
    /// `status_emoji`, `status_expiration`: Unix seconds, 0 for never).
    pub fn set_status(&self, user: &str, text: &str, emoji: &str, expiration: i64) {
        let mut state = self.lock();
        state
            .users
            .entry(user.to_string())
            .or_insert(Member::Person);
        state.statuses.insert(
            user.to_string(),
            (text.to_string(), emoji.to_string(), expiration),
        );
    }

    /// The next `count` Web API calls fail with `fault`.
    pub fn fail_next(&self, count: usize, fault: Fault) {
        let mut state = self.lock();
        for _ in 0..count {
            state.faults.push_back(fault);
        }
    }

    /// The files shared in channels so far, oldest first.
    pub fn shared_files(&self) -> Vec<SharedFile> {
        self.lock().files.shared()
    }

    /// The next `count` calls of `method` (`upload`: a POST of a file's
    /// bytes) fail with `fault`, whatever other calls come between.
    pub fn fail_next_call_to(&self, method: &str, count: usize, fault: Fault) {
        let mut state = self.lock();
        let queue = state.faults_for.entry(method.to_string()).or_default();
        for _ in 0..count {
            queue.push_back(fault);
        }
    }

    /// A fresh trigger id, as Slack sends with a command or click, valid
    /// once for [`TRIGGER_LIFETIME`].
    pub fn issue_trigger(&self) -> String {
        let id = format!("13345224609.738474920.{}", uuid::Uuid::new_v4().simple());
        self.lock()
            .triggers
            .insert(id.clone(), (Instant::now(), false));
        id
    }

    /// The home view last published for `user`.
    pub fn home_of(&self, user: &str) -> Option<Value> {
        self.lock().homes.get(user).cloned()
    }

    /// Whose home each accepted `views.publish` was, oldest first.
    pub fn home_publishes(&self) -> Vec<String> {
        self.lock().home_publishes.clone()
    }

    /// The modals opened so far (as last updated), oldest first: (view id, view).
    pub fn modals(&self) -> Vec<(String, Value)> {
        self.lock().modals.clone()
    }

    /// Every call so far, oldest first.
    pub fn calls(&self) -> Vec<Call> {
        self.lock().calls.clone()
    }

    /// The calls of one method (or `response_url`).
    pub fn calls_to(&self, method: &str) -> Vec<Call> {
        self.calls()
            .into_iter()
            .filter(|call| call.method == method)
            .collect()
    }

    /// The messages posted in `channel` with `chat.postMessage`, as they read
    /// now (after any `chat.update`), oldest first.
    pub fn messages_in(&self, channel: &str) -> Vec<PostedMessage> {
        self.lock()
            .posted
            .iter()
            .filter(|message| message.channel == channel)
            .cloned()
            .collect()
    }

    /// Someone deletes the message `ts` of `channel`, as a person can in Slack.
    pub fn delete_message(&self, channel: &str, ts: &str) {
        self.lock()
            .posted
            .retain(|message| !(message.channel == channel && message.ts == ts));
    }

    /// The messages posted to response URL `id`, oldest first.
    pub fn responses(&self, id: &str) -> Vec<Value> {
        self.calls_to("response_url")
            .into_iter()
            .filter(|call| call.hook.as_deref() == Some(id))
            .map(|call| call.body)
            .collect()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, FakeState> {
        self.state.lock().expect("fake state")
    }
}

type Shared = State<Arc<Mutex<FakeState>>>;

async fn web_api(
    State(state): Shared,
    Path(method): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let params = parameters(&headers, query.as_deref(), &body);
    let mut state = state.lock().expect("fake state");
    let (status, answer, response) = answer(&mut state, &method, &headers, &params);
    state.calls.push(Call {
        method,
        hook: None,
        body: params,
        answer,
    });
    response.map_or_else(
        || status.into_response(),
        |(extra, value)| (status, extra, Json(value)).into_response(),
    )
}

type Answer = (StatusCode, String, Option<(HeaderMap, Value)>);

impl FakeState {
    /// The fault the next call of `method` is to fail with, if any.
    fn fault_for(&mut self, method: &str) -> Option<Fault> {
        self.faults_for
            .get_mut(method)
            .and_then(VecDeque::pop_front)
            .or_else(|| self.faults.pop_front())
    }
}

fn answer(state: &mut FakeState, method: &str, headers: &HeaderMap, params: &Value) -> Answer {
    if let Some(fault) = state.fault_for(method) {
        return match fault {
            Fault::RateLimited { retry_after } => {
                let mut extra = HeaderMap::new();
                extra.insert(
                    header::RETRY_AFTER,
                    retry_after.to_string().parse().expect("header value"),
                );
                (
                    StatusCode::TOO_MANY_REQUESTS,
                    "429".to_string(),
                    Some((extra, json!({"ok": false, "error": "ratelimited"}))),
                )
            }
            Fault::ServerError => (StatusCode::INTERNAL_SERVER_ERROR, "500".to_string(), None),
        };
    }
    let auth = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok());
    let result = match auth {
        None => Err("not_authed".to_string()),
        Some(value) if value != format!("Bearer {BOT_TOKEN}") => Err("invalid_auth".to_string()),
        Some(_) => handle(state, method, params),
    };
    match result {
        Ok(value) => (
            StatusCode::OK,
            "ok".to_string(),
            Some((HeaderMap::new(), value)),
        ),
        Err(code) => (
            StatusCode::OK,
            code.clone(),
            Some((HeaderMap::new(), json!({"ok": false, "error": code}))),
        ),
    }
}

fn handle(state: &mut FakeState, method: &str, params: &Value) -> Result<Value, String> {
    let text = |name: &str| params.get(name).and_then(Value::as_str).map(str::to_string);
    match method {
        "chat.postMessage" | "chat.update" => {
            check_message(params)?;
            let channel = text("channel").ok_or("channel_not_found")?;
            let is_dm = channel.starts_with('D');
            if state.not_member_of.contains(&channel) {
                return Err("not_in_channel".to_string());
            }
            if !is_dm && !state.member_of.contains(&channel) {
                return Err("channel_not_found".to_string());
            }
            let ts = if method == "chat.update" {
                // Slack's own answers: a missing ts, or one of no message here.
                let ts = text("ts").ok_or("invalid_arguments")?;
                let message = state
                    .posted
                    .iter_mut()
                    .find(|message| message.channel == channel && message.ts == ts)
                    .ok_or("message_not_found")?;
                message.body = params.clone();
                message.updates += 1;
                ts
            } else {
                state.next_ts += 1;
                let ts = format!("1700000000.{:06}", state.next_ts);
                state.posted.push(PostedMessage {
                    channel: channel.clone(),
                    ts: ts.clone(),
                    body: params.clone(),
                    updates: 0,
                });
                ts
            };
            Ok(json!({
                "ok": true,
                "channel": channel,
                "ts": ts,
                "text": params.get("text").cloned().unwrap_or(Value::Null),
                "message": {
                    "type": "message",
                    "ts": ts,
                    "user": "U0BOT",
                    "bot_id": "B0BOT",
                    "text": params.get("text").cloned().unwrap_or(Value::Null),
                },
            }))
        }
        "files.getUploadURLExternal" => files::upload_url(state, params),
        "files.completeUploadExternal" => files::complete(state, params),
        "conversations.open" => {
            // A comma-separated string in a form, a string or an array in JSON.
            let users = match params.get("users") {
                Some(Value::Array(users)) => users
                    .iter()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join(","),
                _ => text("users").ok_or("users_list_not_supplied")?,
            };
            if users.contains(',') {
                return Err("not_allowed".to_string());
            }
            Ok(json!({"ok": true, "channel": {"id": format!("D{users}")}}))
        }
        "conversations.info" => {
            let channel = text("channel").ok_or("channel_not_found")?;
            conversation(state, &channel).map(|info| json!({"ok": true, "channel": info}))
        }
        "users.info" => {
            let user = text("user").ok_or("user_not_found")?;
            let member = *state.users.get(&user).ok_or("user_not_found")?;
            let mut info = json!({
                "id": user,
                "team_id": "T0FAKE",
                "name": user.to_lowercase(),
                "deleted": member == Member::Deactivated,
                "is_admin": member == Member::Admin,
                "is_owner": member == Member::Owner,
                "is_primary_owner": member == Member::Owner,
                "is_bot": member == Member::Bot,
                "is_app_user": false,
                "is_restricted": false,
                "is_ultra_restricted": false,
            });
            if let Some(zone) = state.timezones.get(&user) {
                info["tz"] = json!(zone);
            }
            if let Some(name) = state.names.get(&user) {
                info["profile"] = json!({"display_name": name, "real_name": name});
            }
            if let Some((text, emoji, expiration)) = state.statuses.get(&user) {
                if !info["profile"].is_object() {
                    info["profile"] = json!({});
                }
                info["profile"]["status_text"] = json!(text);
                info["profile"]["status_emoji"] = json!(emoji);
                info["profile"]["status_expiration"] = json!(expiration);
            }
            Ok(json!({"ok": true, "user": info}))
        }
        "chat.getPermalink" => {
            let channel = text("channel").ok_or("channel_not_found")?;
            let ts = text("message_ts").ok_or("message_not_found")?;
            conversation(state, &channel)?;
            Ok(json!({
                "ok": true,
                "channel": channel,
                "permalink": format!(
                    "https://acme.slack.com/archives/{channel}/p{}",
                    ts.replace('.', "")
                ),
            }))
        }
        "views.publish" => {
            let user = text("user_id").ok_or("user_not_found")?;
            let view = view_param(params)?;
            if view["type"] != "home" {
                return Err("invalid_arguments".to_string());
            }
            check_view(&view)?;
            state.home_publishes.push(user.clone());
            state.homes.insert(user, view.clone());
            Ok(json!({"ok": true, "view": with_id(view, "VHOME")}))
        }
        "views.open" => {
            let trigger = text("trigger_id").ok_or("invalid_trigger_id")?;
            let view = view_param(params)?;
            use_trigger(state, &trigger)?;
            if view["type"] != "modal" {
                return Err("invalid_arguments".to_string());
            }
            check_view(&view)?;
            let id = format!("V{:04}", state.modals.len() + 1);
            state.modals.push((id.clone(), view.clone()));
            Ok(json!({"ok": true, "view": with_id(view, &id)}))
        }
        "views.update" => {
            let id = text("view_id").ok_or("not_found")?;
            let view = view_param(params)?;
            check_view(&view)?;
            let slot = state
                .modals
                .iter_mut()
                .find(|(known, _)| *known == id)
                .ok_or("not_found")?;
            slot.1 = view.clone();
            Ok(json!({"ok": true, "view": with_id(view, &id)}))
        }
        _ => Err("unknown_method".to_string()),
    }
}

/// Uses `trigger` once, within its lifetime, as Slack allows.
fn use_trigger(state: &mut FakeState, trigger: &str) -> Result<(), String> {
    let (issued, used) = state
        .triggers
        .get_mut(trigger)
        .ok_or("invalid_trigger_id")?;
    if *used {
        return Err("exchanged_trigger_id".to_string());
    }
    if issued.elapsed() > TRIGGER_LIFETIME {
        return Err("expired_trigger_id".to_string());
    }
    *used = true;
    Ok(())
}

/// The `view` parameter: a JSON object, or its text in a form.
fn view_param(params: &Value) -> Result<Value, String> {
    match params.get("view") {
        Some(Value::String(text)) => {
            serde_json::from_str(text).map_err(|_| "invalid_arguments".to_string())
        }
        Some(view @ Value::Object(_)) => Ok(view.clone()),
        _ => Err("invalid_arguments".to_string()),
    }
}

fn with_id(mut view: Value, id: &str) -> Value {
    view["id"] = json!(id);
    view["hash"] = json!(format!("{id}.hash"));
    view
}

/// Whether Slack would accept `view` (a modal or a home): its error code if not.
pub fn check_view(view: &Value) -> Result<(), String> {
    let invalid = || "invalid_arguments".to_string();
    let blocks = view["blocks"].as_array().ok_or_else(invalid)?;
    if blocks.len() > 100 {
        return Err(invalid());
    }
    let mut ids = HashSet::new();
    for block in blocks {
        if let Some(id) = block["block_id"].as_str() {
            if id.is_empty() || id.chars().count() > 255 || !ids.insert(id.to_string()) {
                return Err(invalid());
            }
        }
        check_block(block).map_err(|_| invalid())?;
    }
    let plain_within = |value: &Value, limit: usize| {
        value["type"] == "plain_text"
            && value["text"]
                .as_str()
                .is_some_and(|text| !text.is_empty() && text.chars().count() <= limit)
    };
    if view["type"] == "modal" {
        if !plain_within(&view["title"], 24) {
            return Err(invalid());
        }
        for optional in ["submit", "close"] {
            if !view[optional].is_null() && !plain_within(&view[optional], 24) {
                return Err(invalid());
            }
        }
        let has_input = blocks.iter().any(|block| block["type"] == "input");
        if has_input && view["submit"].is_null() {
            return Err(invalid());
        }
    }
    if view["private_metadata"]
        .as_str()
        .is_some_and(|text| text.chars().count() > 3000)
        || view["callback_id"]
            .as_str()
            .is_some_and(|text| text.chars().count() > 255)
    {
        return Err(invalid());
    }
    Ok(())
}

/// `channel` as `conversations.info` describes it, if the bot can see it: a
/// DM (`D…`), a private channel it is in, or a public channel.
fn conversation(state: &FakeState, channel: &str) -> Result<Value, String> {
    let is_im = channel.starts_with('D');
    let is_private = state.private.contains(channel);
    if !is_im
        && !is_private
        && !state.member_of.contains(channel)
        && !state.not_member_of.contains(channel)
    {
        return Err("channel_not_found".to_string());
    }
    let mut info = json!({
        "id": channel,
        "created": 1_700_000_000,
        "is_im": is_im,
        "is_mpim": false,
        "is_archived": false,
        "is_org_shared": false,
        "context_team_id": "T0FAKE",
        "updated": 1_700_000_000_000u64,
    });
    if is_im {
        info["user"] = json!(channel.trim_start_matches('D'));
        info["is_user_deleted"] = json!(false);
        info["priority"] = json!(0);
    } else {
        let name = channel.to_lowercase();
        for (field, value) in [
            ("name", json!(name)),
            ("name_normalized", json!(name)),
            ("is_channel", json!(!is_private)),
            ("is_group", json!(is_private)),
            ("is_private", json!(is_private)),
            ("is_general", json!(false)),
            ("is_shared", json!(false)),
            ("is_ext_shared", json!(false)),
            ("is_pending_ext_shared", json!(false)),
            ("is_member", json!(state.member_of.contains(channel))),
            ("creator", json!("U0CREATOR")),
            ("topic", json!({"value": "", "creator": "", "last_set": 0})),
            (
                "purpose",
                json!({"value": "", "creator": "", "last_set": 0}),
            ),
            ("previous_names", json!([])),
        ] {
            info[field] = value;
        }
    }
    Ok(info)
}

async fn response_url(State(state): Shared, Path(id): Path<String>, body: Bytes) -> Response {
    let params: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let verdict = if params["delete_original"] == true {
        Ok(())
    } else {
        check_message(&params)
    };
    let mut state = state.lock().expect("fake state");
    state.calls.push(Call {
        method: "response_url".to_string(),
        hook: Some(id),
        body: params,
        answer: verdict.clone().err().unwrap_or_else(|| "ok".to_string()),
    });
    match verdict {
        Ok(()) => (StatusCode::OK, Json(json!({"ok": true}))).into_response(),
        Err(code) => (
            StatusCode::BAD_REQUEST,
            Json(json!({"ok": false, "error": code})),
        )
            .into_response(),
    }
}

/// The request's parameters: a JSON body, or form fields, plus the query.
fn parameters(headers: &HeaderMap, query: Option<&str>, body: &[u8]) -> Value {
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("application/json"));
    let mut params = Map::new();
    if is_json {
        if let Ok(Value::Object(fields)) = serde_json::from_slice::<Value>(body) {
            params = fields;
        }
    } else if let Ok(fields) = serde_urlencoded::from_bytes::<Vec<(String, String)>>(body) {
        for (name, value) in fields {
            params.insert(name, Value::String(value));
        }
    }
    if let Some(query) = query {
        if let Ok(fields) = serde_urlencoded::from_str::<Vec<(String, String)>>(query) {
            for (name, value) in fields {
                params.insert(name, Value::String(value));
            }
        }
    }
    Value::Object(params)
}

/// Whether Slack would accept `message`'s `text` and `blocks`; the error code
/// Slack gives (`invalid_blocks`, `msg_too_long`, `no_text`) if not.
pub fn check_message(message: &Value) -> Result<(), String> {
    let text = message.get("text").and_then(Value::as_str);
    if text.is_some_and(|text| text.chars().count() > 40_000) {
        return Err("msg_too_long".to_string());
    }
    let blocks = match message.get("blocks") {
        None | Some(Value::Null) => {
            return if text.is_some_and(|text| !text.is_empty()) {
                Ok(())
            } else {
                Err("no_text".to_string())
            }
        }
        Some(Value::String(encoded)) => {
            serde_json::from_str(encoded).map_err(|_| "invalid_blocks_format")?
        }
        Some(blocks) => blocks.clone(),
    };
    let blocks = blocks.as_array().ok_or("invalid_blocks_format")?;
    if blocks.len() > 50 {
        return Err("invalid_blocks".to_string());
    }
    for block in blocks {
        check_block(block).map_err(|_| "invalid_blocks".to_string())?;
    }
    Ok(())
}

fn check_block(block: &Value) -> Result<(), ()> {
    let chars = |value: &Value| value.as_str().map(|text| text.chars().count());
    let text_within = |object: &Value, limit: usize| -> Result<(), ()> {
        match chars(&object["text"]) {
            Some(count) if count > 0 && count <= limit => Ok(()),
            _ => Err(()),
        }
    };
    match block["type"].as_str() {
        Some("section") => {
            let has_text = !block["text"].is_null();
            if has_text {
                text_within(&block["text"], 3000)?;
            }
            let fields = block["fields"].as_array();
            if let Some(fields) = fields {
                if fields.is_empty() || fields.len() > 10 {
                    return Err(());
                }
                for field in fields {
                    text_within(field, 2000)?;
                }
            }
            if !has_text && fields.is_none() {
                return Err(());
            }
            Ok(())
        }
        Some("header") => {
            if block["text"]["type"] != "plain_text" {
                return Err(());
            }
            text_within(&block["text"], 150)
        }
        Some("context") => {
            let elements = block["elements"].as_array().ok_or(())?;
            if elements.is_empty() || elements.len() > 10 {
                return Err(());
            }
            for element in elements {
                text_within(element, 3000)?;
            }
            Ok(())
        }
        Some("actions") => {
            let elements = block["elements"].as_array().ok_or(())?;
            if elements.is_empty() || elements.len() > 25 {
                return Err(());
            }
            for element in elements {
                match element["type"].as_str() {
                    Some("button") => {
                        text_within(&element["text"], 75)?;
                        if chars(&element["value"]).unwrap_or(0) > 2000 {
                            return Err(());
                        }
                    }
                    Some("static_select") => {
                        let options = element["options"].as_array().ok_or(())?;
                        if options.is_empty() || options.len() > 100 {
                            return Err(());
                        }
                        for option in options {
                            text_within(&option["text"], 75)?;
                            if chars(&option["value"]).unwrap_or(0) > 150 {
                                return Err(());
                            }
                        }
                    }
                    _ => return Err(()),
                }
            }
            Ok(())
        }
        Some("divider") => Ok(()),
        Some("input") => {
            let label = &block["label"];
            if label["type"] != "plain_text" {
                return Err(());
            }
            text_within(label, 2000)?;
            if !block["hint"].is_null() {
                text_within(&block["hint"], 2000)?;
            }
            check_input_element(&block["element"])
        }
        _ => Err(()),
    }
}

/// An input block's element: the kinds the bot's forms use, within their limits.
fn check_input_element(element: &Value) -> Result<(), ()> {
    let action_id = element["action_id"].as_str().ok_or(())?;
    if action_id.is_empty() || action_id.chars().count() > 255 {
        return Err(());
    }
    match element["type"].as_str() {
        Some("plain_text_input") => {
            let max = element["max_length"].as_u64().unwrap_or(3000);
            let initial = element["initial_value"].as_str().map(|t| t.chars().count());
            if max == 0 || max > 3000 || initial.is_some_and(|n| n as u64 > max) {
                return Err(());
            }
            Ok(())
        }
        Some("datepicker") => match element["initial_date"].as_str() {
            Some(date) if chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").is_err() => Err(()),
            _ => Ok(()),
        },
        Some("users_select") => Ok(()),
        Some("external_select") => Ok(()),
        Some("static_select") => {
            let options = element["options"].as_array().ok_or(())?;
            if options.is_empty() || options.len() > 100 {
                return Err(());
            }
            for option in options {
                let text = option["text"]["text"].as_str().ok_or(())?;
                let value = option["value"].as_str().ok_or(())?;
                if text.is_empty() || text.chars().count() > 75 || value.chars().count() > 150 {
                    return Err(());
                }
            }
            Ok(())
        }
        _ => Err(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fake_rejects_views_over_slacks_limits() {
        let section = json!({"type": "section", "text": {"type": "mrkdwn", "text": "x"}});
        let home = |count: usize| json!({"type": "home", "blocks": vec![section.clone(); count]});
        assert_eq!(check_view(&home(100)), Ok(()));
        assert_eq!(check_view(&home(101)), Err("invalid_arguments".to_string()));
        let modal = |title: &str| {
            json!({"type": "modal", "title": {"type": "plain_text", "text": title},
                   "submit": {"type": "plain_text", "text": "Save"},
                   "blocks": [{"type": "input", "block_id": "a",
                               "label": {"type": "plain_text", "text": "A"},
                               "element": {"type": "datepicker", "action_id": "a"}}]})
        };
        assert_eq!(check_view(&modal("x".repeat(24).as_str())), Ok(()));
        assert_eq!(
            check_view(&modal("x".repeat(25).as_str())),
            Err("invalid_arguments".to_string())
        );
        let mut twice = modal("Twice");
        twice["blocks"] = json!([twice["blocks"][0].clone(), twice["blocks"][0].clone()]);
        assert_eq!(
            check_view(&twice),
            Err("invalid_arguments".to_string()),
            "block ids are unique"
        );
    }

    #[test]
    fn the_fake_rejects_what_slack_rejects() {
        let section =
            |text: String| json!({"type": "section", "text": {"type": "mrkdwn", "text": text}});
        assert_eq!(check_message(&json!({"text": "hi"})), Ok(()));
        assert_eq!(
            check_message(&json!({"blocks": [section("x".repeat(3000))]})),
            Ok(())
        );
        assert_eq!(
            check_message(&json!({"blocks": [section("x".repeat(3001))]})),
            Err("invalid_blocks".to_string())
        );
        let many: Vec<Value> = (0..51).map(|_| section("x".to_string())).collect();
        assert_eq!(
            check_message(&json!({"blocks": many})),
            Err("invalid_blocks".to_string())
        );
        let header =
            json!({"type": "header", "text": {"type": "plain_text", "text": "h".repeat(151)}});
        assert_eq!(
            check_message(&json!({"blocks": [header]})),
            Err("invalid_blocks".to_string())
        );
        assert_eq!(
            check_message(&json!({"blocks": [{"type": "marquee"}]})),
            Err("invalid_blocks".to_string())
        );
        assert_eq!(
            check_message(&json!({"text": "x".repeat(40_001)})),
            Err("msg_too_long".to_string())
        );
    }
}
