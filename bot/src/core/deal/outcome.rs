//! Winning and losing a deal, as `won`, `lost`, `stage D-4 won` and their
//! buttons do it: the rule, the change in one transaction, and the
//! announcement to the channel.

use dealbot_storage::{Deal, DealStatus};

use super::permission::{may, Doing};
use super::rules::{self, roll_for};
use crate::core::change::{change, with_card};
use crate::core::env::Env;
use crate::core::error::CommandError;
use crate::core::format::money;
use crate::core::reply::{ChangeKind, Line, Reply};

/// Closes `deal` as won (rolling it into its after-sale pipeline if it has
/// one) and announces it. A lost deal is reopened first, and the announcement
/// says so; a deal already won, in any pipeline, is refused.
pub async fn win(env: &Env<'_>, deal: &Deal, note: Option<String>) -> Result<Reply, CommandError> {
    may(env, deal, Doing::Win).await?;
    let now = env.now();
    let roll = roll_for(env.config, deal);
    let (before, after) = change(env, deal, |current| {
        rules::win(current, roll.as_ref(), note.clone(), now)
    })
    .await?;
    let mut line = Line::new()
        .text("🎉 ")
        .user(env.user())
        .text(" won ")
        .strong(after.name.clone());
    if let Some(money) = money(&after) {
        line = line.text(format!(" ({money})"));
    }
    if let Some(note) = &note {
        line = line.text(": ").text(note.clone());
    }
    let mut reply = Reply::public()
        .line(line)
        .announcing(after.number, ChangeKind::Outcome);
    if before.status == DealStatus::Lost {
        reply = reply.line(reopened_first("lost"));
    }
    if after.pipeline != before.pipeline {
        reply = reply.line(
            Line::new()
                .text("It carries on in the ")
                .strong(after.pipeline.clone())
                .text(" pipeline, in ")
                .strong(after.stage.clone())
                .text(", with its history."),
        );
    }
    Ok(with_card(env, reply, &after).await)
}

/// Closes `deal` as lost for `reason` and announces it. A won deal is
/// reopened first, and the announcement says so; a lost deal is refused.
pub async fn lose(env: &Env<'_>, deal: &Deal, reason: &str) -> Result<Reply, CommandError> {
    may(env, deal, Doing::Lose).await?;
    let now = env.now();
    let (before, after) = change(env, deal, |current| rules::lose(current, reason, now)).await?;
    let line = Line::new()
        .user(env.user())
        .text(" lost ")
        .strong(after.name.clone())
        .text(": ")
        .text(reason.to_string());
    let mut reply = Reply::public()
        .line(line)
        .announcing(after.number, ChangeKind::Outcome);
    if before.status == DealStatus::Won {
        reply = reply.line(reopened_first("won"));
    }
    Ok(with_card(env, reply, &after).await)
}

/// "It was lost: this reopened it first (the history keeps both)."
fn reopened_first(was: &str) -> Line {
    Line::new().text(format!(
        "It was {was}: this reopened it first, and its history records both."
    ))
}
