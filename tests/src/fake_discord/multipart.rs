//! A message posted with files, as Discord reads it: a `multipart/form-data`
//! body of `payload_json` (the message, checked like any JSON body) and
//! `files[n]` parts. Discord's rules the schema cannot say: at most 10 files,
//! 10 MiB in all for a bot without boosts (413, code 40005, over it), and every
//! `attachments` entry of the payload naming a `files[n]` sent with it, every
//! file named by one (else 50035 on `attachments`).

use axum::body::{Body, Bytes};
use axum::extract::{FromRequest, Multipart};
use axum::http::{header, HeaderMap, Request};
use serde_json::Value;

use super::form_errors::{FormErrors, Problem};

/// Discord's limits on a message's files.
pub const MOST_FILES: usize = 10;
pub const MOST_BYTES: usize = 10 * 1024 * 1024;

/// One `files[n]` part.
#[derive(Debug, Clone, PartialEq)]
pub struct SentFile {
    pub index: usize,
    pub filename: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// A multipart body taken apart.
#[derive(Debug, Clone)]
pub struct Parts {
    pub payload: Bytes,
    pub files: Vec<SentFile>,
}

/// Whether the request is multipart.
pub fn is_multipart(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("multipart/form-data"))
}

/// The parts of a multipart body, or what is wrong with it.
pub async fn read(headers: &HeaderMap, body: Bytes) -> Result<Parts, String> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .cloned()
        .ok_or("no content type")?;
    let request = Request::builder()
        .header(header::CONTENT_TYPE, content_type)
        .body(Body::from(body))
        .map_err(|error| error.to_string())?;
    let mut multipart = Multipart::from_request(request, &())
        .await
        .map_err(|error| error.to_string())?;
    let mut payload = None;
    let mut files = Vec::new();
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|error| error.to_string())?
    {
        let name = field.name().unwrap_or_default().to_string();
        let filename = field.file_name().map(str::to_string);
        let content_type = field
            .content_type()
            .unwrap_or("application/octet-stream")
            .to_string();
        let bytes = field.bytes().await.map_err(|error| error.to_string())?;
        if name == "payload_json" {
            payload = Some(bytes);
        } else if let Some(index) = name
            .strip_prefix("files[")
            .and_then(|rest| rest.strip_suffix(']'))
            .and_then(|n| n.parse::<usize>().ok())
        {
            files.push(SentFile {
                index,
                filename: filename.ok_or(format!("{name} has no file name"))?,
                content_type,
                bytes: bytes.to_vec(),
            });
        } else {
            return Err(format!("unexpected part {name:?}"));
        }
    }
    Ok(Parts {
        payload: payload.ok_or("no payload_json")?,
        files,
    })
}

/// Whether the files are within Discord's size limits.
pub fn too_large(files: &[SentFile]) -> bool {
    files.len() > MOST_FILES
        || files.iter().map(|file| file.bytes.len()).sum::<usize>() > MOST_BYTES
}

/// The payload's `attachments` against the files sent: each entry names a
/// file, each file has an entry, and an embed's `attachment://` image names a
/// file sent.
pub fn check_attachments(payload: &Value, files: &[SentFile]) -> Result<(), FormErrors> {
    let mut found = FormErrors::default();
    let entries = payload["attachments"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    for (at, entry) in entries.iter().enumerate() {
        let id = entry["id"]
            .as_u64()
            .or_else(|| entry["id"].as_str().and_then(|id| id.parse().ok()));
        let matched = id.is_some_and(|id| files.iter().any(|file| file.index as u64 == id));
        if !matched {
            let at = at.to_string();
            found.push(Problem::new(
                &["attachments", &at, "id"],
                "ATTACHMENT_NOT_FOUND",
                "Unknown attachment: no file was sent with this id.",
            ));
        }
    }
    for file in files {
        let named = entries.iter().any(|entry| {
            entry["id"].as_u64() == Some(file.index as u64)
                || entry["id"].as_str() == Some(file.index.to_string().as_str())
        });
        if !named {
            let at = file.index.to_string();
            found.push(Problem::new(
                &["attachments", &at],
                "ATTACHMENT_NOT_FOUND",
                "A file was sent without an attachments entry.",
            ));
        }
    }
    for (at, embed) in payload["embeds"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        if let Some(name) = embed["image"]["url"]
            .as_str()
            .and_then(|url| url.strip_prefix("attachment://"))
        {
            if !files.iter().any(|file| file.filename == name) {
                let at = at.to_string();
                found.push(Problem::new(
                    &["embeds", &at, "image", "url"],
                    "ATTACHMENT_NOT_FOUND",
                    format!("No file named {name} was sent."),
                ));
            }
        }
    }
    found.into_result()
}
