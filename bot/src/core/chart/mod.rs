//! Charts as pictures people look at in the chat: the report's funnel
//! ([`funnel`]) and the digest's open pipeline ([`pipeline`]), drawn with
//! plotters into a bitmap with the embedded DejaVu Sans ([`canvas`]), so they
//! look the same on every machine with nothing installed. Each comes as PNG
//! bytes plus one sentence of alt text carrying its numbers, for screen
//! readers and notifications. Platform-neutral: adapters only upload them.

pub mod canvas;
pub mod funnel;
pub mod pipeline;

use super::reply::Attachment;

/// A drawn chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub png: Vec<u8>,
    /// The chart's numbers as one sentence.
    pub alt_text: String,
}

impl Chart {
    /// The chart as a reply's attachment named `filename`.
    pub fn attachment(self, filename: impl Into<String>) -> Attachment {
        Attachment {
            filename: filename.into(),
            content_type: "image/png".to_string(),
            bytes: self.png,
            alt_text: self.alt_text,
        }
    }
}

/// Why a chart could not be drawn.
#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    /// The numbers make no picture (a negative count, a share over 100%, an
    /// amount that is not a number): a bug upstream, never drawn as a lie.
    #[error("impossible value: {0}")]
    Impossible(String),
    /// Drawing or encoding failed.
    #[error("drawing failed: {0}")]
    Drawing(String),
}
