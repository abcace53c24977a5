//! One Discord interaction, whichever way it came (gateway or HTTP endpoint):
//! the fields the bot reads, and the response it answers with, as Discord JSON.
//!
//! - PING → PONG (type 1);
//! - a server, channel or user id that is not a snowflake (the decimal digits
//!   of a 64-bit number, as Discord writes them) → a refusal, before anything
//!   runs: the workspace key is made from the server's id;
//! - `/deal <subcommand>` → the core's reply as a message (type 4), ephemeral
//!   (flag 64) when private;
//! - autocomplete of an option the core suggests for (deals, stages,
//!   pipelines…) → up to 25 choices (type 8);
//! - a button or the stage menu → the command it carries, run as the clicker:
//!   the card is updated in place (type 7); a refusal is an ephemeral message
//!   (type 4) that leaves the card alone;
//! - `/deal new` without options, a card's Next step and Lost → a form, as a
//!   modal (type 9); its submission (type 5) → the core's forms, the card as
//!   a message, or privately what is wrong with the form.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use dealbot_storage::workspace_key;
use serde::Deserialize;
use serde_json::{json, Value};

use super::channels::ChannelLookup;
use super::commands::COMMAND_NAME;
use super::commands::MESSAGE_COMMAND_NAME;
use super::groups::is_group;
use super::modals::{add_message_modal, entries, kind_of, message_of, modal};
use super::options::given_values;
use super::people::DiscordPeople;
use super::render::{message, MENU_ID};
use crate::adapters::channel_privacy::lookup_failed;
use crate::core::command::{command_text, spec, ArgKind};
use crate::core::env::Invocation;
use crate::core::forms::{self, Outcome};
use crate::core::reply::{Line, Reply, Tone, Visibility};
use crate::core::suggest::Suggestion;
use crate::core::visibility::Viewer;
use crate::core::Core;

/// The platform name on invocations from Discord.
pub const PLATFORM: &str = "discord";

/// Message flag: only the person who asked sees it.
pub const EPHEMERAL: u64 = 64;

/// Interaction types.
mod kind {
    pub const PING: u8 = 1;
    pub const COMMAND: u8 = 2;
    pub const COMPONENT: u8 = 3;
    pub const AUTOCOMPLETE: u8 = 4;
    pub const MODAL_SUBMIT: u8 = 5;
}

/// Response types.
mod respond {
    pub const PONG: u8 = 1;
    pub const MESSAGE: u8 = 4;
    pub const UPDATE_MESSAGE: u8 = 7;
    pub const AUTOCOMPLETE: u8 = 8;
}

/// The parts of an interaction the bot reads.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Incoming {
    #[serde(rename = "type")]
    pub kind: u8,
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub token: String,
    pub guild_id: Option<String>,
    pub channel_id: Option<String>,
    pub member: Option<Member>,
    pub user: Option<UserObject>,
    pub data: Option<Data>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Member {
    pub user: UserObject,
    /// The member's permissions in the channel, as Discord computed them.
    #[serde(default, deserialize_with = "bits")]
    pub permissions: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct UserObject {
    pub id: String,
    #[serde(default, deserialize_with = "null_as_false")]
    pub bot: bool,
}

/// The users Discord resolved for a command's options.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct Resolved {
    #[serde(default)]
    pub users: std::collections::HashMap<String, UserObject>,
    /// The message a message command was used on.
    #[serde(default)]
    pub messages: std::collections::HashMap<String, ResolvedMessage>,
}

/// A message Discord resolved for a message command.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct ResolvedMessage {
    #[serde(default)]
    pub content: String,
    pub channel_id: Option<String>,
}

/// A permission bit set, which Discord writes as a decimal string.
fn bits<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<u64>, D::Error> {
    match Option::<Value>::deserialize(deserializer)? {
        Some(Value::String(text)) => text.parse().map(Some).map_err(serde::de::Error::custom),
        Some(Value::Number(number)) => Ok(number.as_u64()),
        _ => Ok(None),
    }
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct Data {
    pub name: Option<String>,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub options: Vec<OptionValue>,
    pub custom_id: Option<String>,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub values: Vec<String>,
    pub resolved: Option<Resolved>,
    /// A message command's message.
    pub target_id: Option<String>,
    /// A modal submission's rows of text inputs.
    #[serde(default, deserialize_with = "null_as_empty")]
    pub components: Vec<ModalRow>,
}

/// One action row of a submitted modal.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ModalRow {
    #[serde(default, deserialize_with = "null_as_empty")]
    pub components: Vec<ModalInput>,
}

