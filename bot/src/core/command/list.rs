//! `list`: the deals that match some filters (mine, someone's, a pipeline, a
//! stage, overdue, stalled, won or lost), ending with their total.

use chrono::NaiveDate;
use dealbot_storage::{Deal, DealFilter, DealStatus};

use super::pipeline_option::{is_pipeline_option, take_pipeline};
use super::{Arg, ArgKind, Command, ParseContext, Spec, WHO};
use crate::core::args::Args;
use crate::core::calendar::latest_today;
use crate::core::env::Env;
use crate::core::error::CommandError;
use crate::core::flags::{current_stage, days_in_stage, is_stalled};
use crate::core::format::{deal_label, due, is_overdue, money, plural};
use crate::core::reply::{Line, Reply};
use crate::core::stage_words::{did_you_mean, known_stages, read_stage, StageWords};
use crate::core::totals::{win_chance, Totals};
use crate::core::values::{looks_like_user, UserRef};
use crate::core::visibility::{keep_visible, of_deal, private_count_line, Viewer};

/// The most deals one reply lists.
const MOST_SHOWN: usize = 50;

pub static SPEC: Spec = Spec {
    name: "list",
    aliases: &["ls", "deals"],
    usage:
        "list [mine | @someone] [pipeline:<name>] [<stage>] [overdue] [stalled] [won | lost | all]",
    summary: "List open deals, narrowed by owner, pipeline, stage, overdue next steps, stalled \
              deals or outcome, with their total.",
    details: &[
        "Filters combine: `list mine overdue`, `list @rep2 qualifying`, `list pipeline:pilot`.",
        "`overdue`: the next step's day has passed for its owner, in the owner's time zone.",
        "`stalled`: deals longer in their stage than the stage's limit (max_days).",
        "`won`, `lost` and `all` look beyond the open deals; lost deals show why.",
        "The last line totals every deal found: how many, their amount, and weighted by \
         each stage's probability.",
    ],
    examples: &[
        "list",
        "list mine",
        "list overdue",
        "list stalled",
        "list @rep2 presenting",
        "list pipeline:pilot",
        "list lost",
    ],
    args: &[
        Arg::flag("mine", "Only your deals"),
        WHO,
        Arg::optional("pipeline", ArgKind::Pipeline, "Only deals in this pipeline")
            .keyword("--pipeline"),
        Arg::optional("stage", ArgKind::Stage, "Only deals in this stage"),
        Arg::flag("overdue", "Only deals whose next step is overdue"),
        Arg::flag("stalled", "Only deals longer in their stage than its limit"),
        Arg::optional(
            "status",
            ArgKind::Choice(&["won", "lost", "all"]),
            "Won or lost deals, or all, instead of the open ones",
        ),
    ],
    parse,
};

#[derive(Debug, Clone, PartialEq, Default)]
pub struct List {
    pub mine: bool,
    pub owner: Option<UserRef>,
    /// The pipeline's configured name.
    pub pipeline: Option<String>,
    pub stage: Option<String>,
    pub overdue: bool,
    /// Only deals longer in their stage than its `max_days`.
    pub stalled: bool,
    /// `None` means every status (`all`).
    pub status: Option<DealStatus>,
}

fn parse(args: &mut Args, cx: &ParseContext) -> Result<Command, CommandError> {
    let mut list = List {
        status: Some(DealStatus::Open),
        ..List::default()
    };
    while let Some(word) = args.peek().cloned() {
        let lower = word.text.to_lowercase();
        if !word.quoted && is_pipeline_option(&word.text) {
            args.next_word();
            if let Some(named) = take_pipeline(args, &word.text, cx, SPEC.name) {
                list.pipeline = Some(named?);
            }
            continue;
        }
        match lower.as_str() {
            "mine" | "me" | "my" => list.mine = true,
            "overdue" | "late" => list.overdue = true,
            "stalled" | "stuck" => list.stalled = true,
            "open" => list.status = Some(DealStatus::Open),
            "all" => list.status = None,
            _ if looks_like_user(&word.text) => {
                list.owner = Some(
                    UserRef::parse(&word.text)
                        .map_err(|error| CommandError::usage(SPEC.name, error.to_string()))?,
                );
            }
            _ => match read_stage(args.remaining(), cx.config) {
                StageWords::Won(count) => {
                    list.status = Some(DealStatus::Won);
                    args.take(count - 1);
                }
                StageWords::Lost(count) => {
                    list.status = Some(DealStatus::Lost);
                    args.take(count - 1);
                }
                StageWords::Stage(name, count) => {
                    list.stage = Some(name);
                    args.take(count - 1);
                }
                StageWords::Unknown(text) => {
                    let error = CommandError::usage(
                        SPEC.name,
                        format!(
                            "\"{text}\" is not a filter. Filters: mine, @someone, pipeline:<name>, overdue, stalled, won, lost, all, or a stage: {}.",
                            known_stages(cx.config)
                        ),
                    );
                    return Err(match did_you_mean(&text, &cx.config.settings.pipelines) {
                        Some(hint) => error.with_line(hint),
                        None => error,
                    });
                }
            },
        }
        args.next_word();
    }
    Ok(Command::List(list))
}

