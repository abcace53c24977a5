//! The `/deal` application command as Discord sees it: one subcommand per core
//! subcommand (from the core's specs), each with the options generated from its
//! typed arguments, some in a group (see [`super::groups`]); and its
//! registration by bulk overwrite, per guild or global.

use serenity::all::{
    Command, CommandOptionType, CommandType, CreateCommand, CreateCommandOption, GuildId, Http,
};

use super::groups::group_of;
use super::options::{description, subcommand};
use crate::core::command::SPECS;

/// The application command's name.
pub const COMMAND_NAME: &str = "deal";

/// The message command's name, as Discord shows it in a message's Apps menu
/// (message commands are counted apart from the 25 slash commands).
pub const MESSAGE_COMMAND_NAME: &str = "Add to a deal";

/// The message command that adds a message to a deal (type 3: no options,
/// no description).
pub fn message_command() -> CreateCommand {
    CreateCommand::new(MESSAGE_COMMAND_NAME)
        .kind(CommandType::Message)
        .dm_permission(false)
}

/// The `/deal` command with every subcommand and its options, from the core's
/// specs; grouped subcommands sit in their group, where the first of them would be.
pub fn deal_command() -> CreateCommand {
    let mut top: Vec<(Option<&'static str>, CreateCommandOption)> = Vec::new();
    for spec in SPECS {
        let sub = subcommand(spec);
        let Some(group) = group_of(spec.name) else {
            top.push((None, sub));
            continue;
        };
        match top.iter_mut().find(|(name, _)| *name == Some(group.name)) {
            Some((_, option)) => *option = option.clone().add_sub_option(sub),
            None => top.push((
                Some(group.name),
                CreateCommandOption::new(
                    CommandOptionType::SubCommandGroup,
                    group.name,
                    description(group.description),
                )
                .add_sub_option(sub),
            )),
        }
    }
    top.into_iter().fold(
        CreateCommand::new(COMMAND_NAME)
            .description("Keep your sales pipeline moving")
            .dm_permission(false),
        |command, (_, option)| command.add_option(option),
    )
}

/// Replaces the application's commands with `/deal`: in each of `guild_ids`
/// (instant, for development), or globally when there are none. Idempotent.
pub async fn register(http: &Http, guild_ids: &[u64]) -> anyhow::Result<()> {
    if guild_ids.is_empty() {
        Command::set_global_commands(http, vec![deal_command(), message_command()]).await?;
        tracing::info!("registered /deal globally");
    }
    for id in guild_ids {
        GuildId::new(*id)
            .set_commands(http, vec![deal_command(), message_command()])
            .await?;
        tracing::info!(guild = id, "registered /deal in the guild");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;
    use crate::core::command::{Arg, ArgKind};

    /// The subcommands as registered with Discord.
    /// The command's top-level options: subcommands and groups.
    fn top_level() -> Vec<Value> {
        let json = serde_json::to_value(deal_command()).expect("serialises");
        json["options"].as_array().cloned().expect("subcommands")
    }

    /// Every subcommand as registered, a group's in its place, in help order.
    fn registered() -> Vec<Value> {
        let mut subs = Vec::new();
        for option in top_level() {
            if option["type"] == 2 {
                subs.extend(options_of(&option));
            } else {
                subs.push(option);
            }
        }
        subs
    }

    fn options_of(sub: &Value) -> Vec<Value> {
        sub["options"].as_array().cloned().unwrap_or_default()
    }

    fn description_of_fits(value: &Value) -> bool {
        let text = value["description"].as_str().unwrap_or_default();
        (1..=100).contains(&text.chars().count())
    }

    fn flag(value: &Value, key: &str) -> bool {
        value[key].as_bool().unwrap_or(false)
    }

    /// Discord's option type numbers: 3 string, 5 boolean, 6 user.
    fn discord_type(arg: &Arg) -> u64 {
        match arg.kind {
            ArgKind::User => 6,
            ArgKind::Flag => 5,
            _ => 3,
        }
    }

    /// Must show: every argument of every spec has its Discord option (of its
    /// type, required as the parser needs it, with its choices or autocomplete),
    /// and every Discord option is an argument of its spec.
    #[test]
    fn every_spec_argument_has_its_discord_option_and_back() {
        let subs = registered();
        let names: Vec<&str> = subs.iter().filter_map(|s| s["name"].as_str()).collect();
        let specs: Vec<&str> = SPECS.iter().map(|spec| spec.name).collect();
        assert_eq!(names, specs, "one subcommand per spec, in help order");
        for (spec, sub) in SPECS.iter().zip(&subs) {
            assert_eq!(sub["type"], 1, "{} is a subcommand", spec.name);
            let options = options_of(sub);
            for arg in spec.args {
                let option = options
                    .iter()
                    .find(|o| o["name"] == arg.name)
                    .unwrap_or_else(|| panic!("`{}` has no option `{}`", spec.name, arg.name));
                let here = format!("{} {}", spec.name, arg.name);
                assert_eq!(option["type"], discord_type(arg), "{here}");
                assert_eq!(flag(option, "required"), arg.required, "{here}");
                assert_eq!(flag(option, "autocomplete"), arg.kind.suggests(), "{here}");
                let choices: Vec<&str> = option["choices"]
                    .as_array()
                    .map(|c| c.iter().filter_map(|c| c["value"].as_str()).collect())
                    .unwrap_or_default();
                match arg.kind {
                    ArgKind::Choice(words) => assert_eq!(choices, words, "{here}"),
                    _ => assert!(choices.is_empty(), "{here}"),
                }
            }
            for option in &options {
                assert!(
                    spec.args.iter().any(|arg| option["name"] == arg.name),
                    "Discord option `{}` of `{}` is no argument of its spec",
                    option["name"],
                    spec.name
                );
            }
            assert_eq!(options.len(), spec.args.len(), "{}", spec.name);
        }
    }

    /// Discord refuses the whole command if one part breaks its rules. The
    /// combined length counts every name, description and choice of the
    /// command; 4000 is the limit command-validating libraries (twilight,
    /// sapphire) hold to.
    #[test]
    fn the_command_fits_discords_limits() {
        let top = top_level();
        assert!(top.len() <= 25, "Discord allows 25 subcommands or groups");
        for group in top.iter().filter(|option| option["type"] == 2) {
            let members = options_of(group);
            assert!(!members.is_empty() && members.len() <= 25, "{group}");
            assert!(description_of_fits(group), "{group}");
        }
        let subs = registered();
        let name_ok = |name: &str| {
            (1..=32).contains(&name.chars().count())
                && name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-_".contains(c))
        };
        let description_ok = |value: &Value| {
            let text = value["description"].as_str().unwrap_or_default();
            (1..=100).contains(&text.chars().count())
        };
        let mut total = COMMAND_NAME.len() + "Keep your sales pipeline moving".len();
        for group in top.iter().filter(|option| option["type"] == 2) {
            total += group["name"].as_str().unwrap_or_default().chars().count();
            total += group["description"]
                .as_str()
                .unwrap_or_default()
                .chars()
                .count();
        }
        for sub in &subs {
            let sub_name = sub["name"].as_str().unwrap_or_default();
            assert!(name_ok(sub_name) && description_ok(sub), "{sub}");
            total += sub_name.chars().count();
            total += sub["description"]
                .as_str()
                .unwrap_or_default()
                .chars()
                .count();
            let options = options_of(sub);
            assert!(options.len() <= 25, "{sub_name}: at most 25 options");
            let first_optional = options.iter().position(|o| !flag(o, "required"));
            if let Some(first) = first_optional {
                assert!(
                    options[first..].iter().all(|o| !flag(o, "required")),
                    "{sub_name}: Discord wants required options first"
                );
            }
            for option in &options {
                let name = option["name"].as_str().unwrap_or_default();
                assert!(
                    name_ok(name) && description_ok(option),
                    "{sub_name}: {option}"
                );
                total += name.chars().count();
                total += option["description"]
                    .as_str()
                    .unwrap_or_default()
                    .chars()
                    .count();
                let choices = option["choices"].as_array().cloned().unwrap_or_default();
                assert!(choices.len() <= 25, "{sub_name} {name}: at most 25 choices");
                for choice in choices {
                    total += choice["name"].as_str().unwrap_or_default().chars().count();
                    total += choice["value"].as_str().unwrap_or_default().chars().count();
                }
            }
        }
        assert!(
            total <= 4000,
            "{total} characters: Discord allows 4000 in one command"
        );
    }
}
