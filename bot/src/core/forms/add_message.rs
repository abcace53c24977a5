//! The "Add to a deal" form, from a message shortcut: the message becomes a
//! deal's note, or its next step (with a due date), linking back to the
//! message. The deal is named as `/deal` names it (an id or an unambiguous
//! part of its name, what autocomplete suggests); the note is read like
//! `note`, the step like `next`.

use super::{entry, field, Entries, FieldKind, Form, FormField, FormKind, Outcome};
use crate::core::command::next::{Next, NEXT_STEP_LIMIT};
use crate::core::command::note::Note;
use crate::core::command::Command;
use crate::core::deal_ref::DealRef;
use crate::core::env::Env;
use crate::core::error::CommandError;
use crate::core::notes::NOTE_LIMIT;
use crate::core::values::{parse_due, FreeText};

/// The choices of the "as" field.
pub const AS_NOTE: &str = "note";
pub const AS_NEXT_STEP: &str = "next step";

pub fn form() -> Form {
    Form {
        kind: FormKind::AddMessage,
        title: "Add to a deal".to_string(),
        submit: "Add",
        fields: vec![
            FormField {
                id: field::DEAL,
                label: "Deal",
                kind: FieldKind::Deal,
                required: true,
                max_length: 200,
                placeholder: "D-4, or part of its name",
            },
            FormField {
                id: field::AS,
                label: "Add it as",
                kind: FieldKind::Choice(vec![AS_NOTE.to_string(), AS_NEXT_STEP.to_string()]),
                required: true,
                max_length: 20,
                placeholder: "note, or next step",
            },
            FormField {
                id: field::DUE,
                label: "Due (for a next step)",
                kind: FieldKind::Date,
                required: false,
                max_length: 30,
                placeholder: "2026-12-01, fri, in 3 days",
            },
        ],
    }
}

/// `entries` hold the form's fields and, from the platform, the message's
/// text ([`field::MESSAGE`]) and its link ([`field::LINK`]).
pub async fn submit(env: &Env<'_>, entries: &Entries) -> Result<Outcome, CommandError> {
    let mut errors = Vec::new();
    let deal = match entry(entries, field::DEAL) {
        Some(text) => Some(DealRef::parse(text, false)),
        None => {
            errors.push((
                field::DEAL,
                "Which deal? Give its id (D-4) or part of its name.".to_string(),
            ));
            None
        }
    };
    let as_next = match entry(entries, field::AS).map(str::to_lowercase).as_deref() {
        Some("note" | "as a note") => Some(false),
        Some("next" | "next step" | "as the next step") => Some(true),
        _ => {
            errors.push((
                field::AS,
                "Add it as a note or as the next step: write note or next step.".to_string(),
            ));
            None
        }
    };
    let message = entry(entries, field::MESSAGE).unwrap_or_default();
    let link = entry(entries, field::LINK);
    let (Some(deal), Some(as_next)) = (deal, as_next) else {
        return Ok(Outcome::Invalid(errors));
    };
    let command = if as_next {
        let Some(due) = entry(entries, field::DUE) else {
            return Ok(Outcome::Invalid(vec![(
                field::DUE,
                "When is the next step due? Pick a day.".to_string(),
            )]));
        };
        let tokens: Vec<&str> = due.split_whitespace().collect();
        let due = match parse_due(&tokens, env.today, env.config.settings.defaults.date_order) {
            Ok(due) => due,
            Err(error) => return Ok(Outcome::Invalid(vec![(field::DUE, error.to_string())])),
        };
        let step = match FreeText::parse(message, "next step", NEXT_STEP_LIMIT) {
            Ok(step) => step,
            Err(error) => return Ok(Outcome::Invalid(vec![(field::AS, error.to_string())])),
        };
        Command::Next(Next {
            deal,
            step,
            due: due.date,
            notes: due.notes,
        })
    } else {
        let text = match link {
            Some(link) => format!("{message}\n(from {link})"),
            None => message.to_string(),
        };
        let text = match FreeText::parse(&text, "note", NOTE_LIMIT) {
            Ok(text) => text,
            Err(error) => return Ok(Outcome::Invalid(vec![(field::AS, error.to_string())])),
        };
        Command::Note(Note { deal, text })
    };
    Ok(Outcome::done(command.apply(env).await?))
}
