//! A `/deal` slash command: run as the person who typed it, answered inside the
//! HTTP response (ephemeral or `in_channel` as the reply says), well within
//! Slack's 3 seconds. Slack sends the typed text with `&`, `<`, `>` escaped; it
//! is unescaped before the core reads it. A reply too long for one message
//! sends its further parts through the command's `response_url`. A command
//! left unfinished that has a form (`new` alone) opens it instead.

use dealbot_storage::workspace_key;
use slack_morphism::prelude::*;

use super::api::{respond, ResponseUrlMessage};
use super::blocks::render;
use super::mrkdwn::unescape;
use super::{SlackAdapter, PLATFORM};
use crate::core::reply::Visibility;

/// The private acknowledgement of a command that opened a form.
const FORM_OPENED: &str = "Fill in the form that opened: nothing is stored until you submit it.";

impl SlackAdapter {
    /// The answer to one slash command.
    pub async fn command(&self, event: SlackCommandEvent) -> SlackCommandEventResponse {
        let text = unescape(event.text.as_deref().unwrap_or_default());
        if let Some(kind) = crate::core::forms::requested(&text) {
            let opened = self
                .open_form(
                    kind,
                    &event.team_id.0,
                    &event.user_id.0,
                    Some(&event.channel_id.0),
                    &event.trigger_id.0,
                )
                .await;
            if opened {
                return SlackCommandEventResponse::new(
                    SlackMessageContent::new().with_text(FORM_OPENED.to_string()),
                )
                .with_response_type(SlackMessageResponseType::Ephemeral);
            }
        }
        let reply = self
            .run(
                &event.team_id.0,
                &event.user_id.0,
                Some(&event.channel_id.0),
                event.channel_name.as_deref(),
                &text,
            )
            .await;
        let response_type = response_type(reply.visibility);
        let workspace = workspace_key(PLATFORM, &event.team_id.0);
        let mut parts = render(&reply, &workspace).into_iter();
        let first = parts.next().unwrap_or_else(SlackMessageContent::new);
        let rest: Vec<SlackMessageContent> = parts.collect();
        if !rest.is_empty() {
            let client = self.client.clone();
            let url = event.response_url.clone();
            let kind = response_type.clone();
            tokio::spawn(async move {
                for content in rest {
                    let message = ResponseUrlMessage::post(content, kind.clone());
                    if let Err(error) = respond(&client, &url, &message).await {
                        tracing::warn!(%error, "could not post a further part of a reply");
                    }
                }
            });
        }
        SlackCommandEventResponse::new(first).with_response_type(response_type)
    }
}

/// Who sees an answer: the asker only, or the channel.
pub fn response_type(visibility: Visibility) -> SlackMessageResponseType {
    match visibility {
        Visibility::Private => SlackMessageResponseType::Ephemeral,
        Visibility::Public => SlackMessageResponseType::InChannel,
    }
}
