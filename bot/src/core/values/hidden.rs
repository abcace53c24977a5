//! Characters that hide text or change how it reads without being seen: the
//! zero-width characters and bidirectional marks (U+200B–U+200F), the bidi
//! embeddings and overrides (U+202A–U+202E), the bidi isolates
//! (U+2066–U+2069) and the zero-width no-break space (U+FEFF). A deal name
//! with a right-to-left override shows its words backwards; one with a
//! zero-width space looks like another deal's name and is not. They are
//! refused wherever people give the bot text to keep.

/// Whether `c` is one of the invisible formatting characters refused.
pub fn is_hidden(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// The 1-based position of the first hidden character of `text`, and the
/// character, as `U+202E`.
pub fn first_hidden(text: &str) -> Option<(usize, String)> {
    text.chars()
        .enumerate()
        .find(|(_, c)| is_hidden(*c))
        .map(|(index, c)| (index + 1, format!("U+{:04X}", u32::from(c))))
}

/// The sentence that explains the refusal of the hidden character at
/// `position` (named `code`) in `what`.
pub fn explained(what: &str, position: usize, code: &str) -> String {
    format!(
        "Character {position} of the {what} is {code}, an invisible character that hides \
         text or reverses how it reads (it often comes along with pasted text). Type the \
         {what} again without it."
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_refused_range_and_nothing_beside_it() {
        for c in [
            '\u{200B}', '\u{200C}', '\u{200D}', '\u{200E}', '\u{200F}', '\u{202A}', '\u{202B}',
            '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}',
            '\u{FEFF}',
        ] {
            assert!(is_hidden(c), "{c:?}");
        }
        for c in [
            'a', 'ü', ' ', '\u{200A}', '\u{2010}', '\u{2029}', '\u{202F}', '\u{2065}', '\u{206A}',
            '😀',
        ] {
            assert!(!is_hidden(c), "{c:?}");
        }
    }

    #[test]
    fn the_first_one_is_found_by_its_position_in_characters() {
        assert_eq!(first_hidden("Acme"), None);
        assert_eq!(
            first_hidden("Müll\u{202E}er\u{200B}"),
            Some((5, "U+202E".to_string()))
        );
        assert_eq!(first_hidden("\u{FEFF}x"), Some((1, "U+FEFF".to_string())));
    }
}
