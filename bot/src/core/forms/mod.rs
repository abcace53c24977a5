//! Forms: the commands a person may fill in rather than type. A platform with
//! forms (Slack's modals, Discord's) shows the fields of a [`Form`] and hands
//! back what was entered; each value is read by the same value types as the
//! typed command (so the messages are the same), nothing is stored unless
//! the whole form is valid, and a form whose deal changed meanwhile (closed
//! since the form was opened) is answered with an error on its field.
//!
//! - `new_deal`: name, amount, owner, pipeline, expected close, first next step;
//! - `next_step`: a deal's next step and its due date;
//! - `lost`: a deal lost, with a reason from `[lost] reasons` or another;
//! - `add_message`: a chat message added to a deal as a note or next step.

pub mod add_message;
mod lost;
mod new_deal;
mod next_step;

use std::collections::HashMap;

use super::args::split_words;
use super::deal_ref::{short_id, DealRef};
use super::env::{CoreSettings, Env};
use super::error::CommandError;
use super::reply::{Line, Reply};

/// Which form, and of which deal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKind {
    NewDeal,
    NextStep {
        deal: i64,
    },
    Lost {
        deal: i64,
    },
    /// A message (from a message shortcut) added to a deal.
    AddMessage,
}

/// The field ids, the same on every platform.
pub mod field {
    pub const NAME: &str = "name";
    pub const AMOUNT: &str = "amount";
    pub const OWNER: &str = "owner";
    pub const PIPELINE: &str = "pipeline";
    pub const CLOSE: &str = "close";
    pub const STEP: &str = "step";
    pub const DUE: &str = "due";
    pub const REASON: &str = "reason";
    pub const OTHER_REASON: &str = "other_reason";
    pub const DEAL: &str = "deal";
    pub const AS: &str = "as";
    /// Filled in by the platform, not shown: the message added, its link.
    pub const MESSAGE: &str = "message";
    pub const LINK: &str = "link";
}

/// The choice of the reason select that asks for a text.
pub const OTHER: &str = "other";

/// What a field holds, so each platform can offer its best input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldKind {
    /// One line of text.
    Text,
    /// A person (the one filling the form in, by default).
    User,
    /// One of the configured pipelines (the channel's, by default).
    Pipeline(Vec<String>),
    /// A calendar day.
    Date,
    /// One of these reasons, or [`OTHER`].
    Reason(Vec<String>),
    /// A deal, as autocomplete suggests them.
    Deal,
    /// One of these words.
    Choice(Vec<String>),
}

/// One field of a form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormField {
    pub id: &'static str,
    pub label: &'static str,
    pub kind: FieldKind,
    pub required: bool,
    /// The longest text it takes.
    pub max_length: usize,
    /// An example of what to write.
    pub placeholder: &'static str,
}

/// A form to show: its title, what the submit button says, its fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    pub kind: FormKind,
    pub title: String,
    pub submit: &'static str,
    pub fields: Vec<FormField>,
}

/// What was entered, by field id (empty fields may be left out).
pub type Entries = HashMap<String, String>;

/// How a submitted form ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Nothing was stored: these fields are wrong, each with why.
    Invalid(Vec<(&'static str, String)>),
    /// Done: what to post (the card).
    Done(Box<Reply>),
    /// Done, and the channel hears of it through its own post (see
    /// [`crate::core::announce`]): the reply is only the person's answer,
    /// for a platform that must answer the submission itself.
    Announced(Box<Reply>),
}

impl Outcome {
    /// Done, with `reply` to post.
    pub fn done(reply: Reply) -> Outcome {
        Outcome::Done(Box::new(reply))
    }
}

/// The form a command's text asks for, if it asks for one: `new` with no
/// more words, `next <deal>` and `lost <deal>` with nothing after the deal
/// (a button's command, or a slash command left unfinished).
pub fn requested(text: &str) -> Option<FormKind> {
    let text = text.trim().trim_start_matches("/deal").trim();
    let words = split_words(text).ok()?;
    let name = |word: &super::args::Word| word.text.to_lowercase();
    match words.as_slice() {
        [only] if !only.quoted && matches!(name(only).as_str(), "new" | "add" | "create") => {
            Some(FormKind::NewDeal)
        }
        [command, deal] if !command.quoted => {
            let DealRef::Number(number) = DealRef::parse(&deal.text, deal.quoted) else {
                return None;
            };
            match name(command).as_str() {
                "next" | "todo" => Some(FormKind::NextStep { deal: number }),
                "lost" | "lose" => Some(FormKind::Lost { deal: number }),
                _ => None,
            }
        }
        _ => None,
    }
}

/// The form of `kind`, as the configuration shapes it.
pub fn form(kind: FormKind, config: &CoreSettings) -> Form {
    match kind {
        FormKind::NewDeal => new_deal::form(config),
        FormKind::NextStep { deal } => next_step::form(deal),
        FormKind::Lost { deal } => lost::form(deal, config),
        FormKind::AddMessage => add_message::form(),
    }
}

/// Reads and carries out a submitted form as the person of `env`.
pub async fn submit(
    env: &Env<'_>,
    kind: FormKind,
    entries: &Entries,
) -> Result<Outcome, CommandError> {
    let result = match kind {
        FormKind::NewDeal => new_deal::submit(env, entries).await,
        FormKind::NextStep { deal } => next_step::submit(env, deal, entries).await,
        FormKind::Lost { deal } => lost::submit(env, deal, entries).await,
        FormKind::AddMessage => add_message::submit(env, entries).await,
    };
    // A refusal of the change itself (the deal closed meanwhile, no right to
    // do it) is shown on the form's main field: nothing was stored.
    match result {
        Err(CommandError::User { lines, .. }) => {
            let message = lines.iter().map(Line::plain).collect::<Vec<_>>().join(" ");
            Ok(Outcome::Invalid(vec![(main_field(kind), message)]))
        }
        other => other,
    }
}

/// The field a refusal of the whole form is shown under.
pub fn main_field(kind: FormKind) -> &'static str {
    match kind {
        FormKind::NewDeal => field::NAME,
        FormKind::NextStep { .. } => field::STEP,
        FormKind::Lost { .. } => field::REASON,
        FormKind::AddMessage => field::DEAL,
    }
}

/// The trimmed entry of `id`, if anything was entered.
fn entry<'a>(entries: &'a Entries, id: &str) -> Option<&'a str> {
    entries
        .get(id)
        .map(|value| value.trim())
        .filter(|value| !value.is_empty())
}

/// A form's title with the deal it is about: `Next step · D-4`.
fn title_for(what: &str, deal: i64) -> String {
    format!("{what} · {}", short_id(deal))
}

#[cfg(test)]
mod tests {
    use super::{requested, FormKind};

    #[test]
    fn only_unfinished_commands_ask_for_a_form() {
        assert_eq!(requested("new"), Some(FormKind::NewDeal));
        assert_eq!(requested("/deal  new "), Some(FormKind::NewDeal));
        assert_eq!(requested("new Acme"), None);
        assert_eq!(requested("\"new\""), None);
        assert_eq!(requested("next D-4"), Some(FormKind::NextStep { deal: 4 }));
        assert_eq!(requested("lost d4"), Some(FormKind::Lost { deal: 4 }));
        assert_eq!(requested("next acme"), None, "only a deal's id");
        assert_eq!(requested("next D-4 call fri"), None);
        assert_eq!(requested("done D-4"), None);
        assert_eq!(requested(""), None);
    }
}
