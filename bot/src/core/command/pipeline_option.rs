//! Naming a pipeline in a command: `pipeline:NAME` or `--pipeline NAME`, as
//! `new` and `list` take it.

use super::ParseContext;
use crate::core::args::Args;
use crate::core::error::CommandError;

/// Whether `word` starts a pipeline option.
pub fn is_pipeline_option(word: &str) -> bool {
    let lower = word.to_lowercase();
    lower.starts_with("pipeline:") || lower == "--pipeline"
}

/// The configured pipeline named by `word` (`pipeline:NAME`, or `--pipeline`
/// followed by the name), if the word is one of those; a refusal of
/// `subcommand` that lists the pipelines when it names none.
pub fn take_pipeline(
    args: &mut Args,
    word: &str,
    cx: &ParseContext,
    subcommand: &'static str,
) -> Option<Result<String, CommandError>> {
    let lower = word.to_lowercase();
    let name = if let Some(name) = lower.strip_prefix("pipeline:") {
        name.to_string()
    } else if lower == "--pipeline" {
        args.next_word().map(|w| w.text).unwrap_or_default()
    } else {
        return None;
    };
    Some(match cx.config.pipeline(&name) {
        Some(pipeline) => Ok(pipeline.name.clone()),
        None => Err(CommandError::usage(
            subcommand,
            format!(
                "\"{name}\" is not a pipeline. Pipelines: {}.",
                cx.config.pipeline_names()
            ),
        )),
    })
}
