//! The outbox's [`Sender`] for Slack: a queued message becomes one or more
//! `chat.postMessage` calls (blocks plus a short fallback text) to a channel or
//! to the user's DM channel (opened once, then cached); one carrying files (a
//! chart) is uploaded and shared with the message as its comment ([`upload`]);
//! an edit of one it posted is a `chat.update`.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use super::api::WebApi;
use super::blocks::render;
use super::upload;
use crate::adapters::text_out::Dialect;
use crate::core::reply::{Reply, Span};
use crate::outbox::{
    Delivered, DeliveryError, Destination, MessageLimits, Outgoing, SendFuture, Sender,
    UploadProgress,
};

/// Delivers outbox messages through the Slack Web API.
#[derive(Debug, Clone)]
pub struct SlackSender {
    api: Arc<WebApi>,
    /// Sends files' bytes to the upload URLs Slack gives.
    http: reqwest::Client,
}

impl SlackSender {
    pub fn new(api: Arc<WebApi>) -> Self {
        SlackSender {
            api,
            http: reqwest::Client::new(),
        }
    }

    async fn channel_of(&self, message: &Outgoing) -> Result<String, DeliveryError> {
        match &message.destination {
            Destination::Channel(channel) => Ok(channel.clone()),
            Destination::DirectMessage(user) => self.api.dm_channel(&message.workspace, user).await,
        }
    }
}

impl SlackSender {
    /// `reply` with each person named quietly ([`Span::Person`]) by the name
    /// Slack shows for them: a `<@U…>` mention would ping them. Someone Slack
    /// cannot name right now is shown by their id.
    async fn named(&self, reply: &Reply, workspace: &str) -> Reply {
        let mut reply = reply.clone();
        let mut names: HashMap<String, Option<String>> = HashMap::new();
        let lines = reply
            .lines
            .iter_mut()
            .chain(reply.footer.iter_mut())
            .chain(reply.fields.iter_mut().map(|field| &mut field.value));
        for line in lines {
            for span in &mut line.0 {
                let Span::Person(id) = span else { continue };
                if !names.contains_key(id.as_str()) {
                    let name = self.api.display_name(workspace, id).await;
                    names.insert(id.clone(), name);
                }
                if let Some(Some(name)) = names.get(id.as_str()) {
                    *id = name.clone();
                }
            }
        }
        reply
    }
}

impl Sender for SlackSender {
    fn send<'a>(&'a self, message: &'a Outgoing) -> SendFuture<'a> {
        Box::pin(async move {
            let channel = self.channel_of(message).await?;
            // A reply too long for one message is several; the first id names it.
            // A failure after the first part is reported as a failure, so a retry
            // can repeat earlier parts: parts only appear for very long digests.
            let mut first_ts = None;
            let reply = self.named(&message.reply, &message.workspace).await;
            for part in render(&reply, &message.workspace) {
                let ts = self.api.post_message(&channel, part).await?;
                first_ts.get_or_insert(ts);
            }
            Ok(Delivered {
                message_id: first_ts.map(|ts| format!("{channel}/{ts}")),
            })
        })
    }

    fn send_with_files<'a>(
        &'a self,
        message: &'a Outgoing,
        progress: &'a UploadProgress,
    ) -> SendFuture<'a> {
        Box::pin(async move {
            let channel = self.channel_of(message).await?;
            let reply = self.named(&message.reply, &message.workspace).await;
            let file =
                upload::post_with_files(&self.api, &self.http, &channel, &reply, progress).await?;
            Ok(Delivered {
                message_id: Some(format!("{channel}/file/{file}")),
            })
        })
    }

    fn posts_files(&self) -> bool {
        true
    }

    /// `chat.update` of the first part of the message `posted` names
    /// (`channel/ts`); a message that is gone (`message_not_found`) is posted anew.
    fn edit<'a>(&'a self, message: &'a Outgoing, posted: &'a str) -> SendFuture<'a> {
        Box::pin(async move {
            let Some((channel, ts)) = posted.split_once('/') else {
                return self.send(message).await;
            };
            let reply = self.named(&message.reply, &message.workspace).await;
            let Some(content) = render(&reply, &message.workspace).into_iter().next() else {
                return Ok(Delivered {
                    message_id: Some(posted.to_string()),
                });
            };
            match self.api.update_message(channel, ts, content).await {
                Ok(()) => Ok(Delivered {
                    message_id: Some(posted.to_string()),
                }),
                Err(DeliveryError::Permanent { reason, .. }) if reason == "message_not_found" => {
                    self.send(message).await
                }
                Err(error) => Err(error),
            }
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
            measure: <super::mrkdwn::Mrkdwn as Dialect>::line_len,
        }
    }
}
