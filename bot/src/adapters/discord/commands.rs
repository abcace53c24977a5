//! The `/deal` application command as Discord sees it: one subcommand per core
//! subcommand (from the core's specs), each with its typed options, some in a
//! group (see [`super::groups`]); and its registration by bulk overwrite, per
//! guild or global.

use serenity::all::{
    Command, CommandOptionType, CreateCommand, CreateCommandOption, GuildId, Http,
};

use super::groups::group_of;
use super::options::{subcommands, Kind, OptionSpec};

/// The application command's name.
pub const COMMAND_NAME: &str = "deal";

/// Discord's longest description.
const DESCRIPTION_LIMIT: usize = 100;

/// `text` cut to Discord's description limit.
fn description(text: &str) -> String {
    if text.chars().count() <= DESCRIPTION_LIMIT {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(DESCRIPTION_LIMIT - 1).collect();
    cut.push('…');
    cut
}

/// The `/deal` command with every subcommand and option, grouped subcommands
/// in their group where the first of them would be.
pub fn deal_command() -> CreateCommand {
    let mut top: Vec<(Option<&'static str>, CreateCommandOption)> = Vec::new();
    for (spec, options) in subcommands() {
        let sub = subcommand(spec.name, spec.summary, options);
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
    let mut command = CreateCommand::new(COMMAND_NAME)
        .description("Keep your sales pipeline moving")
        .dm_permission(false);
    for (_, option) in top {
        command = command.add_option(option);
    }
    command
}

/// One subcommand with its typed options.
fn subcommand(name: &str, summary: &str, options: Vec<OptionSpec>) -> CreateCommandOption {
    let mut sub =
        CreateCommandOption::new(CommandOptionType::SubCommand, name, description(summary));
    for option in options {
        let kind = match option.kind {
            Kind::User => CommandOptionType::User,
            Kind::Flag => CommandOptionType::Boolean,
            Kind::Deal | Kind::Stage | Kind::Text | Kind::Words | Kind::Choice(_) => {
                CommandOptionType::String
            }
        };
        let mut typed =
            CreateCommandOption::new(kind, option.name, description(option.description))
                .required(option.required);
        match option.kind {
            Kind::Deal | Kind::Stage => typed = typed.set_autocomplete(true),
            Kind::Choice(words) => {
                for word in words {
                    typed = typed.add_string_choice(*word, *word);
                }
            }
            Kind::Text | Kind::Words => typed = typed.max_length(4000),
            Kind::User | Kind::Flag => {}
        }
        sub = sub.add_sub_option(typed);
    }
    sub
}

/// Replaces the application's commands with `/deal`: in each of `guild_ids`
/// (instant, for development), or globally when there are none. Idempotent.
pub async fn register(http: &Http, guild_ids: &[u64]) -> anyhow::Result<()> {
    if guild_ids.is_empty() {
        Command::set_global_commands(http, vec![deal_command()]).await?;
        tracing::info!("registered /deal globally");
    }
    for id in guild_ids {
        GuildId::new(*id)
            .set_commands(http, vec![deal_command()])
            .await?;
        tracing::info!(guild = id, "registered /deal in the guild");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_has_every_core_subcommand_with_valid_names() {
        let json = serde_json::to_value(deal_command()).expect("serialises");
        let top = json["options"].as_array().expect("subcommands");
        assert!(top.len() <= 25, "Discord allows 25 options");
        let mut subs = Vec::new();
        for option in top {
            if option["type"] == 2 {
                let members = option["options"].as_array().expect("a group's subcommands");
                assert!(!members.is_empty() && members.len() <= 25);
                subs.extend(members.iter().cloned());
            } else {
                subs.push(option.clone());
            }
        }
        let names: Vec<&str> = subs.iter().filter_map(|s| s["name"].as_str()).collect();
        let specs: Vec<&str> = crate::core::command::SPECS.iter().map(|s| s.name).collect();
        assert_eq!(names.len(), specs.len(), "{names:?}");
        for name in specs {
            assert!(names.contains(&name), "{name} is missing");
        }
        let fix = top
            .iter()
            .find(|o| o["name"] == "fix")
            .expect("the fix group");
        assert_eq!(fix["options"][0]["name"], "rename");
        let stage = subs
            .iter()
            .find(|s| s["name"] == "stage")
            .expect("stage subcommand");
        assert_eq!(stage["options"][0]["name"], "deal");
        assert_eq!(stage["options"][0]["autocomplete"], true);
        assert_eq!(stage["options"][1]["autocomplete"], true);
        for sub in subs {
            let desc = sub["description"].as_str().expect("description");
            assert!((1..=100).contains(&desc.chars().count()), "{desc}");
        }
    }
}
