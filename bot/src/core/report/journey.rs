//! A deal's path through the pipelines, rebuilt from its stored history: for each
//! pipeline it followed, when it joined, each stay in a stage (entered, left),
//! how it ended there (won, lost, or still open), and when it last had any
//! history line while in that pipeline.
//!
//! A deal created already closed (an imported won or lost deal: its `created`
//! line goes straight to `Won` or `Lost`) has no stays; its outcome is dated by
//! that line.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use dealbot_storage::{Deal, HistoryAction, HistoryEntry};

use crate::config::{LOST, WON};

/// How a deal's time in one pipeline ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Won,
    Lost,
}

/// A stretch of time a deal spent in one stage; `left` is `None` while it is there.
#[derive(Debug, Clone, PartialEq)]
pub struct Stay {
    pub stage: String,
    pub entered: DateTime<Utc>,
    pub left: Option<DateTime<Utc>>,
}

/// One deal's time in one pipeline.
#[derive(Debug, Clone, PartialEq)]
pub struct Journey {
    pub deal_id: i64,
    pub pipeline: String,
    pub joined: DateTime<Utc>,
    pub stays: Vec<Stay>,
    /// The last outcome, with when; a reopened deal has none until it closes again.
    pub outcome: Option<(Outcome, DateTime<Utc>)>,
    /// The reason of the last loss, as its `lost` line noted it.
    pub lost_reason: Option<String>,
    /// Whether the deal was created already closed (imported won or lost), so
    /// its history cannot tell how long it took.
    pub created_closed: bool,
    /// The latest history line of any kind while the deal followed this pipeline.
    pub last_active: DateTime<Utc>,
}

/// A deal imported closed is written as opened in the first stage at its
/// Created Date and closed at its Closed Date. Its file never said it was in
/// that stage: when the closing line follows an imported opening at once, the
/// opening's stay is dropped and the deal counts as created closed (its
/// outcome dated by the closing, its cycle unknown).
fn forget_imported_opening(
    journey: &mut Journey,
    entries: &[&HistoryEntry],
    closing: &HistoryEntry,
) {
    let before: Vec<&&HistoryEntry> = entries
        .iter()
        .take_while(|entry| entry.id != closing.id)
        .collect();
    let imported_opening = matches!(
        before.as_slice(),
        [opening] if opening.action == HistoryAction::Created
            && opening.note.as_deref().is_some_and(|note| note.starts_with("imported from"))
    );
    if imported_opening && journey.stays.len() == 1 {
        journey.stays.clear();
        journey.created_closed = true;
    }
}

/// Every journey of `deal`, rebuilt from its history (oldest first); lines that
/// do not move the deal only count as activity.
pub fn journeys(deal: &Deal, entries: &[&HistoryEntry]) -> Vec<Journey> {
    // The pipeline it started in: the first roll-over says where it came from.
    let mut pipeline = entries
        .iter()
        .find(|e| e.action == HistoryAction::Pipeline)
        .and_then(|e| e.from_value.clone())
        .unwrap_or_else(|| deal.pipeline.clone());
    let mut by_pipeline: BTreeMap<String, Journey> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    for entry in entries {
        let journey = by_pipeline.entry(pipeline.clone()).or_insert_with(|| {
            order.push(pipeline.clone());
            Journey::start(deal.id, &pipeline, entry.at)
        });
        journey.last_active = journey.last_active.max(entry.at);
        match entry.action {
            HistoryAction::Created | HistoryAction::Stage => {
                close_stay(journey, entry.at);
                match entry.to_value.as_deref() {
                    // Created closed: an imported won or lost deal.
                    Some(WON) if entry.action == HistoryAction::Created => {
                        journey.created_closed = true;
                        journey.outcome = Some((Outcome::Won, entry.at));
                    }
                    Some(LOST) if entry.action == HistoryAction::Created => {
                        journey.created_closed = true;
                        journey.outcome = Some((Outcome::Lost, entry.at));
                        journey.lost_reason = deal.lost_reason.clone();
                    }
                    Some(WON | LOST) | None => {}
                    Some(stage) => journey.stays.push(Stay {
                        stage: stage.to_string(),
                        entered: entry.at,
                        left: None,
                    }),
                }
            }
            HistoryAction::Won => {
                close_stay(journey, entry.at);
                forget_imported_opening(journey, entries, entry);
                journey.outcome = Some((Outcome::Won, entry.at));
            }
            HistoryAction::Lost => {
                close_stay(journey, entry.at);
                forget_imported_opening(journey, entries, entry);
                journey.outcome = Some((Outcome::Lost, entry.at));
                journey.lost_reason = entry.note.clone();
            }
            HistoryAction::Reopened => {
                journey.outcome = None;
                journey.lost_reason = None;
            }
            HistoryAction::Pipeline => {
                close_stay(journey, entry.at);
                if let Some(next) = entry.to_value.clone() {
                    pipeline = next;
                    by_pipeline.entry(pipeline.clone()).or_insert_with(|| {
                        order.push(pipeline.clone());
                        Journey::start(deal.id, &pipeline, entry.at)
                    });
                }
            }
            _ => {}
        }
    }
    order
        .into_iter()
        .filter_map(|name| by_pipeline.remove(&name))
        .collect()
}

