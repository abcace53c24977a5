//! The qualification checklist on a deal, and a stage's criteria: what the card
//! shows compactly (`V✓ B✓ A? N✗ T?`) and what a move into a stage still lacks.

use dealbot_storage::{Deal, QualificationAnswer};

use crate::config::{pipeline_normalize as normalize, QualificationSettings, Stage};

/// How a checklist item was answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Yes,
    No,
    Unknown,
}

impl Answer {
    /// `yes`, `no` or `unknown`, as typed and stored.
    pub fn parse(word: &str) -> Option<Answer> {
        match word.to_lowercase().as_str() {
            "yes" | "y" | "true" | "✓" => Some(Answer::Yes),
            "no" | "n" | "false" | "✗" => Some(Answer::No),
            "unknown" | "?" | "maybe" | "unsure" => Some(Answer::Unknown),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Answer::Yes => "yes",
            Answer::No => "no",
            Answer::Unknown => "unknown",
        }
    }

    pub fn mark(self) -> &'static str {
        match self {
            Answer::Yes => "✓",
            Answer::No => "✗",
            Answer::Unknown => "?",
        }
    }
}

/// The answer recorded for `item`, unknown if nobody said.
pub fn answer_of(answers: &[QualificationAnswer], item: &str) -> Answer {
    answers
        .iter()
        .find(|a| normalize(&a.item) == normalize(item))
        .and_then(|a| Answer::parse(&a.answer))
        .unwrap_or(Answer::Unknown)
}

/// `V✓ B✓ A? N✗ T?`: each configured item's first letter and its answer.
pub fn compact(items: &QualificationSettings, answers: &[QualificationAnswer]) -> String {
    items
        .items
        .iter()
        .map(|item| {
            let letter: String = item.chars().take(1).flat_map(char::to_uppercase).collect();
            format!("{letter}{}", answer_of(answers, item).mark())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The criteria of `stage` the deal does not meet: items not answered yes, and
/// fields (`amount`, `close-date`, `next-step`) not set, in the stage's order.
pub fn missing_criteria(
    deal: &Deal,
    answers: &[QualificationAnswer],
    stage: &Stage,
) -> Vec<String> {
    stage
        .criteria
        .iter()
        .filter(|criterion| {
            let met = match normalize(criterion).as_str() {
                "amount" => deal.amount_minor.is_some(),
                "close date" => deal.close_date.is_some(),
                "next step" => deal.next_step.is_some(),
                _ => answer_of(answers, criterion) == Answer::Yes,
            };
            !met
        })
        .cloned()
        .collect()
}

/// The command that records `criterion` for the deal called `id` (`D-4`).
pub fn how_to_record(id: &str, criterion: &str) -> String {
    match normalize(criterion).as_str() {
        "amount" => format!("amount {id} 50k"),
        "close date" => format!("close-date {id} 2026-12-31"),
        "next step" => format!("next {id} \"…\" fri"),
        _ => format!("qualify {id} {criterion} yes"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    fn said(item: &str, answer: &str) -> QualificationAnswer {
        QualificationAnswer {
            item: item.into(),
            answer: answer.into(),
            note: None,
            updated_at: Utc::now(),
            updated_by: "rep1".into(),
        }
    }

    #[test]
    fn the_compact_checklist_shows_every_item_by_its_letter() {
        let answers = [
            said("vision", "yes"),
            said("budget", "yes"),
            said("need", "no"),
        ];
        assert_eq!(
            compact(&QualificationSettings::default(), &answers),
            "V✓ B✓ A? N✗ T?"
        );
    }
}
