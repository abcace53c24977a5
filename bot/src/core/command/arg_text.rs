//! Typed argument values back into the command text the parser reads: in the
//! order of the spec's args, each keyword before its value, names with spaces
//! and free text quoted, people as mentions. A value picked from a platform's
//! option and a word typed by hand thus go through the same parser.

use super::arg::{Arg, ArgKind};
use super::Spec;

/// One value as a platform hands it over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArgValue {
    /// Text, a user id, or one of a choice's words.
    Text(String),
    /// A flag's state.
    Switch(bool),
}

/// Why some values could not become a command, said to the person who sent them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unwritable(pub String);

/// The command text for `spec` with the values `given` (argument name → value).
/// Arguments not given are left out; a name the spec does not have is refused.
pub fn command_text(spec: &Spec, given: &[(String, ArgValue)]) -> Result<String, Unwritable> {
    if let Some((name, _)) = given
        .iter()
        .find(|(name, _)| !spec.args.iter().any(|arg| arg.name == name.as_str()))
    {
        return Err(Unwritable(format!(
            "`{}` has no option `{name}`: the command you used is out of date. \
             Reload the app and try again.",
            spec.name
        )));
    }
    let mut words = vec![spec.name.to_string()];
    for arg in spec.args {
        if let Some((_, value)) = given.iter().find(|(name, _)| name == arg.name) {
            words.extend(arg_words(arg, value)?);
        }
    }
    Ok(words.join(" "))
}

/// The words one argument's value is written as.
fn arg_words(arg: &Arg, value: &ArgValue) -> Result<Vec<String>, Unwritable> {
    match value {
        ArgValue::Switch(on) if arg.kind == ArgKind::Flag => Ok(on
            .then(|| arg.flag_word().to_string())
            .into_iter()
            .collect()),
        ArgValue::Switch(_) => Err(Unwritable(format!("`{}` takes a value.", arg.name))),
        ArgValue::Text(text) => {
            let value = value_word(arg, text.trim())?;
            Ok(arg
                .keyword
                .map(str::to_string)
                .into_iter()
                .chain([value])
                .collect())
        }
    }
}

/// A value given as text, as the parser reads it.
fn value_word(arg: &Arg, text: &str) -> Result<String, Unwritable> {
    match arg.kind {
        ArgKind::Flag => Err(Unwritable(format!("`{}` is either on or off.", arg.name))),
        ArgKind::User => {
            mention(text).ok_or_else(|| Unwritable(format!("`{}` must be one person.", arg.name)))
        }
        ArgKind::Choice(words) => words
            .iter()
            .find(|word| word.eq_ignore_ascii_case(text))
            .map(|word| (*word).to_string())
            .ok_or_else(|| {
                Unwritable(format!(
                    "`{}` is one of: {}; not \"{text}\".",
                    arg.name,
                    words.join(", ")
                ))
            }),
        ArgKind::Amount | ArgKind::Date | ArgKind::Hours => Ok(text.to_string()),
        ArgKind::Schedule | ArgKind::Text => quoted(text, arg),
        ArgKind::Deal
        | ArgKind::Stage
        | ArgKind::BuyerStage
        | ArgKind::Pipeline
        | ArgKind::ChecklistItem
        | ArgKind::Subcommand
        | ArgKind::Zone => one_word(text, arg),
    }
}

/// `<@id>` for a user id of letters and digits (Slack's `U…`, Discord's snowflakes).
fn mention(id: &str) -> Option<String> {
    (!id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric())).then(|| format!("<@{id}>"))
}

/// `text` as one word: as it is when it is one plain word, otherwise quoted.
fn one_word(text: &str, arg: &Arg) -> Result<String, Unwritable> {
    let starts_with_quote = text.starts_with(QUOTES.map(|(open, _)| open));
    if !text.is_empty() && !starts_with_quote && !text.contains(char::is_whitespace) {
        return Ok(text.to_string());
    }
    quoted(text, arg)
}

/// The quotes the parser groups words with, opening and closing.
const QUOTES: [(char, char); 4] = [('"', '"'), ('“', '”'), ('\'', '\''), ('‘', '’')];

