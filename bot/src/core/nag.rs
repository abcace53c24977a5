//! Nags: one direct message per owner per sweep, bundling every deal of theirs
//! that needs attention, with Done / Snooze buttons per deal; and, after too many
//! unanswered nags, a mention of the owner in the deal's channel (or, while
//! the owner is away, a word to the channel that they are, and who might cover).

use chrono::NaiveDate;
use dealbot_storage::Deal;

use super::attention::Concern;
use super::deal_ref::short_id;
use super::format::{deal_label, due, short_date};
use super::reply::{Line, Reply, Span, Tone};

/// A deal of the owner's and why it needs them.
#[derive(Debug, Clone)]
pub struct NagItem {
    pub deal: Deal,
    pub concerns: Vec<Concern>,
}

/// Deals that get their own buttons; the rest are listed.
const MOST_WITH_BUTTONS: usize = 10;

/// The direct message to the owner, on the owner's day `today`.
pub fn nag_reply(items: &[NagItem], today: NaiveDate) -> Reply {
    let mut reply = Reply::private()
        .tone(Tone::Info)
        .title(format!(
            "{} need{} you",
            if items.len() == 1 {
                "1 deal".to_string()
            } else {
                format!("{} deals", items.len())
            },
            if items.len() == 1 { "s" } else { "" }
        ))
        .line("Keep them moving: mark the next step done, snooze it, or set a new one.");
    for (i, item) in items.iter().enumerate() {
        reply = reply.line(item_line(item, today));
        if i < MOST_WITH_BUTTONS {
            let id = short_id(item.deal.number);
            if item.deal.next_step.is_some() {
                reply = reply
                    .button(format!("Done {id}"), format!("done {id}"))
                    .button(format!("Snooze {id} 1 day"), format!("snooze {id} 1d"));
            }
        }
    }
    if items.len() > MOST_WITH_BUTTONS {
        reply = reply.footer(Line::new().text("See them all: ").code("list mine"));
    }
    reply
}

/// The mention in the team channel after unanswered nags.
pub fn escalation_reply(owner: &str, items: &[NagItem], nags: i64) -> Reply {
    let mut reply =
        Reply::public()
            .tone(Tone::Info)
            .line(Line::new().user(owner.to_string()).text(format!(
                ", these deals have been waiting on you through {nags} reminders:"
            )));
    for item in items {
        let concerns: Vec<String> = item.concerns.iter().map(Concern::describe).collect();
        let mut line = Line::new().text("• ").0;
        line.extend(deal_label(&item.deal).0);
        reply = reply.line(Line(line).text(format!(" · {}", concerns.join(", "))));
    }
    reply
}

/// The word to the channel about an away owner's deals that have waited
/// through `nags` reminders: they are away (named, not pinged), until when,
/// and who might cover (pinged: they can act).
pub fn away_escalation_reply(
    owner: &str,
    away_until: Option<NaiveDate>,
    cover: &[String],
    items: &[NagItem],
    nags: i64,
) -> Reply {
    let mut opening = Line::new();
    opening.0.push(Span::Person(owner.to_string()));
    let opening = match away_until {
        Some(until) => opening.text(format!(" is away until {}", short_date(until))),
        None => opening.text(" is away (by their status)"),
    };
    let mut reply = Reply::public().tone(Tone::Info).line(opening.text(format!(
        ", and these deals of theirs have been waiting through {nags} reminders:"
    )));
    for item in items {
        let concerns: Vec<String> = item.concerns.iter().map(Concern::describe).collect();
        let mut line = Line::new().text("• ").0;
        line.extend(deal_label(&item.deal).0);
        reply = reply.line(Line(line).text(format!(" · {}", concerns.join(", "))));
    }
    if cover.is_empty() {
        return reply.line("Could someone on the team cover for them?");
    }
    let mut ask = Line::new().text("Could ");
    for (i, person) in cover.iter().enumerate() {
        if i > 0 {
            ask = ask.text(if i + 1 == cover.len() { " or " } else { ", " });
        }
        ask = ask.user(person.clone());
    }
    reply
        .line(ask.text(" cover for them? (The last other person on these deals, then the admins.)"))
}

fn item_line(item: &NagItem, today: NaiveDate) -> Line {
    let mut spans = Line::new().text("• ").0;
    spans.extend(deal_label(&item.deal).0);
    let mut line = Line(spans);
    if let (Some(step), Some(due_on)) = (&item.deal.next_step, item.deal.next_step_due) {
        line = due(
            line.text(" · next: ").text(step.clone()).text(", due "),
            due_on,
            today,
        );
    }
    let concerns: Vec<String> = item.concerns.iter().map(Concern::describe).collect();
    line.text(format!(" · ⚠ {}", concerns.join(", ")))
}