impl List {
    pub async fn apply(self, env: &Env<'_>) -> Result<Reply, CommandError> {
        let owner = match (&self.owner, self.mine) {
            (Some(user), _) => Some(user.0.clone()),
            (None, true) => Some(env.user().to_string()),
            (None, false) => None,
        };
        let filter = DealFilter {
            status: self.status,
            owner: owner.clone(),
            pipeline: self.pipeline.clone(),
            stage: self.stage.clone(),
            // Overdue is decided here, in each owner's zone: the store finds
            // the steps that may be overdue for someone.
            due_before: self.overdue.then(|| latest_today(env.now())),
            without_next_step: false,
            // Every match is read: the total counts them all.
            limit: None,
        };
        let mut deals = env.store.list_deals(env.workspace(), &filter).await?;
        let zones = env.owner_zones().await?;
        if self.overdue {
            deals.retain(|deal| is_overdue(deal, zones.today(&deal.owner, env.now())));
        }
        if self.stalled {
            let settings = &env.config.settings;
            deals.retain(|deal| is_stalled(deal, settings, env.now()));
            deals.sort_by_key(|deal| deal.stage_entered_at);
        }
        let hidden = keep_visible(&mut deals, env.config, Viewer::of(env), of_deal);
        let mut reply = Reply::private().title(self.title(owner.as_deref(), env.user()));
        if deals.is_empty() && hidden > 0 {
            return Ok(reply
                .line("No deals match here.")
                .line(private_count_line(hidden)));
        }
        if deals.is_empty() {
            return Ok(reply.line("No deals match.").line(
                Line::new()
                    .text("Open one with ")
                    .code("new \"Acme Corp\" 50k"),
            ));
        }
        for deal in deals.iter().take(MOST_SHOWN) {
            let owner_today = zones.today(&deal.owner, env.now());
            reply = reply.line(deal_line(deal, owner_today, env));
        }
        if deals.len() > MOST_SHOWN {
            reply = reply.line(format!(
                "…and {} more: narrow it with a filter.",
                deals.len() - MOST_SHOWN
            ));
        }
        if hidden > 0 {
            reply = reply.line(private_count_line(hidden));
        }
        Ok(reply.line(total_line(&deals, env)))
    }

    fn title(&self, owner: Option<&str>, asker: &str) -> String {
        let what = match self.status {
            Some(DealStatus::Open) => "Open deals",
            Some(DealStatus::Won) => "Won deals",
            Some(DealStatus::Lost) => "Lost deals",
            None => "All deals",
        };
        let mut title = what.to_string();
        match owner {
            Some(owner) if owner == asker => title.push_str(" of yours"),
            Some(owner) => title.push_str(&format!(" of @{owner}")),
            None => {}
        }
        if let Some(pipeline) = &self.pipeline {
            title.push_str(&format!(" of the {pipeline} pipeline"));
        }
        if let Some(stage) = &self.stage {
            title.push_str(&format!(" in {stage}"));
        }
        if self.overdue {
            title.push_str(", next step overdue");
        }
        if self.stalled {
            title.push_str(", stalled");
        }
        title
    }
}

/// `Total: 12 deals · $1,234,000 · weighted $456,000`, over every deal found.
fn total_line(deals: &[Deal], env: &Env) -> Line {
    let mut totals = Totals::new();
    for deal in deals {
        let chance = win_chance(env.config, &deal.pipeline, &deal.stage, deal.status);
        totals.add(deal.amount_minor, deal.currency.as_deref(), chance);
    }
    Line::new().text(format!(
        "Total: {} · {} · weighted {}",
        plural(totals.count() as i64, "deal"),
        totals.amount(),
        totals.weighted()
    ))
}

/// One deal as a list line: id, name, stage, amount, owner, then why it was
/// lost, or its next step (counted from its owner's day `owner_today`).
fn deal_line(deal: &Deal, owner_today: NaiveDate, env: &Env) -> Line {
    let mut line = deal_label(deal).text(format!(" · {}", deal.stage));
    if let Some(money) = money(deal) {
        line = line.text(format!(" · {money}"));
    }
    line = line.text(" · ").user(deal.owner.clone());
    if deal.status != DealStatus::Open {
        return match &deal.lost_reason {
            Some(reason) if deal.status == DealStatus::Lost => {
                line.text(" · lost: ").text(reason.clone())
            }
            _ => line,
        };
    }
    if let Some(stage) = current_stage(deal, &env.config.settings) {
        if is_stalled(deal, &env.config.settings, env.now()) {
            line = line.text(format!(
                " · stalled {} (limit {})",
                plural(days_in_stage(deal, env.now()), "day"),
                stage.max_days
            ));
        }
    }
    match (&deal.next_step, deal.next_step_due) {
        (Some(step), Some(due_on)) => {
            line = due(
                line.text(" · next: ").text(step.clone()).text(", due "),
                due_on,
                owner_today,
            );
            if is_overdue(deal, owner_today) {
                line = line.text(" ⚠");
            }
            line
        }
        _ => line.text(" · no next step"),
    }
}
