//! A public reply that carries files (the report's chart) on a platform whose
//! sender posts files: it goes to the channel through the outbox, like every
//! message the bot posts on its own, so a failed upload is retried, never
//! posted twice, and shown in `status` when the platform refuses it for good.
//! The person who asked sees a short private note; if the platform refuses the
//! post, they are told why. Elsewhere (the shell) the reply is answered inline.

use super::env::Invocation;
use super::outgoing::{queue_message, Destination, Outgoing};
use super::reply::{Line, Reply, Tone, Visibility};
use super::Core;

impl Core {
    /// `reply` as the person should see it now: the reply itself, or, when it
    /// was queued to be posted with its files, a note that it is on its way.
    pub(crate) async fn post_files(&self, invocation: &Invocation, reply: Reply) -> Reply {
        let posts_here = reply.visibility == Visibility::Public
            && !reply.attachments.is_empty()
            && self.file_platforms.contains(&invocation.platform);
        let Some(channel) = invocation.channel.clone().filter(|_| posts_here) else {
            return reply;
        };
        let what = reply.title.clone().unwrap_or_else(|| "it".to_string());
        let outgoing = Outgoing {
            platform: invocation.platform.clone(),
            workspace: invocation.workspace.clone(),
            destination: Destination::Channel(channel.clone()),
            reply,
            key: format!(
                "files:{}:{channel}:{}:{}",
                invocation.workspace,
                invocation.now.format("%Y%m%dT%H%M%S"),
                uuid::Uuid::new_v4().simple()
            ),
        };
        let queued = match queue_message(&outgoing, None) {
            Ok(mut message) => {
                message.notify_user = Some(invocation.user.clone());
                self.store
                    .enqueue(&[message], invocation.now)
                    .await
                    .map_err(anyhow::Error::from)
            }
            Err(error) => Err(error),
        };
        match queued {
            Ok(_) => {
                self.wake_outbox();
                Reply::private().tone(Tone::Success).line(
                    Line::new()
                        .text("Posting ")
                        .strong(what)
                        .text(" here now, with its chart."),
                )
            }
            Err(error) => {
                tracing::error!(
                    error = format!("{error:#}"),
                    "could not queue a reply with files; answering without them"
                );
                let mut reply = outgoing.reply;
                reply.attachments.clear();
                reply.footer(
                    Line::new().text("(No chart this time: it could not be queued for upload.)"),
                )
            }
        }
    }
}
