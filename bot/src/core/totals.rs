//! Sums of deal amounts for summary lines: how many deals, their amounts per
//! currency (`$120,000 + €30,000`), and those amounts weighted by each deal's
//! chance of being won (its stage's probability; 100% once won, 0% once lost).

use std::collections::BTreeMap;

use dealbot_storage::DealStatus;

use super::env::CoreSettings;
use super::values::{Amount, Currency};

/// Deals counted and summed, per currency.
#[derive(Debug, Clone, Default)]
pub struct Totals {
    count: usize,
    amounts: BTreeMap<String, i64>,
    weighted: BTreeMap<String, i64>,
}

impl Totals {
    pub fn new() -> Self {
        Totals::default()
    }

    /// Counts one deal worth `minor` hundredths of `currency` (if it has an
    /// amount), won with `chance` percent.
    pub fn add(&mut self, minor: Option<i64>, currency: Option<&str>, chance: f64) {
        self.count += 1;
        let (Some(minor), Some(currency)) = (minor, currency) else {
            return;
        };
        let sum = self.amounts.entry(currency.to_string()).or_default();
        *sum = sum.saturating_add(minor);
        // Whole cents of the weighted amount; f64 is exact far beyond sales figures.
        let weighted = (minor as f64 * chance / 100.0).round() as i64;
        let sum = self.weighted.entry(currency.to_string()).or_default();
        *sum = sum.saturating_add(weighted);
    }

    pub fn count(&self) -> usize {
        self.count
    }

    /// The amounts, `€10,000 + $70,000`, or `no amounts`.
    pub fn amount(&self) -> String {
        written(&self.amounts)
    }

    /// The weighted amounts, written like [`Totals::amount`].
    pub fn weighted(&self) -> String {
        written(&self.weighted)
    }
}

fn written(sums: &BTreeMap<String, i64>) -> String {
    if sums.is_empty() {
        return "no amounts".to_string();
    }
    sums.iter()
        .filter_map(|(code, minor)| {
            Currency::parse(code).ok().map(|currency| {
                Amount {
                    minor: *minor,
                    currency,
                }
                .to_string()
            })
        })
        .collect::<Vec<_>>()
        .join(" + ")
}

/// The percent chance a deal in `stage` of `pipeline` is won: its stage's
/// probability while open (0 for a stage no longer configured), 100 once won,
/// 0 once lost.
pub fn win_chance(config: &CoreSettings, pipeline: &str, stage: &str, status: DealStatus) -> f64 {
    match status {
        DealStatus::Won => 100.0,
        DealStatus::Lost => 0.0,
        DealStatus::Open => config
            .pipeline(pipeline)
            .and_then(|p| p.stages.iter().find(|s| s.name == stage))
            .map_or(0.0, |s| s.probability),
    }
}