impl Journey {
    fn start(deal_id: i64, pipeline: &str, at: DateTime<Utc>) -> Journey {
        Journey {
            deal_id,
            pipeline: pipeline.to_string(),
            joined: at,
            stays: Vec::new(),
            outcome: None,
            lost_reason: None,
            created_closed: false,
            last_active: at,
        }
    }
}

fn close_stay(journey: &mut Journey, at: DateTime<Utc>) {
    if let Some(stay) = journey.stays.last_mut() {
        if stay.left.is_none() {
            stay.left = Some(at);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};
    use dealbot_storage::DealStatus;

    fn day(n: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 10, 1, 9, 0, 0)
            .single()
            .expect("a moment")
            + Duration::days(n)
    }

    fn entry(at: i64, action: &str, from: Option<&str>, to: Option<&str>) -> HistoryEntry {
        let action = HistoryAction::parse(action).expect("a history action");
        HistoryEntry {
            id: at,
            deal_id: 7,
            at: day(at),
            actor: "rep1".into(),
            action,
            from_value: from.map(str::to_string),
            to_value: to.map(str::to_string),
            note: None,
        }
    }

    fn deal(pipeline: &str) -> Deal {
        Deal {
            id: 7,
            workspace: "T".into(),
            number: 1,
            name: "Acme".into(),
            pipeline: pipeline.into(),
            stage: "Onboarding".into(),
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
            created_at: day(0),
            updated_at: day(0),
            stage_entered_at: day(0),
            version: 0,
            buyer_stage: None,
            won_at: None,
            deleted_at: None,
            merged_into: None,
            private_channel: false,
        }
    }

    #[test]
    fn a_reopened_then_won_deal_rolls_into_its_next_pipeline() {
        let entries = [
            entry(0, "created", None, Some("Prospecting")),
            entry(2, "stage", Some("Prospecting"), Some("Qualifying")),
            entry(5, "lost", Some("Qualifying"), Some("Lost")),
            entry(6, "reopened", Some("Lost"), None),
            entry(6, "stage", Some("Lost"), Some("Closing")),
            entry(9, "won", Some("Closing"), Some("Won")),
            entry(9, "pipeline", Some("new-business"), Some("customer")),
            entry(9, "stage", Some("Won"), Some("Onboarding")),
        ];
        let refs: Vec<&HistoryEntry> = entries.iter().collect();
        let found = journeys(&deal("customer"), &refs);
        assert_eq!(found.len(), 2);
        let sale = &found[0];
        assert_eq!(sale.pipeline, "new-business");
        assert_eq!(sale.joined, day(0));
        assert_eq!(sale.outcome, Some((Outcome::Won, day(9))));
        let stay = |stage: &str, entered: i64, left: i64| Stay {
            stage: stage.into(),
            entered: day(entered),
            left: Some(day(left)),
        };
        assert_eq!(
            sale.stays,
            [
                stay("Prospecting", 0, 2),
                stay("Qualifying", 2, 5),
                stay("Closing", 6, 9),
            ]
        );
        let after = &found[1];
        assert_eq!(
            (after.pipeline.as_str(), after.joined),
            ("customer", day(9))
        );
        assert_eq!(after.outcome, None);
        assert_eq!(after.stays.len(), 1);
        assert_eq!(
            (after.stays[0].stage.as_str(), after.stays[0].left),
            ("Onboarding", None)
        );
    }

    #[test]
    fn a_deal_imported_closed_ends_on_its_created_line() {
        let mut lost = deal("new-business");
        lost.status = DealStatus::Lost;
        lost.lost_reason = Some("went with a competitor".into());
        let entries = [entry(4, "created", None, Some("Lost"))];
        let refs: Vec<&HistoryEntry> = entries.iter().collect();
        let found = journeys(&lost, &refs);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].outcome, Some((Outcome::Lost, day(4))));
        assert!(found[0].created_closed && found[0].stays.is_empty());
        assert_eq!(
            found[0].lost_reason.as_deref(),
            Some("went with a competitor")
        );
    }
}
