//! A message with files on Discord: one multipart request, `payload_json`
//! (the message, its `attachments` entries numbered like the files, each with
//! its alt text as the description) plus `files[n]`; the embed shows the
//! first picture through `image.url = "attachment://<its name>"`.

use reqwest::multipart::{Form, Part};
use serde_json::{json, Value};

use crate::core::reply::Attachment;

/// Discord's longest attachment description.
const DESCRIPTION: usize = 1024;

/// `body` with the `attachments` entries for `files`, the embed showing the first.
pub fn describe(mut body: Value, files: &[Attachment]) -> Value {
    let entries: Vec<Value> = files
        .iter()
        .enumerate()
        .map(|(id, file)| {
            json!({
                // A snowflake in the spec: the file's number, as a string.
                "id": id.to_string(),
                "filename": file.filename,
                "description": file.alt_text.chars().take(DESCRIPTION).collect::<String>(),
            })
        })
        .collect();
    body["attachments"] = Value::Array(entries);
    if let (Some(first), Some(embed)) = (files.first(), body["embeds"].get_mut(0)) {
        embed["image"] = json!({ "url": format!("attachment://{}", first.filename) });
    }
    body
}

/// The multipart form of `body` (already [`describe`]d) and `files`.
pub fn form(body: &Value, files: &[Attachment]) -> Result<Form, reqwest::Error> {
    let payload = Part::text(body.to_string()).mime_str("application/json")?;
    let mut form = Form::new().part("payload_json", payload);
    for (n, file) in files.iter().enumerate() {
        let part = Part::bytes(file.bytes.clone())
            .file_name(file.filename.clone())
            .mime_str(&file.content_type)?;
        form = form.part(format!("files[{n}]"), part);
    }
    Ok(form)
}
