//! A person's home: what they would look at first thing. Their open deals
//! (overdue first), each with what they can do to it; the next steps they owe
//! this week; the team's open pipeline by stage, counts and amounts; and a way
//! to open a new deal. Platform-neutral: Slack shows it as its App Home tab,
//! the shell prints it with `home`.

use chrono::{Datelike, Duration, NaiveDate};
use dealbot_storage::{Deal, DealFilter, DealStatus};

use super::deal_ref::short_id;
use super::env::Env;
use super::error::CommandError;
use super::format::{deal_label, due, is_overdue, money};
use super::reply::{Button, Line, Menu, Reply};
use super::totals::{win_chance, Totals};
use super::visibility::{keep_visible, of_deal, Viewer};

/// The command that lists what a home leaves out.
pub const LIST_MINE: &str = "list mine";

/// What a home shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Home {
    /// The person's open deals that fit, overdue first.
    pub deals: Vec<HomeDeal>,
    /// How many more open deals they have than fit.
    pub more_deals: usize,
    /// Their next steps due from today to the end of the week (Sunday).
    pub due_this_week: Vec<Line>,
    /// The team's open deals, a line per pipeline stage that has any.
    pub pipeline: Vec<Line>,
    /// Opens a new deal (as a form where the platform has forms).
    pub new_deal: Button,
}

/// One open deal on a home, with its buttons and stage menu.
#[derive(Debug, Clone, PartialEq)]
pub struct HomeDeal {
    pub number: i64,
    pub line: Line,
    pub overdue: bool,
    /// Done, Snooze and Next step, each running its `/deal` command.
    pub buttons: Vec<Button>,
    /// The stages it can move to.
    pub stages: Option<Menu>,
}

impl Home {
    /// The line that says what was left out, `and 4 more — /deal list mine`.
    pub fn more_line(&self) -> Option<Line> {
        (self.more_deals > 0).then(|| {
            Line::new()
                .text(format!("and {} more — ", self.more_deals))
                .code(format!("/deal {LIST_MINE}"))
        })
    }
}

impl Home {
    /// The home as a reply, for surfaces without a home of their own (the
    /// shell): the same sections, each deal's actions as the commands to type.
    pub fn as_reply(&self) -> Reply {
        let mut reply = Reply::private().title("Your home");
        reply = reply.line(Line::new().strong("Your open deals"));
        if self.deals.is_empty() {
            reply = reply.line("None: open one with `new`.");
        }
        for deal in &self.deals {
            // A button that opens a form has no command to type as it is.
            let commands: Vec<String> = deal
                .buttons
                .iter()
                .filter(|b| super::forms::requested(&b.command).is_none())
                .map(|b| b.command.clone())
                .chain([format!("next {} \"…\" fri", short_id(deal.number))])
                .collect();
            let mut line = deal.line.clone().text("  ");
            line = line.code(commands.join(" · "));
            reply = reply.line(line);
        }
        reply.lines.extend(self.more_line());
        reply = reply.line(Line::new().strong("Due this week"));
        if self.due_this_week.is_empty() {
            reply = reply.line("Nothing due this week.");
        }
        reply.lines.extend(self.due_this_week.iter().cloned());
        reply = reply.line(Line::new().strong("The team's pipeline"));
        if self.pipeline.is_empty() {
            reply = reply.line("No open deals.");
        }
        reply.lines.extend(self.pipeline.iter().cloned());
        reply.line(Line::new().text("New deal: ").code("new \"Acme Corp\" 50k"))
    }
}

/// The home of the person running `env`, with at most `room` deals listed.
pub async fn compute(env: &Env<'_>, room: usize) -> Result<Home, CommandError> {
    let me = env.user();
    let owner_today = env.owner_today(me).await?;
    let mut mine = env
        .store
        .list_deals(
            env.workspace(),
            &DealFilter {
                status: Some(DealStatus::Open),
                owner: Some(me.to_string()),
                ..DealFilter::default()
            },
        )
        .await?;
    // Soonest due first (the store's order); the overdue ones before the rest.
    mine.sort_by_key(|deal| !is_overdue(deal, owner_today));
    let week_end = end_of_week(owner_today);
    let due_this_week = mine
        .iter()
        .filter(|deal| {
            deal.next_step.is_some()
                && deal
                    .next_step_due
                    .is_some_and(|on| on >= owner_today && on <= week_end)
        })
        .map(|deal| step_line(deal, owner_today))
        .collect();
    let more_deals = mine.len().saturating_sub(room);
    let deals = mine
        .iter()
        .take(room)
        .map(|deal| home_deal(deal, owner_today, env))
        .collect();
    Ok(Home {
        deals,
        more_deals,
        due_this_week,
        pipeline: pipeline_lines(env).await?,
        new_deal: Button {
            label: "New deal".to_string(),
            command: "new".to_string(),
        },
    })
}

