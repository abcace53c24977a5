//! A deal's path through the pipelines, rebuilt from its stored history: for each
//! pipeline it followed, when it joined, each stay in a stage (entered, left),
//! and how it ended there (won, lost, or still open).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use dealbot_storage::{Deal, HistoryEntry};

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
}

/// Every journey of `deal`, rebuilt from its movement history (oldest first).
pub fn journeys(deal: &Deal, entries: &[&HistoryEntry]) -> Vec<Journey> {
    // The pipeline it started in: the first roll-over says where it came from.
    let mut pipeline = entries
        .iter()
        .find(|e| e.action == "pipeline")
        .and_then(|e| e.from_value.clone())
        .unwrap_or_else(|| deal.pipeline.clone());
    let mut by_pipeline: BTreeMap<String, Journey> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    for entry in entries {
        let journey = by_pipeline.entry(pipeline.clone()).or_insert_with(|| {
            order.push(pipeline.clone());
            Journey {
                deal_id: deal.id,
                pipeline: pipeline.clone(),
                joined: entry.at,
                stays: Vec::new(),
                outcome: None,
            }
        });
        match entry.action.as_str() {
            "created" | "stage" => {
                close_stay(journey, entry.at);
                if let Some(stage) = entry.to_value.clone() {
                    if stage != WON && stage != LOST {
                        journey.stays.push(Stay {
                            stage,
                            entered: entry.at,
                            left: None,
                        });
                    }
                }
            }
            "won" | "lost" => {
                close_stay(journey, entry.at);
                let outcome = if entry.action == "won" {
                    Outcome::Won
                } else {
                    Outcome::Lost
                };
                journey.outcome = Some((outcome, entry.at));
            }
            "reopened" => journey.outcome = None,
            "pipeline" => {
                close_stay(journey, entry.at);
                if let Some(next) = entry.to_value.clone() {
                    pipeline = next;
                    by_pipeline.entry(pipeline.clone()).or_insert_with(|| {
                        order.push(pipeline.clone());
                        Journey {
                            deal_id: deal.id,
                            pipeline: pipeline.clone(),
                            joined: entry.at,
                            stays: Vec::new(),
                            outcome: None,
                        }
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

fn close_stay(journey: &mut Journey, at: DateTime<Utc>) {
    if let Some(stay) = journey.stays.last_mut() {
        if stay.left.is_none() {
            stay.left = Some(at);
        }
    }
}
