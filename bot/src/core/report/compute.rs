//! The numbers of a process report, computed from the stored history alone:
//! funnel, conversion, median time in stage, win rate, cycle length, weighted
//! forecast, where deals stall, and breakdowns by lost reason and owner. Pure
//! functions, so they can be checked by hand.
//!
//! Definitions (also in `help report` and docs/sales-process.md):
//! - the deals: those with any history line in the pipeline at or after
//!   `since` (all if none);
//! - a deal *reached* a stage if its history shows it entering that stage; it
//!   *skipped* a stage it moved past (or won past) without entering it;
//! - conversion from a stage: the share of the deals that reached it and later
//!   went to a further stage or won;
//! - median days in a stage: over every stay in it, ongoing stays counted up to now;
//! - win rate: won ÷ (won + lost), dated by the history line that closed the
//!   deal (an imported closed deal by its `created` line); average cycle:
//!   joining the pipeline to winning, for deals whose history shows the way;
//!   an after-sale pipeline (one a pipeline's won deals roll into) reports its
//!   own won and lost, and has no win rate, cycle or forecast;
//! - forecast: open deals still in the pipeline whose win does not already
//!   stand, amount × stage probability, by expected close month;
//! - stalls at a stage: deals lost from it plus open deals over its `max_days`.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use dealbot_storage::{DealStatus, HistoryEntry, Movements};

use super::breakdown::Breakdowns;
use super::funnel::passage;
use super::journey::{journeys, Journey, Outcome};
use crate::config::Pipeline;

/// One stage's row of the report.
#[derive(Debug, Clone, PartialEq)]
pub struct StageRow {
    pub stage: String,
    /// Deals whose history shows them entering this stage.
    pub reached: usize,
    /// Deals that moved (or won) past this stage without entering it.
    pub skipped: usize,
    /// Share (0–1) of the deals that reached this stage and later went to a
    /// further one or won; `None` when none reached it.
    pub conversion: Option<f64>,
    /// Median days of a stay in this stage; `None` without stays.
    pub median_days: Option<f64>,
    pub stalls: usize,
}

/// Probability-weighted amounts expected to close in one month, in one currency.
#[derive(Debug, Clone, PartialEq)]
pub struct ForecastRow {
    /// `YYYY-MM`, or `None` for deals without an expected close date.
    pub month: Option<String>,
    pub currency: String,
    /// The weighted amount, in minor units (cents).
    pub weighted_minor: i64,
    pub deals: usize,
}

/// A pipeline's process report.
#[derive(Debug, Clone)]
pub struct ProcessReport {
    pub pipeline: String,
    /// Whether won deals of another pipeline roll into this one: it then reports
    /// its own outcomes, without win rate, cycle or forecast.
    pub after_sale: bool,
    /// Deals in the report.
    pub deals: usize,
    pub stages: Vec<StageRow>,
    pub won: usize,
    pub lost: usize,
    pub open: usize,
    /// Won ÷ (won + lost), `None` before any deal closed (or after the sale).
    pub win_rate: Option<f64>,
    pub average_cycle_days: Option<f64>,
    pub forecast: Vec<ForecastRow>,
    /// The stage with the most stalls, and how many; `None` if no deal stalled.
    pub most_stalled: Option<(String, usize)>,
    pub breakdowns: Breakdowns,
}

