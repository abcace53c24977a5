//! Forms as Discord modals: a [`Form`] becomes a type-9 answer of text
//! inputs (one per action row, at most five: the owner is the person and
//! the pipeline the channel's, as with `/deal new` without them), and the
//! submission (interaction type 5) is read back into the form's entries for
//! the core, the same path as the typed command. Discord cannot show an
//! error under a field: a wrong form is answered privately, field by field,
//! and nothing is stored.

use serde_json::{json, Value};

use super::interaction::Data;
use crate::core::forms::{Entries, FieldKind, Form, FormKind};

/// What a dealbot modal's `custom_id` starts with.
const CUSTOM_ID: &str = "dealbot-form";
/// Action rows in a modal.
const ROWS: usize = 5;
/// A modal's title, an input's label, its placeholder, its length.
const TITLE: usize = 45;
const LABEL: usize = 45;
const PLACEHOLDER: usize = 100;
const INPUT_LENGTH: usize = 4000;
/// Styles of a text input.
const SHORT: u8 = 1;
const PARAGRAPH: u8 = 2;

/// The type-9 answer that opens `form`.
pub fn modal(form: &Form) -> Value {
    let rows: Vec<Value> = form
        .fields
        .iter()
        .filter(|field| !matches!(field.kind, FieldKind::User | FieldKind::Pipeline(_)))
        .take(ROWS)
        .map(|field| {
            let placeholder = match &field.kind {
                FieldKind::Reason(reasons) | FieldKind::Choice(reasons) if !reasons.is_empty() => {
                    reasons.join(", ")
                }
                _ => field.placeholder.to_string(),
            };
            let long = field.max_length > 200;
            json!({"type": 1, "components": [{
                "type": 4,
                "custom_id": field.id,
                "label": cut(field.label, LABEL),
                "style": if long { PARAGRAPH } else { SHORT },
                "required": field.required,
                "max_length": field.max_length.clamp(1, INPUT_LENGTH),
                "placeholder": cut(&placeholder, PLACEHOLDER),
            }]})
        })
        .collect();
    json!({"type": 9, "data": {
        "custom_id": custom_id(form.kind),
        "title": cut(&form.title, TITLE),
        "components": rows,
    }})
}

fn custom_id(kind: FormKind) -> String {
    match kind {
        FormKind::NewDeal => format!("{CUSTOM_ID} new"),
        FormKind::NextStep { deal } => format!("{CUSTOM_ID} next {deal}"),
        FormKind::Lost { deal } => format!("{CUSTOM_ID} lost {deal}"),
        FormKind::AddMessage => format!("{CUSTOM_ID} add"),
    }
}

/// The "Add to a deal" modal for message `message` of `channel`: the form's
/// fields and the message itself, to edit before it is added (its channel and
/// id ride in the `custom_id`, for the link back).
pub fn add_message_modal(form: &Form, channel: &str, message: &str, content: &str) -> Value {
    let mut answer = modal(form);
    answer["data"]["custom_id"] = json!(format!("{CUSTOM_ID} add {channel} {message}"));
    let text: String = content.chars().take(INPUT_LENGTH).collect();
    let mut input = json!({
        "type": 4,
        "custom_id": crate::core::forms::field::MESSAGE,
        "label": "Message",
        "style": PARAGRAPH,
        "required": true,
        "max_length": INPUT_LENGTH,
    });
    if !text.trim().is_empty() {
        input["value"] = json!(text);
    }
    if let Some(rows) = answer["data"]["components"].as_array_mut() {
        rows.truncate(ROWS - 1);
        rows.push(json!({"type": 1, "components": [input]}));
    }
    answer
}

/// The (channel, message) an "Add to a deal" modal's `custom_id` names.
pub fn message_of(custom_id: &str) -> Option<(String, String)> {
    let rest = custom_id
        .strip_prefix(CUSTOM_ID)?
        .trim()
        .strip_prefix("add ")?;
    let (channel, message) = rest.split_once(' ')?;
    Some((channel.to_string(), message.to_string()))
}

/// The form a submitted modal's `custom_id` names, if it is dealbot's.
pub fn kind_of(custom_id: &str) -> Option<FormKind> {
    let rest = custom_id.strip_prefix(CUSTOM_ID)?.trim();
    let mut words = rest.split(' ');
    let form = words.next()?;
    let deal = words.next().and_then(|n| n.parse::<i64>().ok());
    match (form, deal) {
        ("new", None) => Some(FormKind::NewDeal),
        ("add", _) => Some(FormKind::AddMessage),
        ("next", Some(deal)) => Some(FormKind::NextStep { deal }),
        ("lost", Some(deal)) => Some(FormKind::Lost { deal }),
        _ => None,
    }
}

/// The values typed in a submitted modal, by field id.
pub fn entries(data: &Data) -> Entries {
    data.components
        .iter()
        .flat_map(|row| row.components.iter())
        .filter_map(|input| Some((input.custom_id.clone(), input.value.clone()?)))
        .collect()
}

fn cut(text: &str, limit: usize) -> String {
    if text.chars().count() <= limit {
        return text.to_string();
    }
    text.chars().take(limit - 1).chain(['…']).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Settings;
    use crate::core::env::CoreSettings;
    use crate::core::forms::form;

    #[test]
    fn every_form_fits_a_discord_modal_and_names_itself() {
        let config = CoreSettings::new(Settings::default()).expect("settings");
        for kind in [
            FormKind::NewDeal,
            FormKind::NextStep { deal: 42 },
            FormKind::Lost { deal: 7 },
        ] {
            let answer = modal(&form(kind, &config));
            let rows = answer["data"]["components"].as_array().expect("rows");
            assert!(!rows.is_empty() && rows.len() <= ROWS);
            for row in rows {
                let input = &row["components"][0];
                assert!(input["label"].as_str().expect("label").chars().count() <= LABEL);
            }
            let id = answer["data"]["custom_id"].as_str().expect("custom id");
            assert!(id.chars().count() <= 100);
            assert_eq!(kind_of(id), Some(kind));
        }
        assert_eq!(kind_of("stage D-1 \"Closing\""), None);
    }
}
