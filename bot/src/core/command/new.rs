//! `new`: open a deal in the first stage of the pipeline.

use dealbot_storage::NewDeal;

use super::pipeline_option::{is_pipeline_option, take_pipeline};
use super::{Arg, ArgKind, Command, ParseContext, Spec};
use crate::core::args::{join_text, Args};
use crate::core::deal;
use crate::core::env::Env;
use crate::core::error::CommandError;
use crate::core::reply::Reply;
use crate::core::values::{
    looks_like_amount, looks_like_user, Amount, Currency, DealName, UserRef,
};

pub static SPEC: Spec = Spec {
    name: "new",
    aliases: &["add", "create"],
    usage: "new <name> [amount] [@owner] [pipeline:<name>]",
    summary: "Open a deal in the first stage of the pipeline.",
    details: &[
        "Put a name in quotes when it has digits or starts like an amount: new \"Project 2027\".",
        "Amounts: 50k, $1.2M, 30,000 EUR, 12500.50. The owner is you unless you mention someone.",
        "The pipeline is the channel's (configured in [[channels]]) or the default, unless you \
         name one: `pipeline:pilot` or `--pipeline pilot`.",
    ],
    examples: &[
        "new \"Acme Corp\" 50k",
        "new Globex $1.2M @rep2",
        "new \"Initech\" 20k pipeline:pilot",
    ],
    args: &[
        // Required by the parser; optional where forms exist: without it,
        // `new` opens the new-deal form (see `core::forms`).
        Arg::optional(
            "name",
            ArgKind::Text,
            "The deal's name, e.g. Acme Corp (leave out for a form)",
        ),
        Arg::optional("amount", ArgKind::Amount, "e.g. 50k or $1.2M"),
        Arg::optional("owner", ArgKind::User, "Its owner (default: you)"),
        Arg::optional(
            "pipeline",
            ArgKind::Pipeline,
            "The pipeline it follows (the channel's or the default, if not given)",
        )
        .keyword("--pipeline"),
    ],
    parse,
};

#[derive(Debug, Clone, PartialEq)]
pub struct New {
    pub name: DealName,
    pub amount: Option<Amount>,
    pub owner: Option<UserRef>,
    /// The pipeline's configured name, when one was named.
    pub pipeline: Option<String>,
}

fn parse(args: &mut Args, cx: &ParseContext) -> Result<Command, CommandError> {
    let mut name_words = Vec::new();
    if args.peek().is_some_and(|word| word.quoted) {
        name_words.extend(args.next_word());
    } else {
        while let Some(word) = args.peek() {
            if looks_like_amount_or_negative(&word.text)
                || looks_like_user(&word.text)
                || is_pipeline_option(&word.text)
            {
                break;
            }
            name_words.extend(args.next_word());
        }
    }
    if name_words.is_empty() {
        return Err(CommandError::usage(
            SPEC.name,
            "Give the deal a name first: new \"Acme Corp\" 50k",
        ));
    }
    let name = DealName::parse(&join_text(&name_words))
        .map_err(|error| CommandError::usage(SPEC.name, error.to_string()))?;
    let mut amount = None;
    let mut owner = None;
    let mut pipeline = None;
    while let Some(word) = args.next_word() {
        if !word.quoted && pipeline.is_none() && is_pipeline_option(&word.text) {
            if let Some(named) = take_pipeline(args, &word.text, cx, SPEC.name) {
                pipeline = Some(named?);
                continue;
            }
        }
        if amount.is_none() && looks_like_amount_or_negative(&word.text) {
            amount = Some(parse_amount(args, &word.text, &cx.config.default_currency)?);
        } else if owner.is_none() && looks_like_user(&word.text) {
            owner = Some(
                UserRef::parse(&word.text)
                    .map_err(|error| CommandError::usage(SPEC.name, error.to_string()))?,
            );
        } else {
            return Err(CommandError::usage(
                SPEC.name,
                format!(
                    "I don't know what to do with \"{}\". After the name come an amount and an owner; put a name with spaces in quotes.",
                    word.text
                ),
            ));
        }
    }
    Ok(Command::New(New {
        name,
        amount,
        owner,
        pipeline,
    }))
}

/// An amount, or one with a minus sign (`-5000`, `-$50k`): read as an amount so
/// that it gets the amount's own refusal, as `amount` gives it.
fn looks_like_amount_or_negative(word: &str) -> bool {
    looks_like_amount(word)
        || word
            .strip_prefix(['-', '−', '–'])
            .is_some_and(|rest| looks_like_amount(rest.trim_start()))
}

/// An amount, joined with a currency code written as the next word (`30,000 EUR`).
pub fn parse_amount(
    args: &mut Args,
    first: &str,
    default_currency: &Currency,
) -> Result<Amount, CommandError> {
    let with_code = args
        .peek()
        .filter(|word| !word.quoted && word.text.len() == 3 && Currency::parse(&word.text).is_ok())
        .map(|word| format!("{first} {}", word.text));
    if let Some(text) = with_code {
        args.next_word();
        return Amount::parse(&text, default_currency)
            .map_err(|error| CommandError::user(error.to_string()));
    }
    Amount::parse(first, default_currency).map_err(|error| CommandError::user(error.to_string()))
}

impl New {
    pub async fn apply(self, env: &Env<'_>) -> Result<Reply, CommandError> {
        let pipeline = env.pipeline_for_new_deal(self.pipeline.as_deref())?;
        let first_stage = deal::first_stage(pipeline)?;
        let owner = self
            .owner
            .map(|user| user.0)
            .unwrap_or_else(|| env.user().to_string());
        let new = NewDeal {
            platform: env.invocation.platform.clone(),
            workspace: env.workspace().to_string(),
            name: self.name.as_str().to_string(),
            pipeline: pipeline.name.clone(),
            stage: first_stage,
            owner,
            amount_minor: self.amount.as_ref().map(|amount| amount.minor),
            currency: self
                .amount
                .as_ref()
                .map(|amount| amount.currency.to_string()),
            close_date: None,
            channel: env.invocation.channel.clone(),
            private_channel: env.invocation.channel_private && env.invocation.channel.is_some(),
            created_by: env.user().to_string(),
            at: env.now(),
        };
        deal::open(env, new).await
    }
}