/// One text input of a submitted modal, and what was typed in it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ModalInput {
    #[serde(default)]
    pub custom_id: String,
    pub value: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct OptionValue {
    pub name: String,
    pub value: Option<Value>,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub options: Vec<OptionValue>,
    #[serde(default, deserialize_with = "null_as_false")]
    pub focused: bool,
}

/// A list that may be missing or `null` (serenity writes absent lists as `null`).
fn null_as_empty<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<Vec<T>>::deserialize(deserializer).map(Option::unwrap_or_default)
}

fn null_as_false<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    Option::<bool>::deserialize(deserializer).map(Option::unwrap_or_default)
}

impl Incoming {
    /// The fields the bot reads from an interaction serenity received on the
    /// gateway: serenity writes it back as Discord's JSON, read like the HTTP body.
    pub fn from_gateway(interaction: &serenity::all::Interaction) -> serde_json::Result<Incoming> {
        let mut json = serde_json::to_value(interaction)?;
        if json.get("type").is_none() {
            let kind = match interaction {
                serenity::all::Interaction::Ping(_) => kind::PING,
                serenity::all::Interaction::Command(_) => kind::COMMAND,
                serenity::all::Interaction::Component(_) => kind::COMPONENT,
                serenity::all::Interaction::Autocomplete(_) => kind::AUTOCOMPLETE,
                serenity::all::Interaction::Modal(_) => kind::MODAL_SUBMIT,
                _ => 0,
            };
            json["type"] = json!(kind);
        }
        serde_json::from_value(json)
    }

    /// Whether Discord has interactions of this type (1 to 5).
    pub fn is_known_kind(&self) -> bool {
        (kind::PING..=kind::MODAL_SUBMIT).contains(&self.kind)
    }

    /// Whether every id the bot keys on (server, channel, user) is a snowflake.
    pub fn ids_are_snowflakes(&self) -> bool {
        [
            self.guild_id.as_deref(),
            self.channel_id.as_deref(),
            self.user_id(),
        ]
        .into_iter()
        .flatten()
        .all(is_snowflake)
    }

    fn user_id(&self) -> Option<&str> {
        self.member
            .as_ref()
            .map(|member| member.user.id.as_str())
            .or(self.user.as_ref().map(|user| user.id.as_str()))
    }

    /// The subcommand and its options, for `/deal` commands and autocomplete;
    /// a subcommand in a group (`/deal fix undo`) is the group's first option.
    fn subcommand(&self) -> Option<&OptionValue> {
        let data = self.data.as_ref()?;
        if data.name.as_deref() != Some(COMMAND_NAME) {
            return None;
        }
        let first = data.options.first()?;
        if is_group(&first.name) {
            return first.options.first();
        }
        Some(first)
    }
}

/// A Discord id as Discord writes it: the decimal digits of a non-zero 64-bit
/// number, without a sign or leading zeros (so one id has one spelling).
pub fn is_snowflake(id: &str) -> bool {
    !id.starts_with('0') && id.bytes().all(|b| b.is_ascii_digit()) && id.parse::<u64>().is_ok()
}

