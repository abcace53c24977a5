//! The lost form of a deal: a reason from `[lost] reasons`, or "other" with a
//! text. Read and carried out like `lost D-4 <reason>`.

use super::{
    entry, field, title_for, Entries, FieldKind, Form, FormField, FormKind, Outcome, OTHER,
};
use crate::core::command::lost::Lost;
use crate::core::command::Command;
use crate::core::deal_ref::DealRef;
use crate::core::env::{CoreSettings, Env};
use crate::core::error::CommandError;
use crate::core::notes::NOTE_LIMIT;
use crate::core::values::FreeText;

pub fn form(deal: i64, config: &CoreSettings) -> Form {
    Form {
        kind: FormKind::Lost { deal },
        title: title_for("Lost", deal),
        submit: "Close as lost",
        fields: vec![
            FormField {
                id: field::REASON,
                label: "Why was it lost?",
                kind: FieldKind::Reason(config.settings.lost.reasons.clone()),
                required: true,
                max_length: NOTE_LIMIT,
                placeholder: "went with a competitor",
            },
            FormField {
                id: field::OTHER_REASON,
                label: "Another reason",
                kind: FieldKind::Text,
                required: false,
                max_length: 2000,
                placeholder: "when the reason is \"other\"",
            },
        ],
    }
}

pub async fn submit(env: &Env<'_>, deal: i64, entries: &Entries) -> Result<Outcome, CommandError> {
    let chosen = entry(entries, field::REASON);
    let other = entry(entries, field::OTHER_REASON);
    let (reason, at) = match chosen {
        Some(reason) if reason.eq_ignore_ascii_case(OTHER) => match other {
            Some(text) => (text, field::OTHER_REASON),
            None => {
                return Ok(Outcome::Invalid(vec![(
                    field::OTHER_REASON,
                    "Say why it was lost, e.g. went with a competitor.".to_string(),
                )]))
            }
        },
        Some(reason) => (reason, field::REASON),
        None => match other {
            Some(text) => (text, field::OTHER_REASON),
            None => {
                return Ok(Outcome::Invalid(vec![(
                    field::REASON,
                    "Say why it was lost: choose a reason.".to_string(),
                )]))
            }
        },
    };
    let reason = match FreeText::parse(reason, "reason", NOTE_LIMIT) {
        Ok(reason) => reason,
        Err(error) => return Ok(Outcome::Invalid(vec![(at, error.to_string())])),
    };
    let reply = Command::Lost(Lost {
        deal: DealRef::Number(deal),
        reason,
    })
    .apply(env)
    .await?;
    Ok(Outcome::done(reply))
}
