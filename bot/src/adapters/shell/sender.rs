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
    mailbox: Arc<Mutex<VecDeque<Outgoing>>>,
}

impl ShellSender {
    pub fn new() -> Self {
        ShellSender::default()
    }

    /// Takes every message delivered so far, oldest first.
    pub fn take(&self) -> Vec<Outgoing> {
        match self.mailbox.lock() {
            Ok(mut mailbox) => mailbox.drain(..).collect(),
            Err(poisoned) => poisoned.into_inner().drain(..).collect(),
        }
    }

    /// Takes every message delivered so far, oldest first, as printable text.
    pub fn take_printed(&self, colour: Colour) -> Vec<String> {
        self.take()
            .iter()
            .map(|message| {
                let heading = match &message.destination {
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
            match self.mailbox.lock() {
                Ok(mut mailbox) => mailbox.push_back(message.clone()),
                Err(poisoned) => poisoned.into_inner().push_back(message.clone()),
            }
            Ok(Delivered::default())
        })
    }
}
