//! `qualify`: answer one item of a deal's qualification checklist (VBANT by
//! default) yes, no or unknown, with an optional note; or show the checklist.

use dealbot_storage::{NewAnswer, StoreError};

use super::{Arg, ArgKind, Command, ParseContext, Spec, DEAL};
use crate::core::args::Args;
use crate::core::change::{refuse_if_deleted, with_show_card};
use crate::core::checklist::{answer_of, Answer};
use crate::core::deal_ref::{resolve, short_id, DealRef};
use crate::core::env::Env;
use crate::core::error::CommandError;
use crate::core::notes::take_note;
use crate::core::reply::{Line, Reply, Tone};
use crate::core::values::FreeText;

pub static SPEC: Spec = Spec {
    name: "qualify",
    aliases: &["checklist", "vbant"],
    usage: "qualify <deal> [<item> <yes | no | unknown> [note]]",
    summary: "Answer a qualification checklist item, or show the checklist.",
    details: &[
        "Items come from [qualification] in the configuration; by default vision, budget, \
         authority, need, timeframe (VBANT). Answers: yes, no or unknown.",
        "Without an item, shows each item's answer and note.",
    ],
    examples: &[
        "qualify D-7 budget yes \"approved 50k\"",
        "qualify acme authority unknown",
        "qualify D-7",
    ],
    args: &[
        DEAL,
        Arg::optional(
            "item",
            ArgKind::ChecklistItem,
            "A checklist item, e.g. budget (without one: the checklist)",
        ),
        Arg::optional(
            "answer",
            ArgKind::Choice(&["yes", "no", "unknown"]),
            "Whether it holds",
        ),
        Arg::optional("note", ArgKind::Text, "Why, in a few words"),
    ],
    parse,
};

#[derive(Debug, Clone, PartialEq)]
pub struct Qualify {
    pub deal: DealRef,
    /// `None` shows the checklist.
    pub answer: Option<(String, Answer)>,
    pub note: Option<FreeText>,
}

fn parse(args: &mut Args, cx: &ParseContext) -> Result<Command, CommandError> {
    let deal = DealRef::take(args, SPEC.name)?;
    let Some(word) = args.next_word() else {
        return Ok(Command::Qualify(Qualify {
            deal,
            answer: None,
            note: None,
        }));
    };
    let items = &cx.config.settings.qualification;
    let Some(item) = items.find(&word.text) else {
        return Err(CommandError::usage(
            SPEC.name,
            format!(
                "\"{}\" is not a checklist item. Items: {}.",
                word.text,
                items.items.join(", ")
            ),
        ));
    };
    let item = item.to_string();
    let named = match &deal {
        DealRef::Number(number) => short_id(*number),
        DealRef::Name(name) if name.contains(' ') => format!("\"{name}\""),
        DealRef::Name(name) => name.clone(),
    };
    let answer = match args.next_word() {
        Some(word) => Answer::parse(&word.text).ok_or_else(|| {
            CommandError::usage(
                SPEC.name,
                format!(
                    "\"{}\" is not an answer: say yes, no or unknown: qualify {named} {item} yes",
                    word.text
                ),
            )
        })?,
        None => {
            return Err(CommandError::usage(
                SPEC.name,
                format!("Yes, no or unknown? qualify {named} {item} yes"),
            ))
        }
    };
    let note = take_note(args, SPEC.name)?;
    Ok(Command::Qualify(Qualify {
        deal,
        answer: Some((item, answer)),
        note,
    }))
}

impl Qualify {
    pub async fn apply(self, env: &Env<'_>) -> Result<Reply, CommandError> {
        let deal = resolve(env, &self.deal).await?;
        let Some((item, answer)) = self.answer else {
            return self::checklist(env, &deal).await;
        };
        refuse_if_deleted(&deal)?;
        let note = self.note.map(|note| note.as_str().to_string());
        env.store
            .set_qualification(
                env.workspace(),
                deal.number,
                env.user(),
                env.now(),
                &NewAnswer {
                    item: item.clone(),
                    answer: answer.as_str().to_string(),
                    note: note.clone(),
                },
            )
            .await
            .map_err(|error| match error {
                StoreError::NotFound => CommandError::user(format!(
                    "{} is no longer there. Type `list` to see the open deals.",
                    short_id(deal.number)
                )),
                other => other.into(),
            })?;
        let mut line = Line::new()
            .code(short_id(deal.number))
            .text(" ")
            .strong(deal.name.clone())
            .text(format!(": {item} {} {}", answer.mark(), answer.as_str()));
        if let Some(note) = note {
            line = line.text(" — ").text(note);
        }
        let reply = Reply::private().tone(Tone::Success).line(line);
        Ok(with_show_card(reply, &deal))
    }
}

/// Every item with its answer and note.
async fn checklist(env: &Env<'_>, deal: &dealbot_storage::Deal) -> Result<Reply, CommandError> {
    let answers = env.store.qualification(env.workspace(), deal.id).await?;
    let mut reply = Reply::private().title(format!(
        "Qualification of {} · {}",
        short_id(deal.number),
        deal.name
    ));
    for item in &env.config.settings.qualification.items {
        let answer = answer_of(&answers, item);
        let mut line = Line::new().text(format!("{} {item}: {}", answer.mark(), answer.as_str()));
        if let Some(note) = answers
            .iter()
            .find(|a| &a.item == item)
            .and_then(|a| a.note.clone())
        {
            line = line.text(" — ").text(note);
        }
        reply = reply.line(line);
    }
    Ok(reply.footer(Line::new().text("Answer one: ").code(format!(
        "qualify {} budget yes \"approved\"",
        short_id(deal.number)
    ))))
}
