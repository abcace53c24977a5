//! The deal card: one deal's facts, next step, recent history and the buttons to
//! act on it. Used by `show`, and beneath every change so people see the result.

use chrono::NaiveDate;
use dealbot_storage::{Deal, DealStatus, HistoryEntry, QualificationAnswer};

use super::checklist::compact;
use super::deal_ref::short_id;
use super::env::Env;
use super::flags::{self, buyer_mismatch};
use super::format::{due, is_overdue, local_time, long_date, money, plural};
use super::history_lines::what_was_done;
use super::reply::{Button, Line, Menu, Reply};

/// How many history lines a card shows.
pub const HISTORY_EXCERPT: i64 = 3;

/// Adds the deal's title, fields, history excerpt and buttons to `reply`;
/// the next step's due date counts from `owner_today`, the owner's date.
pub fn deal_card(
    mut reply: Reply,
    deal: &Deal,
    history: &[HistoryEntry],
    answers: &[QualificationAnswer],
    owner_today: NaiveDate,
    env: &Env,
) -> Reply {
    reply = reply.title(format!("{} · {}", short_id(deal.number), deal.name));
    if let Some(line) = hidden_line(deal, env) {
        reply = reply.field("Hidden", line);
    }
    reply = reply.field("Stage", stage_line(deal, env));
    if let Some(buyer) = &deal.buyer_stage {
        let mut line = Line::new().strong(buyer.clone());
        if let Some(mismatch) = buyer_mismatch(deal, &env.config.settings) {
            line = line.text(format!(
                " · ⚠ behind: {} expects {}",
                mismatch.seller_stage, mismatch.expected
            ));
        }
        reply = reply.field("Buyer", line);
    }
    if deal.status == DealStatus::Open && !env.config.settings.qualification.items.is_empty() {
        reply = reply.field(
            "Qualified",
            compact(&env.config.settings.qualification, answers),
        );
    }
    reply = reply.field("Owner", Line::new().user(deal.owner.clone()));
    if let Some(money) = money(deal) {
        reply = reply.field("Amount", money);
    }
    if let Some(close) = deal.close_date {
        reply = reply.field("Expected close", long_date(close));
    }
    if deal.status == DealStatus::Open {
        reply = reply.field("Next step", next_step_line(deal, owner_today));
    }
    if let Some(reason) = &deal.lost_reason {
        reply = reply.field("Lost because", reason.as_str());
    }
    if !history.is_empty() {
        reply = reply.footer(Line::new().strong("Recent"));
        for entry in history {
            reply = reply.footer(history_line(entry, env));
        }
    }
    if deal.deleted_at.is_some() {
        reply = reply.button("Restore", format!("restore {}", short_id(deal.number)));
    } else if deal.status == DealStatus::Open {
        reply = with_actions(reply, deal, env);
    }
    reply
}

/// For a deleted or merged-away deal: since when, and where it went.
fn hidden_line(deal: &Deal, env: &Env) -> Option<Line> {
    let at = local_time(deal.deleted_at?, env.timezone);
    Some(match deal.merged_into {
        Some(survivor) => Line::new()
            .text(format!("merged {at} into "))
            .code(short_id(survivor)),
        None => Line::new().text(format!("deleted {at}")),
    })
}

fn stage_line(deal: &Deal, env: &Env) -> Line {
    let line = Line::new().strong(deal.stage.clone());
    match deal.status {
        DealStatus::Won | DealStatus::Lost => line.text(format!(
            " · closed {}",
            local_time(deal.updated_at, env.timezone)
        )),
        DealStatus::Open => {
            let days = flags::days_in_stage(deal, env.now());
            let mut line = line.text(format!(" · {} in stage", plural(days, "day")));
            if let Some(stage) = flags::current_stage(deal, &env.config.settings) {
                line = line.text(format!(" (limit {})", stage.max_days));
                if flags::is_stalled(deal, &env.config.settings, env.now()) {
                    line = line.text(" · stalled");
                }
            }
            line.text(format!(" · {}", deal.pipeline))
        }
    }
}

fn next_step_line(deal: &Deal, owner_today: NaiveDate) -> Line {
    match (&deal.next_step, deal.next_step_due) {
        (Some(step), Some(due_on)) => {
            let line = Line::new().text(step.clone()).text(" — due ");
            let line = due(line, due_on, owner_today);
            if is_overdue(deal, owner_today) {
                line.text(" ⚠")
            } else {
                line
            }
        }
        (Some(step), None) => Line::new().text(step.clone()),
        _ => Line::new()
            .text("none — keep it moving: ")
            .code(format!("next {} \"…\" fri", short_id(deal.number))),
    }
}

fn with_actions(mut reply: Reply, deal: &Deal, env: &Env) -> Reply {
    let id = short_id(deal.number);
    if deal.next_step.is_some() {
        reply = reply
            .button("Done", format!("done {id}"))
            .button("Snooze 1 day", format!("snooze {id} 1d"))
            .button("Snooze 1 week", format!("snooze {id} 1w"));
    }
    // Each opens a form where the platform has forms (see `forms::requested`).
    reply = reply
        .button("Next step", format!("next {id}"))
        .button("Lost", format!("lost {id}"));
    if let Some(pipeline) = env.config.pipeline(&deal.pipeline) {
        let choices = pipeline
            .stages
            .iter()
            .filter(|stage| stage.name != deal.stage)
            .map(|stage| Button {
                label: stage.name.clone(),
                command: format!("stage {id} \"{}\"", stage.name),
            })
            .collect();
        reply.menu = Some(Menu {
            placeholder: "Move to stage…".to_string(),
            choices,
        });
    }
    reply
}

/// One history entry as a line: when, who, what (see [`what_was_done`]), and its note.
pub fn history_line(entry: &HistoryEntry, env: &Env) -> Line {
    let mut line = Line::new()
        .text(format!("{}  ", local_time(entry.at, env.timezone)))
        .user(entry.actor.clone())
        .text(" ");
    line.0.extend(what_was_done(entry).0);
    match &entry.note {
        Some(note) => line.text(": ").text(note.clone()),
        None => line,
    }
}
