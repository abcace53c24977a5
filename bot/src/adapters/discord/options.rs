//! The typed options of each `/deal` subcommand on Discord, and the way back from
//! the options Discord sends to the command text the core parses.
//!
//! The subcommands themselves come from the core's [`SPECS`]; a subcommand this
//! table does not know gets one free-text option, `text`, so it still works.

use serde_json::Value;

use crate::core::command::{Spec, SPECS};

/// What kind of value an option takes, and how it goes back into command text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A deal, with autocomplete over the guild's deals.
    Deal,
    /// A stage name, with autocomplete over the configured stages.
    Stage,
    /// A Discord user, written back as `<@id>`.
    User,
    /// Free text, quoted if it has spaces.
    Text,
    /// Words the core reads as they are (a due date such as `in 3d`, an amount
    /// such as `12,500 EUR`): passed unquoted.
    Words,
    /// A yes/no flag, written back as the option's name when true.
    Flag,
    /// One of fixed words.
    Choice(&'static [&'static str]),
}

/// One option of a subcommand.
#[derive(Debug, Clone, Copy)]
pub struct OptionSpec {
    pub name: &'static str,
    pub description: &'static str,
    pub kind: Kind,
    pub required: bool,
}

const fn opt(name: &'static str, kind: Kind, description: &'static str) -> OptionSpec {
    OptionSpec {
        name,
        description,
        kind,
        required: true,
    }
}

const fn maybe(name: &'static str, kind: Kind, description: &'static str) -> OptionSpec {
    OptionSpec {
        name,
        description,
        kind,
        required: false,
    }
}

const DEAL: OptionSpec = opt(
    "deal",
    Kind::Deal,
    "The deal: its id (D-4) or part of its name",
);

/// The options of the subcommand `name`, in the order the core reads them.
pub fn options_of(name: &str) -> Vec<OptionSpec> {
    match name {
        "new" => vec![
            opt("name", Kind::Text, "The deal's name, e.g. Acme Corp"),
            maybe("amount", Kind::Words, "Its value, e.g. 50k or $1.2M"),
            maybe("owner", Kind::User, "Who owns it (you, if not given)"),
        ],
        "show" | "done" | "history" | "delete" | "restore" => vec![DEAL],
        "rename" => vec![DEAL, opt("name", Kind::Text, "The deal's new name")],
        "merge" => vec![
            DEAL,
            opt("into", Kind::Deal, "The deal it duplicates, which stays"),
        ],
        "list" => vec![
            maybe("mine", Kind::Flag, "Only your deals"),
            maybe("who", Kind::User, "Only this person's deals"),
            maybe("stage", Kind::Stage, "Only deals in this stage"),
            maybe(
                "overdue",
                Kind::Flag,
                "Only deals with an overdue next step",
            ),
            maybe(
                "status",
                Kind::Choice(&["won", "lost", "all"]),
                "Closed deals instead of open ones",
            ),
        ],
        "stage" => vec![
            DEAL,
            opt("stage", Kind::Stage, "The stage to move it to"),
            maybe("note", Kind::Text, "Why, in a few words"),
        ],
        "next" => vec![
            DEAL,
            opt("what", Kind::Text, "The next step, e.g. send the proposal"),
            opt("when", Kind::Words, "Due: tomorrow, fri, in 3d, 2026-12-01"),
        ],
        "snooze" => vec![
            DEAL,
            maybe(
                "until",
                Kind::Words,
                "1d, 3d, 1w, fri or 2026-12-01 (1d if not given)",
            ),
        ],
        "owner" => vec![DEAL, opt("owner", Kind::User, "The new owner")],
        "amount" => vec![
            DEAL,
            opt("amount", Kind::Words, "e.g. 50k, $1.2M, 12,500 EUR"),
        ],
        "close-date" => vec![
            DEAL,
            opt("when", Kind::Words, "Expected close: fri, 2026-12-01"),
        ],
        "won" => vec![DEAL, maybe("note", Kind::Text, "A word on the win")],
        "lost" => vec![DEAL, opt("reason", Kind::Text, "Why it was lost")],
        "note" => vec![DEAL, opt("text", Kind::Text, "The note")],
        "tz" => vec![maybe(
            "zone",
            Kind::Words,
            "An IANA zone such as Europe/Paris (empty shows yours)",
        )],
        "help" => vec![maybe("subcommand", Kind::Text, "A subcommand to explain")],
        "buyer" => vec![
            DEAL,
            opt("stage", Kind::Words, "The buyer's stage, e.g. evaluation"),
            maybe("note", Kind::Text, "What you heard"),
        ],
        "qualify" => vec![
            DEAL,
            maybe(
                "item",
                Kind::Words,
                "vision, budget, authority, need or timeframe",
            ),
            maybe(
                "answer",
                Kind::Choice(&["yes", "no", "unknown"]),
                "Whether it holds",
            ),
            maybe("note", Kind::Text, "Why, in a few words"),
        ],
        "digest" => vec![maybe("who", Kind::User, "Only this person's deals")],
        "subscribe" => vec![
            opt(
                "schedule",
                Kind::Text,
                "A crontab line: 0 9 * * 1-5 is 09:00 Monday to Friday",
            ),
            maybe("zone", Kind::Words, "An IANA zone such as Europe/Berlin"),
            maybe("who", Kind::User, "Only this person's deals"),
        ],
        "unsubscribe" | "schedules" | "status" | "undo" => Vec::new(),
        _ => vec![maybe(
            "text",
            Kind::Text,
            "The rest of the command, as in /deal help",
        )],
    }
}

