//! Forms as Slack modals. A [`Form`] becomes a `modal` view (`views.open`
//! with the command's or click's `trigger_id`, straight away: Slack accepts it
//! once, for about 3 s); its `view_submission` is read back into the form's
//! entries and answered inline (`response_action: errors`, one message per
//! field) when the core finds a field wrong, or with the modal closed and the
//! card posted where the form was opened (the channel, or the person's DM
//! from the home).
//!
//! What the modal is about travels in its `private_metadata`: the form, the
//! deal, the workspace and the channel.

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use super::home_view::VIEW_BLOCKS;
use super::mrkdwn::{escape, truncate};
use crate::core::forms::{Entries, FieldKind, Form, FormKind, OTHER};

/// The `callback_id` of every dealbot modal.
pub const CALLBACK_ID: &str = "dealbot-form";
/// A modal's title, submit and close texts.
const TITLE: usize = 24;
/// A plain-text input holds at most this many characters.
const INPUT_LENGTH: usize = 3000;
/// An input's label and placeholder.
const LABEL: usize = 2000;
const PLACEHOLDER: usize = 150;
/// The most of a message a shortcut's modal carries (its metadata holds
/// 3000 characters); the note links to the whole message.
pub const MESSAGE_CARRIED: usize = 2000;
/// A select's options.
const OPTION_TEXT: usize = 75;
const OPTION_VALUE: usize = 150;
const OPTIONS: usize = 100;

/// What a modal is about, kept in its `private_metadata`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Metadata {
    /// `new`, `next` or `lost`.
    pub form: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deal: Option<i64>,
    pub team: String,
    /// Where the form was opened from, if a channel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    /// The message a shortcut adds: its `ts` and (the start of) its text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_ts: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

impl Metadata {
    pub fn new(kind: FormKind, team: &str, channel: Option<&str>) -> Self {
        let (form, deal) = match kind {
            FormKind::NewDeal => ("new", None),
            FormKind::NextStep { deal } => ("next", Some(deal)),
            FormKind::Lost { deal } => ("lost", Some(deal)),
            FormKind::AddMessage => ("add", None),
        };
        Metadata {
            form: form.to_string(),
            deal,
            team: team.to_string(),
            channel: channel.map(str::to_string),
            message_ts: None,
            message: None,
        }
    }

    /// The form it names, if it names one.
    pub fn kind(&self) -> Option<FormKind> {
        match (self.form.as_str(), self.deal) {
            ("new", _) => Some(FormKind::NewDeal),
            ("add", _) => Some(FormKind::AddMessage),
            ("next", Some(deal)) => Some(FormKind::NextStep { deal }),
            ("lost", Some(deal)) => Some(FormKind::Lost { deal }),
            _ => None,
        }
    }
}

/// The modal view of `form`, opened by `user` (the default owner), with the
/// pipeline `pipeline` chosen unless another is.
pub fn modal(form: &Form, metadata: &Metadata, user: &str, pipeline: Option<&str>) -> Value {
    let blocks: Vec<Value> = form
        .fields
        .iter()
        .take(VIEW_BLOCKS)
        .map(|field| {
            let mut element = match &field.kind {
                FieldKind::Text => json!({
                    "type": "plain_text_input",
                    "max_length": field.max_length.min(INPUT_LENGTH),
                    "multiline": field.max_length > 200,
                }),
                FieldKind::User => json!({"type": "users_select", "initial_user": user}),
                FieldKind::Pipeline(names) => {
                    let mut select = select(names.iter().map(String::as_str));
                    if let Some(initial) = pipeline.and_then(|name| option_for(&select, name)) {
                        select["initial_option"] = initial;
                    }
                    select
                }
                FieldKind::Date => json!({"type": "datepicker"}),
                FieldKind::Reason(reasons) => {
                    select(reasons.iter().map(String::as_str).chain([OTHER]))
                }
                FieldKind::Deal => json!({"type": "external_select", "min_query_length": 0}),
                FieldKind::Choice(choices) => {
                    let mut select = select(choices.iter().map(String::as_str));
                    if let Some(first) = select["options"].get(0).cloned() {
                        select["initial_option"] = first;
                    }
                    select
                }
            };
            element["action_id"] = json!(field.id);
            if !matches!(field.kind, FieldKind::User | FieldKind::Date) {
                element["placeholder"] = plain(field.placeholder, PLACEHOLDER);
            }
            json!({
                "type": "input",
                "block_id": field.id,
                "optional": !field.required,
                "label": plain(field.label, LABEL),
                "element": element,
            })
        })
        .collect();
    json!({
        "type": "modal",
        "callback_id": CALLBACK_ID,
        "title": plain(&form.title, TITLE),
        "submit": plain(form.submit, TITLE),
        "close": plain("Cancel", TITLE),
        "private_metadata": serde_json::to_string(metadata).unwrap_or_default(),
        "blocks": blocks,
    })
}

