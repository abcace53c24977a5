//! Messages that carry files (a chart): a platform may need several calls to
//! post one (Slack: ask for an upload URL, send the bytes, complete the
//! upload). How far a try got is kept on the message's outbox row, so a retry
//! after the bytes were sent finishes that same upload instead of starting a
//! second one: the picture is posted once.

use std::sync::Mutex;

/// How far the upload of one message's files got: the sender's own note (the
/// platform's ids of the files already sent), `None` before anything was sent.
#[derive(Debug, Default)]
pub struct UploadProgress(Mutex<Option<String>>);

impl UploadProgress {
    /// Progress as an earlier try left it.
    pub fn resumed(from: Option<String>) -> Self {
        UploadProgress(Mutex::new(from))
    }

    /// What was noted so far.
    pub fn get(&self) -> Option<String> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// Notes how far the upload got (`None`: start again next time).
    pub fn set(&self, note: Option<String>) {
        *self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = note;
    }
}