/// `text` in the first kind of quotes it does not contain.
fn quoted(text: &str, arg: &Arg) -> Result<String, Unwritable> {
    QUOTES
        .iter()
        .find(|(_, close)| !text.contains(*close))
        .map(|(open, close)| format!("{open}{text}{close}"))
        .ok_or_else(|| {
            Unwritable(format!(
                "`{}` uses every kind of quote (\" “” ' ‘’): leave one kind out.",
                arg.name
            ))
        })
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::config::Settings;
    use crate::core::command::{parse, spec, Command, ParseContext, SPECS};
    use crate::core::env::CoreSettings;

    fn settings() -> CoreSettings {
        CoreSettings::new(Settings::default()).expect("the shipped settings resolve")
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).expect("a day")
    }

    fn text(name: &str, given: &[(&str, ArgValue)]) -> Result<String, Unwritable> {
        let spec = spec(name).expect("a subcommand");
        let given: Vec<(String, ArgValue)> = given
            .iter()
            .map(|(n, v)| ((*n).to_string(), v.clone()))
            .collect();
        command_text(spec, &given)
    }

    fn words(text: &str) -> ArgValue {
        ArgValue::Text(text.to_string())
    }

    /// What the parser makes of `line`, compared as its debug form.
    fn parsed(line: &str, config: &CoreSettings) -> String {
        let cx = ParseContext {
            config,
            today: today(),
        };
        format!("{:?}", parse(line, &cx))
    }

    #[test]
    fn values_become_the_words_the_core_parses() {
        let new = text(
            "new",
            &[
                ("pipeline", words("pilot")),
                ("owner", words("123456789012345678")),
                ("name", words("Acme Corp")),
                ("amount", words("30,000 EUR")),
            ],
        );
        assert_eq!(
            new,
            Ok("new \"Acme Corp\" 30,000 EUR <@123456789012345678> --pipeline pilot".to_string())
        );
        let list = text(
            "list",
            &[
                ("stalled", ArgValue::Switch(true)),
                ("mine", ArgValue::Switch(false)),
                ("stage", words("Building Rapport")),
            ],
        );
        assert_eq!(list, Ok("list \"Building Rapport\" stalled".to_string()));
        let report = text(
            "report",
            &[("since", words("30d")), ("pipeline", words("new-business"))],
        );
        assert_eq!(report, Ok("report new-business since 30d".to_string()));
        let stage = text(
            "stage",
            &[
                ("force", ArgValue::Switch(true)),
                ("deal", words("D-4")),
                ("stage", words("Closing")),
                ("note", words("--force")),
            ],
        );
        assert_eq!(
            stage,
            Ok("stage D-4 Closing \"--force\" --force".to_string()),
            "a note is text, never a flag"
        );
    }

    #[test]
    fn typed_options_parse_as_the_typed_command_does() {
        let config = settings();
        let same = |name: &str, given: &[(&str, ArgValue)], typed: &str| {
            let written = text(name, given).expect("writable");
            assert_eq!(
                parsed(&written, &config),
                parsed(typed, &config),
                "{written}"
            );
            assert!(parsed(typed, &config).starts_with("Ok("), "{typed}");
        };
        same(
            "new",
            &[("name", words("Initech")), ("pipeline", words("pilot"))],
            "new Initech pipeline:pilot",
        );
        same(
            "new",
            &[("name", words("Project 2027")), ("amount", words("20k"))],
            "new \"Project 2027\" 20k",
        );
        same(
            "list",
            &[("stalled", ArgValue::Switch(true))],
            "list stalled",
        );
        same(
            "list",
            &[
                ("who", words("200000000000000002")),
                ("stage", words("qualifying")),
                ("overdue", ArgValue::Switch(true)),
                ("status", words("all")),
            ],
            "list <@200000000000000002> qualifying overdue all",
        );
        same(
            "report",
            &[("pipeline", words("pilot")), ("since", words("2026-01-01"))],
            "report pilot since 2026-01-01",
        );
        same(
            "subscribe",
            &[
                ("schedule", words("0 9 * * 1-5")),
                ("pipeline", words("customer")),
            ],
            "subscribe \"0 9 * * 1-5\" pipeline customer",
        );
        same(
            "next",
            &[
                ("deal", words("D-4")),
                ("what", words("call by")),
                ("when", words("in 3d")),
            ],
            "next D-4 \"call by\" in 3d",
        );
    }

    #[test]
    fn values_that_cannot_be_written_are_refused_with_the_reason() {
        let refused = |name: &str, given: &[(&str, ArgValue)], says: &str| {
            let Err(Unwritable(why)) = text(name, given) else {
                panic!("{name} {given:?} should be refused");
            };
            assert!(why.contains(says), "{why}");
        };
        refused("report", &[("text", words("pilot"))], "out of date");
        refused("list", &[("status", words("maybe"))], "won, lost, all");
        refused("digest", &[("who", words("@everyone"))], "one person");
        refused("list", &[("stalled", words("yes"))], "on or off");
        refused("note", &[("deal", ArgValue::Switch(true))], "takes a value");
        refused(
            "note",
            &[("deal", words("D-1")), ("text", words("a\" b” c' d’"))],
            "every kind of quote",
        );
    }

    #[test]
    fn names_with_quotes_pick_another_kind_of_quote() {
        let note = |value: &str| text("note", &[("deal", words(value))]);
        assert_eq!(
            note("say \"hi\" now"),
            Ok("note “say \"hi\" now”".to_string())
        );
        assert_eq!(note(""), Ok("note \"\"".to_string()));
        assert_eq!(note("\"x"), Ok("note “\"x”".to_string()));
        assert_eq!(note("D-4"), Ok("note D-4".to_string()));
    }

    /// A value of `kind` that the shipped configuration accepts.
    fn sample(kind: ArgKind) -> ArgValue {
        words(match kind {
            ArgKind::Deal => "D-1",
            ArgKind::Stage => "Qualifying",
            ArgKind::BuyerStage => "Evaluation",
            ArgKind::Pipeline => "pilot",
            ArgKind::ChecklistItem => "budget",
            ArgKind::Subcommand => "stage",
            ArgKind::Zone => "Europe/Berlin",
            ArgKind::User => "200000000000000002",
            ArgKind::Amount => "30,000 EUR",
            ArgKind::Date => "2026-12-01",
            ArgKind::Schedule => "0 9 * * 1-5",
            ArgKind::Hours => "08:00-16:00 mon-thu",
            ArgKind::Text => "a few words",
            ArgKind::Choice(words) => words[0],
            ArgKind::Flag => return ArgValue::Switch(true),
        })
    }

    /// Every argument of every subcommand reaches the parser: with all of them
    /// given the command parses, and leaving any one out changes what it reads.
    #[test]
    fn every_argument_of_every_spec_reaches_the_parser() {
        let config = settings();
        for spec in SPECS {
            let all: Vec<(String, ArgValue)> = spec
                .args
                .iter()
                .map(|arg| (arg.name.to_string(), sample(arg.kind)))
                .collect();
            let line = command_text(spec, &all).expect("samples are writable");
            let full = parsed(&line, &config);
            assert!(full.starts_with("Ok("), "{line}: {full}");
            for arg in spec.args {
                let without: Vec<(String, ArgValue)> = all
                    .iter()
                    .filter(|(name, _)| name != arg.name)
                    .cloned()
                    .collect();
                let shorter = command_text(spec, &without).expect("writable");
                assert_ne!(
                    parsed(&shorter, &config),
                    full,
                    "`{}` without `{}` reads the same: the parser ignores it",
                    spec.name,
                    arg.name
                );
            }
        }
    }

    #[test]
    fn a_subcommand_alone_is_its_name() {
        let status = spec("status").expect("status");
        assert_eq!(command_text(status, &[]), Ok("status".to_string()));
        let config = settings();
        assert!(matches!(
            parse(
                "schedules",
                &ParseContext {
                    config: &config,
                    today: today()
                }
            ),
            Ok(Command::Schedules(_))
        ));
    }
}
