//! The new-deal form: name, amount, owner, pipeline, expected close, and the
//! first next step with its due date. Read like `new`, `close-date` and
//! `next`; stored only when every field reads.

use dealbot_storage::NewDeal;

use super::{entry, field, Entries, FieldKind, Form, FormField, FormKind, Outcome};
use crate::core::change::with_card;
use crate::core::command::next::{Next, NEXT_STEP_LIMIT};
use crate::core::command::Command;
use crate::core::deal;
use crate::core::deal_ref::DealRef;
use crate::core::env::{CoreSettings, Env};
use crate::core::error::CommandError;
use crate::core::reply::Reply;
use crate::core::values::{parse_close_date, parse_due, Amount, DealName, FreeText};

pub fn form(config: &CoreSettings) -> Form {
    let pipelines = config
        .settings
        .pipelines
        .iter()
        .map(|pipeline| pipeline.name.clone())
        .collect();
    let text = |id, label, required, max_length, placeholder| FormField {
        id,
        label,
        kind: FieldKind::Text,
        required,
        max_length,
        placeholder,
    };
    let date = |id, label| FormField {
        id,
        label,
        kind: FieldKind::Date,
        required: false,
        max_length: 30,
        placeholder: "2026-12-01, fri, in 3 days",
    };
    Form {
        kind: FormKind::NewDeal,
        title: "New deal".to_string(),
        submit: "Open the deal",
        fields: vec![
            text(field::NAME, "Name", true, 200, "Acme Corp"),
            text(field::AMOUNT, "Amount", false, 40, "50k, $1.2M, 30,000 EUR"),
            FormField {
                kind: FieldKind::User,
                ..text(field::OWNER, "Owner", false, 100, "you")
            },
            FormField {
                kind: FieldKind::Pipeline(pipelines),
                ..text(field::PIPELINE, "Pipeline", false, 100, "the channel's")
            },
            date(field::CLOSE, "Expected close"),
            text(
                field::STEP,
                "First next step",
                false,
                NEXT_STEP_LIMIT,
                "send the proposal",
            ),
            date(field::DUE, "Next step due"),
        ],
    }
}

/// The form read: every field, or every field's error.
struct Read {
    name: DealName,
    amount: Option<Amount>,
    owner: Option<String>,
    pipeline: Option<String>,
    close: Option<chrono::NaiveDate>,
    next: Option<(FreeText, chrono::NaiveDate, Vec<String>)>,
}

fn read(env: &Env<'_>, entries: &Entries) -> Result<Read, Vec<(&'static str, String)>> {
    let mut errors = Vec::new();
    let order = env.config.settings.defaults.date_order;
    let name = match entry(entries, field::NAME) {
        None => {
            errors.push((
                field::NAME,
                "Give the deal a name, e.g. Acme Corp.".to_string(),
            ));
            None
        }
        Some(text) => DealName::parse(text)
            .map_err(|error| errors.push((field::NAME, error.to_string())))
            .ok(),
    };
    let amount = entry(entries, field::AMOUNT).and_then(|text| {
        Amount::parse(text, &env.config.default_currency)
            .map_err(|error| errors.push((field::AMOUNT, error.to_string())))
            .ok()
    });
    let pipeline =
        entry(entries, field::PIPELINE).and_then(|text| match env.config.pipeline(text) {
            Some(pipeline) => Some(pipeline.name.clone()),
            None => {
                errors.push((
                    field::PIPELINE,
                    format!(
                        "There is no pipeline \"{text}\": choose one of {}.",
                        env.config.pipeline_names()
                    ),
                ));
                None
            }
        });
    let close = entry(entries, field::CLOSE).and_then(|text| {
        let tokens: Vec<&str> = text.split_whitespace().collect();
        parse_close_date(&tokens, env.today, order)
            .map(|read| read.date)
            .map_err(|error| errors.push((field::CLOSE, error.to_string())))
            .ok()
    });
    let step = entry(entries, field::STEP);
    let due = entry(entries, field::DUE);
    let next = match (step, due) {
        (None, None) => None,
        (Some(_), None) => {
            errors.push((
                field::DUE,
                "When is the next step due? Pick a day.".to_string(),
            ));
            None
        }
        (None, Some(_)) => {
            errors.push((
                field::STEP,
                "What is the next step? Write it, or clear its due date.".to_string(),
            ));
            None
        }
        (Some(step), Some(due)) => {
            let step = FreeText::parse(step, "next step", NEXT_STEP_LIMIT)
                .map_err(|error| errors.push((field::STEP, error.to_string())))
                .ok();
            let tokens: Vec<&str> = due.split_whitespace().collect();
            let due = parse_due(&tokens, env.today, order)
                .map_err(|error| errors.push((field::DUE, error.to_string())))
                .ok();
            step.zip(due).map(|(step, due)| (step, due.date, due.notes))
        }
    };
    match name {
        Some(name) if errors.is_empty() => Ok(Read {
            name,
            amount,
            owner: entry(entries, field::OWNER).map(str::to_string),
            pipeline,
            close,
            next,
        }),
        _ => Err(errors),
    }
}

pub async fn submit(env: &Env<'_>, entries: &Entries) -> Result<Outcome, CommandError> {
    let read = match read(env, entries) {
        Ok(read) => read,
        Err(errors) => return Ok(Outcome::Invalid(errors)),
    };
    let pipeline = env.pipeline_for_new_deal(read.pipeline.as_deref())?;
    let new = NewDeal {
        platform: env.invocation.platform.clone(),
        workspace: env.workspace().to_string(),
        name: read.name.as_str().to_string(),
        pipeline: pipeline.name.clone(),
        stage: deal::first_stage(pipeline)?,
        owner: read.owner.unwrap_or_else(|| env.user().to_string()),
        amount_minor: read.amount.as_ref().map(|amount| amount.minor),
        currency: read
            .amount
            .as_ref()
            .map(|amount| amount.currency.to_string()),
        close_date: read.close,
        channel: env.invocation.channel.clone(),
        private_channel: env.invocation.channel_private && env.invocation.channel.is_some(),
        created_by: env.user().to_string(),
        at: env.now(),
    };
    let Some((step, due, notes)) = read.next else {
        return Ok(Outcome::done(deal::open(env, new).await?));
    };
    let (opened, line) = deal::open_quietly(env, new).await?;
    // The same path as `next D-n "…" <day>`; the deal is open and new, so
    // only the database can refuse it now.
    Command::Next(Next {
        deal: DealRef::Number(opened.number),
        step,
        due,
        notes,
    })
    .apply(env)
    .await?;
    let deal = env
        .store
        .deal_by_number(env.workspace(), opened.number)
        .await?
        .ok_or_else(|| anyhow::anyhow!("the deal just opened cannot be read"))?;
    Ok(Outcome::done(
        with_card(env, Reply::public().line(line), &deal).await,
    ))
}
