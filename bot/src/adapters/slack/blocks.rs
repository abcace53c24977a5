//! A [`Reply`] as Block Kit: a header, the lines as sections, the fields as
//! section fields, the footer (history excerpt, hints) as context, and the
//! buttons and stage menu as an actions block, whose `block_id` names the
//! workspace the message belongs to (a click must come from that workspace:
//! Slack Connect shares channels between workspaces). Every text is escaped
//! and cut to Slack's limits; a reply too long for one message is split into several
//! complete messages marked "part i of n".

use slack_morphism::prelude::*;

use super::mrkdwn::{self, truncate, Mrkdwn};
use crate::adapters::text_out::Dialect;
use crate::core::reply::{Line, Reply, Tone};

/// Blocks per message.
pub const MAX_BLOCKS: usize = 50;
/// Characters in a section's text (and a context element's).
pub const SECTION_TEXT: usize = 3000;
/// Characters in a header's plain text.
pub const HEADER_TEXT: usize = 150;
/// Fields in one section.
pub const FIELDS_PER_SECTION: usize = 10;
/// Characters in one field.
pub const FIELD_TEXT: usize = 2000;
/// Elements in one context block.
const CONTEXT_ELEMENTS: usize = 10;
/// Elements in one actions block.
const ACTION_ELEMENTS: usize = 25;
/// Characters in a button's value and label.
const BUTTON_VALUE: usize = 2000;
const BUTTON_TEXT: usize = 75;
/// A select option's value and label, and how many options a select holds.
const OPTION_VALUE: usize = 150;
const OPTION_TEXT: usize = 75;
const OPTIONS: usize = 100;
/// The fallback `text` shown in notifications: kept short.
const FALLBACK_TEXT: usize = 300;

/// What the actions block's `block_id` starts with; the workspace key follows.
const ACTIONS_BLOCK: &str = "deal-actions ";

/// The workspace key the actions block `block_id` was rendered for, if it
/// names one. A home's actions blocks add the deal after a space (block ids
/// are unique within a view).
pub fn workspace_of_actions(block_id: &str) -> Option<&str> {
    let rest = block_id.strip_prefix(ACTIONS_BLOCK)?;
    Some(rest.split(' ').next().unwrap_or(rest))
}

/// The `block_id` of an actions block of the workspace `workspace` (its key).
pub fn actions_block_id(workspace: &str) -> String {
    format!("{ACTIONS_BLOCK}{workspace}")
}

/// The action id of the stage menu; buttons are `button-<n>`. Both carry the
/// `/deal` command to run as their value.
pub const MENU_ACTION: &str = "stage-menu";

/// The reply as one or more messages of the workspace `workspace` (its key),
/// each within Slack's limits.
pub fn render(reply: &Reply, workspace: &str) -> Vec<SlackMessageContent> {
    let body = body_blocks(reply);
    let actions = actions_block(reply, workspace);
    let room = MAX_BLOCKS - 2; // leaves space for the part marker and the actions
    let mut chunks: Vec<Vec<SlackBlock>> = vec![Vec::new()];
    for block in body {
        if chunks.last().is_some_and(|chunk| chunk.len() == room) {
            chunks.push(Vec::new());
        }
        if let Some(chunk) = chunks.last_mut() {
            chunk.push(block);
        }
    }
    let count = chunks.len();
    let fallback = fallback_text(reply);
    chunks
        .into_iter()
        .enumerate()
        .map(|(index, mut blocks)| {
            let mut text = fallback.clone();
            if count > 1 {
                let marker = format!("part {} of {count}", index + 1);
                blocks.push(context(vec![marker.clone()]));
                text = format!("{text} ({marker})");
            }
            if index + 1 == count {
                if let Some(actions) = &actions {
                    blocks.push(actions.clone());
                }
            }
            SlackMessageContent::new()
                .with_text(text)
                .with_blocks(blocks)
        })
        .collect()
}

