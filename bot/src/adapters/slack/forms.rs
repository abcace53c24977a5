//! Opening forms and taking their submissions: `/deal new` with nothing
//! after it, the home's "New deal" button and a card's "Next step" and "Lost"
//! buttons open a modal ([`super::modals`]); its `view_submission` goes to
//! the core's forms, which read each field with the typed grammar's value
//! types. A wrong field keeps the modal open with the message under it, and
//! nothing is stored; a form that went through closes, and its card is posted:
//! to the channel it was opened from when the change is the channel's news,
//! else to the person's DM.

use serde_json::Value;

use super::blocks::render;
use super::modals::{entries, errors_answer, modal, Metadata};
use super::{SlackAdapter, PLATFORM};
use crate::core::forms::{self, FormKind, Outcome};
use crate::core::reply::{Tone, Visibility};

impl SlackAdapter {
    /// Opens the form `kind` for `user` of `team` with `trigger_id`; false
    /// when it could not be opened (no bot token, the trigger expired), so
    /// the caller can answer as the typed command would.
    pub(super) async fn open_form(
        &self,
        kind: FormKind,
        team: &str,
        user: &str,
        channel: Option<&str>,
        trigger_id: &str,
    ) -> bool {
        let Some(api) = &self.api else {
            return false;
        };
        let config = self.core.config();
        let form = forms::form(kind, config);
        let pipeline = config
            .settings
            .pipeline_for_channel(channel)
            .map(|pipeline| pipeline.name.clone());
        let metadata = Metadata::new(kind, team, channel);
        let view = modal(&form, &metadata, user, pipeline.as_deref());
        match api.open_modal(trigger_id, view).await {
            Ok(()) => true,
            Err(error) => {
                tracing::warn!(%error, "views.open failed: answering as the typed command");
                false
            }
        }
    }

    /// The answer to a `view_submission` payload: `Null` (an empty 200: the
    /// modal closes) or `response_action: errors`.
    pub async fn view_submission(&self, payload: &Value) -> Value {
        let view = &payload["view"];
        let metadata: Option<Metadata> = view["private_metadata"]
            .as_str()
            .and_then(|text| serde_json::from_str(text).ok());
        let (Some(metadata), Some(user)) = (metadata, payload["user"]["id"].as_str()) else {
            tracing::debug!("ignoring the submission of a view that is not dealbot's");
            return Value::Null;
        };
        let Some(kind) = metadata.kind() else {
            return Value::Null;
        };
        let team = payload["team"]["id"].as_str().unwrap_or_default();
        let user_team = payload["user"]["team_id"].as_str();
        if team != metadata.team || user_team.is_some_and(|of| of != metadata.team) {
            tracing::warn!(%team, "refused a form of another workspace");
            return errors_answer(&[(
                forms::main_field(kind),
                "This form belongs to another Slack workspace. Nothing was changed.".to_string(),
            )]);
        }
        let channel = metadata.channel.as_deref();
        let invocation = self.invocation(team, user, channel, None).await;
        let mut entries = entries(view);
        if kind == FormKind::AddMessage {
            self.message_entries(&metadata, &mut entries).await;
        }
        match self.core.submit_form(&invocation, kind, &entries).await {
            Outcome::Invalid(errors) => errors_answer(&errors),
            // The channel's post is the news; the modal just closes.
            Outcome::Announced(_) => {
                self.ring_home_bell();
                Value::Null
            }
            Outcome::Done(reply) if reply.tone == Tone::Error => {
                let message = reply
                    .lines
                    .iter()
                    .map(crate::core::reply::Line::plain)
                    .collect::<Vec<_>>()
                    .join(" ");
                errors_answer(&[(forms::main_field(kind), message)])
            }
            Outcome::Done(reply) => {
                self.ring_home_bell();
                let adapter = self.clone();
                let (team, user) = (team.to_string(), user.to_string());
                let channel = metadata.channel.clone();
                tokio::spawn(async move {
                    adapter
                        .post_form_result(&team, &user, channel.as_deref(), &reply)
                        .await;
                });
                Value::Null
            }
        }
    }

    /// Posts a form's `reply`: in `channel` when public, else in the
    /// person's DM.
    pub(super) async fn post_form_result(
        &self,
        team: &str,
        user: &str,
        channel: Option<&str>,
        reply: &crate::core::reply::Reply,
    ) {
        let Some(api) = &self.api else {
            return;
        };
        let workspace = dealbot_storage::workspace_key(PLATFORM, team);
        let destination = match (reply.visibility, channel) {
            (Visibility::Public, Some(channel)) => Ok(channel.to_string()),
            _ => api.dm_channel(&workspace, user).await,
        };
        let channel = match destination {
            Ok(channel) => channel,
            Err(error) => {
                tracing::warn!(%error, "cannot open a DM for a form's card");
                return;
            }
        };
        for part in render(reply, &workspace) {
            if let Err(error) = api.post_message(&channel, part).await {
                tracing::warn!(%error, "could not post a form's card");
                return;
            }
        }
    }
}
