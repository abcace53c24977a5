//! The digest's chart, for schedules that ask for one: the open deals still
//! to be won (the digest's own scope and visibility), by stage in pipeline
//! order, drawn by [`super::chart::pipeline`] with each stage's count, amount
//! and weighted forecast. Amounts are drawn in the currency most deals use;
//! deals in others are counted, and a note says so.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use dealbot_storage::{DealStatus, DigestDeal, Store};

use super::chart::pipeline::{self, PipelineChart, PipelineStage};
use super::digest::DigestScope;
use super::env::CoreSettings;
use super::format::{long_date, plural};
use super::reply::{Line, Reply};
use super::totals::{win_chance, Totals};
use super::values::{Amount, Currency};

/// `parts` with the pipeline chart on the first one; a chart that cannot be
/// drawn is left out with a short note, and the cause logged.
pub async fn with_digest_chart(
    mut parts: Vec<Reply>,
    store: &Store,
    config: &CoreSettings,
    scope: &DigestScope,
    now: DateTime<Utc>,
    tz: Tz,
) -> anyhow::Result<Vec<Reply>> {
    let read = scope.read_open_deals(store).await?;
    let (deals, _hidden) = scope.visible_deals(&read, config)?;
    let today = now.with_timezone(&tz).date_naive();
    let chart = chart_of(&deals, config, scope, &long_date(today));
    let Some(first) = parts.first_mut() else {
        return Ok(parts);
    };
    match pipeline::draw(&chart) {
        Ok(drawn) => {
            let name = scope.pipeline.as_deref().unwrap_or("all");
            let attachment =
                drawn.attachment(format!("pipeline-{name}-{}.png", today.format("%Y-%m-%d")));
            first.attachments.push(attachment);
        }
        Err(error) => {
            tracing::warn!(workspace = %scope.workspace, %error, "digest chart left out");
            first.footer.push(Line::new().text(
                "(No chart this time: it could not be drawn. The digest above is complete.)",
            ));
        }
    }
    Ok(parts)
}

/// The chart's data: the deals still to be won, by stage.
pub fn chart_of(
    deals: &[DigestDeal<'_>],
    config: &CoreSettings,
    scope: &DigestScope,
    day: &str,
) -> PipelineChart {
    let selling: Vec<&DigestDeal<'_>> = deals
        .iter()
        .filter(|deal| !deal.won && !config.is_after_sale(deal.pipeline))
        .collect();
    // The currency most of them use (the first by code when tied).
    let mut uses: BTreeMap<&str, usize> = BTreeMap::new();
    for deal in &selling {
        if let Some(code) = deal.currency {
            *uses.entry(code).or_default() += 1;
        }
    }
    let currency = uses
        .iter()
        .fold(None::<(&str, usize)>, |best, (&code, &count)| match best {
            Some((_, most)) if most >= count => best,
            _ => Some((code, count)),
        })
        .and_then(|(code, _)| Currency::parse(code).ok());
    let mut rows: BTreeMap<(usize, usize, String), (usize, i64, i64)> = BTreeMap::new();
    let mut elsewhere = 0;
    let mut totals = Totals::new();
    for deal in &selling {
        let chance = win_chance(config, deal.pipeline, deal.stage, DealStatus::Open);
        let position = position(config, deal.pipeline, deal.stage);
        let row = rows
            .entry((position.0, position.1, deal.stage.to_string()))
            .or_default();
        row.0 += 1;
        let same = currency.is_some_and(|c| deal.currency == Some(c.as_str()));
        match (deal.amount_minor, same) {
            (Some(minor), true) => {
                row.1 += minor;
                row.2 += (minor as f64 * chance / 100.0).round() as i64;
                totals.add(Some(minor), deal.currency, chance);
            }
            (Some(_), false) => elsewhere += 1,
            (None, _) => {}
        }
    }
    let written = |minor: i64| match currency {
        Some(currency) => Amount { minor, currency }.to_string(),
        None => "no amount".to_string(),
    };
    let stages = rows
        .into_iter()
        .map(|((_, _, name), (count, amount, weighted))| PipelineStage {
            name,
            deals: count,
            amount: amount as f64 / 100.0,
            amount_label: written(amount),
            weighted: weighted as f64 / 100.0,
            weighted_label: written(weighted),
        })
        .collect();
    let title = match &scope.pipeline {
        Some(pipeline) => format!("Open pipeline · {pipeline} · {day}"),
        None => format!("Open pipeline · {day}"),
    };
    PipelineChart {
        title,
        stages,
        total_label: format!("{} open", totals.amount()),
        weighted_label: format!("{} weighted forecast", totals.weighted()),
        note: (elsewhere > 0).then(|| {
            format!(
                "{} in other currencies counted, but not in the bars.",
                plural(elsewhere as i64, "deal")
            )
        }),
    }
}

/// Where a stage comes: its pipeline's place in the configuration, then its
/// own; stages no longer configured last.
fn position(config: &CoreSettings, pipeline: &str, stage: &str) -> (usize, usize) {
    config
        .settings
        .pipelines
        .iter()
        .enumerate()
        .find(|(_, p)| p.name == pipeline)
        .and_then(|(i, p)| {
            p.stages
                .iter()
                .position(|s| s.name == stage)
                .map(|j| (i, j))
        })
        .unwrap_or((usize::MAX, usize::MAX))
}
