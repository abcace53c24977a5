//! Where one journey went through a pipeline's stages, from its stays alone:
//! which stages it *entered*, which it *went on* from (a later stay in a
//! further stage, or the win it ended in), and which it *skipped* (moved from
//! a stage before to one after, or won, without entering it).

use super::journey::{Journey, Outcome};
use crate::config::Pipeline;

/// One journey's marks on each stage of the pipeline (by stage index).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    pub entered: Vec<bool>,
    pub went_on: Vec<bool>,
    pub skipped: Vec<bool>,
}

/// The passage of `journey` through `pipeline`'s stages; stays in stages the
/// pipeline no longer has are left out.
pub fn passage(journey: &Journey, pipeline: &Pipeline) -> Passage {
    let count = pipeline.stages.len();
    let mut passage = Passage {
        entered: vec![false; count],
        went_on: vec![false; count],
        skipped: vec![false; count],
    };
    let indexes: Vec<usize> = journey
        .stays
        .iter()
        .filter_map(|stay| pipeline.stage_index(&stay.stage))
        .collect();
    let won = matches!(journey.outcome, Some((Outcome::Won, _)));
    for (at, &index) in indexes.iter().enumerate() {
        passage.entered[index] = true;
        let further_later = indexes[at + 1..].iter().any(|&later| later > index);
        if further_later || won {
            passage.went_on[index] = true;
        }
    }
    // Each move, and the win after the last stay, passes over the stages between.
    let mut moves: Vec<(usize, usize)> = indexes.windows(2).map(|w| (w[0], w[1])).collect();
    if let (true, Some(&last)) = (won, indexes.last()) {
        moves.push((last, count));
    }
    for (from, to) in moves {
        for between in from + 1..to {
            passage.skipped[between] = true;
        }
    }
    for (skipped, entered) in passage.skipped.iter_mut().zip(&passage.entered) {
        *skipped &= !entered;
    }
    passage
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::report::journey::Stay;
    use chrono::{Duration, TimeZone, Utc};

    fn journey(stages: &[&str], won: bool) -> Journey {
        let start = Utc
            .with_ymd_and_hms(2026, 10, 1, 9, 0, 0)
            .single()
            .expect("a moment");
        let at = |n: usize| start + Duration::days(n as i64);
        Journey {
            deal_id: 1,
            pipeline: "new-business".into(),
            joined: start,
            stays: stages
                .iter()
                .enumerate()
                .map(|(n, stage)| Stay {
                    stage: stage.to_string(),
                    entered: at(n),
                    left: Some(at(n + 1)),
                })
                .collect(),
            outcome: won.then(|| (Outcome::Won, at(stages.len()))),
            lost_reason: None,
            created_closed: false,
            last_active: at(stages.len()),
        }
    }

    #[test]
    fn a_win_from_prospecting_skips_every_later_stage() {
        let found = passage(&journey(&["Prospecting"], true), &Pipeline::new_business());
        assert_eq!(found.entered, [true, false, false, false, false]);
        assert_eq!(found.went_on, [true, false, false, false, false]);
        assert_eq!(found.skipped, [false, true, true, true, true]);
    }

    #[test]
    fn a_backward_move_goes_on_only_from_where_it_later_went_further() {
        let stages = [
            "Prospecting",
            "Qualifying",
            "Building Rapport",
            "Qualifying",
        ];
        let found = passage(&journey(&stages, false), &Pipeline::new_business());
        assert_eq!(found.entered, [true, true, true, false, false]);
        assert_eq!(found.went_on, [true, true, false, false, false]);
        // Building Rapport was entered after being skipped: not skipped.
        assert_eq!(found.skipped, [false, false, false, false, false]);
    }
}
