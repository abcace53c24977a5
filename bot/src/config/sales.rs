//! The sales-process settings beside the pipelines: the buyer's journey
//! (`[buyer]`), the qualification checklist (`[qualification]`) and which
//! pipeline new deals follow in each channel (`[[channels]]`).

use serde::Deserialize;

use super::pipeline::{normalize, same_name};

/// `[buyer]`: the stages the buyer goes through, in order.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BuyerSettings {
    pub stages: Vec<String>,
}

/// `[qualification]`: the checklist every deal carries (VBANT by default).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct QualificationSettings {
    pub items: Vec<String>,
}

/// `[[channels]]`: the pipeline new deals opened in one channel follow.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChannelSettings {
    /// The platform's channel id (Slack `C…`, Discord snowflake, the shell's name).
    pub id: String,
    /// The name of one of the `[[pipelines]]`.
    pub pipeline: String,
}

impl Default for BuyerSettings {
    fn default() -> Self {
        BuyerSettings {
            stages: [
                "Identify Need",
                "Determine Requirements",
                "Evaluation",
                "Negotiation",
                "Purchase",
            ]
            .map(str::to_owned)
            .to_vec(),
        }
    }
}

impl Default for QualificationSettings {
    fn default() -> Self {
        QualificationSettings {
            items: ["vision", "budget", "authority", "need", "timeframe"]
                .map(str::to_owned)
                .to_vec(),
        }
    }
}

impl BuyerSettings {
    /// The buyer stage someone meant: case, `-` and `_` do not matter, and an
    /// unambiguous prefix is enough (`eval`).
    pub fn find(&self, input: &str) -> Option<&str> {
        find_name(&self.stages, input)
    }

    /// The position of the buyer stage called `name`.
    pub fn index(&self, name: &str) -> Option<usize> {
        self.stages.iter().position(|s| same_name(s, name))
    }
}

impl QualificationSettings {
    /// The checklist item someone meant, like [`BuyerSettings::find`].
    pub fn find(&self, input: &str) -> Option<&str> {
        find_name(&self.items, input)
    }
}

/// Exact (normalized) name first, then the single name the input is a prefix of.
fn find_name<'a>(names: &'a [String], input: &str) -> Option<&'a str> {
    let wanted = normalize(input);
    if wanted.is_empty() {
        return None;
    }
    if let Some(name) = names.iter().find(|n| normalize(n) == wanted) {
        return Some(name);
    }
    let mut matches = names.iter().filter(|n| normalize(n).starts_with(&wanted));
    match (matches.next(), matches.next()) {
        (Some(name), None) => Some(name),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buyer_stages_and_items_are_found_loosely() {
        let buyer = BuyerSettings::default();
        assert_eq!(buyer.find("evaluation"), Some("Evaluation"));
        assert_eq!(buyer.find("identify-need"), Some("Identify Need"));
        assert_eq!(buyer.find("neg"), Some("Negotiation"));
        assert_eq!(buyer.find("shopping"), None);
        assert_eq!(buyer.index("purchase"), Some(4));
        let items = QualificationSettings::default();
        assert_eq!(items.find("Budget"), Some("budget"));
        assert_eq!(items.find("auth"), Some("authority"));
        assert_eq!(items.find("money"), None);
    }
}
