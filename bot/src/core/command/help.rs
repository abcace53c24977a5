//! `help`: every subcommand, or one in detail, generated from the same specs the
//! parser dispatches on.

use super::{spec, Arg, ArgKind, Command, ParseContext, Spec, SPECS};
use crate::core::args::Args;
use crate::core::error::CommandError;
use crate::core::reply::{Line, Reply};

pub static SPEC: Spec = Spec {
    name: "help",
    aliases: &["?", "h"],
    usage: "help [<subcommand>]",
    summary: "List the subcommands, or explain one.",
    details: &[],
    examples: &["help", "help next"],
    args: &[Arg::optional(
        "subcommand",
        ArgKind::Subcommand,
        "A subcommand to explain",
    )],
    parse,
};

#[derive(Debug, Clone, PartialEq)]
pub struct Help {
    pub topic: Option<&'static str>,
}

fn parse(args: &mut Args, _cx: &ParseContext) -> Result<Command, CommandError> {
    let Some(word) = args.next_word() else {
        return Ok(Command::Help(Help { topic: None }));
    };
    match spec(word.text.trim_start_matches('/')) {
        Some(spec) => Ok(Command::Help(Help {
            topic: Some(spec.name),
        })),
        None => Err(CommandError::usage(
            SPEC.name,
            format!("There is no subcommand \"{}\" to explain.", word.text),
        )),
    }
}

impl Help {
    pub fn reply(&self) -> Reply {
        match self.topic.and_then(spec) {
            Some(spec) => topic_help(spec),
            None => overview(),
        }
    }
}

fn overview() -> Reply {
    let mut reply = Reply::private()
        .title("dealbot: keep every deal moving")
        .line(
        "Record each move as it happens; every open deal should have a next step with a due date.",
    );
    for spec in SPECS {
        reply = reply.line(
            Line::new()
                .code(spec.usage)
                .text(format!(" — {}", spec.summary)),
        );
    }
    reply.footer(
        Line::new()
            .text("Name a deal by its id (D-4, or just 4) or part of its name. More on one: ")
            .code("help next"),
    )
}

fn topic_help(spec: &Spec) -> Reply {
    let mut reply = Reply::private()
        .title(format!("/deal {}", spec.name))
        .line(spec.summary)
        .line(Line::new().text("Usage: ").code(spec.usage));
    for detail in spec.details {
        reply = reply.line(*detail);
    }
    for example in spec.examples {
        reply = reply.line(Line::new().text("Example: ").code(*example));
    }
    if !spec.aliases.is_empty() {
        reply = reply.line(format!("Also: {}", spec.aliases.join(", ")));
    }
    reply
}

/// The lines shown beneath a mistake in a subcommand: its usage and an example.
pub fn usage_lines(name: &str) -> Vec<Line> {
    let Some(spec) = spec(name) else {
        return Vec::new();
    };
    let mut lines = vec![Line::new().text("Usage: ").code(spec.usage)];
    if let Some(example) = spec.examples.first() {
        lines.push(Line::new().text("Example: ").code(*example));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_subcommand_is_listed_once_with_unique_names() {
        let text: Vec<String> = overview().lines.iter().map(Line::plain).collect();
        for spec in SPECS {
            assert_eq!(
                text.iter()
                    .filter(|line| line.starts_with(spec.usage))
                    .count(),
                1,
                "{}",
                spec.name
            );
        }
        let mut names: Vec<&str> = SPECS
            .iter()
            .flat_map(|spec| std::iter::once(spec.name).chain(spec.aliases.iter().copied()))
            .collect();
        let count = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), count, "a name or alias is used twice");
    }

    #[test]
    fn the_readme_command_reference_lists_every_subcommand() {
        let readme = include_str!("../../../../README.md");
        for spec in SPECS {
            let row = format!(
                "| `{}` | {} |",
                spec.usage.replace('|', "\\|"),
                spec.summary
            );
            assert!(readme.contains(&row), "README lacks the row: {row}");
        }
    }

    #[test]
    fn every_example_starts_with_its_subcommand() {
        for spec in SPECS {
            for example in spec.examples {
                assert!(example.starts_with(spec.name), "{example}");
            }
        }
    }
}
