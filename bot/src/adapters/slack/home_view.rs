//! A [`Home`] as Slack's App Home tab (a `home` view for `views.publish`),
//! within Slack's limits: at most [`VIEW_BLOCKS`] blocks, every text escaped
//! and cut. Each deal is a section and an actions block (Done, Snooze, Next
//! step and a stage menu) whose `block_id` names the workspace, as a card's
//! does, so a click is checked the same way.

use serde_json::{json, Value};

use super::blocks::{actions_block_id, HEADER_TEXT, SECTION_TEXT};
use super::mrkdwn::{self, truncate, Mrkdwn};
use crate::adapters::text_out::Dialect;
use crate::core::home::Home;
use crate::core::reply::{Button, Line, Menu};

/// Blocks in a modal or a home view.
pub const VIEW_BLOCKS: usize = 100;
/// Sections the due steps and the pipeline each get at most.
const LIST_SECTIONS: usize = 3;
/// Blocks besides the deals: header, New deal, the deals' heading, the "and n
/// more" line, two dividers and the sections of the two lists.
const FIXED_BLOCKS: usize = 6 + 2 * LIST_SECTIONS;
/// How many deals a home lists: two blocks each.
pub const HOME_DEALS: usize = (VIEW_BLOCKS - FIXED_BLOCKS) / 2;
/// A button's label and value, a select option's label and value.
const BUTTON_TEXT: usize = 75;
const BUTTON_VALUE: usize = 2000;
const OPTION_TEXT: usize = 75;
const OPTION_VALUE: usize = 150;
const OPTIONS: usize = 100;

/// The action id of the home's "New deal" button.
pub const NEW_DEAL_ACTION: &str = "home-new-deal";

/// The home view of `home`, for the workspace `workspace` (its key).
pub fn home_view(home: &Home, workspace: &str) -> Value {
    let mut blocks = vec![
        json!({"type": "header", "text": plain("Your deals", HEADER_TEXT)}),
        json!({"type": "actions", "block_id": format!("{} new", actions_block_id(workspace)), "elements": [
            button(&home.new_deal, NEW_DEAL_ACTION.to_string()),
        ]}),
    ];
    let heading = if home.deals.is_empty() {
        "*Your open deals*\nNone yet: open one with *New deal*.".to_string()
    } else {
        "*Your open deals*".to_string()
    };
    blocks.push(section(heading));
    for deal in &home.deals {
        let mut line = Mrkdwn::line(&deal.line);
        if deal.overdue {
            line = format!(":warning: {line}");
        }
        blocks.push(section(line));
        let mut elements: Vec<Value> = deal
            .buttons
            .iter()
            .filter(|button| button.command.chars().count() <= BUTTON_VALUE)
            .enumerate()
            .map(|(index, b)| button(b, format!("button-{index}")))
            .collect();
        elements.extend(deal.stages.as_ref().and_then(stage_menu));
        let block_id = format!("{} D-{}", actions_block_id(workspace), deal.number);
        blocks.push(json!({"type": "actions", "block_id": block_id, "elements": elements}));
    }
    if let Some(more) = home.more_line() {
        blocks.push(json!({"type": "context", "elements": [
            {"type": "mrkdwn", "text": truncate(&Mrkdwn::line(&more), SECTION_TEXT)},
        ]}));
    }
    blocks.push(json!({"type": "divider"}));
    blocks.extend(list(
        "*Due this week*",
        "Nothing due this week.",
        &home.due_this_week,
    ));
    blocks.push(json!({"type": "divider"}));
    blocks.extend(list(
        "*The team's pipeline*",
        "No open deals.",
        &home.pipeline,
    ));
    blocks.truncate(VIEW_BLOCKS);
    json!({"type": "home", "blocks": blocks})
}

/// A heading and its lines, packed into at most [`LIST_SECTIONS`] sections;
/// what does not fit is counted in the last.
fn list(heading: &str, empty: &str, lines: &[Line]) -> Vec<Value> {
    if lines.is_empty() {
        return vec![section(format!("{heading}\n{empty}"))];
    }
    let mut sections: Vec<String> = vec![heading.to_string()];
    let budget = SECTION_TEXT - 40; // room for the "and n more" note
    for (index, line) in lines.iter().enumerate() {
        let text = truncate(&Mrkdwn::line(line), budget);
        let current = sections.last_mut().expect("one section at least");
        if current.chars().count() + 1 + text.chars().count() <= budget {
            current.push('\n');
            current.push_str(&text);
        } else if sections.len() < LIST_SECTIONS {
            sections.push(text);
        } else {
            let left = lines.len() - index;
            let current = sections.last_mut().expect("one section at least");
            current.push_str(&format!("\n…and {left} more"));
            break;
        }
    }
    sections.into_iter().map(section).collect()
}

fn section(text: String) -> Value {
    json!({"type": "section", "text": {"type": "mrkdwn", "text": truncate(&text, SECTION_TEXT)}})
}

fn plain(text: &str, limit: usize) -> Value {
    json!({"type": "plain_text", "text": truncate(&mrkdwn::escape(text), limit)})
}

fn button(button: &Button, action_id: String) -> Value {
    json!({
        "type": "button",
        "action_id": action_id,
        "text": plain(&button.label, BUTTON_TEXT),
        "value": button.command,
    })
}

fn stage_menu(menu: &Menu) -> Option<Value> {
    let options: Vec<Value> = menu
        .choices
        .iter()
        .filter(|choice| choice.command.chars().count() <= OPTION_VALUE)
        .take(OPTIONS)
        .map(|choice| json!({"text": plain(&choice.label, OPTION_TEXT), "value": choice.command}))
        .collect();
    (!options.is_empty()).then(|| {
        json!({
            "type": "static_select",
            "action_id": super::blocks::MENU_ACTION,
            "placeholder": plain(&menu.placeholder, OPTION_TEXT),
            "options": options,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::home::HomeDeal;

    #[test]
    fn a_full_home_stays_within_the_block_limit() {
        let deal = |number| HomeDeal {
            number,
            line: Line::new().text("x".repeat(4000)),
            overdue: number % 2 == 0,
            buttons: vec![Button {
                label: "Done".into(),
                command: format!("done D-{number}"),
            }],
            stages: None,
        };
        let home = Home {
            deals: (1..=HOME_DEALS as i64).map(deal).collect(),
            more_deals: 7,
            due_this_week: (0..500)
                .map(|_| Line::new().text("y".repeat(200)))
                .collect(),
            pipeline: (0..500).map(|_| Line::new().text("<!channel>")).collect(),
            new_deal: Button {
                label: "New deal".into(),
                command: "new".into(),
            },
        };
        let view = home_view(&home, "slack:T1");
        let blocks = view["blocks"].as_array().expect("blocks");
        assert!(blocks.len() <= VIEW_BLOCKS, "{} blocks", blocks.len());
        assert!(view.to_string().contains("and 7 more"));
        assert!(!view.to_string().contains("<!channel>"), "escaped");
        for block in blocks {
            if let Some(text) = block["text"]["text"].as_str() {
                assert!(text.chars().count() <= SECTION_TEXT);
            }
        }
    }
}
