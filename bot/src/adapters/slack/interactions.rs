//! A click (`block_actions`): the button's or menu choice's `/deal` command runs
//! as the person who clicked. A change replaces the card in place, with the
//! card as it is now, through the `response_url` (or `chat.update` when there
//! is none); the channel hears of a stage move through the bot's own post
//! (see `crate::core::announce`); a refusal or a no-op (a
//! second click on Done, the stage the deal is already in, a deal of another
//! workspace) is shown only to the clicker and leaves the card as it was.
//!
//! A button whose command has a form (the card's Next step and Lost, the
//! home's New deal) opens the form instead, as the person who clicked.
//!
//! A card names its workspace (in its actions block's `block_id`): a click
//! from anyone of another workspace, as in a Slack Connect channel shared
//! between companies, is refused privately and runs nothing, and so is a
//! click on a card that names none.

use std::time::Duration;

use dealbot_storage::workspace_key;
use slack_morphism::prelude::*;

use super::api::{respond, ResponseUrlMessage};
use super::blocks::{render, workspace_of_actions};
use super::{SlackAdapter, PLATFORM};
use crate::core::reply::{Line, Reply, Tone, Visibility};

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
        if let SlackInteractionEvent::ViewSubmission(_) = &event {
            // Over Socket Mode (HTTP answers submissions in its route): the
            // form is stored when valid; the acknowledgement cannot carry
            // inline errors through this listener, so a wrong form closes
            // having stored nothing and its mistakes come in a DM.
            if let Ok(payload) = serde_json::to_value(&event) {
                let answer = self.view_submission(&payload).await;
                if let Some(errors) = answer["errors"].as_object() {
                    let mut lines = vec![Line::new().text("Your form was not saved:")];
                    lines.extend(
                        errors
                            .values()
                            .filter_map(serde_json::Value::as_str)
                            .map(|message| Line::new().text(message)),
                    );
                    let team = payload["team"]["id"].as_str().unwrap_or_default();
                    let user = payload["user"]["id"].as_str().unwrap_or_default();
                    self.post_form_result(team, user, None, &Reply::error(lines))
                        .await;
                }
            }
            return;
        }
        if let SlackInteractionEvent::MessageAction(_) = &event {
            // The message shortcut over Socket Mode (HTTP answers it in its
            // route). Its deal picker's suggestions cannot be answered through
            // this listener: over Socket Mode the picker stays empty.
            if let Ok(payload) = serde_json::to_value(&event) {
                self.message_action(&payload).await;
            }
            return;
        }
        let SlackInteractionEvent::BlockActions(event) = event else {
            tracing::debug!("ignoring a Slack interaction that is not a click");
            return;
        };
        let Some(user) = event.user.as_ref().map(|user| user.id.0.clone()) else {
            return;
        };
        let team = event.team.id.0.clone();
        let workspace = workspace_key(PLATFORM, &team);
        let user_team = event
            .user
            .as_ref()
            .and_then(|user| user.team_id.as_ref())
            .map(|team| workspace_key(PLATFORM, &team.0));
        let channel = event.channel.as_ref().map(|channel| channel.id.0.clone());
        for action in event.actions.iter().flatten() {
            let Some(command) = command_of(action) else {
                continue;
            };
            let card = action.block_id.as_ref().map(|id| id.0.as_str());
            let reply = match refusal_for_card(card, &workspace, user_team.as_deref()) {
                Some(refusal) => {
                    tracing::warn!(%team, "refused a click on a card of another workspace");
                    refusal
                }
                None => {
                    if let Some(kind) = crate::core::forms::requested(&command) {
                        let opened = self
                            .open_form(kind, &team, &user, channel.as_deref(), &event.trigger_id.0)
                            .await;
                        if opened {
                            continue;
                        }
                    }
                    self.run_click(&team, &user, channel.as_deref(), &command)
                        .await
                }
            };
            self.answer_click(&event, reply, &workspace).await;
        }
    }

    async fn answer_click(
        &self,
        event: &SlackInteractionBlockActionsEvent,
        reply: Reply,
        workspace: &str,
    ) {
        // Only a change replaces the card; a refusal or a no-op ("already in
        // Closing", a repeated delivery) is told to the clicker alone.
        let changed = reply.tone == Tone::Success;
        let card_in_channel = match &event.container {
            SlackInteractionActionContainer::Message(message) => message.is_ephemeral != Some(true),
            _ => false,
        };
        let parts = render(&reply, workspace);
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

/// Why a click on the card whose actions block is `block_id` is not run, if it
/// is not: the card names no workspace, or another than the one the click
/// comes from (`workspace`) or its user belongs to (`user_team`).
fn refusal_for_card(
    block_id: Option<&str>,
    workspace: &str,
    user_team: Option<&str>,
) -> Option<Reply> {
    let refusal = |text: &str| Some(Reply::error(vec![Line::new().text(text)]));
    let Some(card) = block_id.and_then(workspace_of_actions) else {
        return refusal(
            "This card is from an older dealbot and its buttons no longer work. \
             Nothing was changed: type the command, or `show` the deal for a fresh card.",
        );
    };
    if card != workspace || user_team.is_some_and(|team| team != card) {
        return refusal(
            "This card belongs to another Slack workspace, and dealbot acts only on \
             the deals of your own. Nothing was changed.",
        );
    }
    None
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
