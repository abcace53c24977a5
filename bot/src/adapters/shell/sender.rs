//! The shell's "platform": messages the bot sends on its own (digests, nags,
//! announcements) land in a mailbox the shell prints, as they would be posted;
//! their charts are written to files whose paths are printed.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use super::render::{render, Colour};
use crate::outbox::{Delivered, Destination, Outgoing, SendFuture, Sender};

/// Collects delivered messages until the shell prints them.
#[derive(Clone, Default)]
pub struct ShellSender {
    /// Each message, and whether it replaced one printed before.
    mailbox: Arc<Mutex<VecDeque<(Outgoing, bool)>>>,
}

impl ShellSender {
    pub fn new() -> Self {
        ShellSender::default()
    }

    /// Takes every message delivered so far, oldest first.
    pub fn take(&self) -> Vec<Outgoing> {
        self.take_marked()
            .into_iter()
            .map(|(message, _)| message)
            .collect()
    }

    fn take_marked(&self) -> Vec<(Outgoing, bool)> {
        match self.mailbox.lock() {
            Ok(mut mailbox) => mailbox.drain(..).collect(),
            Err(poisoned) => poisoned.into_inner().drain(..).collect(),
        }
    }

    fn push(&self, message: &Outgoing, edited: bool) {
        match self.mailbox.lock() {
            Ok(mut mailbox) => mailbox.push_back((message.clone(), edited)),
            Err(poisoned) => poisoned.into_inner().push_back((message.clone(), edited)),
        }
    }

    /// Takes every message delivered so far, oldest first, as printable text.
    pub fn take_printed(&self, colour: Colour) -> Vec<String> {
        self.take_marked()
            .iter()
            .map(|(message, edited)| {
                let heading = match &message.destination {
                    Destination::Channel(channel) if *edited => {
                        format!("── updated in #{channel} (the post above) ──")
                    }
                    Destination::Channel(channel) => format!("── posted to #{channel} ──"),
                    Destination::DirectMessage(user) => format!("── direct message to @{user} ──"),
                };
                format!(
                    "{heading}\n{}{}",
                    render(&message.reply, colour),
                    super::files::written(&message.reply.attachments)
                )
            })
            .collect()
    }
}

impl Sender for ShellSender {
    fn send<'a>(&'a self, message: &'a Outgoing) -> SendFuture<'a> {
        Box::pin(async move {
            self.push(message, false);
            Ok(Delivered {
                message_id: Some(message.key.clone()),
            })
        })
    }

    /// The console cannot change what it printed: it prints the new content,
    /// marked as an update.
    fn edit<'a>(&'a self, message: &'a Outgoing, posted: &'a str) -> SendFuture<'a> {
        Box::pin(async move {
            self.push(message, true);
            Ok(Delivered {
                message_id: Some(posted.to_string()),
            })
        })
    }
}
