//! Handing a deal to someone else: the new owner must be a person the
//! platform knows here (not a bot, not a mistyped id), and gets a direct
//! message with the card, queued in the outbox like every message the bot
//! sends on its own, so it is delivered once, with retries.

use dealbot_storage::Deal;

use super::change::with_card;
use super::deal_ref::short_id;
use super::env::Env;
use super::error::CommandError;
use super::outgoing::{queue_message, Destination, Outgoing};
use super::people::Known;
use super::reply::{Line, Reply};

/// Refuses `user` as a deal's new owner unless the platform knows them as a
/// person in this workspace.
pub async fn check_new_owner(env: &Env<'_>, user: &str) -> Result<(), CommandError> {
    match env.invocation.people.knows(user).await {
        Ok(Known::Person) => Ok(()),
        Ok(Known::Bot) => Err(CommandError::usage(
            "owner",
            Line::new()
                .user(user)
                .text(" is a bot or an app: a deal's owner must be a person."),
        )),
        Ok(Known::Nobody) => Err(CommandError::usage(
            "owner",
            Line::new()
                .text("Nobody here has the id ")
                .code(user)
                .text(": mention someone in this workspace, like @alex."),
        )),
        Err(why) => {
            tracing::warn!(reason = %why.0, "could not check the new owner");
            Err(CommandError::user(
                "I could not check who that is just now, so I did not hand the deal over. \
                 Try again in a minute.",
            ))
        }
    }
}

/// Queues the direct message telling `after`'s new owner that the asker
/// handed it to them. Once per hand-over: its key is the deal's version.
/// The hand-over is stored already, so a failure to queue is a line in the
/// reply, not an error.
pub async fn tell_new_owner(env: &Env<'_>, after: &Deal) -> Option<Line> {
    let id = short_id(after.number);
    let says = Line::new()
        .user(env.user())
        .text(" handed you ")
        .code(id.clone())
        .text(" ")
        .strong(after.name.clone())
        .text(".");
    let reply = with_card(env, Reply::private().line(says), after).await;
    let outgoing = Outgoing {
        platform: env.invocation.platform.clone(),
        workspace: env.workspace().to_string(),
        destination: Destination::DirectMessage(after.owner.clone()),
        reply,
        key: format!(
            "owner-dm:{}:{}:v{}",
            env.workspace(),
            after.number,
            after.version
        ),
    };
    let queued = match queue_message(&outgoing, env.invocation.channel.clone()) {
        // The card found the database gone since the hand-over was stored:
        // the asker is told at once instead of after another wait on it.
        Ok(_) if env.database_lost() => Err(anyhow::anyhow!("the database is unavailable")),
        Ok(message) => env
            .store
            .enqueue(&[message], env.now())
            .await
            .map_err(anyhow::Error::from),
        Err(error) => Err(error),
    };
    match queued {
        Ok(_) => {
            env.wake_outbox();
            None
        }
        Err(error) => {
            tracing::error!(
                error = format!("{error:#}"),
                "could not queue the new owner's DM"
            );
            Some(
                Line::new()
                    .text("I could not queue a message to ")
                    .user(after.owner.clone())
                    .text(" about it: tell them yourself."),
            )
        }
    }
}
