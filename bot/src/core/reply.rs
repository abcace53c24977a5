//! A platform-neutral reply: what the person (or the channel) should see. Adapters
//! render it as Block Kit, Discord embeds or console text; user-supplied text stays
//! in `Span::Text` so every adapter can escape it for its platform.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Who sees a reply: only the person who asked, or the whole channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Visibility {
    Private,
    Public,
}

/// How the reply should feel: a plain answer, a change that worked, or a refusal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Tone {
    Info,
    Success,
    Error,
}

/// One piece of a line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Span {
    /// Text as typed by someone: always escaped by the adapter.
    Text(String),
    /// Emphasised text (a deal or stage name), escaped like `Text`.
    Strong(String),
    /// A command the reader can type, shown as code.
    Code(String),
    /// A user, by platform id or shell name: rendered as a real mention.
    User(String),
    /// A user named but not notified (the owners a digest lists): shown by
    /// name, never as a mention that pings.
    Person(String),
    /// A moment each reader should see in their own time zone; `fallback` is the
    /// text for places that cannot localise (the shell, notifications). Never a
    /// due date: that is a calendar day, the same for every reader, written as
    /// text. (Messages queued before due dates were days may still carry one.)
    Time { at: DateTime<Utc>, fallback: String },
}

/// A line of spans.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Line(pub Vec<Span>);

impl Line {
    pub fn new() -> Self {
        Line(Vec::new())
    }

    pub fn text(mut self, text: impl Into<String>) -> Self {
        self.0.push(Span::Text(text.into()));
        self
    }

    pub fn strong(mut self, text: impl Into<String>) -> Self {
        self.0.push(Span::Strong(text.into()));
        self
    }

    pub fn code(mut self, text: impl Into<String>) -> Self {
        self.0.push(Span::Code(text.into()));
        self
    }

    pub fn user(mut self, id: impl Into<String>) -> Self {
        self.0.push(Span::User(id.into()));
        self
    }

    pub fn time(mut self, at: DateTime<Utc>, fallback: impl Into<String>) -> Self {
        self.0.push(Span::Time {
            at,
            fallback: fallback.into(),
        });
        self
    }

    /// The line as plain text, with users as `@id` and times as their fallback.
    pub fn plain(&self) -> String {
        self.0
            .iter()
            .map(|span| match span {
                Span::Text(text) | Span::Strong(text) | Span::Code(text) => text.clone(),
                Span::User(id) | Span::Person(id) => format!("@{id}"),
                Span::Time { fallback, .. } => fallback.clone(),
            })
            .collect()
    }

    /// How many characters [`Line::plain`] has, without building it.
    pub fn plain_len(&self) -> usize {
        self.0
            .iter()
            .map(|span| match span {
                Span::Text(text) | Span::Strong(text) | Span::Code(text) => text.chars().count(),
                Span::User(id) | Span::Person(id) => 1 + id.chars().count(),
                Span::Time { fallback, .. } => fallback.chars().count(),
            })
            .sum()
    }
}

impl From<&str> for Line {
    fn from(text: &str) -> Self {
        Line::new().text(text)
    }
}

impl From<String> for Line {
    fn from(text: String) -> Self {
        Line::new().text(text)
    }
}

/// A labelled value on a card.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Field {
    pub label: String,
    pub value: Line,
}

/// A button that runs a `/deal` command when clicked, as if typed by the clicker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Button {
    pub label: String,
    pub command: String,
}

/// A menu of choices, each running a `/deal` command (for example the stages a
/// deal can move to).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Menu {
    pub placeholder: String,
    pub choices: Vec<Button>,
}

/// A file that goes with a reply, such as a report's chart: adapters upload it
/// (Slack file upload, Discord attachment); the shell writes it to a file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attachment {
    /// A plain file name, such as `report-new-business.png`.
    pub filename: String,
    /// The MIME type, such as `image/png`.
    pub content_type: String,
    /// The file itself; queued in the outbox as hex (a JSON array of numbers
    /// would take twice the room).
    #[serde(with = "hex_bytes")]
    pub bytes: Vec<u8>,
    /// What the picture shows, as one sentence: the file's title on Slack,
    /// the attachment's description on Discord, for screen readers.
    #[serde(default)]
    pub alt_text: String,
}

/// Which kind of deal change a public reply announces: a channel's notify
/// mode (see [`super::noise::NotifyMode`]) decides whether it posts there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChangeKind {
    /// A new deal, a rename, a merge, a deletion, an undo…
    Other,
    /// A move to another stage, or a reopening.
    Stage,
    /// A deal won or lost.
    Outcome,
}

