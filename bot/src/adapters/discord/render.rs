//! A reply as a Discord message body: one embed (title, lines, fields, history),
//! buttons and a stage menu whose ids are the commands they run, and
//! `allowed_mentions` that pings nobody but the ids the bot means to ping. Every
//! Discord limit is respected by cutting text, never by sending too much.

use serde_json::{json, Value};
use serenity::all::{
    ButtonStyle, Colour, CreateActionRow, CreateAllowedMentions, CreateButton, CreateEmbed,
    CreateSelectMenu, CreateSelectMenuKind, CreateSelectMenuOption, UserId,
};

use super::markdown::{escape, is_snowflake, truncate, Markdown};
use crate::adapters::text_out::Dialect;
use crate::core::reply::{Line, Reply, Tone};

/// Discord's limits (see platform-limits.md).
pub mod limits {
    pub const CONTENT: usize = 2000;
    pub const TITLE: usize = 256;
    pub const DESCRIPTION: usize = 4096;
    pub const FIELDS: usize = 25;
    pub const FIELD_NAME: usize = 256;
    pub const FIELD_VALUE: usize = 1024;
    pub const EMBED_TOTAL: usize = 6000;
    pub const ROWS: usize = 5;
    pub const BUTTONS_PER_ROW: usize = 5;
    pub const CUSTOM_ID: usize = 100;
    pub const BUTTON_LABEL: usize = 80;
    pub const MENU_OPTIONS: usize = 25;
    pub const MENU_TEXT: usize = 100;
}

/// The `custom_id` of the stage menu; the chosen option's value is the command.
pub const MENU_ID: &str = "deal-menu";

/// An invisible field name, for fields that are only a value.
const BLANK: &str = "\u{200B}";

/// The message body for `reply`: `embeds`, `components`, `allowed_mentions`,
/// and `content` mentioning `ping` (the only users it notifies).
pub fn message(reply: &Reply, ping: &[String]) -> Value {
    let ping: Vec<&String> = ping.iter().filter(|id| is_snowflake(id)).collect();
    let mut allowed = CreateAllowedMentions::new();
    let ids: Vec<UserId> = ping
        .iter()
        .filter_map(|id| id.parse::<u64>().ok())
        .filter(|id| *id != 0)
        .map(UserId::new)
        .collect();
    if !ids.is_empty() {
        allowed = allowed.users(ids);
    }
    let mut body = json!({
        "embeds": [embed(reply)],
        "components": components(reply),
        "allowed_mentions": allowed,
    });
    if !ping.is_empty() {
        let content: Vec<String> = ping.iter().map(|id| format!("<@{id}>")).collect();
        body["content"] = json!(truncate(&content.join(" "), limits::CONTENT));
    }
    body
}

fn colour(tone: Tone) -> Colour {
    match tone {
        Tone::Info => Colour::BLURPLE,
        Tone::Success => Colour::DARK_GREEN,
        Tone::Error => Colour::RED,
    }
}

/// The embed, within every per-part limit and the 6000-character total.
fn embed(reply: &Reply) -> CreateEmbed {
    let mut budget = limits::EMBED_TOTAL;
    let mut embed = CreateEmbed::new().colour(colour(reply.tone));
    if let Some(title) = &reply.title {
        let title = truncate(&escape(title), limits::TITLE);
        budget -= title.chars().count();
        embed = embed.title(title);
    }
    if !reply.lines.is_empty() {
        let description = description(&reply.lines, limits::DESCRIPTION.min(budget / 2));
        budget -= description.chars().count();
        embed = embed.description(description);
    }
    let mut fields: Vec<(String, String, bool)> = reply
        .fields
        .iter()
        .map(|field| {
            let value = Markdown::line(&field.value);
            let value = if value.is_empty() {
                BLANK.to_string()
            } else {
                value
            };
            (
                truncate(&escape(&field.label), limits::FIELD_NAME),
                truncate(&value, limits::FIELD_VALUE),
                true,
            )
        })
        .collect();
    if !reply.footer.is_empty() {
        let footer: Vec<String> = reply.footer.iter().map(Markdown::line).collect();
        fields.truncate(limits::FIELDS - 1);
        fields.push((
            BLANK.to_string(),
            truncate(&footer.join("\n"), limits::FIELD_VALUE),
            false,
        ));
    }
    for (name, value, inline) in fields.into_iter().take(limits::FIELDS) {
        let size = name.chars().count() + value.chars().count();
        if size > budget {
            break;
        }
        budget -= size;
        embed = embed.field(name, value, inline);
    }
    embed
}

/// The lines, one under the other, rendered straight into one text and cut
/// to `limit` characters.
fn description(lines: &[Line], limit: usize) -> String {
    let mut text = String::new();
    for (index, line) in lines.iter().enumerate() {
        if index > 0 {
            text.push('\n');
        }
        Markdown::put_line(&mut text, line);
    }
    if text.chars().count() > limit {
        text = truncate(&text, limit);
    }
    text
}

