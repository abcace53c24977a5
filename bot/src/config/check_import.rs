//! The settings `dealbot import` reads: `[users]` (names and emails to chat
//! user ids) and each pipeline's `import_names` (other tools' stage names to
//! this pipeline's stages). Each wrong entry is reported where it is, with what
//! would be valid there.

use super::pipeline::{same_name, LOST, WON};
use super::{ConfigProblem, Settings};

impl Settings {
    pub(super) fn check_import(&self, problems: &mut Vec<ConfigProblem>) {
        for (name, id) in &self.users {
            let here = format!("users.{name:?}");
            if name.trim().is_empty() {
                problems.push(ConfigProblem::new(
                    "users",
                    "a name or email to match is empty: write it as the files spell it, \
                     such as \"Jane Doe\" = \"U0123ABCD\"",
                ));
            }
            if id.trim().is_empty() || id.trim().contains(char::is_whitespace) {
                problems.push(ConfigProblem::new(
                    here,
                    format!(
                        "{id:?} is not a chat user id: write the person's id (U0123ABCD on \
                         Slack, 123456789012345678 on Discord) or shell name"
                    ),
                ));
            }
        }
        for (index, pipeline) in self.pipelines.iter().enumerate() {
            for (from, to) in &pipeline.import_names {
                let known =
                    pipeline.stage_index(to).is_some() || same_name(to, WON) || same_name(to, LOST);
                if !known {
                    problems.push(ConfigProblem::new(
                        format!(
                            "pipelines[{index}] ({:?}).import_names.{from:?}",
                            pipeline.name
                        ),
                        format!(
                            "{to:?} is not a stage of this pipeline: use one of {}, {WON} or {LOST}",
                            pipeline.stage_names().join(", ")
                        ),
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Settings;

    #[test]
    fn unknown_stages_and_blank_ids_are_reported_where_they_are() {
        let mut settings = Settings::default();
        settings.pipelines[0]
            .import_names
            .insert("Negotiation".into(), "Haggling".into());
        settings.users.insert("Jane Doe".into(), " ".into());
        let problems: Vec<(String, String)> = settings
            .problems()
            .into_iter()
            .map(|p| (p.location, p.message))
            .collect();
        assert_eq!(problems.len(), 2, "{problems:#?}");
        assert_eq!(problems[0].0, "users.\"Jane Doe\"");
        assert_eq!(
            problems[1].0,
            "pipelines[0] (\"new-business\").import_names.\"Negotiation\""
        );
        assert!(
            problems[1].1.contains("\"Haggling\" is not a stage"),
            "{problems:#?}"
        );
    }
}
