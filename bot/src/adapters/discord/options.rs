//! Each `/deal` subcommand's Discord options, generated from the core's typed
//! arguments ([`Spec::args`]): Discord's option type for each kind, required
//! options first (as Discord demands), fixed choices, autocomplete; and the way
//! back from the options Discord sends to the values the core writes as command
//! text, so an option and a typed word go through the same parser.

use serde_json::Value;
use serenity::all::{CommandOptionType, CreateCommandOption};

use super::interaction::OptionValue;
use crate::core::command::{Arg, ArgKind, ArgValue, Spec};

/// Discord's longest description.
const DESCRIPTION_LIMIT: usize = 100;

/// The longest text option: the longest note the core keeps.
const TEXT_LIMIT: u16 = 4000;

/// `text` cut to Discord's description limit.
pub fn description(text: &str) -> String {
    if text.chars().count() <= DESCRIPTION_LIMIT {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(DESCRIPTION_LIMIT - 1).collect();
    cut.push('…');
    cut
}

/// The Discord option type that takes values of `kind`.
pub fn option_type(kind: ArgKind) -> CommandOptionType {
    match kind {
        ArgKind::User => CommandOptionType::User,
        ArgKind::Flag => CommandOptionType::Boolean,
        ArgKind::Deal
        | ArgKind::Stage
        | ArgKind::BuyerStage
        | ArgKind::Pipeline
        | ArgKind::ChecklistItem
        | ArgKind::Subcommand
        | ArgKind::Zone
        | ArgKind::Amount
        | ArgKind::Date
        | ArgKind::Schedule
        | ArgKind::Hours
        | ArgKind::Text
        | ArgKind::Choice(_) => CommandOptionType::String,
    }
}

/// The subcommand `spec` with one option per argument, required ones first.
pub fn subcommand(spec: &Spec) -> CreateCommandOption {
    let mut sub = CreateCommandOption::new(
        CommandOptionType::SubCommand,
        spec.name,
        description(spec.summary),
    );
    let required = spec.args.iter().filter(|arg| arg.required);
    let optional = spec.args.iter().filter(|arg| !arg.required);
    for arg in required.chain(optional) {
        sub = sub.add_sub_option(option(arg));
    }
    sub
}

/// The option for one argument.
fn option(arg: &Arg) -> CreateCommandOption {
    let mut option = CreateCommandOption::new(
        option_type(arg.kind),
        arg.name,
        description(arg.description),
    )
    .required(arg.required);
    if arg.kind.suggests() {
        option = option.set_autocomplete(true);
    }
    match arg.kind {
        ArgKind::Choice(words) => {
            for word in words {
                option = option.add_string_choice(*word, *word);
            }
        }
        ArgKind::Text | ArgKind::Schedule | ArgKind::Amount | ArgKind::Date | ArgKind::Hours => {
            option = option.max_length(TEXT_LIMIT);
        }
        _ => {}
    }
    option
}

/// The values of the options Discord sent, by name, as the core takes them: a
/// boolean is a flag's state, anything else (text, a user's id) its text.
pub fn given_values(options: &[OptionValue]) -> Vec<(String, ArgValue)> {
    options
        .iter()
        .filter_map(|option| {
            let value = match option.value.as_ref()? {
                Value::Bool(on) => ArgValue::Switch(*on),
                Value::String(text) => ArgValue::Text(text.clone()),
                other => ArgValue::Text(other.to_string()),
            };
            Some((option.name.clone(), value))
        })
        .collect()
}
