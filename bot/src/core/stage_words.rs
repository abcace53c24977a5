//! Reading a stage name from the words of a command: stage names can have spaces
//! (`Building Rapport`), and people type them loosely (`building-rapport`, `qual`).

use super::args::{join_text, Word};
use super::env::CoreSettings;
use crate::config::{pipeline_normalize, Pipeline, StageMatch, LOST, WON};

/// What the leading words of a command name as a stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StageWords {
    /// A configured stage, by its exact name, and how many words named it.
    Stage(String, usize),
    /// The closing stages every pipeline ends in.
    Won(usize),
    Lost(usize),
    /// No stage: the words as typed.
    Unknown(String),
}

/// Tries the longest run of up to three leading words that names a stage in any
/// configured pipeline.
pub fn read_stage(words: &[Word], config: &CoreSettings) -> StageWords {
    for count in (1..=words.len().min(3)).rev() {
        let text = join_text(&words[..count]);
        if text.eq_ignore_ascii_case(WON) {
            return StageWords::Won(count);
        }
        if text.eq_ignore_ascii_case(LOST) {
            return StageWords::Lost(count);
        }
        let mut found: Vec<String> = Vec::new();
        for pipeline in &config.settings.pipelines {
            if let StageMatch::Found(stage) = pipeline.find_stage(&text) {
                if !found.contains(&stage.name) {
                    found.push(stage.name.clone());
                }
            }
        }
        if found.len() == 1 {
            return StageWords::Stage(found.remove(0), count);
        }
    }
    StageWords::Unknown(words.first().map(|w| w.text.clone()).unwrap_or_default())
}

/// The stage names of the default pipeline, for error messages.
pub fn known_stages(config: &CoreSettings) -> String {
    config
        .default_pipeline()
        .map(|pipeline| {
            pipeline
                .stages
                .iter()
                .map(|stage| stage.name.as_str())
                .chain([WON, LOST])
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default()
}

/// The stage name of `pipelines` most like `typed`, for "did you mean" when
/// nothing matched it: a typo such as `qualifyng`.
pub fn likest_stage<'a>(
    typed: &str,
    pipelines: impl IntoIterator<Item = &'a Pipeline>,
) -> Option<&'a str> {
    let typed = pipeline_normalize(typed);
    pipelines
        .into_iter()
        .flat_map(|pipeline| pipeline.stages.iter())
        .map(|stage| {
            let likeness = strsim::jaro_winkler(&typed, &pipeline_normalize(&stage.name));
            (likeness, stage.name.as_str())
        })
        .filter(|(likeness, _)| *likeness > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, name)| name)
}

/// "Did you mean `Qualifying`?" for a stage name `typed` wrong, if one is like it.
pub fn did_you_mean<'a>(
    typed: &str,
    pipelines: impl IntoIterator<Item = &'a Pipeline>,
) -> Option<String> {
    likest_stage(typed, pipelines).map(|name| format!("Did you mean {name}?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typo_finds_the_likest_stage() {
        let pipelines = [Pipeline::new_business(), Pipeline::pilot()];
        for (typed, likest) in [
            ("qualifyng", Some("Qualifying")),
            ("presentnig", Some("Presenting")),
            ("prospectin", Some("Prospecting")),
            ("pilot runing", Some("Pilot Running")),
            ("negotiation", None),
            ("zzz", None),
        ] {
            assert_eq!(likest_stage(typed, &pipelines), likest, "{typed}");
        }
    }
}