/// The response to `incoming`, as Discord JSON.
/// `channels` tells whether the channel is private; without it (no bot
/// token) every channel counts as private.
pub async fn respond(
    core: &Core,
    channels: Option<&ChannelLookup>,
    incoming: &Incoming,
    now: DateTime<Utc>,
) -> Value {
    if incoming.kind == kind::PING {
        return json!({ "type": respond::PONG });
    }
    if !incoming.ids_are_snowflakes() {
        return refusal(
            "This interaction names a server, channel or user that is not a Discord id.",
        );
    }
    let (Some(guild), Some(user)) = (incoming.guild_id.as_deref(), incoming.user_id()) else {
        return refusal("/deal works in a server channel, where your team's deals are.");
    };
    // Autocomplete opens no deal and shows no card: no need to ask.
    let channel_private = match (incoming.kind, incoming.channel_id.as_deref()) {
        (kind::COMMAND | kind::COMPONENT | kind::MODAL_SUBMIT, Some(channel)) => match channels {
            Some(lookup) => lookup.is_private(guild, channel).await,
            None => lookup_failed(PLATFORM, channel, &"no DISCORD_TOKEN to ask with"),
        },
        _ => false,
    };
    let invocation = Invocation {
        platform: PLATFORM.to_string(),
        workspace: workspace_key(PLATFORM, guild),
        user: user.to_string(),
        channel: incoming.channel_id.clone(),
        channel_private,
        timezone: None,
        now,
        people: Arc::new(people_of(incoming)),
    };
    match incoming.kind {
        kind::COMMAND => command(core, incoming, &invocation).await,
        kind::AUTOCOMPLETE => autocomplete(core, incoming, &invocation).await,
        kind::COMPONENT => component(core, incoming, &invocation).await,
        kind::MODAL_SUBMIT => modal_submit(core, incoming, &invocation).await,
        other => {
            tracing::warn!(kind = other, "interaction of an unknown type");
            refusal("dealbot does not know this kind of interaction.")
        }
    }
}

/// What the interaction says of the asker and of the users it resolved.
fn people_of(incoming: &Incoming) -> DiscordPeople {
    let resolved = incoming
        .data
        .as_ref()
        .and_then(|data| data.resolved.as_ref())
        .map(|resolved| {
            resolved
                .users
                .iter()
                .map(|(id, user)| (id.clone(), user.bot))
                .collect()
        })
        .unwrap_or_default();
    DiscordPeople {
        permissions: incoming
            .member
            .as_ref()
            .and_then(|member| member.permissions),
        resolved,
    }
}

async fn command(core: &Core, incoming: &Incoming, invocation: &Invocation) -> Value {
    if let Some(data) = incoming
        .data
        .as_ref()
        .filter(|data| data.name.as_deref() == Some(MESSAGE_COMMAND_NAME))
    {
        return add_message_form(core, data, incoming.channel_id.as_deref());
    }
    let Some((sub, spec)) = incoming
        .subcommand()
        .and_then(|sub| Some((sub, spec(&sub.name)?)))
    else {
        return refusal("This is not a /deal command dealbot knows.");
    };
    let text = match command_text(spec, &given_values(&sub.options)) {
        Ok(text) => text,
        Err(why) => return refusal(&why.0),
    };
    if let Some(kind) = forms::requested(&text) {
        return modal(&forms::form(kind, core.config()));
    }
    let reply = core.handle(invocation, &text).await;
    as_message(&reply)
}

async fn modal_submit(core: &Core, incoming: &Incoming, invocation: &Invocation) -> Value {
    let Some((data, kind)) = incoming
        .data
        .as_ref()
        .and_then(|data| Some((data, kind_of(data.custom_id.as_deref()?)?)))
    else {
        return refusal("This form is not one of dealbot's.");
    };
    let mut entries = entries(data);
    if let (Some((channel, message)), Some(guild)) = (
        data.custom_id.as_deref().and_then(message_of),
        incoming.guild_id.as_deref(),
    ) {
        entries.insert(
            forms::field::LINK.to_string(),
            format!("https://discord.com/channels/{guild}/{channel}/{message}"),
        );
    }
    match core.submit_form(invocation, kind, &entries).await {
        Outcome::Done(reply) | Outcome::Announced(reply) => as_message(&reply),
        Outcome::Invalid(errors) => {
            let form = forms::form(kind, core.config());
            let mut lines = vec![Line::new().text("Nothing was stored: the form needs fixing.")];
            for (field, message) in errors {
                let label = form
                    .fields
                    .iter()
                    .find(|f| f.id == field)
                    .map_or(field, |f| f.label);
                lines.push(Line::new().strong(label).text(format!(": {message}")));
            }
            as_message(&Reply::error(lines))
        }
    }
}

