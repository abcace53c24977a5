//! `[lost]`: the reasons a deal is lost that forms offer to choose from
//! (Slack's "Lost" form lists them, plus "other" with a text); the typed
//! `lost` takes any reason.

use serde::Deserialize;

/// The most reasons a form's select can hold (Slack allows 100 options, one
/// is "other").
pub const MOST_LOST_REASONS: usize = 99;
/// The longest reason: a select option's label.
pub const LONGEST_LOST_REASON: usize = 75;

/// `[lost]`
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LostSettings {
    pub reasons: Vec<String>,
}

impl Default for LostSettings {
    fn default() -> Self {
        LostSettings {
            reasons: [
                "price",
                "went with a competitor",
                "no budget",
                "no decision",
                "timing",
                "missing feature",
            ]
            .map(str::to_string)
            .to_vec(),
        }
    }
}

impl LostSettings {
    /// The problems of `[lost]`.
    pub fn check(&self, problems: &mut Vec<super::ConfigProblem>) {
        let key = "lost.reasons";
        if self.reasons.len() > MOST_LOST_REASONS {
            problems.push(super::ConfigProblem::new(
                key,
                format!(
                    "{} reasons: at most {MOST_LOST_REASONS} fit in a form",
                    self.reasons.len()
                ),
            ));
        }
        let mut seen = std::collections::HashSet::new();
        for reason in &self.reasons {
            let trimmed = reason.trim();
            if trimmed.is_empty() || trimmed.chars().count() > LONGEST_LOST_REASON {
                problems.push(super::ConfigProblem::new(
                    key,
                    format!("\"{reason}\": a reason has 1 to {LONGEST_LOST_REASON} characters"),
                ));
            } else if trimmed.eq_ignore_ascii_case("other") {
                problems.push(super::ConfigProblem::new(
                    key,
                    "\"other\" is always offered (with a text): leave it out of the list",
                ));
            } else if !seen.insert(trimmed.to_lowercase()) {
                problems.push(super::ConfigProblem::new(
                    key,
                    format!("\"{reason}\" is listed twice"),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_pass_and_bad_lists_are_refused() {
        let mut problems = Vec::new();
        LostSettings::default().check(&mut problems);
        assert!(problems.is_empty());
        let bad = LostSettings {
            reasons: vec!["price".into(), "Price".into(), " ".into(), "other".into()],
        };
        bad.check(&mut problems);
        assert_eq!(problems.len(), 3);
    }
}
