//! `list`: the deals that match some filters: mine, someone's, a stage, overdue.

use dealbot_storage::{Deal, DealFilter, DealStatus};

use super::{Arg, ArgKind, Command, ParseContext, Spec, WHO};
use crate::core::args::Args;
use crate::core::env::Env;
use crate::core::error::CommandError;
use crate::core::flags::{current_stage, days_in_stage, is_stalled};
use crate::core::format::{deal_label, due, is_overdue, money, plural};
use crate::core::reply::{Line, Reply};
use crate::core::stage_words::{known_stages, read_stage, StageWords};
use crate::core::values::{looks_like_user, UserRef};

/// The most deals one reply lists.
const MOST_SHOWN: usize = 50;

pub static SPEC: Spec = Spec {
    name: "list",
    aliases: &["ls", "deals"],
    usage: "list [mine | @someone] [<stage>] [overdue] [stalled] [won | lost | all]",
    summary:
        "List open deals, narrowed by owner, stage, overdue next steps, stalled deals or outcome.",
    details: &[
        "Filters combine: `list mine overdue`, `list @rep2 qualifying`.",
        "`stalled`: deals longer in their stage than the stage's limit (max_days).",
        "`won`, `lost` and `all` look beyond the open deals.",
    ],
    examples: &[
        "list",
        "list mine",
        "list overdue",
        "list stalled",
        "list @rep2 presenting",
        "list won",
    ],
    args: &[
        Arg::flag("mine", "Only your deals"),
        WHO,
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
                    return Err(CommandError::usage(
                        SPEC.name,
                        format!(
                            "\"{text}\" is not a filter. Filters: mine, @someone, overdue, stalled, won, lost, all, or a stage: {}.",
                            known_stages(cx.config)
                        ),
                    ));
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
            stage: self.stage.clone(),
            due_before: self.overdue.then(|| env.now()),
            without_next_step: false,
            // Stalled is decided here, from the configured limits: read them all.
            limit: (!self.stalled).then_some(MOST_SHOWN as i64 + 1),
        };
        let mut deals = env.store.list_deals(env.workspace(), &filter).await?;
        if self.stalled {
            let settings = &env.config.settings;
            deals.retain(|deal| is_stalled(deal, settings, env.now()));
            deals.sort_by_key(|deal| deal.stage_entered_at);
        }
        let mut reply = Reply::private().title(self.title(owner.as_deref(), env.user()));
        if deals.is_empty() {
            return Ok(reply.line("No deals match.").line(
                Line::new()
                    .text("Open one with ")
                    .code("new \"Acme Corp\" 50k"),
            ));
        }
        for deal in deals.iter().take(MOST_SHOWN) {
            reply = reply.line(deal_line(deal, env));
        }
        if deals.len() > MOST_SHOWN {
            reply = reply.line(format!("…more than {MOST_SHOWN}: narrow it with a filter."));
        }
        Ok(reply)
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

/// One deal as a list line: id, name, stage, amount, owner, next step.
fn deal_line(deal: &Deal, env: &Env) -> Line {
    let mut line = deal_label(deal).text(format!(" · {}", deal.stage));
    if let Some(money) = money(deal) {
        line = line.text(format!(" · {money}"));
    }
    line = line.text(" · ").user(deal.owner.clone());
    if deal.status != DealStatus::Open {
        return line;
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
        (Some(step), Some(due_at)) => {
            line = due(
                line.text(" · next: ").text(step.clone()).text(", due "),
                due_at,
                env.timezone,
                env.today,
            );
            if is_overdue(deal, env.now()) {
                line = line.text(" ⚠");
            }
            line
        }
        _ => line.text(" · no next step"),
    }
}
