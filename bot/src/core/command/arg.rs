//! The typed arguments of a subcommand, written once in its [`Spec`](super::Spec)
//! beside its parser: what each argument is, whether it must be given, which
//! word introduces it, and whether it can be suggested while someone types.
//!
//! Platforms with typed options (Discord) build their options from these, and
//! send the values back as command text ([`super::arg_text`]) through the same
//! parser as a typed command. The order of a spec's args is the order their
//! values are written in that text.

/// What kind of value an argument takes; it decides how the value is offered,
/// suggested and written back into command text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArgKind {
    /// A deal: its id (`D-4`) or part of its name. Suggested from the deals.
    Deal,
    /// A seller's stage. Suggested from the deal's pipeline (every pipeline
    /// when no deal is given).
    Stage,
    /// A buyer's stage (`[buyer]`). Suggested.
    BuyerStage,
    /// A configured pipeline. Suggested.
    Pipeline,
    /// A qualification checklist item (`[qualification]`). Suggested.
    ChecklistItem,
    /// A subcommand's name. Suggested.
    Subcommand,
    /// An IANA time zone such as `Europe/Berlin`. Suggested.
    Zone,
    /// A person, by platform user id; written as a mention `<@id>`.
    User,
    /// An amount such as `50k` or `30,000 EUR`; written as typed.
    Amount,
    /// A day or a span such as `fri`, `in 3d`, `30d`, `2026-12-01`; written as typed.
    Date,
    /// A crontab line; written as one quoted word.
    Schedule,
    /// Working hours and days such as `08:00-16:00 mon-thu`; written as typed.
    Hours,
    /// Free text; written as one quoted word, so it is read literally.
    Text,
    /// One of these words.
    Choice(&'static [&'static str]),
    /// On or off: when on, its keyword (or else its name) is written.
    Flag,
}

impl ArgKind {
    /// Whether values of this kind can be suggested while someone types
    /// (see `Core::suggest_arg`).
    pub fn suggests(self) -> bool {
        matches!(
            self,
            ArgKind::Deal
                | ArgKind::Stage
                | ArgKind::BuyerStage
                | ArgKind::Pipeline
                | ArgKind::ChecklistItem
                | ArgKind::Subcommand
                | ArgKind::Zone
        )
    }
}

/// One argument of a subcommand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Arg {
    /// Lower-case letters, digits and `-`: the option's name where options have
    /// names (Discord allows 1–32 characters).
    pub name: &'static str,
    /// One short sentence (Discord allows 1–100 characters).
    pub description: &'static str,
    pub kind: ArgKind,
    /// Whether the subcommand cannot be read without it.
    pub required: bool,
    /// The word written before the value (`since` 30d), or, for a
    /// [`ArgKind::Flag`], the word written when it is on (`--force`).
    pub keyword: Option<&'static str>,
}

impl Arg {
    /// An argument the subcommand needs.
    pub const fn required(name: &'static str, kind: ArgKind, description: &'static str) -> Arg {
        Arg {
            name,
            description,
            kind,
            required: true,
            keyword: None,
        }
    }

    /// An argument that may be left out.
    pub const fn optional(name: &'static str, kind: ArgKind, description: &'static str) -> Arg {
        Arg {
            required: false,
            ..Arg::required(name, kind, description)
        }
    }

    /// A word that is either there or not (`list stalled`).
    pub const fn flag(name: &'static str, description: &'static str) -> Arg {
        Arg::optional(name, ArgKind::Flag, description)
    }

    /// The same argument, introduced by `word` in the command text.
    pub const fn keyword(self, word: &'static str) -> Arg {
        Arg {
            keyword: Some(word),
            ..self
        }
    }

    /// The word a flag writes when it is on.
    pub fn flag_word(&self) -> &'static str {
        self.keyword.unwrap_or(self.name)
    }
}

/// The deal every per-deal subcommand starts with.
pub const DEAL: Arg = Arg::required("deal", ArgKind::Deal, "D-4, or its name");

/// Someone whose deals the subcommand narrows to.
pub const WHO: Arg = Arg::optional("who", ArgKind::User, "Only this person's deals");

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::command::SPECS;

    #[test]
    fn argument_names_are_plain_and_unique_in_each_spec() {
        for spec in SPECS {
            for (index, arg) in spec.args.iter().enumerate() {
                assert!(
                    !arg.name.is_empty()
                        && arg
                            .name
                            .chars()
                            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                    "{}: `{}`",
                    spec.name,
                    arg.name
                );
                assert!(!arg.description.is_empty(), "{} {}", spec.name, arg.name);
                assert!(
                    spec.args[..index].iter().all(|a| a.name != arg.name),
                    "{} has two args `{}`",
                    spec.name,
                    arg.name
                );
            }
        }
    }

    /// Help shows the words a flag or a choice is typed as, so the typed
    /// grammar and the options speak of the same words.
    #[test]
    fn the_usage_shows_every_flag_and_choice_word() {
        for spec in SPECS {
            for arg in spec.args {
                let words: Vec<&str> = match arg.kind {
                    ArgKind::Flag => vec![arg.flag_word()],
                    ArgKind::Choice(words) => words.to_vec(),
                    _ => arg
                        .keyword
                        .map(|k| k.trim_start_matches('-'))
                        .into_iter()
                        .collect(),
                };
                for word in words {
                    assert!(
                        spec.usage.contains(word),
                        "the usage of {} lacks `{word}`: {}",
                        spec.name,
                        spec.usage
                    );
                }
            }
        }
    }

    /// A subcommand whose examples take words must declare its arguments, or
    /// platforms with typed options could not offer them.
    #[test]
    fn a_spec_without_args_takes_no_words() {
        for spec in SPECS.iter().filter(|spec| spec.args.is_empty()) {
            for example in spec.examples {
                assert_eq!(
                    example.split_whitespace().count(),
                    1,
                    "`{example}` takes words, but {} declares no args",
                    spec.name
                );
            }
        }
    }
}