/// The one-line text notifications and screen readers show: the first line as
/// `mrkdwn` (user text escaped, mentions real), cut short.
pub fn fallback_text(reply: &Reply) -> String {
    let first = reply
        .lines
        .first()
        .map(Mrkdwn::line)
        .or_else(|| reply.title.as_deref().map(mrkdwn::escape))
        .unwrap_or_else(|| "dealbot".to_string());
    let text = match reply.tone {
        Tone::Error => format!("⚠ {first}"),
        _ => first,
    };
    truncate(&text, FALLBACK_TEXT)
}

fn body_blocks(reply: &Reply) -> Vec<SlackBlock> {
    let mut blocks = Vec::new();
    // A card's title follows the message about it; any other reply opens with it.
    let is_card = !reply.fields.is_empty();
    let header = reply.title.as_deref().map(header);
    if !is_card {
        blocks.extend(header.clone());
    }
    blocks.extend(sections(&reply.lines, reply.tone == Tone::Error));
    if is_card {
        blocks.extend(header);
    }
    for chunk in reply.fields.chunks(FIELDS_PER_SECTION) {
        let fields = chunk
            .iter()
            .map(|field| {
                let text = format!(
                    "*{}*\n{}",
                    mrkdwn::escape(&field.label),
                    Mrkdwn::line(&field.value)
                );
                markdown(truncate(&text, FIELD_TEXT))
            })
            .collect();
        blocks.push(SlackSectionBlock::new().with_fields(fields).into());
    }
    let footer: Vec<String> = reply.footer.iter().map(Mrkdwn::line).collect();
    for chunk in footer.chunks(CONTEXT_ELEMENTS) {
        blocks.push(context(chunk.to_vec()));
    }
    blocks
}

fn header(title: &str) -> SlackBlock {
    let text = truncate(&mrkdwn::escape(title), HEADER_TEXT);
    SlackHeaderBlock::new(SlackBlockPlainText::from(text).into()).into()
}

/// Lines rendered straight into as few sections as fit, one line never split
/// across two (and cut if longer than a section); after `warning` the first
/// opens with a warning sign.
fn sections(lines: &[Line], warning: bool) -> Vec<SlackBlock> {
    let mut blocks = Vec::new();
    let mut current = String::new();
    let mut current_chars = 0;
    for (index, line) in lines.iter().enumerate() {
        let continues = !current.is_empty();
        if continues {
            current.push('\n');
        }
        let start = current.len();
        if index == 0 && warning {
            current.push_str(":warning: ");
        }
        Mrkdwn::put_line(&mut current, line);
        let mut chars = current[start..].chars().count();
        if chars > SECTION_TEXT {
            let cut = truncate(&current[start..], SECTION_TEXT);
            chars = cut.chars().count();
            current.truncate(start);
            current.push_str(&cut);
        }
        if continues && current_chars + 1 + chars > SECTION_TEXT {
            // The line opens the next section instead.
            let next = current.split_off(start);
            current.pop();
            blocks.push(section(std::mem::replace(&mut current, next)));
            current_chars = chars;
        } else {
            current_chars += usize::from(continues) + chars;
        }
    }
    if !current.is_empty() {
        blocks.push(section(current));
    }
    blocks
}

fn section(text: String) -> SlackBlock {
    SlackSectionBlock::new().with_text(markdown(text)).into()
}

fn markdown(text: String) -> SlackBlockText {
    SlackBlockMarkDownText::from(text).into()
}

fn context(elements: Vec<String>) -> SlackBlock {
    SlackContextBlock::new(
        elements
            .into_iter()
            .map(|text| SlackBlockMarkDownText::from(truncate(&text, SECTION_TEXT)).into())
            .collect(),
    )
    .into()
}

fn plain(text: &str, limit: usize) -> SlackBlockPlainTextOnly {
    SlackBlockPlainText::from(truncate(&mrkdwn::escape(text), limit)).into()
}

