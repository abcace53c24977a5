//! Text people give the bot to keep: a [`DealName`] (one line, tidied) and
//! [`FreeText`] for notes, next steps and reasons (may span lines).
//!
//! Lengths are counted in characters, not bytes, so `Müller GmbH` counts 11.
//! Invisible formatting characters (see [`super::hidden`]) are refused in both.
//! Text is kept as typed otherwise: escaping it for a platform is the adapters' job.

use std::fmt;

use super::hidden::{explained, first_hidden};
use super::ValueError;

/// Longest deal name, in characters.
const MAX_DEAL_NAME_CHARS: usize = 200;

/// A deal's name: one line, trimmed, with runs of spaces made one, at most 200
/// characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DealName(String);

impl DealName {
    pub fn parse(input: &str) -> Result<DealName, ValueError> {
        let example = "Give it a name like \"Acme renewal\".";
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(ValueError::new(format!(
                "A deal name can't be empty. {example}"
            )));
        }
        if let Some(position) = first_control(trimmed, |_| false) {
            return Err(ValueError::new(format!(
                "A deal name must be one line of plain text, but character {position} is a \
                 line break, tab or other control character. {example}"
            )));
        }
        if let Some((position, code)) = first_hidden(trimmed) {
            return Err(ValueError::new(format!(
                "{} {example}",
                explained("deal name", position, code.as_str())
            )));
        }
        let name = trimmed.split_whitespace().collect::<Vec<_>>().join(" ");
        let length = name.chars().count();
        if length > MAX_DEAL_NAME_CHARS {
            return Err(ValueError::new(format!(
                "That deal name is {length} characters long; the limit is \
                 {MAX_DEAL_NAME_CHARS}. Shorten it, like \"Acme renewal\"."
            )));
        }
        Ok(DealName(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for DealName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Free text such as a note, a next step or a reason a deal was lost: trimmed,
/// not empty, limited in length, and free of control characters other than line
/// breaks and tabs. Windows line breaks (`\r\n`) are kept as `\n`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FreeText(String);

impl FreeText {
    /// `what` names the text in messages, like `"note"`, `"next step"` or
    /// `"reason"`; `max_chars` is its limit in characters.
    pub fn parse(
        input: &str,
        what: &'static str,
        max_chars: usize,
    ) -> Result<FreeText, ValueError> {
        let text = input.replace("\r\n", "\n");
        let text = text.trim();
        if text.is_empty() {
            return Err(ValueError::new(format!(
                "{} can't be empty: write it after the command, up to {max_chars} characters.",
                capitalized(&with_article(what))
            )));
        }
        if let Some(position) = first_control(text, |c| matches!(c, '\n' | '\t')) {
            return Err(ValueError::new(format!(
                "Character {position} of the {what} is a control character. Write plain \
                 text (line breaks and tabs are fine), up to {max_chars} characters."
            )));
        }
        if let Some((position, code)) = first_hidden(text) {
            return Err(ValueError::new(explained(what, position, &code)));
        }
        let length = text.chars().count();
        if length > max_chars {
            return Err(ValueError::new(format!(
                "That {what} is {length} characters long; the limit is {max_chars}. Shorten it."
            )));
        }
        Ok(FreeText(text.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for FreeText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The 1-based position of the first control character not `allowed`.
fn first_control(text: &str, allowed: impl Fn(char) -> bool) -> Option<usize> {
    text.chars()
        .position(|c| c.is_control() && !allowed(c))
        .map(|index| index + 1)
}

/// `note` → `a note`, `update` → `an update`.
fn with_article(what: &str) -> String {
    let article = if what.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {what}")
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn name(input: &str) -> String {
        match DealName::parse(input) {
            Ok(name) => name.to_string(),
            Err(error) => panic!("{input:?} should parse: {error}"),
        }
    }

    fn name_error(input: &str) -> String {
        let message = DealName::parse(input).unwrap_err().to_string();
        assert!(message.contains("like \"Acme renewal\""), "{message}");
        message
    }

    #[test]
    fn deal_names_are_trimmed_and_tidied() {
        assert_eq!(name("Acme Corp"), "Acme Corp");
        assert_eq!(name("  Acme   Corp  "), "Acme Corp");
        assert_eq!(name("Acme\u{a0}\u{a0}Corp"), "Acme Corp");
        assert_eq!(name("Müller GmbH"), "Müller GmbH");
        assert_eq!(name("Acme @channel"), "Acme @channel");
        assert_eq!(DealName::parse("Acme").unwrap().as_str(), "Acme");
    }

    #[test]
    fn deal_names_count_characters_not_bytes() {
        assert_eq!(name(&"ü".repeat(200)), "ü".repeat(200));
        let message = name_error(&"ü".repeat(201));
        assert!(
            message.contains("201 characters long; the limit is 200"),
            "{message}"
        );
        assert_eq!(name(&format!("  {}  ", "a".repeat(200))).len(), 200);
    }

    #[test]
    fn deal_names_must_not_be_empty() {
        assert!(name_error("").contains("can't be empty"));
        assert!(name_error("  \n ").contains("can't be empty"));
    }

    #[test]
    fn deal_names_are_one_line() {
        for (input, position) in [
            ("Acme\nCorp", 5),
            ("Acme\tCorp", 5),
            ("A\u{7}", 2),
            ("Ab\r", 3),
        ] {
            let message = name_error(&format!("{input}x"));
            assert!(
                message.contains(&format!("character {position} is")),
                "{input:?}: {message}"
            );
        }
        assert!(name_error("Acme\u{0}").contains("control character"));
    }

    #[test]
    fn deal_names_refuse_hidden_characters() {
        let message = name_error("Acme \u{202E}lanoitan");
        assert!(
            message.starts_with("Character 6 of the deal name is U+202E, an invisible character"),
            "{message}"
        );
        assert!(name_error("Ac\u{200B}me").contains("Character 3 of the deal name is U+200B"));
        assert!(name_error("\u{FEFF}Acme").contains("U+FEFF"));
    }

    #[test]
    fn free_text_refuses_hidden_characters() {
        let message = FreeText::parse("call \u{2067}back", "next step", 100)
            .unwrap_err()
            .to_string();
        assert_eq!(
            message,
            "Character 6 of the next step is U+2067, an invisible character that hides text or \
             reverses how it reads (it often comes along with pasted text). Type the next step \
             again without it."
        );
        assert!(FreeText::parse("a\u{200D}b", "note", 100).is_err());
    }

    #[test]
    fn free_text_is_trimmed_and_keeps_lines() {
        let note = FreeText::parse("  call back\n\tafter lunch  ", "note", 100).unwrap();
        assert_eq!(note.as_str(), "call back\n\tafter lunch");
        assert_eq!(note.to_string(), "call back\n\tafter lunch");
        let note = FreeText::parse("one\r\ntwo", "note", 100).unwrap();
        assert_eq!(note.as_str(), "one\ntwo");
        assert_eq!(
            FreeText::parse("ü".repeat(5).as_str(), "note", 5)
                .unwrap()
                .as_str(),
            "üüüüü"
        );
    }

    #[test]
    fn free_text_must_not_be_empty() {
        let message = FreeText::parse("  ", "note", 100).unwrap_err().to_string();
        assert_eq!(
            message,
            "A note can't be empty: write it after the command, up to 100 characters."
        );
        let message = FreeText::parse("", "next step", 100)
            .unwrap_err()
            .to_string();
        assert!(
            message.starts_with("A next step can't be empty"),
            "{message}"
        );
        let message = FreeText::parse("", "update", 100).unwrap_err().to_string();
        assert!(message.starts_with("An update can't be empty"), "{message}");
    }

    #[test]
    fn free_text_has_a_limit() {
        let message = FreeText::parse(&"ü".repeat(6), "reason", 5)
            .unwrap_err()
            .to_string();
        assert_eq!(
            message,
            "That reason is 6 characters long; the limit is 5. Shorten it."
        );
    }

    #[test]
    fn free_text_refuses_other_control_characters() {
        let message = FreeText::parse("ok\u{1b}[31m", "note", 100)
            .unwrap_err()
            .to_string();
        assert!(
            message.contains("Character 3 of the note is a control character"),
            "{message}"
        );
        assert!(
            message.contains("line breaks and tabs are fine"),
            "{message}"
        );
        assert!(FreeText::parse("a\rb", "note", 100).is_err());
        assert!(FreeText::parse("a\u{0}b", "note", 100).is_err());
    }
}
