//! `undo`: the person's own last change, reversed within ten minutes, when
//! nobody changed the deal since. The deal goes back to exactly how it was
//! before (undoing an opening deletes the deal), and the undo is recorded in
//! its history. Which changes undo can reverse is
//! [`HistoryAction::undoable`]: not notes, checklist answers or merges, and
//! not an undo.

use chrono::Duration;
use dealbot_storage::{Deal, DealEdit, HistoryAction, HistoryEntry, LastChange, NewHistory};

use crate::core::change::{change_even_deleted, with_card};
use crate::core::deal_ref::short_id;
use crate::core::env::Env;
use crate::core::error::CommandError;
use crate::core::format::local_time;
use crate::core::history_lines::{change_noun, what_was_done};
use crate::core::reply::{ChangeKind, Line, Reply, Tone};

/// How far back `undo` reaches.
pub const UNDO_WINDOW: Duration = Duration::minutes(10);

/// Undoes the person's last change in this workspace, or says why not.
pub async fn undo(env: &Env<'_>) -> Result<Reply, CommandError> {
    let Some(last) = env.store.last_change(env.workspace(), env.user()).await? else {
        return Err(CommandError::user(
            "You have changed nothing here yet, so there is nothing to undo.",
        ));
    };
    let (Some(first), Some(latest)) = (last.lines.first(), last.lines.last()) else {
        return Err(anyhow::anyhow!("a last change without history lines").into());
    };
    let id = short_id(last.deal.number);
    let described = describe(&last);
    if latest.action == HistoryAction::Undone {
        return Err(CommandError::user(
            joined(
                Line::new().text("Your last change was an undo ("),
                &described,
            )
            .text("): there is nothing more to undo. To do it again, type the command again."),
        ));
    }
    let Some(point) = &last.undo else {
        return Err(CommandError::user(
            joined(Line::new().text("Your last change ("), &described)
                .text(") is not one undo can reverse."),
        )
        .with_line(instead(first, &id)));
    };
    let age = env.now() - latest.at;
    if age > UNDO_WINDOW {
        return Err(CommandError::user(
            joined(Line::new().text("Your last change ("), &described).text(format!(
                ") was made at {}, {} minutes ago; undo reaches back {} minutes.",
                local_time(latest.at, env.timezone),
                age.num_minutes(),
                UNDO_WINDOW.num_minutes()
            )),
        )
        .with_line(change_back_yourself(&id)));
    }
    if let Some(later) = last.since.first() {
        return Err(changed_since(later, &id));
    }
    let lines = last.lines.clone();
    let version = point.version;
    let before = point.before.clone();
    let now = env.now();
    let (_, after) = change_even_deleted(env, &last.deal, |current| {
        // The deal's row is held now: a change that slipped in after the
        // check above bumped its version.
        if current.version != version + 1 {
            return Err(CommandError::user(format!(
                "Someone changed {id} just now, so undo would overwrite their change."
            ))
            .with_line(change_back_yourself(&id)));
        }
        Ok(put_back(current, before.as_ref(), first.action, now))
    })
    .await?;
    let announced = lines.iter().any(|line| announced(line.action));
    let mut reply = if announced {
        Reply::public().announcing(after.number, ChangeKind::Other)
    } else {
        Reply::private().tone(Tone::Success)
    };
    reply = reply
        .line(
            Line::new()
                .text("↶ ")
                .user(env.user())
                .text(format!(" undid {} of ", change_noun(first.action)))
                .code(id.clone())
                .text(" ")
                .strong(after.name.clone())
                .text("."),
        )
        .line(joined(Line::new().text("Undone: "), &described).text("."));
    if before.is_none() {
        return Ok(reply.line(
            Line::new()
                .text("Undoing its opening deleted it; ")
                .code(format!("restore {id}"))
                .text(" brings it back."),
        ));
    }
    Ok(with_card(env, reply, &after).await)
}

/// The deal as it was before the change (or deleted, when the change opened
/// it), with the undo's history line.
fn put_back(
    current: &Deal,
    before: Option<&Deal>,
    first: HistoryAction,
    now: chrono::DateTime<chrono::Utc>,
) -> DealEdit {
    let deal = match before {
        Some(before) => Deal {
            version: current.version,
            ..before.clone()
        },
        None => Deal {
            deleted_at: Some(now),
            ..current.clone()
        },
    };
    DealEdit {
        deal,
        history: vec![NewHistory::new(HistoryAction::Undone).from(first.as_str())],
    }
}

/// The change's lines as one phrase: "marked it Won; rolled it from …".
fn describe(last: &LastChange) -> Line {
    let mut line = Line::new();
    for (i, entry) in last.lines.iter().enumerate() {
        if i > 0 {
            line = line.text("; ");
        }
        line = joined(line, &what_was_done(entry));
    }
    line
}

/// `line` followed by `more`'s spans.
fn joined(mut line: Line, more: &Line) -> Line {
    line.0.extend(more.0.iter().cloned());
    line
}

/// Whether the command that writes this line announces it to the channel:
/// undoing it is announced too.
fn announced(action: HistoryAction) -> bool {
    matches!(
        action,
        HistoryAction::Created
            | HistoryAction::Stage
            | HistoryAction::Reopened
            | HistoryAction::Won
            | HistoryAction::Lost
            | HistoryAction::Pipeline
            | HistoryAction::Renamed
            | HistoryAction::Deleted
            | HistoryAction::Restored
    )
}

/// What to do instead of undoing a change undo cannot reverse.
fn instead(first: &HistoryEntry, id: &str) -> Line {
    match first.action {
        HistoryAction::Note => Line::new()
            .text("Notes stay in the history; add another to correct it: ")
            .code(format!("note {id} \"…\"")),
        HistoryAction::Qualify => Line::new()
            .text("Answer the item again: ")
            .code(format!("qualify {id} <item> <yes | no | unknown>")),
        HistoryAction::MergedIn => Line::new()
            .text("Bring the merged deal back with ")
            .code(format!(
                "restore {}",
                first.from_value.as_deref().unwrap_or("D-…")
            ))
            .text("."),
        HistoryAction::MergedInto => Line::new()
            .text("Bring it back with ")
            .code(format!("restore {id}"))
            .text("."),
        _ => change_back_yourself(id),
    }
}

fn change_back_yourself(id: &str) -> Line {
    Line::new()
        .text("Change it back yourself: ")
        .code(format!("history {id}"))
        .text(" shows what it was.")
}

/// Someone changed the deal after the person's change.
fn changed_since(later: &HistoryEntry, id: &str) -> CommandError {
    let line = Line::new()
        .user(later.actor.clone())
        .text(format!(" changed {id} since ("));
    CommandError::user(
        joined(line, &what_was_done(later)).text("), so undo would overwrite their change."),
    )
    .with_line(change_back_yourself(id))
}
