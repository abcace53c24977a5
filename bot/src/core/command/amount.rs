//! `amount`: set what a deal is worth.

use dealbot_storage::{DealEdit, HistoryAction, NewHistory};

use super::new::parse_amount;
use super::{Arg, ArgKind, Command, ParseContext, Spec, DEAL};
use crate::core::args::Args;
use crate::core::change::{change, with_show_card};
use crate::core::deal::{may, Doing};
use crate::core::deal_ref::{resolve, DealRef};
use crate::core::env::Env;
use crate::core::error::CommandError;
use crate::core::format::money;
use crate::core::reply::{Line, Reply, Tone};
use crate::core::values::Amount;

pub static SPEC: Spec = Spec {
    name: "amount",
    aliases: &["value", "worth"],
    usage: "amount <deal> <amount>",
    summary: "Set what the deal is worth.",
    details: &[
        "Amounts: 50k, $1.2M, 30,000 EUR, €30k, 12500.50 (no currency: the workspace default).",
    ],
    examples: &["amount D-4 75k", "amount acme 30,000 EUR"],
    args: &[
        DEAL,
        Arg::required("amount", ArgKind::Amount, "e.g. 50k, $1.2M, 12,500 EUR"),
    ],
    parse,
};

#[derive(Debug, Clone, PartialEq)]
pub struct SetAmount {
    pub deal: DealRef,
    pub amount: Amount,
}

fn parse(args: &mut Args, cx: &ParseContext) -> Result<Command, CommandError> {
    let deal = DealRef::take(args, SPEC.name)?;
    let Some(word) = args.next_word() else {
        return Err(CommandError::usage(SPEC.name, "How much? amount D-4 50k"));
    };
    let amount =
        parse_amount(args, &word.text, &cx.config.default_currency).map_err(
            |error| match error {
                CommandError::User { lines, .. } => CommandError::User {
                    lines,
                    usage: Some(SPEC.name),
                },
                other => other,
            },
        )?;
    Ok(Command::Amount(SetAmount { deal, amount }))
}

impl SetAmount {
    pub async fn apply(self, env: &Env<'_>) -> Result<Reply, CommandError> {
        let deal = resolve(env, &self.deal).await?;
        may(env, &deal, Doing::Reprice).await?;
        let minor = self.amount.minor;
        let currency = self.amount.currency.to_string();
        let (_, after) = change(env, &deal, |current| {
            if current.amount_minor == Some(minor) && current.currency.as_deref() == Some(&currency)
            {
                return Ok(DealEdit::unchanged(current));
            }
            let mut next = current.clone();
            next.amount_minor = Some(minor);
            next.currency = Some(currency.clone());
            let history = NewHistory::new(HistoryAction::Amount)
                .from_opt(money(current))
                .to_opt(money(&next));
            Ok(DealEdit {
                deal: next,
                history: vec![history],
            })
        })
        .await?;
        let line = Line::new().strong(after.name.clone()).text(format!(
            " is now worth {}.",
            money(&after).unwrap_or_default()
        ));
        Ok(with_show_card(
            Reply::private().tone(Tone::Success).line(line),
            &after,
        ))
    }
}