/// Every subcommand the core knows, with its Discord options.
pub fn subcommands() -> impl Iterator<Item = (&'static Spec, Vec<OptionSpec>)> {
    SPECS.iter().map(|spec| (*spec, options_of(spec.name)))
}

/// Why options could not become a command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unwritable(pub String);

/// The command text for `subcommand` with the options Discord sent (name → raw
/// JSON value), in the subcommand's option order, values with spaces quoted.
pub fn command_text(subcommand: &str, given: &[(String, Value)]) -> Result<String, Unwritable> {
    let mut words = vec![subcommand.to_string()];
    for spec in options_of(subcommand) {
        let Some((_, value)) = given.iter().find(|(name, _)| name == spec.name) else {
            continue;
        };
        match spec.kind {
            Kind::Flag => {
                if value.as_bool() == Some(true) {
                    words.push(spec.name.to_string());
                }
            }
            Kind::User => {
                let id = value_text(value);
                if !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()) {
                    words.push(format!("<@{id}>"));
                } else {
                    return Err(Unwritable(format!("`{}` must be a user.", spec.name)));
                }
            }
            Kind::Words => words.push(value_text(value)),
            Kind::Text if spec.name == "text" && subcommand != "note" => {
                // The free-text fallback is the rest of a command: pass it as typed.
                words.push(value_text(value));
            }
            Kind::Deal | Kind::Stage | Kind::Text | Kind::Choice(_) => {
                words.push(quote(&value_text(value)).map_err(|()| {
                    Unwritable(format!(
                        "`{}` uses every kind of quote; leave one kind out.",
                        spec.name
                    ))
                })?);
            }
        }
    }
    Ok(words.join(" "))
}

fn value_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// `text` as one word of a command: as it is when it is one plain word,
/// otherwise in the first kind of quotes it does not contain.
fn quote(text: &str) -> Result<String, ()> {
    let starts_with_quote = text.starts_with(['"', '\'', '“', '‘']);
    if !text.is_empty() && !starts_with_quote && !text.contains(char::is_whitespace) {
        return Ok(text.to_string());
    }
    for (open, close) in [('"', '"'), ('“', '”'), ('\'', '\''), ('‘', '’')] {
        if !text.contains(close) {
            return Ok(format!("{open}{text}{close}"));
        }
    }
    Err(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn given(pairs: &[(&str, Value)]) -> Vec<(String, Value)> {
        pairs
            .iter()
            .map(|(n, v)| ((*n).to_string(), v.clone()))
            .collect()
    }

    #[test]
    fn options_become_the_words_the_core_parses() {
        let text = command_text(
            "new",
            &given(&[
                ("owner", json!("123456789012345678")),
                ("name", json!("Acme Corp")),
                ("amount", json!("50k")),
            ]),
        );
        assert_eq!(
            text,
            Ok("new \"Acme Corp\" 50k <@123456789012345678>".to_string())
        );
        let text = command_text(
            "list",
            &given(&[("overdue", json!(true)), ("mine", json!(false))]),
        );
        assert_eq!(text, Ok("list overdue".to_string()));
    }

    #[test]
    fn quotes_inside_values_pick_another_kind_of_quote() {
        assert_eq!(quote("say \"hi\" now"), Ok("“say \"hi\" now”".to_string()));
        assert_eq!(quote(""), Ok("\"\"".to_string()));
        assert_eq!(quote("\"x"), Ok("“\"x”".to_string()));
        assert_eq!(quote("a\" b” c' d’"), Err(()));
    }

    #[test]
    fn every_subcommand_fits_discord() {
        for (spec, options) in subcommands() {
            assert!((1..=32).contains(&spec.name.len()), "{}", spec.name);
            assert!(options.len() <= 25);
            for option in options {
                assert!(
                    (1..=100).contains(&option.description.len()),
                    "{}",
                    option.name
                );
            }
        }
    }
}
