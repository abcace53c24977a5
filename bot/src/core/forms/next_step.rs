//! The next-step form of a deal: what, and when (a date picker). Read and
//! carried out like `next D-4 "…" <day>`.

use super::{entry, field, title_for, Entries, FieldKind, Form, FormField, FormKind, Outcome};
use crate::core::command::next::{Next, NEXT_STEP_LIMIT};
use crate::core::command::Command;
use crate::core::deal_ref::DealRef;
use crate::core::env::Env;
use crate::core::error::CommandError;
use crate::core::values::{parse_due, FreeText};

pub fn form(deal: i64) -> Form {
    Form {
        kind: FormKind::NextStep { deal },
        title: title_for("Next step", deal),
        submit: "Save",
        fields: vec![
            FormField {
                id: field::STEP,
                label: "Next step",
                kind: FieldKind::Text,
                required: true,
                max_length: NEXT_STEP_LIMIT,
                placeholder: "send the proposal",
            },
            FormField {
                id: field::DUE,
                label: "Due",
                kind: FieldKind::Date,
                required: true,
                max_length: 30,
                placeholder: "2026-12-01, fri, in 3 days",
            },
        ],
    }
}

pub async fn submit(env: &Env<'_>, deal: i64, entries: &Entries) -> Result<Outcome, CommandError> {
    let mut errors = Vec::new();
    let step = match entry(entries, field::STEP) {
        None => {
            errors.push((
                field::STEP,
                "What is the next step? e.g. send the proposal".to_string(),
            ));
            None
        }
        Some(text) => FreeText::parse(text, "next step", NEXT_STEP_LIMIT)
            .map_err(|error| errors.push((field::STEP, error.to_string())))
            .ok(),
    };
    let due = match entry(entries, field::DUE) {
        None => {
            errors.push((field::DUE, "When is it due? Pick a day.".to_string()));
            None
        }
        Some(text) => {
            let tokens: Vec<&str> = text.split_whitespace().collect();
            parse_due(&tokens, env.today, env.config.settings.defaults.date_order)
                .map_err(|error| errors.push((field::DUE, error.to_string())))
                .ok()
        }
    };
    let (Some(step), Some(due)) = (step, due) else {
        return Ok(Outcome::Invalid(errors));
    };
    let reply = Command::Next(Next {
        deal: DealRef::Number(deal),
        step,
        due: due.date,
        notes: due.notes,
    })
    .apply(env)
    .await?;
    Ok(Outcome::done(reply))
}
