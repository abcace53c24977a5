//! What makes a deal need its owner: an overdue next step, no next step at all,
//! too long in its stage ("keep moving forward"), or a buyer behind where the
//! seller's stage expects them. Built on the flags in `flags.rs`.

use chrono::{DateTime, NaiveDate, Utc};
use dealbot_storage::{DealStatus, StalledCutoff};

use super::calendar::days_overdue;
use super::env::CoreSettings;
use super::flags::{buyer_mismatch, current_stage, days_in_stage, is_stalled, DealProgress};
use super::format::plural;

/// One reason a deal needs attention.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Concern {
    /// The step's day has passed on its owner's day, by this many days.
    Overdue {
        days: i64,
    },
    NoNextStep,
    Stalled {
        days: i64,
        limit: i64,
    },
    /// The buyer is behind where the seller's stage expects them.
    BuyerBehind {
        expected: String,
        actual: String,
    },
}

impl Concern {
    /// How the concern reads beside the deal.
    pub fn describe(&self) -> String {
        match self {
            Concern::Overdue { days } => format!("next step overdue by {}", plural(*days, "day")),
            Concern::NoNextStep => "no next step".to_string(),
            Concern::Stalled { days, limit } => {
                format!("stalled: {} in stage (limit {limit})", plural(*days, "day"))
            }
            Concern::BuyerBehind { expected, actual } => {
                format!("buyer behind: in {actual}, expected {expected}")
            }
        }
    }
}

/// The stage's time limit, if its pipeline is configured.
pub fn stage_limit(deal: &impl DealProgress, config: &CoreSettings) -> Option<i64> {
    current_stage(deal, &config.settings).map(|stage| i64::from(stage.max_days))
}

/// Every concern about an open deal at `now`, when it is `owner_today` for its
/// owner; none for a closed one.
pub fn concerns(
    deal: &impl DealProgress,
    config: &CoreSettings,
    now: DateTime<Utc>,
    owner_today: NaiveDate,
) -> Vec<Concern> {
    if deal.status() != DealStatus::Open {
        return Vec::new();
    }
    let mut concerns = Vec::new();
    match (deal.has_next_step(), deal.next_step_due()) {
        (false, _) => concerns.push(Concern::NoNextStep),
        (true, Some(due)) => {
            if let Some(days) = days_overdue(due, owner_today) {
                concerns.push(Concern::Overdue { days });
            }
        }
        _ => {}
    }
    if is_stalled(deal, &config.settings, now) {
        concerns.push(Concern::Stalled {
            days: days_in_stage(deal, now),
            limit: stage_limit(deal, config).unwrap_or_default(),
        });
    }
    if let Some(mismatch) = buyer_mismatch(deal, &config.settings) {
        concerns.push(Concern::BuyerBehind {
            expected: mismatch.expected,
            actual: mismatch.actual,
        });
    }
    concerns
}

/// The cut-offs that make deals of each configured stage stalled at `now`.
pub fn stalled_cutoffs(config: &CoreSettings, now: DateTime<Utc>) -> Vec<StalledCutoff> {
    config
        .settings
        .pipelines
        .iter()
        .flat_map(|pipeline| {
            pipeline.stages.iter().map(move |stage| StalledCutoff {
                pipeline: pipeline.name.clone(),
                stage: stage.name.clone(),
                entered_before: now - chrono::Duration::days(i64::from(stage.max_days) + 1),
            })
        })
        .collect()
}
