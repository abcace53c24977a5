//! A click (`block_actions`): the button's or menu choice's `/deal` command runs
//! as the person who clicked. A change replaces the card in place through the
//! `response_url` (or `chat.update` when there is none), and a stage move made
//! on a private card is announced in the channel; a refusal or a no-op (a
//! second click on Done, the stage the deal is already in, a deal of another
//! workspace) is shown only to the clicker and leaves the card as it was.

use std::time::Duration;

use slack_morphism::prelude::*;

use super::api::{respond, ResponseUrlMessage};
use super::blocks::render;
use super::SlackAdapter;
use crate::core::reply::{Reply, Tone, Visibility};

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
        let changed = reply.tone == Tone::Success;
        let card_in_channel = match &event.container {
            SlackInteractionActionContainer::Message(message) => message.is_ephemeral != Some(true),
            _ => false,
        };
        let parts = render(&reply);
        let Some(url) = &event.response_url else {
            if let (true, Some(first)) = (changed, parts.into_iter().next()) {
                self.update_without_response_url(event, first).await;
            }
            return;
        };
        for message in click_answers(parts, changed, card_in_channel, reply.visibility) {
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

/// What to send to the click's `response_url`, in order:
/// - a refusal or no-op: a private note, the card untouched;
/// - a change the team should hear of (a stage move) clicked on a private card:
///   the announcement in the channel, and the stale private card removed;
/// - any other change: the card replaced where it is.
fn click_answers(
    parts: Vec<SlackMessageContent>,
    changed: bool,
    card_in_channel: bool,
    visibility: Visibility,
) -> Vec<ResponseUrlMessage> {
    use SlackMessageResponseType::{Ephemeral, InChannel};
    let announce = changed && visibility == Visibility::Public && !card_in_channel;
    let mut messages = Vec::new();
    for (index, content) in parts.into_iter().enumerate() {
        messages.push(if !changed {
            ResponseUrlMessage::post(content, Ephemeral)
        } else if announce {
            ResponseUrlMessage::post(content, InChannel)
        } else {
            let shown_to = if card_in_channel {
                InChannel
            } else {
                Ephemeral
            };
            if index == 0 {
                ResponseUrlMessage::replace(content, shown_to)
            } else {
                ResponseUrlMessage::post(content, shown_to)
            }
        });
    }
    if announce {
        messages.push(ResponseUrlMessage::delete());
    }
    messages
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
