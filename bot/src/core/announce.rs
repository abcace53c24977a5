//! Where a deal change is announced. A command that changes a deal in a way
//! the team should hear of answers with a public reply marked with what it
//! [`Announces`]; here that reply becomes the person's own (private) answer,
//! and the channel gets the announcement through the outbox, if the channel's
//! notify mode admits that kind of change (see [`super::noise`]).
//!
//! Batching: a person's changes to one deal in one channel within
//! `[volume] batch_window_seconds` of the first one's post are one batch; each
//! later change is queued as an edit of that first post (its lines added
//! beneath, its card the deal as it is now), so the channel sees one post
//! updated in place instead of a new one per change. Edits are outbox rows, so
//! they are retried and de-duplicated like any post.
//!
//! If the announcement cannot be queued (the database went away just after
//! the change), the reply stays public and is shown in the channel as the
//! answer itself: the change is stored, and the team still hears of it.

use chrono::Duration;

use super::env::Env;
use super::noise::NotifyMode;
use super::outgoing::{queue_message, Destination, Outgoing};
use super::reply::{Announces, Reply, Visibility};

/// The most lines a batched post keeps: the newest changes.
const BATCH_LINES: usize = 12;

/// The reply the person sees, after queuing the channel's announcement of it
/// (if any): see the module documentation.
pub async fn route(env: &Env<'_>, reply: Reply) -> Reply {
    route_told(env, reply).await.0
}

/// [`route`], and whether the channel's announcement was queued: then the
/// reply is only the person's own answer.
pub async fn route_told(env: &Env<'_>, mut reply: Reply) -> (Reply, bool) {
    let Some(announces) = reply.announces.take() else {
        return (reply, false);
    };
    let Some(channel) = env.invocation.channel.clone() else {
        return (reply, false);
    };
    if reply.visibility != Visibility::Public {
        return (reply, false);
    }
    if env.database_lost() {
        // The change is stored but the database went away since: the reply
        // stays public and is the channel's news, without waiting on it again.
        return (reply, false);
    }
    let mode = match channel_mode(env, &channel).await {
        Ok(mode) => mode,
        Err(error) => {
            tracing::warn!(
                error = format!("{error:#}"),
                "could not read the channel's notify mode"
            );
            return (reply, false);
        }
    };
    if !mode.admits(announces.kind) {
        reply.visibility = Visibility::Private;
        return (reply, false);
    }
    match queue(env, &channel, announces, &reply).await {
        Ok(()) => {
            env.wake_outbox();
            reply.visibility = Visibility::Private;
            (reply, true)
        }
        Err(error) => {
            tracing::warn!(
                error = format!("{error:#}"),
                "could not queue the announcement: answering in the channel instead"
            );
            (reply, false)
        }
    }
}

/// The notify mode of `channel`: as set, else `all`.
pub async fn channel_mode(env: &Env<'_>, channel: &str) -> anyhow::Result<NotifyMode> {
    let stored = env
        .store
        .channel_notify_mode(env.workspace(), channel)
        .await?;
    Ok(stored
        .as_deref()
        .and_then(NotifyMode::parse)
        .unwrap_or_default())
}

/// Queues the post of `reply` in `channel`, or an edit of the batch's post.
async fn queue(
    env: &Env<'_>,
    channel: &str,
    announces: Announces,
    reply: &Reply,
) -> anyhow::Result<()> {
    let invocation = env.invocation;
    let now = env.now();
    let batch_key = format!(
        "{}:{}:{channel}:D{}:{}",
        invocation.platform, invocation.workspace, announces.deal, invocation.user
    );
    let window = env.config.settings.volume.batch_window_seconds;
    let open = if window == 0 {
        None
    } else {
        let since = now - Duration::seconds(i64::try_from(window).unwrap_or(i64::MAX));
        env.store.open_batch(&batch_key, since).await?
    };
    let (post, edits) = match open {
        Some(batch) => {
            let earlier: Outgoing = serde_json::from_str(&batch.latest_payload)?;
            (
                batched(earlier.reply, reply.clone()),
                Some((batch.post_key, batch.queued)),
            )
        }
        None => (reply.clone(), None),
    };
    let key = match &edits {
        Some((post_key, queued)) => format!("{post_key}:edit-{queued}"),
        None => format!("announce:{}", uuid::Uuid::new_v4().simple()),
    };
    let outgoing = Outgoing {
        platform: invocation.platform.clone(),
        workspace: invocation.workspace.clone(),
        destination: Destination::Channel(channel.to_string()),
        reply: post,
        key,
    };
    let mut row = queue_message(&outgoing, None)?;
    row.notify_user = Some(invocation.user.clone());
    let edits = edits.as_ref().map(|(post_key, _)| post_key.as_str());
    env.store
        .enqueue_in_batch(&row, &batch_key, edits, now)
        .await?;
    Ok(())
}

/// The batch's post after `latest`: the lines of every change so far (the
/// newest [`BATCH_LINES`]), then the deal's card as `latest` shows it.
pub fn batched(earlier: Reply, latest: Reply) -> Reply {
    let mut lines = earlier.lines;
    lines.extend(latest.lines.iter().cloned());
    let skip = lines.len().saturating_sub(BATCH_LINES);
    Reply {
        lines: lines.into_iter().skip(skip).collect(),
        visibility: Visibility::Public,
        announces: None,
        ..latest
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_batch_keeps_every_change_and_the_latest_card() {
        let first = Reply::public()
            .line("moved to Qualifying")
            .title("D-1 · Acme")
            .field("Stage", "Qualifying");
        let second = Reply::public()
            .line("moved to Presenting")
            .title("D-1 · Acme")
            .field("Stage", "Presenting");
        let post = batched(first, second);
        let lines: Vec<String> = post.lines.iter().map(|line| line.plain()).collect();
        assert_eq!(lines, ["moved to Qualifying", "moved to Presenting"]);
        assert_eq!(post.fields[0].value.plain(), "Presenting");
        let many = (0..20).fold(Reply::public(), |post, n| {
            batched(post, Reply::public().line(format!("change {n}")))
        });
        assert_eq!(many.lines.len(), BATCH_LINES);
        assert_eq!(many.lines[BATCH_LINES - 1].plain(), "change 19");
    }
}
