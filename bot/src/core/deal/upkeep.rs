//! Keeping the pipeline clean: renaming a deal, merging a duplicate into the
//! deal it duplicates, deleting a deal (hidden everywhere, history kept) and
//! restoring it. Each is announced to the channel: the team sees its
//! pipeline change shape.

use dealbot_storage::{Deal, Rejected, StoreError};

use super::permission::{may, Doing};
use super::rules;
use super::standing::named;
use crate::core::change::{change, change_even_deleted, with_card};
use crate::core::deal_ref::short_id;
use crate::core::env::Env;
use crate::core::error::CommandError;
use crate::core::reply::{ChangeKind, Line, Reply, Tone};

/// Renames `deal` to `name` (already checked as a deal name). Another deal
/// of exactly that name is refused: two deals of one name are a duplicate,
/// which `merge` resolves.
pub async fn rename(env: &Env<'_>, deal: &Deal, name: &str) -> Result<Reply, CommandError> {
    may(env, deal, Doing::Rename).await?;
    let namesake = env
        .store
        .deals_named_like(env.workspace(), name)
        .await?
        .into_iter()
        .find(|other| {
            other.id != deal.id
                && other.deleted_at.is_none()
                && other.name.to_lowercase() == name.to_lowercase()
        });
    if let Some(other) = namesake {
        return Err(
            CommandError::user(named(&other).text(" already has that name.")).with_line(
                Line::new()
                    .text("If they are the same deal, merge them: ")
                    .code(format!(
                        "merge {} into {}",
                        short_id(deal.number),
                        short_id(other.number)
                    ))
                    .text("; otherwise choose a name that tells them apart."),
            ),
        );
    }
    let (before, after) = change(env, deal, |current| rules::rename(current, name)).await?;
    if before.name == after.name {
        let reply = Reply::private().line(
            Line::new()
                .code(short_id(after.number))
                .text(" is already called ")
                .strong(after.name.clone())
                .text("."),
        );
        return Ok(with_card(env, reply, &after).await);
    }
    let line = Line::new()
        .user(env.user())
        .text(" renamed ")
        .code(short_id(after.number))
        .text(" ")
        .strong(before.name)
        .text(" → ")
        .strong(after.name.clone());
    let reply = Reply::public()
        .line(line)
        .announcing(after.number, ChangeKind::Other);
    Ok(with_card(env, reply, &after).await)
}

/// Deletes `deal`: hidden from lists, digests, reports, nags and metrics, its
/// history kept, `restore` bringing it back.
pub async fn delete(env: &Env<'_>, deal: &Deal) -> Result<Reply, CommandError> {
    may(env, deal, Doing::Delete).await?;
    let now = env.now();
    let (_, after) = change_even_deleted(env, deal, |current| rules::delete(current, now)).await?;
    let id = short_id(after.number);
    Ok(Reply::public()
        .announcing(after.number, ChangeKind::Other)
        .line(
            Line::new()
                .user(env.user())
                .text(" deleted ")
                .code(id.clone())
                .text(" ")
                .strong(after.name.clone())
                .text("."),
        )
        .line(
            Line::new()
                .text("Its history is kept (")
                .code(format!("history {id}"))
                .text("); ")
                .code(format!("restore {id}"))
                .text(" brings it back."),
        ))
}

/// Restores a deleted or merged-away `deal` as it was.
pub async fn restore(env: &Env<'_>, deal: &Deal) -> Result<Reply, CommandError> {
    may(env, deal, Doing::Restore).await?;
    let (before, after) = change_even_deleted(env, deal, rules::restore).await?;
    let mut line = Line::new()
        .user(env.user())
        .text(" restored ")
        .code(short_id(after.number))
        .text(" ")
        .strong(after.name.clone());
    if let Some(survivor) = before.merged_into {
        line = line
            .text(", which had been merged into ")
            .code(short_id(survivor));
    }
    let reply = Reply::public()
        .line(line.text("."))
        .announcing(after.number, ChangeKind::Other);
    Ok(with_card(env, reply, &after).await)
}

/// Merges `merged` into `survivor`: `merged` is hidden and points at
/// `survivor`; both keep their history, and both record the merge.
pub async fn merge(env: &Env<'_>, merged: &Deal, survivor: &Deal) -> Result<Reply, CommandError> {
    if merged.id == survivor.id {
        return Err(rules::merge_into_itself(merged));
    }
    may(env, merged, Doing::MergeAway).await?;
    let now = env.now();
    let (away, kept) = env
        .store
        .merge_deals(
            env.workspace(),
            merged.number,
            survivor.number,
            env.user(),
            now,
            |merged, survivor| rules::merge(merged, survivor, now),
        )
        .await
        .map_err(|error| match error {
            Rejected::Refused(error) => error,
            Rejected::Store(StoreError::NotFound) => CommandError::user(format!(
                "{} or {} is no longer there. Type `list` to see the open deals.",
                short_id(merged.number),
                short_id(survivor.number)
            )),
            Rejected::Store(error) => error.into(),
        })?;
    let away_id = short_id(away.number);
    let reply = Reply::public()
        .announcing(kept.number, ChangeKind::Other)
        .tone(Tone::Success)
        .line(
            Line::new()
                .user(env.user())
                .text(" merged ")
                .code(away_id.clone())
                .text(" ")
                .strong(away.name.clone())
                .text(" into ")
                .code(short_id(kept.number))
                .text(" ")
                .strong(kept.name.clone())
                .text("."),
        )
        .line(
            Line::new()
                .text(format!("{away_id} is hidden now; its history is kept ("))
                .code(format!("history {away_id}"))
                .text(") and ")
                .code(format!("restore {away_id}"))
                .text(" brings it back."),
        );
    Ok(with_card(env, reply, &kept).await)
}
