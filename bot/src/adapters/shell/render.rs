//! A reply as console text: the title, lines, aligned fields, history excerpt,
//! and the commands its buttons would run (so the reader can type them); a
//! short answer's "Show card" as the hint `/deal show D-n`.

use anstyle::{AnsiColor, Style};

use crate::core::change::SHOW_CARD;
use crate::core::reply::{Line, Reply, Span, Tone, Visibility};

/// Whether to decorate the text with terminal styles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Colour {
    On,
    Off,
}

/// The reply as text, ending in a newline.
pub fn render(reply: &Reply, colour: Colour) -> String {
    let paint = Painter(colour);
    let mut out = String::new();
    if reply.visibility == Visibility::Public {
        out.push_str(&paint.style("(posted to the channel)", Style::new().dimmed()));
        out.push('\n');
    }
    let marker = match reply.tone {
        Tone::Error => Some(paint.style("✗ ", AnsiColor::Red.on_default().bold())),
        Tone::Success => Some(paint.style("✓ ", AnsiColor::Green.on_default().bold())),
        Tone::Info => None,
    };
    // A card's title follows the message about it; any other reply opens with its title.
    let is_card = !reply.fields.is_empty();
    let title = reply
        .title
        .as_ref()
        .map(|title| format!("{}\n", paint.style(title, Style::new().bold().underline())));
    if !is_card {
        out.push_str(title.as_deref().unwrap_or_default());
    }
    let mut first = true;
    for line in &reply.lines {
        if first {
            if let Some(marker) = &marker {
                out.push_str(marker);
            }
            first = false;
        }
        out.push_str(&paint.line(line));
        out.push('\n');
    }
    if is_card {
        out.push_str(title.as_deref().unwrap_or_default());
    }
    let width = reply
        .fields
        .iter()
        .map(|field| field.label.chars().count())
        .max()
        .unwrap_or(0);
    for field in &reply.fields {
        let pad = width - field.label.chars().count();
        out.push_str(&format!(
            "  {}{}  {}\n",
            paint.style(&field.label, Style::new().dimmed()),
            " ".repeat(pad),
            paint.line(&field.value)
        ));
    }
    for line in &reply.footer {
        out.push_str("  ");
        out.push_str(&paint.line(line));
        out.push('\n');
    }
    // The short answers' "Show card" is a hint to type, not an action; a
    // button that opens a form has no command to type as it is.
    let (hints, actions): (Vec<_>, Vec<_>) = reply
        .buttons
        .iter()
        .filter(|button| crate::core::forms::requested(&button.command).is_none())
        .partition(|button| button.label == SHOW_CARD);
    if !actions.is_empty() {
        let commands: Vec<String> = actions
            .iter()
            .map(|button| paint.code(&button.command))
            .collect();
        out.push_str(&format!("  Actions: {}\n", commands.join(" · ")));
    }
    for hint in hints {
        out.push_str(&format!(
            "  The card: {}\n",
            paint.code(&format!("/deal {}", hint.command))
        ));
    }
    if let Some(menu) = &reply.menu {
        if let Some(first) = menu.choices.first() {
            let stages: Vec<&str> = menu.choices.iter().map(|c| c.label.as_str()).collect();
            let prefix = first
                .command
                .rsplit_once(' ')
                .map(|(prefix, _)| prefix)
                .unwrap_or_default();
            let prefix = prefix.split('"').next().unwrap_or(prefix).trim_end();
            out.push_str(&format!(
                "  Move to: {} {}\n",
                paint.code(prefix),
                stages.join(" | ")
            ));
        }
    }
    out
}

struct Painter(Colour);

impl Painter {
    fn style(&self, text: &str, style: Style) -> String {
        match self.0 {
            Colour::On => format!("{style}{text}{style:#}"),
            Colour::Off => text.to_string(),
        }
    }

    fn code(&self, text: &str) -> String {
        match self.0 {
            Colour::On => self.style(text, AnsiColor::Cyan.on_default()),
            Colour::Off => format!("`{text}`"),
        }
    }

    fn line(&self, line: &Line) -> String {
        line.0
            .iter()
            .map(|span| match span {
                Span::Text(text) => text.clone(),
                Span::Strong(text) => self.style(text, Style::new().bold()),
                Span::Code(text) => self.code(text),
                Span::User(id) | Span::Person(id) => {
                    self.style(&format!("@{id}"), AnsiColor::Blue.on_default())
                }
                Span::Time { fallback, .. } => fallback.clone(),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_card_reads_as_aligned_fields_with_its_actions() {
        let reply = Reply::public()
            .line(Line::new().user("rep1").text(" opened ").strong("Acme"))
            .title("D-1 · Acme")
            .field("Stage", "Prospecting")
            .field("Next step", "none")
            .button("Done", "done D-1");
        assert_eq!(
            render(&reply, Colour::Off),
            "(posted to the channel)\n✓ @rep1 opened Acme\nD-1 · Acme\n  Stage      Prospecting\n  Next step  none\n  Actions: `done D-1`\n"
        );
    }
}
