//! A click (`block_actions`): the button's or menu choice's `/deal` command runs
//! as the person who clicked. A change replaces the card in place through the
//! `response_url` (or `chat.update` when there is none); a refusal or a no-op (a
//! second click on Done, the stage the deal is already in, a deal of another
//! workspace) is shown only to the clicker and leaves the card as it was.

use std::time::Duration;

use slack_morphism::prelude::*;

use super::api::{respond, ResponseUrlMessage};
use super::blocks::render;
use super::SlackAdapter;
use crate::core::reply::{Reply, Tone};

/// How long the acknowledgement waits for the click's work: Slack wants it within
/// 3 s; work that takes longer goes on after the acknowledgement.
const ACK_WITHIN: Duration = Duration::from_secs(2);

impl SlackAdapter {
    /// Carries out an interaction; Slack only needs an empty 200 back. Returns
    /// when the work is done or after [`ACK_WITHIN`], whichever comes first.
    pub async fn interaction(&self, event: SlackInteractionEvent) {
        let adapter = self.clone();
        let work = tokio::spawn(async move { adapter.carry_out(event).await });
        if tokio::time::timeout(ACK_WITHIN, work).await.is_err() {
            tracing::info!("a click takes long: acknowledged, still being handled");
        }
    }

    async fn carry_out(&self, event: SlackInteractionEvent) {
        let SlackInteractionEvent::BlockActions(event) = event else {
            tracing::debug!("ignoring a Slack interaction that is not a click");
            return;
        };
        let Some(user) = event.user.as_ref().map(|user| user.id.0.clone()) else {
            return;
        };
        let team = event.team.id.0.clone();
        let channel = event.channel.as_ref().map(|channel| channel.id.0.clone());
        for action in event.actions.iter().flatten() {
            let Some(command) = command_of(action) else {
                continue;
            };
            let reply = self.run(&team, &user, channel.as_deref(), &command).await;
            self.answer_click(&event, reply).await;
        }
    }

    async fn answer_click(&self, event: &SlackInteractionBlockActionsEvent, reply: Reply) {
        // Only a change replaces the card; a refusal or a no-op ("already in
        // Closing", a repeated delivery) is told to the clicker alone.
        let refused = reply.tone != Tone::Success;
        let in_channel = match &event.container {
            SlackInteractionActionContainer::Message(message) => message.is_ephemeral != Some(true),
            _ => false,
        };
        let mut parts = render(&reply).into_iter();
        let Some(first) = parts.next() else {
            return;
        };
        let Some(url) = &event.response_url else {
            if !refused {
                self.update_without_response_url(event, first).await;
            }
            return;
        };
        let shown_to = if in_channel && !refused {
            SlackMessageResponseType::InChannel
        } else {
            SlackMessageResponseType::Ephemeral
        };
        let messages = std::iter::once((first, !refused)).chain(parts.map(|part| (part, false)));
        for (content, replace_original) in messages {
            let message = ResponseUrlMessage {
                content,
                response_type: shown_to.clone(),
                replace_original,
            };
            if let Err(error) = respond(&self.client, url, &message).await {
                tracing::warn!(%error, "could not answer a click through its response_url");
                return;
            }
        }
    }

    async fn update_without_response_url(
        &self,
        event: &SlackInteractionBlockActionsEvent,
        content: SlackMessageContent,
    ) {
        let (Some(api), SlackInteractionActionContainer::Message(message)) =
            (&self.api, &event.container)
        else {
            return;
        };
        let Some(channel) = &message.channel_id else {
            return;
        };
        if let Err(error) = api
            .update_message(&channel.0, &message.message_ts.0, content)
            .await
        {
            tracing::warn!(%error, "could not update the clicked message");
        }
    }
}

/// The `/deal` command a button or menu choice carries.
fn command_of(action: &SlackInteractionActionInfo) -> Option<String> {
    action
        .selected_option
        .as_ref()
        .map(|option| option.value.clone())
        .or_else(|| action.value.clone())
        .filter(|command| !command.trim().is_empty())
}