/// Buttons (rows of five) and the stage menu, within five rows. A button whose
/// command is longer than a `custom_id` may be is left out, not cut.
fn components(reply: &Reply) -> Vec<CreateActionRow> {
    let mut rows = Vec::new();
    let menu_rows = usize::from(reply.menu.is_some());
    let buttons: Vec<CreateButton> = reply
        .buttons
        .iter()
        .filter(|button| fits_custom_id(&button.command))
        .enumerate()
        .map(|(i, button)| {
            CreateButton::new(button.command.clone())
                .label(truncate(&button.label, limits::BUTTON_LABEL))
                .style(if i == 0 {
                    ButtonStyle::Success
                } else {
                    ButtonStyle::Secondary
                })
        })
        .collect();
    for chunk in buttons
        .chunks(limits::BUTTONS_PER_ROW)
        .take(limits::ROWS - menu_rows)
    {
        rows.push(CreateActionRow::Buttons(chunk.to_vec()));
    }
    if let Some(menu) = &reply.menu {
        let options: Vec<CreateSelectMenuOption> = menu
            .choices
            .iter()
            .filter(|choice| fits_custom_id(&choice.command))
            .take(limits::MENU_OPTIONS)
            .map(|choice| {
                CreateSelectMenuOption::new(
                    truncate(&choice.label, limits::MENU_TEXT),
                    choice.command.clone(),
                )
            })
            .collect();
        if !options.is_empty() {
            rows.push(CreateActionRow::SelectMenu(
                CreateSelectMenu::new(MENU_ID, CreateSelectMenuKind::String { options })
                    .placeholder(truncate(&menu.placeholder, limits::MENU_TEXT)),
            ));
        }
    }
    rows
}

fn fits_custom_id(command: &str) -> bool {
    let length = command.chars().count();
    let fits = (1..=limits::CUSTOM_ID).contains(&length) && command != MENU_ID;
    if !fits {
        tracing::warn!(
            length,
            "a button's command does not fit a custom_id; left out"
        );
    }
    fits
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_card_becomes_an_embed_with_buttons_and_a_menu() {
        let mut reply = Reply::public()
            .line(Line::new().user("42").text(" opened ").strong("@everyone"))
            .title("D-1 · Acme")
            .field("Stage", "Prospecting")
            .button("Done", "done D-1")
            .button("Too long", "x".repeat(101));
        reply.menu = Some(crate::core::reply::Menu {
            placeholder: "Move to stage…".into(),
            choices: vec![crate::core::reply::Button {
                label: "Qualifying".into(),
                command: "stage D-1 \"Qualifying\"".into(),
            }],
        });
        let body = message(&reply, &[]);
        assert_eq!(
            body["allowed_mentions"],
            json!({"parse": [], "roles": [], "users": []})
        );
        assert!(body.get("content").is_none());
        let embed = &body["embeds"][0];
        assert_eq!(embed["title"], "D-1 · Acme");
        assert_eq!(embed["description"], "<@42> opened **@\u{200B}everyone**");
        let rows = body["components"].as_array().expect("rows");
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0]["components"].as_array().map(Vec::len), Some(1));
        assert_eq!(rows[0]["components"][0]["custom_id"], "done D-1");
        assert_eq!(
            rows[1]["components"][0]["options"][0]["value"],
            "stage D-1 \"Qualifying\""
        );
    }

    #[test]
    fn only_the_given_ids_are_pinged() {
        let body = message(&Reply::public().line("hi"), &["42".to_string()]);
        assert_eq!(body["content"], "<@42>");
        assert_eq!(
            body["allowed_mentions"],
            json!({"parse": [], "roles": [], "users": ["42"]})
        );
    }

    #[test]
    fn huge_replies_stay_within_the_embed_limits() {
        let mut reply = Reply::private().title("t".repeat(1000));
        for i in 0..40 {
            reply = reply.field(format!("f{i}"), "v".repeat(2000));
        }
        reply = reply.line("l".repeat(9000));
        let body = message(&reply, &[]);
        let embed = &body["embeds"][0];
        let text = |v: &Value| v.as_str().map_or(0, |s| s.chars().count());
        let fields = embed["fields"].as_array().expect("fields");
        let total = text(&embed["title"])
            + text(&embed["description"])
            + fields
                .iter()
                .map(|f| text(&f["name"]) + text(&f["value"]))
                .sum::<usize>();
        assert!(text(&embed["title"]) <= 256);
        assert!(text(&embed["description"]) <= 4096);
        assert!(fields.len() <= 25);
        assert!(total <= 6000, "{total}");
    }
}
