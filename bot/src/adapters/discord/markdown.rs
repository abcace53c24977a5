//! Discord markdown for a reply's spans: user text escaped so it cannot format,
//! link or mention; real mentions and localised times where the core asks.

use crate::adapters::text_out::{put_swapped, Dialect, TextOut};
use crate::core::reply::Span;

/// `text` as literal Discord text: markdown escaped, and `@` followed by a
/// zero-width space so `@everyone`, `@here` and `<@id>` never read as mentions.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    put_escaped(&mut out, text);
    out
}

/// [`escape`], written onto the end of `out`.
fn put_escaped(out: &mut impl TextOut, text: &str) {
    put_swapped(out, text, |byte| match byte {
        b'\\' => Some("\\\\"),
        b'*' => Some("\\*"),
        b'_' => Some("\\_"),
        b'~' => Some("\\~"),
        b'`' => Some("\\`"),
        b'|' => Some("\\|"),
        b'>' => Some("\\>"),
        b'<' => Some("\\<"),
        b'#' => Some("\\#"),
        b'[' => Some("\\["),
        b']' => Some("\\]"),
        b'@' => Some("@\u{200B}"),
        _ => None,
    });
}

/// Discord's markdown: user text escaped, users as real mentions, times as
/// `<t:…:R>`, which Discord shows relative to each reader's clock.
#[derive(Debug, Clone, Copy)]
pub struct Markdown;

impl Dialect for Markdown {
    fn put_span(out: &mut impl TextOut, span: &Span) {
        put_span(out, span);
    }
}

fn put_span(out: &mut impl TextOut, span: &Span) {
    match span {
        Span::Text(text) => put_escaped(out, text),
        Span::Strong(text) => {
            out.put("**");
            put_escaped(out, text);
            out.put("**");
        }
        Span::Code(text) => {
            out.put("`");
            put_swapped(out, text, |byte| (byte == b'`').then_some("'"));
            out.put("`");
        }
        // In an embed a mention never notifies: only `allowed_mentions` in the
        // content does, and a person named quietly is never put there.
        Span::User(id) | Span::Person(id) if is_snowflake(id) => {
            out.put("<@");
            out.put(id);
            out.put(">");
        }
        Span::User(name) | Span::Person(name) => {
            out.put("@\u{200B}");
            put_escaped(out, name);
        }
        Span::Time { at, .. } => {
            out.put("<t:");
            out.put_number(at.timestamp());
            out.put(":R>");
        }
    }
}

/// A Discord id: digits only.
pub fn is_snowflake(id: &str) -> bool {
    !id.is_empty() && id.len() <= 20 && id.bytes().all(|b| b.is_ascii_digit())
}

/// `text` cut to at most `limit` characters, ending in `…` when cut, never
/// inside a backslash escape or a `<…>` mention or timestamp.
pub fn truncate(text: &str, limit: usize) -> String {
    if text.chars().count() <= limit {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(limit.saturating_sub(1)).collect();
    if cut.ends_with('\\') && !cut.ends_with("\\\\") {
        cut.pop();
    }
    if let Some(open) = cut.rfind('<') {
        if !cut[open..].contains('>') {
            cut.truncate(open);
        }
    }
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::reply::Line;
    use chrono::{TimeZone, Utc};

    #[test]
    fn user_text_cannot_mention_or_format() {
        assert_eq!(escape("@everyone"), "@\u{200B}everyone");
        assert_eq!(escape("<@123>"), "\\<@\u{200B}123\\>");
        assert_eq!(escape("**bold** _it_"), "\\*\\*bold\\*\\* \\_it\\_");
        assert_eq!(escape("[x](http://evil)"), "\\[x\\](http://evil)");
    }

    #[test]
    fn mentions_and_times_are_real() {
        let at = Utc
            .with_ymd_and_hms(2026, 11, 27, 0, 0, 0)
            .single()
            .expect("time");
        let line = Line::new()
            .user("123456789012345678")
            .text(" due ")
            .time(at, "Fri 27 Nov");
        assert_eq!(
            Markdown::line(&line),
            format!("<@123456789012345678> due <t:{}:R>", at.timestamp())
        );
    }

    #[test]
    fn truncation_never_splits_an_escape_or_a_mention() {
        assert_eq!(truncate("abc\\*def", 5), "abc…");
        assert_eq!(truncate("ab <@12345>", 8), "ab …");
        assert_eq!(truncate("short", 5), "short");
    }
}
