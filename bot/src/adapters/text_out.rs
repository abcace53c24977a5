//! Where a renderer writes a line's text: straight onto the end of the message
//! being built, or into a count of its characters, for a sender measuring a
//! line against its limits. One rendering code serves both, so what is
//! measured is what is sent, and neither builds a string per line or per span.
//! Each chat's markup is a [`Dialect`]: how it writes one span; writing,
//! building and measuring a whole line are the same for every chat.

use crate::core::reply::{Line, Span};

/// Text written piece by piece.
pub trait TextOut {
    fn put(&mut self, text: &str);

    /// A number, in decimal.
    fn put_number(&mut self, number: i64) {
        self.put(&number.to_string());
    }
}

impl TextOut for String {
    fn put(&mut self, text: &str) {
        self.push_str(text);
    }
}

/// How many characters were written.
#[derive(Debug, Clone, Copy, Default)]
pub struct CharCount(pub usize);

impl TextOut for CharCount {
    fn put(&mut self, text: &str) {
        self.0 += text.chars().count();
    }
}

/// A chat's markup (Slack's `mrkdwn`, Discord's markdown): how one span is
/// written; the rest follows from it.
pub trait Dialect {
    /// `span` in this markup, written onto the end of `out`.
    fn put_span(out: &mut impl TextOut, span: &Span);

    /// `line` in this markup, written onto the end of `out`.
    fn put_line(out: &mut impl TextOut, line: &Line) {
        for span in &line.0 {
            Self::put_span(out, span);
        }
    }

    /// `line` in this markup.
    fn line(line: &Line) -> String {
        let mut out = String::new();
        Self::put_line(&mut out, line);
        out
    }

    /// How many characters [`Dialect::line`] has, without building it.
    fn line_len(line: &Line) -> usize {
        let mut count = CharCount::default();
        Self::put_line(&mut count, line);
        count.0
    }
}

/// `text` with the ASCII bytes `swap` names replaced, each by its text, written
/// to `out` in as few pieces as there are replacements. Only ASCII can be
/// replaced: it never occurs inside another character's UTF-8 bytes.
pub fn put_swapped(out: &mut impl TextOut, text: &str, swap: impl Fn(u8) -> Option<&'static str>) {
    let mut start = 0;
    for (at, byte) in text.bytes().enumerate() {
        if let Some(with) = byte.is_ascii().then(|| swap(byte)).flatten() {
            out.put(&text[start..at]);
            out.put(with);
            start = at + 1;
        }
    }
    out.put(&text[start..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swapping_and_counting_agree_with_the_text() {
        let swap = |b: u8| (b == b'<').then_some("&lt;");
        let mut out = String::new();
        put_swapped(&mut out, "a<b 東京<", swap);
        assert_eq!(out, "a&lt;b 東京&lt;");
        let mut count = CharCount::default();
        put_swapped(&mut count, "a<b 東京<", swap);
        assert_eq!(count.0, out.chars().count());
        count.put_number(-120);
        assert_eq!(count.0, out.chars().count() + 4);
    }
}
