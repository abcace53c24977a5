//! The outbox's [`Sender`] for Slack: a queued message becomes one or more
//! `chat.postMessage` calls (blocks plus a short fallback text) to a channel or
//! to the user's DM channel (opened once, then cached).

use std::sync::Arc;
use std::time::Duration;

use super::api::WebApi;
use super::blocks::render;
use crate::outbox::{Delivered, Destination, MessageLimits, Outgoing, SendFuture, Sender};

/// Delivers outbox messages through the Slack Web API.
#[derive(Debug, Clone)]
pub struct SlackSender {
    api: Arc<WebApi>,
}

impl SlackSender {
    pub fn new(api: Arc<WebApi>) -> Self {
        SlackSender { api }
    }
}

impl Sender for SlackSender {
    fn send<'a>(&'a self, message: &'a Outgoing) -> SendFuture<'a> {
        Box::pin(async move {
            let channel = match &message.destination {
                Destination::Channel(channel) => channel.clone(),
                Destination::DirectMessage(user) => {
                    self.api.dm_channel(&message.workspace, user).await?
                }
            };
            // A reply too long for one message is several; the first id names it.
            // A failure after the first part is reported as a failure, so a retry
            // can repeat earlier parts: parts only appear for very long digests.
            let mut first_ts = None;
            for part in render(&message.reply, &message.workspace) {
                let ts = self.api.post_message(&channel, part).await?;
                first_ts.get_or_insert(ts);
            }
            Ok(Delivered {
                message_id: first_ts.map(|ts| format!("{channel}/{ts}")),
            })
        })
    }

    /// Slack accepts about one message per second per channel.
    fn min_interval(&self) -> Duration {
        Duration::from_millis(1100)
    }

    /// What renders as one message: sections of 3,000 characters, well under
    /// 50 blocks and the size Slack renders reliably, counted as `mrkdwn` with
    /// its escapes, mentions and date markup.
    fn limits(&self) -> MessageLimits {
        MessageLimits {
            max_lines: 60,
            max_chars: 10_000,
            measure: |line| super::mrkdwn::line(line).chars().count(),
        }
    }
}
