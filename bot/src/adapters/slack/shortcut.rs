//! The "Add to a deal" message shortcut (`message_action`, callback id
//! [`SHORTCUT_ID`]): a modal to pick the deal (an external select, filled by
//! `block_suggestion` with the same matching as `/deal`'s autocomplete) and
//! to add the message as a note or as the next step with a date; the note
//! links back to the message (`chat.getPermalink`).

use serde_json::{json, Value};

use super::modals::{modal, Metadata, MESSAGE_CARRIED};
use super::mrkdwn::{escape, truncate, unescape};
use super::SlackAdapter;
use crate::core::command::ArgKind;
use crate::core::forms::{self, Entries, FormKind};
use crate::core::visibility::Viewer;

/// The shortcut's `callback_id`, as the manifest declares it.
pub const SHORTCUT_ID: &str = "add_to_deal";
/// How many deals the picker offers (Slack shows at most 100).
const SUGGESTIONS: usize = 100;

impl SlackAdapter {
    /// Opens the "Add to a deal" form for the message of a `message_action`.
    pub async fn message_action(&self, payload: &Value) {
        if payload["callback_id"] != SHORTCUT_ID {
            tracing::debug!("ignoring a message shortcut that is not dealbot's");
            return;
        }
        let text = |value: &Value| value.as_str().map(str::to_string);
        let (Some(team), Some(user), Some(trigger), Some(api)) = (
            text(&payload["team"]["id"]),
            text(&payload["user"]["id"]),
            text(&payload["trigger_id"]),
            self.api.as_ref(),
        ) else {
            return;
        };
        let channel = text(&payload["channel"]["id"]);
        let mut metadata = Metadata::new(FormKind::AddMessage, &team, channel.as_deref());
        metadata.message_ts = text(&payload["message"]["ts"]);
        let message = unescape(payload["message"]["text"].as_str().unwrap_or_default());
        metadata.message = Some(message.chars().take(MESSAGE_CARRIED).collect());
        let form = forms::form(FormKind::AddMessage, self.core.config());
        let view = modal(&form, &metadata, &user, None);
        if let Err(error) = api.open_modal(&trigger, view).await {
            tracing::warn!(%error, "views.open failed for the message shortcut");
        }
    }

    /// The deals to offer as the person types in the picker (`block_suggestion`).
    pub async fn block_suggestion(&self, payload: &Value) -> Value {
        let metadata: Option<Metadata> = payload["view"]["private_metadata"]
            .as_str()
            .and_then(|text| serde_json::from_str(text).ok());
        let (Some(metadata), Some(user)) = (metadata, payload["user"]["id"].as_str()) else {
            return json!({"options": []});
        };
        let workspace = dealbot_storage::workspace_key(super::PLATFORM, &metadata.team);
        let viewer = Viewer {
            user: Some(user),
            channel: metadata.channel.as_deref(),
        };
        let typed = payload["value"].as_str().unwrap_or_default();
        let found = self
            .core
            .suggest_arg(&workspace, viewer, ArgKind::Deal, typed, None)
            .await
            .unwrap_or_else(|error| {
                tracing::warn!(error = format!("{error:#}"), "deal suggestions failed");
                Vec::new()
            });
        let options: Vec<Value> = found
            .into_iter()
            .filter(|s| s.value.chars().count() <= 150)
            .take(SUGGESTIONS)
            .map(|s| {
                json!({
                    "text": {"type": "plain_text", "text": truncate(&escape(&s.label), 75)},
                    "value": s.value,
                })
            })
            .collect();
        json!({ "options": options })
    }

    /// What a submitted "Add to a deal" form adds: the message and its link.
    pub(super) async fn message_entries(&self, metadata: &Metadata, entries: &mut Entries) {
        if let Some(message) = &metadata.message {
            entries.insert(forms::field::MESSAGE.to_string(), message.clone());
        }
        let (Some(api), Some(channel), Some(ts)) =
            (&self.api, &metadata.channel, &metadata.message_ts)
        else {
            return;
        };
        match api.permalink(channel, ts).await {
            Ok(link) => {
                entries.insert(forms::field::LINK.to_string(), link);
            }
            Err(error) => tracing::warn!(%error, "chat.getPermalink failed: the note has no link"),
        }
    }
}
