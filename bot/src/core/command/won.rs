//! `won`: close a deal as won, with an optional note.

use dealbot_storage::{Deal, DealEdit, DealStatus, NewHistory};

use super::{Command, ParseContext, Spec};
use crate::config::WON;
use crate::core::args::Args;
use crate::core::change::{change, with_card};
use crate::core::deal_ref::{resolve, short_id, DealRef};
use crate::core::env::Env;
use crate::core::error::CommandError;
use crate::core::format::money;
use crate::core::notes::take_note;
use crate::core::reply::{Line, Reply};
use crate::core::values::FreeText;

pub static SPEC: Spec = Spec {
    name: "won",
    aliases: &["win"],
    usage: "won <deal> [note]",
    summary: "Close a deal as won.",
    details: &["Its next step is cleared: a won deal needs no more nagging."],
    examples: &["won D-4", "won acme \"signed for 3 years\""],
    parse,
};

#[derive(Debug, Clone, PartialEq)]
pub struct Won {
    pub deal: DealRef,
    pub note: Option<FreeText>,
}

fn parse(args: &mut Args, _cx: &ParseContext) -> Result<Command, CommandError> {
    let deal = DealRef::take(args, SPEC.name)?;
    let note = take_note(args, SPEC.name)?;
    Ok(Command::Won(Won { deal, note }))
}

impl Won {
    pub async fn apply(self, env: &Env<'_>) -> Result<Reply, CommandError> {
        let deal = resolve(env, &self.deal).await?;
        close_as_won(env, &deal, self.note.map(|n| n.as_str().to_string())).await
    }
}

/// Closes `deal` as won and announces it; a deal already won is left alone.
pub async fn close_as_won(
    env: &Env<'_>,
    deal: &Deal,
    note: Option<String>,
) -> Result<Reply, CommandError> {
    let now = env.now();
    let roll_into = env
        .config
        .pipeline(&deal.pipeline)
        .and_then(|pipeline| pipeline.won_rolls_into.as_deref())
        .and_then(|name| env.config.pipeline(name))
        .and_then(|pipeline| Some((pipeline.name.clone(), pipeline.stages.first()?.name.clone())));
    let (before, after) = change(env, deal, |current| {
        if current.status == DealStatus::Won {
            return Ok(DealEdit::unchanged(current));
        }
        let mut next = current.clone();
        next.status = DealStatus::Won;
        next.stage = WON.to_string();
        next.stage_entered_at = now;
        next.next_step = None;
        next.next_step_due = None;
        next.lost_reason = None;
        let mut history = vec![NewHistory::new("won")
            .from(current.stage.clone())
            .to(WON)
            .note(note.clone())];
        if let Some((pipeline, first_stage)) = &roll_into {
            history.push(
                NewHistory::new("pipeline")
                    .from(current.pipeline.clone())
                    .to(pipeline.clone()),
            );
            history.push(NewHistory::new("stage").from(WON).to(first_stage.clone()));
            next.status = DealStatus::Open;
            next.pipeline = pipeline.clone();
            next.stage = first_stage.clone();
            next.buyer_stage = None;
        }
        Ok(DealEdit {
            deal: next,
            history,
        })
    })
    .await?;
    if before.status == DealStatus::Won {
        let reply = Reply::private().line(
            Line::new()
                .code(short_id(after.number))
                .text(" is already won."),
        );
        return Ok(with_card(env, reply, &after).await);
    }
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
    let mut reply = Reply::public().line(line);
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
