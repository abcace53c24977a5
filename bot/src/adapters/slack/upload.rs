//! Posting a message with files on Slack, in Slack's current three steps:
//! `files.getUploadURLExternal` (name and length) for each file, a POST of
//! its bytes to the URL Slack gave, then one `files.completeUploadExternal`
//! sharing them in the channel, titled with their alt text, the message as its
//! `initial_comment`. Once a file's bytes are sent its id is noted in the
//! outbox's [`UploadProgress`]: a retry completes those same files and never
//! uploads them again.

use std::time::Duration;

use super::api::WebApi;
use super::mrkdwn::{self, Mrkdwn};
use crate::adapters::text_out::Dialect;
use crate::core::reply::{Attachment, Reply};
use crate::outbox::{DeliveryError, UploadProgress};

/// How long sending one file's bytes may take.
const UPLOAD_TIMEOUT: Duration = Duration::from_secs(30);

/// What an `initial_comment` may hold: Slack fails markdown much above 12,000
/// characters.
const COMMENT_LIMIT: usize = 11_000;

/// Uploads `reply`'s files and shares them in `channel` with the reply as the
/// comment; the first file's id names the post.
pub async fn post_with_files(
    api: &WebApi,
    http: &reqwest::Client,
    channel: &str,
    reply: &Reply,
    progress: &UploadProgress,
) -> Result<String, DeliveryError> {
    let mut sent: Vec<String> = progress
        .get()
        .map(|note| note.split(',').map(str::to_string).collect())
        .unwrap_or_default();
    for attachment in reply.attachments.iter().skip(sent.len()) {
        sent.push(upload(api, http, attachment).await?);
        progress.set(Some(sent.join(",")));
    }
    let files: Vec<(String, String)> = sent
        .iter()
        .zip(&reply.attachments)
        .map(|(id, attachment)| (id.clone(), title(attachment)))
        .collect();
    // A refusal here is the outbox's to judge: a 429 or 5xx is retried with
    // these same ids; Slack not knowing them (`file_not_found`) is given up on
    // rather than uploaded again, since a share that did happen must not be
    // repeated.
    api.complete_upload(&files, channel, &comment(reply))
        .await?;
    Ok(sent.first().cloned().unwrap_or_default())
}

/// One file's first two steps: its upload URL, then its bytes; its id.
async fn upload(
    api: &WebApi,
    http: &reqwest::Client,
    attachment: &Attachment,
) -> Result<String, DeliveryError> {
    let (url, id) = api
        .upload_url(
            &attachment.filename,
            attachment.bytes.len(),
            &attachment.alt_text,
        )
        .await?;
    let response = http
        .post(&url)
        .timeout(UPLOAD_TIMEOUT)
        .header("Content-Type", attachment.content_type.as_str())
        .body(attachment.bytes.clone())
        .send()
        .await
        .map_err(|error| DeliveryError::Transient(format!("sending the file to Slack: {error}")))?;
    let status = response.status();
    if status.is_success() {
        return Ok(id);
    }
    let retry_after = response
        .headers()
        .get("retry-after")
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<u64>().ok());
    Err(match (status.as_u16(), retry_after) {
        (429, seconds) => DeliveryError::RateLimited {
            retry_after: Duration::from_secs(seconds.unwrap_or(1)),
        },
        (code, _) if status.is_server_error() => {
            DeliveryError::Transient(format!("Slack's upload answered HTTP {code}"))
        }
        // The URL is single-use and short-lived: a refused one is not retried,
        // the next try asks for a new one.
        (code, _) => {
            DeliveryError::Transient(format!("Slack's upload refused the file: HTTP {code}"))
        }
    })
}

/// The file's title: its alt text, else its name.
fn title(attachment: &Attachment) -> String {
    if attachment.alt_text.is_empty() {
        attachment.filename.clone()
    } else {
        attachment.alt_text.clone()
    }
}

/// The reply as one `mrkdwn` text: title, lines, fields, footer.
pub fn comment(reply: &Reply) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(title) = &reply.title {
        parts.push(format!("*{}*", mrkdwn::escape(title)));
    }
    parts.extend(reply.lines.iter().map(Mrkdwn::line));
    parts.extend(reply.fields.iter().map(|field| {
        format!(
            "*{}*: {}",
            mrkdwn::escape(&field.label),
            Mrkdwn::line(&field.value)
        )
    }));
    parts.extend(reply.footer.iter().map(Mrkdwn::line));
    mrkdwn::truncate(&parts.join("\n"), COMMENT_LIMIT)
}
