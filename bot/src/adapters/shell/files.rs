//! The shell's way of showing a chart: it writes the picture to `dealbot` in
//! the temporary directory, named by the chart (which carries the pipeline)
//! and the moment it was written, so each run keeps its own file, and prints
//! where.

use std::path::PathBuf;

use chrono::{DateTime, Utc};

use crate::core::reply::Attachment;

/// Writes `attachment` under a name of its own and says where, one line each.
pub fn written(attachments: &[Attachment]) -> String {
    let mut text = String::new();
    for attachment in attachments {
        match save(attachment, Utc::now()) {
            Ok(path) => text.push_str(&format!("  Attached: {}\n", path.display())),
            Err(error) => text.push_str(&format!(
                "  ✗ Could not write {}: {error}\n",
                attachment.filename
            )),
        }
    }
    text
}

/// Writes `attachment` as `<its name>-<YYYYMMDD-HHMMSS>.<ext>` (with `-2`,
/// `-3`… if taken) in the temporary directory's `dealbot`, and returns where.
pub fn save(attachment: &Attachment, now: DateTime<Utc>) -> std::io::Result<PathBuf> {
    let folder = std::env::temp_dir().join("dealbot");
    std::fs::create_dir_all(&folder)?;
    // The name comes from the bot, but keep it a plain file name all the same.
    let plain: String = attachment
        .filename
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let (stem, extension) = match plain.rsplit_once('.') {
        Some((stem, extension)) if !stem.is_empty() => (stem.to_string(), format!(".{extension}")),
        _ => (plain.clone(), String::new()),
    };
    let stamp = now.format("%Y%m%d-%H%M%S");
    let mut path = folder.join(format!("{stem}-{stamp}{extension}"));
    let mut n = 1;
    while path.exists() {
        n += 1;
        path = folder.join(format!("{stem}-{stamp}-{n}{extension}"));
    }
    std::fs::write(&path, &attachment.bytes)?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_run_keeps_its_own_file_named_by_pipeline_and_time() {
        let chart = Attachment {
            filename: "report-new-business.png".into(),
            content_type: "image/png".into(),
            bytes: vec![1, 2, 3],
            alt_text: String::new(),
        };
        let at = DateTime::parse_from_rfc3339("2026-11-23T09:00:00Z")
            .expect("a moment")
            .with_timezone(&Utc);
        let first = save(&chart, at).expect("written");
        let second = save(&chart, at).expect("written");
        assert_ne!(first, second);
        let name = first
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        assert!(
            name.starts_with("report-new-business-20261123-090000"),
            "{name}"
        );
        assert!(name.ends_with(".png"), "{name}");
        assert_eq!(std::fs::read(&second).expect("readable"), [1, 2, 3]);
        let _ = std::fs::remove_file(first);
        let _ = std::fs::remove_file(second);
    }
}