/// The deal change a public reply announces, so the core can post it to the
/// channel (or not) as the channel's mode says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Announces {
    /// The deal's number in its workspace.
    pub deal: i64,
    pub kind: ChangeKind,
}

/// Everything a command answers with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reply {
    pub visibility: Visibility,
    pub tone: Tone,
    /// A heading, such as `D-4 · Acme Corp` (user text: escaped by adapters).
    pub title: Option<String>,
    /// Lines before the fields.
    pub lines: Vec<Line>,
    pub fields: Vec<Field>,
    /// Lines after the fields (a history excerpt, hints).
    pub footer: Vec<Line>,
    pub buttons: Vec<Button>,
    pub menu: Option<Menu>,
    /// Files to show with the reply (a chart).
    #[serde(default)]
    pub attachments: Vec<Attachment>,
    /// For the announcement of a deal change: which deal, what kind. Never
    /// rendered; see [`super::announce`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub announces: Option<Announces>,
}

impl Reply {
    /// An empty private reply.
    pub fn private() -> Self {
        Reply {
            visibility: Visibility::Private,
            tone: Tone::Info,
            title: None,
            lines: Vec::new(),
            fields: Vec::new(),
            footer: Vec::new(),
            buttons: Vec::new(),
            menu: None,
            attachments: Vec::new(),
            announces: None,
        }
    }

    /// The same reply naming its users without pinging them: for posts that
    /// list people (a digest) rather than call on them (a nag).
    pub fn without_pings(mut self) -> Self {
        let quiet = |line: &mut Line| {
            for span in &mut line.0 {
                if let Span::User(id) = span {
                    *span = Span::Person(std::mem::take(id));
                }
            }
        };
        self.lines.iter_mut().for_each(quiet);
        self.footer.iter_mut().for_each(quiet);
        self.fields
            .iter_mut()
            .for_each(|field| quiet(&mut field.value));
        self
    }

    /// An empty reply for the whole channel, announcing a change.
    pub fn public() -> Self {
        Reply {
            visibility: Visibility::Public,
            tone: Tone::Success,
            ..Reply::private()
        }
    }

    /// A private refusal with the given lines.
    pub fn error(lines: Vec<Line>) -> Self {
        Reply {
            tone: Tone::Error,
            lines,
            ..Reply::private()
        }
    }

    pub fn tone(mut self, tone: Tone) -> Self {
        self.tone = tone;
        self
    }

    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }

    pub fn line(mut self, line: impl Into<Line>) -> Self {
        self.lines.push(line.into());
        self
    }

    pub fn field(mut self, label: impl Into<String>, value: impl Into<Line>) -> Self {
        self.fields.push(Field {
            label: label.into(),
            value: value.into(),
        });
        self
    }

    pub fn footer(mut self, line: impl Into<Line>) -> Self {
        self.footer.push(line.into());
        self
    }

    /// Marks the reply as the announcement of a `kind` change to deal `deal`.
    pub fn announcing(mut self, deal: i64, kind: ChangeKind) -> Self {
        self.announces = Some(Announces { deal, kind });
        self
    }

    pub fn attachment(mut self, attachment: Attachment) -> Self {
        self.attachments.push(attachment);
        self
    }

    pub fn button(mut self, label: impl Into<String>, command: impl Into<String>) -> Self {
        self.buttons.push(Button {
            label: label.into(),
            command: command.into(),
        });
        self
    }
}

/// Bytes as a hex string in serialised replies.
mod hex_bytes {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(bytes: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&hex::encode(bytes))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u8>, D::Error> {
        let text = String::deserialize(deserializer)?;
        hex::decode(text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attachments_survive_the_outbox_as_hex() {
        let reply = Reply::public().attachment(Attachment {
            filename: "report.png".into(),
            content_type: "image/png".into(),
            bytes: vec![0x89, b'P', b'N', b'G', 0, 255],
            alt_text: "a chart".into(),
        });
        let queued = serde_json::to_string(&reply).expect("serialised");
        assert!(queued.contains("\"bytes\":\"89504e4700ff\""), "{queued}");
        let back: Reply = serde_json::from_str(&queued).expect("read back");
        assert_eq!(back, reply);
    }
    use chrono::TimeZone;

    #[test]
    fn plain_len_counts_the_characters_of_the_plain_text() {
        let at = Utc
            .with_ymd_and_hms(2026, 11, 23, 9, 0, 0)
            .single()
            .expect("a moment");
        let line = Line::new()
            .text("• ")
            .code("D-4")
            .strong("Café Zürich")
            .user("U123")
            .time(at, "Fri 27 Nov (in 4 days)")
            .text(" · ⚠ no next step");
        assert_eq!(line.plain_len(), line.plain().chars().count());
        assert_eq!(Line::new().plain_len(), 0);
    }
}
