//! What is worth flagging about an open deal, platform-neutral so that cards,
//! `list stalled`, nags and digests all agree: too long in its stage, and a
//! buyer who is behind where the seller's stage expects them to be.

use chrono::{DateTime, NaiveDate, Utc};
use dealbot_storage::{Deal, DealStatus, DigestDeal};

use super::format::days_between;
use crate::config::{Settings, Stage};

/// What the flags read of a deal. A full [`Deal`] has it, and so has the
/// lighter row a digest reads for each of its many deals, so both are judged
/// alike.
pub trait DealProgress {
    fn status(&self) -> DealStatus;
    fn pipeline(&self) -> &str;
    fn stage(&self) -> &str;
    fn has_next_step(&self) -> bool;
    fn next_step_due(&self) -> Option<NaiveDate>;
    fn stage_entered_at(&self) -> DateTime<Utc>;
    fn buyer_stage(&self) -> Option<&str>;
}

impl DealProgress for Deal {
    fn status(&self) -> DealStatus {
        self.status
    }
    fn pipeline(&self) -> &str {
        &self.pipeline
    }
    fn stage(&self) -> &str {
        &self.stage
    }
    fn has_next_step(&self) -> bool {
        self.next_step.is_some()
    }
    fn next_step_due(&self) -> Option<NaiveDate> {
        self.next_step_due
    }
    fn stage_entered_at(&self) -> DateTime<Utc> {
        self.stage_entered_at
    }
    fn buyer_stage(&self) -> Option<&str> {
        self.buyer_stage.as_deref()
    }
}

/// The digest reads open deals only.
impl DealProgress for DigestDeal<'_> {
    fn status(&self) -> DealStatus {
        DealStatus::Open
    }
    fn pipeline(&self) -> &str {
        self.pipeline
    }
    fn stage(&self) -> &str {
        self.stage
    }
    fn has_next_step(&self) -> bool {
        self.next_step.is_some()
    }
    fn next_step_due(&self) -> Option<NaiveDate> {
        self.next_step_due
    }
    fn stage_entered_at(&self) -> DateTime<Utc> {
        self.stage_entered_at
    }
    fn buyer_stage(&self) -> Option<&str> {
        self.buyer_stage
    }
}

/// The configured stage the deal is in, if its pipeline still has it.
pub fn current_stage<'a>(deal: &impl DealProgress, config: &'a Settings) -> Option<&'a Stage> {
    config.pipeline(deal.pipeline())?.stage(deal.stage())
}

/// Whole days the deal has been in its current stage.
pub fn days_in_stage(deal: &impl DealProgress, now: DateTime<Utc>) -> i64 {
    days_between(deal.stage_entered_at(), now)
}

/// Whether an open deal has been in its stage longer than the stage's `max_days`.
pub fn is_stalled(deal: &impl DealProgress, config: &Settings, now: DateTime<Utc>) -> bool {
    deal.status() == DealStatus::Open
        && current_stage(deal, config)
            .is_some_and(|stage| days_in_stage(deal, now) > i64::from(stage.max_days))
}

/// The seller's stage expects the buyer further along than they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuyerMismatch {
    /// The seller's stage (the deal's stage).
    pub seller_stage: String,
    /// The buyer stage that seller stage expects (`expects_buyer`).
    pub expected: String,
    /// The buyer stage recorded on the deal.
    pub actual: String,
}

/// A mismatch when an open deal's recorded buyer stage comes before the one its
/// seller stage expects. A buyer ahead of the seller is not flagged (the seller
/// should catch up, nothing is at risk); an unrecorded buyer stage is not either.
pub fn buyer_mismatch(deal: &impl DealProgress, config: &Settings) -> Option<BuyerMismatch> {
    if deal.status() != DealStatus::Open {
        return None;
    }
    let actual = deal.buyer_stage()?;
    let expected = current_stage(deal, config)?.expects_buyer.as_deref()?;
    let behind = config.buyer.index(actual)? < config.buyer.index(expected)?;
    behind.then(|| BuyerMismatch {
        seller_stage: deal.stage().to_string(),
        expected: expected.to_string(),
        actual: actual.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};

    fn deal(stage: &str, buyer: Option<&str>, entered_days_ago: i64) -> (Deal, DateTime<Utc>) {
        let now = Utc
            .with_ymd_and_hms(2026, 11, 23, 9, 0, 0)
            .single()
            .expect("a moment");
        let entered = now - Duration::days(entered_days_ago);
        let deal = Deal {
            id: 1,
            workspace: "T".into(),
            number: 1,
            name: "Acme".into(),
            pipeline: "new-business".into(),
            stage: stage.into(),
            status: DealStatus::Open,
            owner: "rep1".into(),
            amount_minor: None,
            currency: None,
            close_date: None,
            next_step: None,
            next_step_due: None,
            lost_reason: None,
            channel: None,
            created_by: "rep1".into(),
            created_at: entered,
            updated_at: entered,
            stage_entered_at: entered,
            version: 0,
            buyer_stage: buyer.map(str::to_string),
            won_at: None,
            deleted_at: None,
            merged_into: None,
            private_channel: false,
        };
        (deal, now)
    }

    #[test]
    fn stalled_means_over_the_stage_limit() {
        let config = Settings::default();
        let (at_limit, now) = deal("Qualifying", None, 21);
        assert!(!is_stalled(&at_limit, &config, now));
        let (over, now) = deal("Qualifying", None, 22);
        assert!(is_stalled(&over, &config, now));
        let mut won = over.clone();
        won.status = DealStatus::Won;
        assert!(!is_stalled(&won, &config, now));
    }

    #[test]
    fn a_buyer_behind_the_expected_stage_is_a_mismatch() {
        let config = Settings::default();
        let (behind, _) = deal("Closing", Some("Evaluation"), 1);
        assert_eq!(
            buyer_mismatch(&behind, &config),
            Some(BuyerMismatch {
                seller_stage: "Closing".into(),
                expected: "Negotiation".into(),
                actual: "Evaluation".into(),
            })
        );
        let (level, _) = deal("Closing", Some("Negotiation"), 1);
        assert_eq!(buyer_mismatch(&level, &config), None);
        let (ahead, _) = deal("Qualifying", Some("Purchase"), 1);
        assert_eq!(buyer_mismatch(&ahead, &config), None);
        let (unknown, _) = deal("Closing", None, 1);
        assert_eq!(buyer_mismatch(&unknown, &config), None);
    }
}