/// The Sunday that ends `today`'s week.
fn end_of_week(today: NaiveDate) -> NaiveDate {
    today + Duration::days(6 - i64::from(today.weekday().num_days_from_monday()))
}

fn step_line(deal: &Deal, owner_today: NaiveDate) -> Line {
    let mut line = deal_label(deal).text(": ");
    line = line.text(deal.next_step.clone().unwrap_or_default());
    match deal.next_step_due {
        Some(on) => due(line.text(" — "), on, owner_today),
        None => line,
    }
}

fn home_deal(deal: &Deal, owner_today: NaiveDate, env: &Env) -> HomeDeal {
    let id = short_id(deal.number);
    let overdue = is_overdue(deal, owner_today);
    let mut line = deal_label(deal).text(" · ").strong(deal.stage.clone());
    if let Some(money) = money(deal) {
        line = line.text(format!(" · {money}"));
    }
    line = match (&deal.next_step, deal.next_step_due) {
        (Some(step), Some(on)) => {
            let line = due(
                line.text(" · next: ").text(step.clone()).text(" — "),
                on,
                owner_today,
            );
            if overdue {
                line.text(" ⚠")
            } else {
                line
            }
        }
        (Some(step), None) => line.text(" · next: ").text(step.clone()),
        (None, _) => line.text(" · no next step"),
    };
    let mut buttons = Vec::new();
    if deal.next_step.is_some() {
        buttons.push(button("Done", format!("done {id}")));
        buttons.push(button("Snooze", format!("snooze {id} 1d")));
    }
    buttons.push(button("Next step", format!("next {id}")));
    let stages = env.config.pipeline(&deal.pipeline).map(|pipeline| Menu {
        placeholder: "Stage…".to_string(),
        choices: pipeline
            .stages
            .iter()
            .filter(|stage| stage.name != deal.stage)
            .map(|stage| button(&stage.name, format!("stage {id} \"{}\"", stage.name)))
            .collect(),
    });
    HomeDeal {
        number: deal.number,
        line,
        overdue,
        buttons,
        stages: stages.filter(|menu| !menu.choices.is_empty()),
    }
}

fn button(label: &str, command: String) -> Button {
    Button {
        label: label.to_string(),
        command,
    }
}

/// The team's open deals the person may see, per pipeline and stage in the
/// configured order: `New business · Qualifying: 3 deals, $120,000`.
async fn pipeline_lines(env: &Env<'_>) -> Result<Vec<Line>, CommandError> {
    let mut open = env
        .store
        .list_deals(
            env.workspace(),
            &DealFilter {
                status: Some(DealStatus::Open),
                ..DealFilter::default()
            },
        )
        .await?;
    let viewer = Viewer {
        user: Some(env.user()),
        channel: None,
    };
    keep_visible(&mut open, env.config, viewer, of_deal);
    let mut lines = Vec::new();
    for pipeline in &env.config.settings.pipelines {
        for stage in &pipeline.stages {
            let mut totals = Totals::new();
            for deal in open
                .iter()
                .filter(|deal| deal.pipeline == pipeline.name && deal.stage == stage.name)
            {
                let chance = win_chance(env.config, &deal.pipeline, &deal.stage, deal.status);
                totals.add(deal.amount_minor, deal.currency.as_deref(), chance);
            }
            if totals.count() == 0 {
                continue;
            }
            lines.push(
                Line::new()
                    .text(format!("{} · ", pipeline.name))
                    .strong(stage.name.clone())
                    .text(format!(
                        ": {}, {}",
                        super::format::plural(totals.count() as i64, "deal"),
                        totals.amount()
                    )),
            );
        }
    }
    Ok(lines)
}

#[cfg(test)]
mod tests {
    use super::end_of_week;
    use chrono::NaiveDate;

    #[test]
    fn the_week_ends_on_sunday() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).expect("a date");
        assert_eq!(end_of_week(day(23)), day(29), "from a Monday");
        assert_eq!(end_of_week(day(29)), day(29), "on the Sunday itself");
        assert_eq!(end_of_week(day(27)), day(29), "from a Friday");
    }
}
