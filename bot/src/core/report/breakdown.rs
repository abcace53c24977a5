//! The report's breakdowns: the deals lost, by the reason their `lost` line
//! gave, and every deal of the report by its owner, each with a count, the
//! amounts and (for owners) the win rate.

use std::collections::BTreeMap;

use dealbot_storage::Deal;

use super::journey::{Journey, Outcome};
use crate::core::totals::Totals;

/// One group of a breakdown: its deals, their amounts and how they ended.
#[derive(Debug, Clone, Default)]
pub struct Group {
    pub totals: Totals,
    pub won: usize,
    pub lost: usize,
}

impl Group {
    fn add(&mut self, journey: &Journey, deal: &Deal) {
        self.totals
            .add(deal.amount_minor, deal.currency.as_deref(), 100.0);
        match journey.outcome {
            Some((Outcome::Won, _)) => self.won += 1,
            Some((Outcome::Lost, _)) => self.lost += 1,
            None => {}
        }
    }

    /// Won ÷ (won + lost), `None` before any of its deals closed.
    pub fn win_rate(&self) -> Option<f64> {
        (self.won + self.lost > 0).then(|| self.won as f64 / (self.won + self.lost) as f64)
    }
}

/// The two breakdowns, groups sorted by key.
#[derive(Debug, Clone, Default)]
pub struct Breakdowns {
    /// Lost deals by reason; `None` is "no reason given".
    pub lost_reasons: BTreeMap<Option<String>, Group>,
    /// Every deal by its owner's user id.
    pub owners: BTreeMap<String, Group>,
}

impl Breakdowns {
    pub fn add(&mut self, journey: &Journey, deal: &Deal) {
        if let Some((Outcome::Lost, _)) = journey.outcome {
            let reason = journey
                .lost_reason
                .as_deref()
                .map(str::trim)
                .filter(|reason| !reason.is_empty())
                .map(str::to_string);
            self.lost_reasons
                .entry(reason)
                .or_default()
                .add(journey, deal);
        }
        self.owners
            .entry(deal.owner.clone())
            .or_default()
            .add(journey, deal);
    }
}
