//! The sales-process settings' references: every buyer stage, checklist item and
//! pipeline named anywhere must exist. Each unknown name is reported where it is,
//! with the names that would be valid there.

use std::collections::HashSet;

use super::pipeline::{normalize, CRITERIA_FIELDS};
use super::{ConfigProblem, Settings};

impl Settings {
    pub(super) fn check_sales_references(&self, problems: &mut Vec<ConfigProblem>) {
        check_unique("buyer.stages", &self.buyer.stages, problems);
        check_unique("qualification.items", &self.qualification.items, problems);
        let pipelines = quoted(self.pipelines.iter().map(|p| p.name.as_str()));
        for (index, channel) in self.channels.iter().enumerate() {
            let here = format!("channels[{index}] ({:?})", channel.id);
            if channel.id.trim().is_empty() {
                problems.push(ConfigProblem::new(
                    format!("{here}.id"),
                    "a channel needs its platform id, such as \"C0123ABC\"",
                ));
            }
            if self.pipeline(&channel.pipeline).is_none() {
                problems.push(ConfigProblem::new(
                    format!("{here}.pipeline"),
                    format!(
                        "unknown pipeline {:?}: the pipelines are {pipelines}",
                        channel.pipeline
                    ),
                ));
            }
        }
        for (p, pipeline) in self.pipelines.iter().enumerate() {
            let here = format!("pipelines[{p}] ({:?})", pipeline.name);
            if let Some(target) = &pipeline.won_rolls_into {
                if self.pipeline(target).is_none() {
                    problems.push(ConfigProblem::new(
                        format!("{here}.won_rolls_into"),
                        format!("unknown pipeline {target:?}: the pipelines are {pipelines}"),
                    ));
                } else if normalize(target) == normalize(&pipeline.name) {
                    problems.push(ConfigProblem::new(
                        format!("{here}.won_rolls_into"),
                        "a pipeline cannot roll won deals into itself: name another \
                         pipeline (such as \"customer\") or remove the key",
                    ));
                }
            }
            for (s, stage) in pipeline.stages.iter().enumerate() {
                let at = format!("{here}.stages[{s}] ({:?})", stage.name);
                self.check_stage_references(&at, &stage.expects_buyer, &stage.criteria, problems);
            }
        }
    }

    fn check_stage_references(
        &self,
        at: &str,
        expects_buyer: &Option<String>,
        criteria: &[String],
        problems: &mut Vec<ConfigProblem>,
    ) {
        if let Some(buyer) = expects_buyer {
            if self.buyer.index(buyer).is_none() {
                problems.push(ConfigProblem::new(
                    format!("{at}.expects_buyer"),
                    format!(
                        "unknown buyer stage {buyer:?}: the buyer stages ([buyer] stages) are {}",
                        quoted(self.buyer.stages.iter().map(String::as_str))
                    ),
                ));
            }
        }
        for (index, item) in criteria.iter().enumerate() {
            let wanted = normalize(item);
            let known = self
                .qualification
                .items
                .iter()
                .map(String::as_str)
                .chain(CRITERIA_FIELDS)
                .any(|name| normalize(name) == wanted);
            if !known {
                problems.push(ConfigProblem::new(
                    format!("{at}.criteria[{index}]"),
                    format!(
                        "unknown checklist item or field {item:?}: use one of {}",
                        quoted(
                            self.qualification
                                .items
                                .iter()
                                .map(String::as_str)
                                .chain(CRITERIA_FIELDS)
                        )
                    ),
                ));
            }
        }
    }
}

fn check_unique(key: &str, names: &[String], problems: &mut Vec<ConfigProblem>) {
    let mut seen = HashSet::new();
    for (index, name) in names.iter().enumerate() {
        let folded = normalize(name);
        if folded.is_empty() {
            problems.push(ConfigProblem::new(
                format!("{key}[{index}]"),
                "a blank name: give it a name or remove it",
            ));
        } else if !seen.insert(folded) {
            problems.push(ConfigProblem::new(
                format!("{key}[{index}]"),
                format!("{name:?} is listed twice (case, '-' and '_' are ignored): keep one"),
            ));
        }
    }
}

fn quoted<'a>(names: impl Iterator<Item = &'a str>) -> String {
    names
        .map(|name| format!("{name:?}"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use crate::config::{ChannelSettings, Settings};

    fn problems(settings: &Settings) -> Vec<(String, String)> {
        settings
            .problems()
            .into_iter()
            .map(|p| (p.location, p.message))
            .collect()
    }

    #[test]
    fn unknown_names_are_reported_where_they_are_with_the_valid_ones() {
        let mut settings = Settings::default();
        settings.pipelines[0].stages[2].expects_buyer = Some("Shopping".into());
        settings.pipelines[0].stages[3]
            .criteria
            .push("money".into());
        settings.pipelines[1].won_rolls_into = Some("clients".into());
        settings.channels.push(ChannelSettings {
            id: "C1".into(),
            pipeline: "trial".into(),
        });
        let found = problems(&settings);
        let locations: Vec<&str> = found.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(
            locations,
            [
                r#"channels[0] ("C1").pipeline"#,
                r#"pipelines[0] ("new-business").stages[2] ("Qualifying").expects_buyer"#,
                r#"pipelines[0] ("new-business").stages[3] ("Presenting").criteria[3]"#,
                r#"pipelines[1] ("pilot").won_rolls_into"#,
            ]
        );
        assert!(found[0]
            .1
            .contains(r#""new-business", "pilot", "customer""#));
        assert!(found[1]
            .1
            .contains(r#""Identify Need", "Determine Requirements""#));
        assert!(found[2].1.contains(r#""vision", "budget""#));
        assert!(found[2].1.contains(r#""close-date""#));
        assert!(found[3].1.contains("unknown pipeline \"clients\""));
    }

    #[test]
    fn duplicates_and_self_rolls_are_problems() {
        let mut settings = Settings::default();
        settings.qualification.items.push("Budget".into());
        settings.pipelines[2].won_rolls_into = Some("customer".into());
        let found = problems(&settings);
        let locations: Vec<&str> = found.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(
            locations,
            [
                "qualification.items[5]",
                r#"pipelines[2] ("customer").won_rolls_into"#
            ]
        );
    }
}