fn select<'a>(names: impl Iterator<Item = &'a str>) -> Value {
    let options: Vec<Value> = names
        .filter(|name| name.chars().count() <= OPTION_VALUE)
        .take(OPTIONS)
        .map(|name| json!({"text": plain(name, OPTION_TEXT), "value": name}))
        .collect();
    json!({"type": "static_select", "options": options})
}

fn option_for(select: &Value, value: &str) -> Option<Value> {
    select["options"]
        .as_array()?
        .iter()
        .find(|option| option["value"] == value)
        .cloned()
}

fn plain(text: &str, limit: usize) -> Value {
    json!({"type": "plain_text", "text": truncate(&escape(text), limit)})
}

/// The entries of a submitted view's `state.values`: each field's text, date,
/// chosen user or chosen option.
pub fn entries(view: &Value) -> Entries {
    let mut entries = Entries::new();
    let Some(blocks) = view["state"]["values"].as_object() else {
        return entries;
    };
    for actions in blocks.values().filter_map(Value::as_object) {
        for (action_id, state) in actions {
            if let Some(value) = value_of(state) {
                entries.insert(action_id.clone(), value);
            }
        }
    }
    entries
}

fn value_of(state: &Value) -> Option<String> {
    let text = |value: &Value| value.as_str().map(str::to_string);
    text(&state["value"])
        .or_else(|| text(&state["selected_date"]))
        .or_else(|| text(&state["selected_user"]))
        .or_else(|| text(&state["selected_option"]["value"]))
}

/// The answer that keeps the modal open with `errors` under their fields.
pub fn errors_answer(errors: &[(&'static str, String)]) -> Value {
    let mut by_block = Map::new();
    for (field, message) in errors {
        by_block
            .entry(field.to_string())
            .or_insert_with(|| json!(truncate(message, LABEL)));
    }
    json!({"response_action": "errors", "errors": by_block})
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Settings;
    use crate::core::env::CoreSettings;
    use crate::core::forms::form;

    #[test]
    fn every_form_is_a_modal_within_slacks_limits() {
        let config = CoreSettings::new(Settings::default()).expect("settings");
        for kind in [
            FormKind::NewDeal,
            FormKind::NextStep { deal: 123_456_789 },
            FormKind::Lost { deal: 4 },
        ] {
            let metadata = Metadata::new(kind, "T1", Some("C1"));
            let view = modal(&form(kind, &config), &metadata, "U1", Some("new-business"));
            for key in ["title", "submit", "close"] {
                let text = view[key]["text"].as_str().expect("text");
                assert!(
                    !text.is_empty() && text.chars().count() <= TITLE,
                    "{key}: {text}"
                );
            }
            let back: Metadata =
                serde_json::from_str(view["private_metadata"].as_str().expect("metadata"))
                    .expect("reads back");
            assert_eq!(back.kind(), Some(kind));
            assert!(view["blocks"].as_array().expect("blocks").len() <= VIEW_BLOCKS);
        }
    }

    #[test]
    fn submitted_values_are_read_by_field() {
        let view = json!({"state": {"values": {
            "name": {"name": {"type": "plain_text_input", "value": "Acme"}},
            "owner": {"owner": {"type": "users_select", "selected_user": "U2"}},
            "due": {"due": {"type": "datepicker", "selected_date": "2026-12-01"}},
            "pipeline": {"pipeline": {"type": "static_select",
                                      "selected_option": {"value": "pilot"}}},
            "amount": {"amount": {"type": "plain_text_input", "value": null}},
        }}});
        let entries = entries(&view);
        assert_eq!(entries["name"], "Acme");
        assert_eq!(entries["owner"], "U2");
        assert_eq!(entries["due"], "2026-12-01");
        assert_eq!(entries["pipeline"], "pilot");
        assert!(!entries.contains_key("amount"));
    }
}
