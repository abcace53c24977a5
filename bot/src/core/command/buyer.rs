//! `buyer`: record the stage the buyer is in, beside the seller's stage. A buyer
//! behind what the seller's stage expects is flagged.

use dealbot_storage::{DealEdit, HistoryAction, NewHistory};

use super::{Arg, ArgKind, Command, ParseContext, Spec, DEAL};
use crate::core::args::{join_text, Args};
use crate::core::change::{change, with_show_card};
use crate::core::deal_ref::{resolve, short_id, DealRef};
use crate::core::env::Env;
use crate::core::error::CommandError;
use crate::core::flags::buyer_mismatch;
use crate::core::notes::take_note;
use crate::core::reply::{Line, Reply, Tone};
use crate::core::values::FreeText;

pub static SPEC: Spec = Spec {
    name: "buyer",
    aliases: &["buyer-stage"],
    usage: "buyer <deal> <buyer stage> [note]",
    summary: "Record the stage the buyer is in, beside the seller's.",
    details: &[
        "Buyer stages come from [buyer] in the configuration; by default Identify Need, \
         Determine Requirements, Evaluation, Negotiation, Purchase.",
        "A buyer behind the stage the deal's stage expects is flagged on the card and in digests.",
    ],
    examples: &[
        "buyer D-7 evaluation",
        "buyer acme negotiation \"asked for a discount\"",
    ],
    args: &[
        DEAL,
        Arg::required(
            "stage",
            ArgKind::BuyerStage,
            "The buyer's stage, e.g. Evaluation",
        ),
        Arg::optional("note", ArgKind::Text, "What you heard"),
    ],
    parse,
};

#[derive(Debug, Clone, PartialEq)]
pub struct Buyer {
    pub deal: DealRef,
    pub stage: String,
    pub note: Option<FreeText>,
}

fn parse(args: &mut Args, cx: &ParseContext) -> Result<Command, CommandError> {
    let deal = DealRef::take(args, SPEC.name)?;
    let buyer = &cx.config.settings.buyer;
    let valid = buyer.stages.join(", ");
    if args.is_empty() {
        return Err(CommandError::usage(
            SPEC.name,
            format!("Which buyer stage? One of: {valid}."),
        ));
    }
    let words = args.remaining();
    let found = (1..=words.len().min(3))
        .rev()
        .find_map(|count| buyer.find(&join_text(&words[..count])).map(|s| (s, count)));
    let Some((stage, count)) = found else {
        return Err(CommandError::usage(
            SPEC.name,
            format!(
                "\"{}\" is not a buyer stage. Buyer stages: {valid}.",
                words[0].text
            ),
        ));
    };
    let stage = stage.to_string();
    args.take(count);
    let note = take_note(args, SPEC.name)?;
    Ok(Command::Buyer(Buyer { deal, stage, note }))
}

impl Buyer {
    pub async fn apply(self, env: &Env<'_>) -> Result<Reply, CommandError> {
        let deal = resolve(env, &self.deal).await?;
        let note = self.note.map(|note| note.as_str().to_string());
        let stage = self.stage;
        let (_, after) = change(env, &deal, |current| {
            if current.buyer_stage.as_deref() == Some(stage.as_str()) {
                return Ok(DealEdit::unchanged(current));
            }
            let mut next = current.clone();
            next.buyer_stage = Some(stage.clone());
            let history = NewHistory::new(HistoryAction::Buyer)
                .from_opt(current.buyer_stage.clone())
                .to(stage.clone())
                .note(note.clone());
            Ok(DealEdit {
                deal: next,
                history: vec![history],
            })
        })
        .await?;
        let mut reply = Reply::private().tone(Tone::Success).line(
            Line::new()
                .text("The buyer of ")
                .code(short_id(after.number))
                .text(" ")
                .strong(after.name.clone())
                .text(" is in ")
                .strong(stage)
                .text("."),
        );
        if let Some(mismatch) = buyer_mismatch(&after, &env.config.settings) {
            reply = reply.line(format!(
                "⚠ The deal is in {}, which expects the buyer in {}: the buyer is behind.",
                mismatch.seller_stage, mismatch.expected
            ));
        }
        Ok(with_show_card(reply, &after))
    }
}
