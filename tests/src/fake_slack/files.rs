//! The fake Slack's file uploads, in Slack's current three steps:
//! `files.getUploadURLExternal` (a `filename` and a `length` are required)
//! answers a fresh upload URL and a file id; the URL takes one POST of exactly
//! that many bytes (a second use, or another length, is refused); then
//! `files.completeUploadExternal` shares uploaded files in a channel the bot
//! is in, with their titles and an `initial_comment`. Completing an id Slack
//! never gave, or one whose bytes never arrived, or one already shared, fails
//! with `file_not_found`. Faults queued with `FakeSlack::fail_next` hit the
//! byte upload too, as they would any call; `fail_next_call_to("upload", …)`
//! hits only it.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

use super::{Call, FakeState, Fault, Shared};

/// Slack's limit on one file: 1 GB.
const MOST_BYTES: usize = 1 << 30;

/// A file as Slack holds it between the steps.
#[derive(Debug, Clone)]
pub(super) struct Upload {
    filename: String,
    length: usize,
    bytes: Option<Vec<u8>>,
    shared: bool,
}

/// The uploads in progress and the files shared.
#[derive(Debug, Default)]
pub(super) struct Files {
    uploads: HashMap<String, Upload>,
    /// Upload URL token → file id, while unused.
    urls: HashMap<String, String>,
    shared: Vec<SharedFile>,
    next: u64,
}

/// A file shared in a channel.
#[derive(Debug, Clone, PartialEq)]
pub struct SharedFile {
    pub id: String,
    pub filename: String,
    pub title: String,
    pub channel: String,
    pub initial_comment: String,
    pub bytes: Vec<u8>,
}

impl Files {
    pub(super) fn shared(&self) -> Vec<SharedFile> {
        self.shared.clone()
    }
}

/// `files.getUploadURLExternal`.
pub(super) fn upload_url(state: &mut FakeState, params: &Value) -> Result<Value, String> {
    let filename = params["filename"].as_str().filter(|name| !name.is_empty());
    let length = params["length"]
        .as_str()
        .and_then(|length| length.parse::<usize>().ok())
        .or_else(|| params["length"].as_u64().map(|length| length as usize));
    let (Some(filename), Some(length)) = (filename, length) else {
        return Err("invalid_arguments".to_string());
    };
    if length == 0 || length > MOST_BYTES {
        return Err("invalid_arguments".to_string());
    }
    let addr = state.addr.ok_or("internal_error")?;
    let files = &mut state.files;
    files.next += 1;
    let id = format!("F0FAKE{:05}", files.next);
    let token = format!("u{:05}x{}", files.next, length);
    files.uploads.insert(
        id.clone(),
        Upload {
            filename: filename.to_string(),
            length,
            bytes: None,
            shared: false,
        },
    );
    files.urls.insert(token.clone(), id.clone());
    Ok(json!({
        "ok": true,
        "upload_url": format!("http://{addr}/upload/{token}"),
        "file_id": id,
    }))
}

/// `files.completeUploadExternal`.
pub(super) fn complete(state: &mut FakeState, params: &Value) -> Result<Value, String> {
    let files = match &params["files"] {
        Value::String(encoded) => {
            serde_json::from_str::<Value>(encoded).map_err(|_| "invalid_arguments")?
        }
        other => other.clone(),
    };
    let files = files.as_array().cloned().ok_or("invalid_arguments")?;
    if files.is_empty() {
        return Err("invalid_arguments".to_string());
    }
    let channel = params["channel_id"]
        .as_str()
        .or_else(|| params["channels"].as_str())
        .ok_or("invalid_arguments")?
        .to_string();
    if state.not_member_of.contains(&channel) {
        return Err("not_in_channel".to_string());
    }
    if !channel.starts_with('D') && !state.member_of.contains(&channel) {
        return Err("channel_not_found".to_string());
    }
    let comment = params["initial_comment"].as_str().unwrap_or_default();
    if comment.chars().count() > 40_000 {
        return Err("msg_too_long".to_string());
    }
    let mut ready = Vec::new();
    for file in &files {
        let id = file["id"].as_str().ok_or("invalid_arguments")?;
        let upload = state.files.uploads.get(id).ok_or("file_not_found")?;
        if upload.bytes.is_none() || upload.shared {
            return Err("file_not_found".to_string());
        }
        let title = file["title"]
            .as_str()
            .unwrap_or(&upload.filename)
            .to_string();
        ready.push((id.to_string(), title));
    }
    let mut answered = Vec::new();
    for (id, title) in ready {
        let Some(upload) = state.files.uploads.get_mut(&id) else {
            continue;
        };
        upload.shared = true;
        state.files.shared.push(SharedFile {
            id: id.clone(),
            filename: upload.filename.clone(),
            title: title.clone(),
            channel: channel.clone(),
            initial_comment: comment.to_string(),
            bytes: upload.bytes.clone().unwrap_or_default(),
        });
        answered.push(json!({"id": id, "title": title, "name": upload.filename}));
    }
    Ok(json!({"ok": true, "files": answered}))
}

/// A POST of a file's bytes to its upload URL.
pub(super) async fn receive(
    State(state): Shared,
    Path(token): Path<String>,
    body: Bytes,
) -> Response {
    let mut state = state.lock().expect("fake state");
    let (status, answer) = match state.fault_for("upload") {
        Some(Fault::RateLimited { retry_after }) => {
            record(&mut state, &token, body.len(), "429");
            return (
                StatusCode::TOO_MANY_REQUESTS,
                [(header::RETRY_AFTER, retry_after.to_string())],
                "rate limited",
            )
                .into_response();
        }
        Some(Fault::ServerError) => (StatusCode::INTERNAL_SERVER_ERROR, "500"),
        None => match state.files.urls.remove(&token) {
            None => (StatusCode::NOT_FOUND, "used_or_unknown_url"),
            Some(id) => match state.files.uploads.get_mut(&id) {
                Some(upload) if upload.length == body.len() => {
                    upload.bytes = Some(body.to_vec());
                    (StatusCode::OK, "ok")
                }
                _ => (StatusCode::BAD_REQUEST, "length_mismatch"),
            },
        },
    };
    record(&mut state, &token, body.len(), answer);
    let text = match status {
        StatusCode::OK => format!("OK - {}", body.len()),
        _ => answer.to_string(),
    };
    (status, text).into_response()
}

fn record(state: &mut FakeState, token: &str, length: usize, answer: &str) {
    state.calls.push(Call {
        method: "upload".to_string(),
        hook: Some(token.to_string()),
        body: json!({ "length": length }),
        answer: answer.to_string(),
    });
}