/// The report of `pipeline` over the workspace's `movements`, as of `now`;
/// `after_sale` if won deals of another pipeline roll into it.
pub fn process_report(
    movements: &Movements,
    pipeline: &Pipeline,
    after_sale: bool,
    since: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> ProcessReport {
    let mut entries_by_deal: HashMap<i64, Vec<&HistoryEntry>> = HashMap::new();
    for entry in &movements.entries {
        entries_by_deal
            .entry(entry.deal_id)
            .or_default()
            .push(entry);
    }
    let deals: HashMap<i64, &dealbot_storage::Deal> =
        movements.deals.iter().map(|d| (d.id, d)).collect();
    let cohort: Vec<Journey> = movements
        .deals
        .iter()
        .flat_map(|deal| {
            let entries = entries_by_deal
                .get(&deal.id)
                .map(Vec::as_slice)
                .unwrap_or(&[]);
            journeys(deal, entries)
        })
        .filter(|j| j.pipeline == pipeline.name && since.is_none_or(|since| j.last_active >= since))
        .collect();

    let stage_count = pipeline.stages.len();
    let mut reached = vec![0usize; stage_count];
    let mut went_on = vec![0usize; stage_count];
    let mut skipped = vec![0usize; stage_count];
    let mut durations: Vec<Vec<f64>> = vec![Vec::new(); stage_count];
    let mut stalls = vec![0usize; stage_count];
    let (mut won, mut lost, mut open) = (0, 0, 0);
    let mut cycles = Vec::new();
    let mut forecast: BTreeMap<(Option<String>, String), (i64, usize)> = BTreeMap::new();
    let mut breakdowns = Breakdowns::default();
    for journey in &cohort {
        let marks = passage(journey, pipeline);
        for index in 0..stage_count {
            reached[index] += usize::from(marks.entered[index]);
            went_on[index] += usize::from(marks.went_on[index]);
            skipped[index] += usize::from(marks.skipped[index]);
        }
        for stay in &journey.stays {
            if let Some(index) = pipeline.stage_index(&stay.stage) {
                let end = stay.left.unwrap_or(now);
                durations[index].push(days(stay.entered, end));
            }
        }
        let Some(deal) = deals.get(&journey.deal_id) else {
            continue;
        };
        breakdowns.add(journey, deal);
        let last_stage = journey
            .stays
            .last()
            .and_then(|stay| pipeline.stage_index(&stay.stage));
        match journey.outcome {
            Some((Outcome::Won, at)) => {
                won += 1;
                if !journey.created_closed {
                    cycles.push(days(journey.joined, at));
                }
            }
            Some((Outcome::Lost, _)) => {
                lost += 1;
                if let Some(index) = last_stage {
                    stalls[index] += 1;
                }
            }
            None => {
                let still_here = deal.status == DealStatus::Open && deal.pipeline == pipeline.name;
                if !still_here {
                    continue;
                }
                open += 1;
                let Some(index) = pipeline.stage_index(&deal.stage) else {
                    continue;
                };
                let stage = &pipeline.stages[index];
                if days(deal.stage_entered_at, now) > f64::from(stage.max_days) {
                    stalls[index] += 1;
                }
                // A deal whose win stands (it rolled in here) is not to be won again.
                let win_stands = deal.won_at.is_some();
                if after_sale || win_stands {
                    continue;
                }
                if let (Some(minor), Some(currency)) = (deal.amount_minor, &deal.currency) {
                    let month = deal.close_date.map(|d| d.format("%Y-%m").to_string());
                    let weighted = (minor as f64 * stage.probability / 100.0).round() as i64;
                    let row = forecast.entry((month, currency.clone())).or_default();
                    row.0 += weighted;
                    row.1 += 1;
                }
            }
        }
    }

    let stages = pipeline
        .stages
        .iter()
        .enumerate()
        .map(|(index, stage)| StageRow {
            stage: stage.name.clone(),
            reached: reached[index],
            skipped: skipped[index],
            conversion: (reached[index] > 0).then(|| went_on[index] as f64 / reached[index] as f64),
            median_days: median(&mut durations[index]),
            stalls: stalls[index],
        })
        .collect::<Vec<_>>();
    let most_stalled = stages
        .iter()
        .filter(|row| row.stalls > 0)
        .fold(None::<&StageRow>, |best, row| match best {
            Some(best) if best.stalls >= row.stalls => Some(best),
            _ => Some(row),
        })
        .map(|row| (row.stage.clone(), row.stalls));
    let mut forecast: Vec<ForecastRow> = forecast
        .into_iter()
        .map(|((month, currency), (weighted_minor, deals))| ForecastRow {
            month,
            currency,
            weighted_minor,
            deals,
        })
        .collect();
    // Dated months first, in order; deals without a close date last.
    forecast.sort_by(|a, b| {
        (a.month.is_none(), &a.month, &a.currency).cmp(&(b.month.is_none(), &b.month, &b.currency))
    });
    let sales = !after_sale;
    ProcessReport {
        pipeline: pipeline.name.clone(),
        after_sale,
        deals: cohort.len(),
        stages,
        won,
        lost,
        open,
        win_rate: (sales && won + lost > 0).then(|| won as f64 / (won + lost) as f64),
        average_cycle_days: (sales && !cycles.is_empty())
            .then(|| cycles.iter().sum::<f64>() / cycles.len() as f64),
        forecast,
        most_stalled,
        breakdowns,
    }
}

/// Days between two instants, as a fraction.
fn days(from: DateTime<Utc>, to: DateTime<Utc>) -> f64 {
    (to - from).num_seconds().max(0) as f64 / 86_400.0
}

fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let middle = values.len() / 2;
    Some(if values.len() % 2 == 0 {
        (values[middle - 1] + values[middle]) / 2.0
    } else {
        values[middle]
    })
}

#[cfg(test)]
mod tests {
    use super::median;

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [5.0, 1.0, 3.0]), Some(3.0));
        assert_eq!(median(&mut [4.0, 1.0, 3.0, 10.0]), Some(3.5));
    }
}