/// The "Add to a deal" form for the message a message command was used on.
fn add_message_form(core: &Core, data: &Data, channel: Option<&str>) -> Value {
    let (Some(target), Some(channel)) = (data.target_id.as_deref(), channel) else {
        return refusal("This message command names no message.");
    };
    if !is_snowflake(target) {
        return refusal("This message command names no message.");
    }
    let content = data
        .resolved
        .as_ref()
        .and_then(|resolved| resolved.messages.get(target))
        .map(|message| message.content.clone())
        .unwrap_or_default();
    let form = forms::form(forms::FormKind::AddMessage, core.config());
    add_message_modal(&form, channel, target, &content)
}

/// An option's value when it is text.
fn text_of(option: &OptionValue) -> Option<&str> {
    option.value.as_ref().and_then(Value::as_str)
}

async fn autocomplete(core: &Core, incoming: &Incoming, invocation: &Invocation) -> Value {
    let Some((sub, spec)) = incoming
        .subcommand()
        .and_then(|sub| Some((sub, spec(&sub.name)?)))
    else {
        return choices(Vec::new());
    };
    let Some(focused) = sub.options.iter().find(|o| o.focused) else {
        return choices(Vec::new());
    };
    let Some(arg) = spec.args.iter().find(|arg| arg.name == focused.name) else {
        return choices(Vec::new());
    };
    let typed = text_of(focused).unwrap_or_default();
    let deal = sub
        .options
        .iter()
        .filter(|o| !o.focused)
        .find(|o| {
            spec.args
                .iter()
                .any(|arg| arg.name == o.name && arg.kind == ArgKind::Deal)
        })
        .and_then(text_of);
    let viewer = Viewer {
        user: Some(&invocation.user),
        channel: invocation.channel.as_deref(),
    };
    let workspace = &invocation.workspace;
    match core
        .suggest_arg(workspace, viewer, arg.kind, typed, deal)
        .await
    {
        Ok(found) => choices(found),
        Err(error) => {
            tracing::error!(error = format!("{error:#}"), "suggestions failed");
            choices(Vec::new())
        }
    }
}

fn choices(suggestions: Vec<Suggestion>) -> Value {
    let choices: Vec<Value> = suggestions
        .into_iter()
        .take(25)
        .filter(|s| s.value.chars().count() <= 100)
        .map(|s| {
            let name: String = if s.label.chars().count() > 100 {
                s.label.chars().take(99).chain(['…']).collect()
            } else {
                s.label
            };
            json!({ "name": name, "value": s.value })
        })
        .collect();
    json!({ "type": respond::AUTOCOMPLETE, "data": { "choices": choices } })
}

async fn component(core: &Core, incoming: &Incoming, invocation: &Invocation) -> Value {
    let Some(data) = &incoming.data else {
        return refusal("This button carries no command.");
    };
    let command = match data.custom_id.as_deref() {
        Some(MENU_ID) => data.values.first().cloned(),
        other => other.map(str::to_string),
    };
    let Some(command) = command.filter(|c| !c.trim().is_empty()) else {
        return refusal("This button carries no command.");
    };
    if let Some(kind) = forms::requested(&command) {
        return modal(&forms::form(kind, core.config()));
    }
    let reply = core.handle_click(invocation, &command).await;
    if reply.tone == Tone::Error {
        return as_message(&reply);
    }
    json!({ "type": respond::UPDATE_MESSAGE, "data": message(&reply, &[]) })
}

/// A reply as a new message: ephemeral when private.
fn as_message(reply: &Reply) -> Value {
    let mut data = message(reply, &[]);
    if reply.visibility == Visibility::Private {
        data["flags"] = json!(EPHEMERAL);
    }
    json!({ "type": respond::MESSAGE, "data": data })
}

/// A private refusal that explains itself.
fn refusal(text: &str) -> Value {
    as_message(&Reply::error(vec![Line::new().text(text)]))
}

#[cfg(test)]
mod tests {
    use super::is_snowflake;

    #[test]
    fn snowflakes_are_the_digits_of_a_64_bit_number() {
        for id in ["100000000000000001", "1", "18446744073709551615"] {
            assert!(is_snowflake(id), "{id}");
        }
        for id in [
            "",
            "0",
            "0100000000000000001",
            "+100000000000000001",
            "T0123ABCD",
            "18446744073709551616",
            "1000 0001",
            "１２３",
        ] {
            assert!(!is_snowflake(id), "{id}");
        }
    }
}