/// The buttons, then the stage menu; commands too long to carry are left out
/// rather than cut (a cut command would do something else).
fn actions_block(reply: &Reply, workspace: &str) -> Option<SlackBlock> {
    let mut elements: Vec<SlackActionBlockElement> = reply
        .buttons
        .iter()
        .filter(|button| button.command.chars().count() <= BUTTON_VALUE)
        .take(ACTION_ELEMENTS - 1)
        .enumerate()
        .map(|(index, button)| {
            SlackBlockButtonElement::new(plain(&button.label, BUTTON_TEXT))
                .with_action_id(SlackActionId(format!("button-{index}")))
                .with_value(button.command.clone())
                .into()
        })
        .collect();
    if let Some(menu) = &reply.menu {
        let options: Vec<_> = menu
            .choices
            .iter()
            .filter(|choice| choice.command.chars().count() <= OPTION_VALUE)
            .take(OPTIONS)
            .map(|choice| {
                SlackBlockChoiceItem::new(plain(&choice.label, OPTION_TEXT), choice.command.clone())
            })
            .collect();
        if !options.is_empty() {
            elements.push(
                SlackBlockStaticSelectElement::new()
                    .with_action_id(SlackActionId(MENU_ACTION.to_string()))
                    .with_placeholder(plain(&menu.placeholder, OPTION_TEXT))
                    .with_options(options)
                    .into(),
            );
        }
    }
    (!elements.is_empty()).then(|| {
        SlackActionsBlock::new(elements)
            .with_block_id(SlackBlockId(actions_block_id(workspace)))
            .into()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::reply::{Button, Menu};

    fn json(content: &SlackMessageContent) -> serde_json::Value {
        serde_json::to_value(content).expect("serialises")
    }

    #[test]
    fn a_card_has_header_fields_context_and_actions() {
        let mut reply = Reply::public()
            .line(Line::new().user("U1").text(" moved ").strong("Acme"))
            .title("D-1 · Acme <!channel>")
            .field("Stage", "Qualifying")
            .footer(Line::new().strong("Recent"))
            .button("Done", "done D-1");
        reply.menu = Some(Menu {
            placeholder: "Move to stage…".to_string(),
            choices: vec![Button {
                label: "Presenting".to_string(),
                command: "stage D-1 \"Presenting\"".to_string(),
            }],
        });
        let parts = render(&reply, "slack:T1");
        assert_eq!(parts.len(), 1);
        let value = json(&parts[0]);
        let types: Vec<&str> = value["blocks"]
            .as_array()
            .expect("blocks")
            .iter()
            .map(|block| block["type"].as_str().expect("type"))
            .collect();
        assert_eq!(
            types,
            ["section", "header", "section", "context", "actions"]
        );
        assert_eq!(value["blocks"][0]["text"]["text"], "<@U1> moved *Acme*");
        assert_eq!(
            value["blocks"][1]["text"]["text"],
            "D-1 · Acme &lt;!channel&gt;"
        );
        assert_eq!(value["blocks"][4]["elements"][0]["value"], "done D-1");
        assert_eq!(value["blocks"][4]["elements"][1]["type"], "static_select");
        assert_eq!(
            value["blocks"][4]["elements"][1]["options"][0]["value"],
            "stage D-1 \"Presenting\""
        );
    }

    #[test]
    fn long_replies_are_cut_and_split_within_the_limits() {
        let mut reply = Reply::private().title("x".repeat(400));
        for _ in 0..200 {
            reply = reply.line("<".repeat(2000));
        }
        reply = reply.button("Done", "done D-1");
        let parts = render(&reply, "slack:T1");
        assert!(parts.len() > 1, "split into several messages");
        for (index, part) in parts.iter().enumerate() {
            let value = json(part);
            let blocks = value["blocks"].as_array().expect("blocks");
            assert!(blocks.len() <= MAX_BLOCKS);
            for block in blocks {
                if block["type"] == "section" {
                    let text = block["text"]["text"].as_str().expect("text");
                    assert!(text.chars().count() <= SECTION_TEXT);
                    assert!(!text.contains('<'));
                }
                if block["type"] == "header" {
                    assert!(
                        block["text"]["text"]
                            .as_str()
                            .expect("text")
                            .chars()
                            .count()
                            <= HEADER_TEXT
                    );
                }
            }
            let last = blocks.last().expect("a block");
            assert_eq!(last["type"] == "actions", index + 1 == parts.len());
        }
    }
}
