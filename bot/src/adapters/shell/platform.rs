//! The console as one [`Platform`] of the app: no routes and no background
//! tasks; what the bot posts on its own is delivered to a [`ShellSender`]
//! mailbox that the console prints.

use std::sync::Arc;

use super::ShellSender;
use crate::app::{AttachFuture, Attached, Platform};
use crate::core::Core;
use crate::outbox::Sender;
use crate::readiness::Readiness;

/// The platform name on the shell's invocations and outbox rows.
pub const PLATFORM: &str = "shell";

/// The console, delivering to `mailbox`.
pub struct ShellPlatform {
    mailbox: ShellSender,
}

impl ShellPlatform {
    pub fn new(mailbox: ShellSender) -> Self {
        ShellPlatform { mailbox }
    }
}

impl Platform for ShellPlatform {
    fn name(&self) -> &'static str {
        PLATFORM
    }

    fn sender(&self) -> Option<Arc<dyn Sender>> {
        Some(Arc::new(self.mailbox.clone()))
    }

    fn attach<'a>(self: Box<Self>, _core: &'a Core, _readiness: &'a Readiness) -> AttachFuture<'a> {
        Box::pin(async { Ok(Attached::default()) })
    }
}
