//! Slack's `mrkdwn` text: escaping user text (`&`, `<`, `>`), rendering a
//! [`Line`]'s spans (mentions, localised times, bold, code), and cutting text to a
//! limit with an ellipsis without ever splitting an escape or a `<…>` markup.

use crate::adapters::text_out::{put_swapped, Dialect, TextOut};
use crate::core::reply::Span;

/// What a cut string ends with.
pub const ELLIPSIS: char = '…';

/// `text` with the three characters Slack treats as markup escaped, so nobody can
/// ping `<!channel>` or fake a link through a deal name or a note.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    put_escaped(&mut out, text, None);
    out
}

/// [`escape`] into `out`, with the ASCII character `swap` replaced first.
fn put_escaped(out: &mut impl TextOut, text: &str, swap: Option<(u8, &'static str)>) {
    put_swapped(out, text, |byte| match byte {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        _ => swap.and_then(|(from, to)| (from == byte).then_some(to)),
    });
}

/// Text as the person typed it, from the escaped form Slack sends slash command
/// text in (`AT&amp;T` → `AT&T`). Mentions (`<@U1|ann>`) stay as they are; the
/// result is escaped again whenever it is shown.
pub fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Slack's `mrkdwn`: user text escaped, users as real mentions, times as
/// `<!date^…>` so each reader sees their own zone.
#[derive(Debug, Clone, Copy)]
pub struct Mrkdwn;

impl Dialect for Mrkdwn {
    fn put_span(out: &mut impl TextOut, span: &Span) {
        put_span(out, span);
    }
}

fn put_span(out: &mut impl TextOut, span: &Span) {
    match span {
        Span::Text(text) => put_escaped(out, text, None),
        Span::Strong(text) if text.trim().is_empty() => put_escaped(out, text, None),
        Span::Strong(text) => {
            out.put("*");
            put_escaped(out, text, Some((b'*', "∗")));
            out.put("*");
        }
        Span::Code(text) => {
            out.put("`");
            put_escaped(out, text, Some((b'`', "'")));
            out.put("`");
        }
        Span::User(id) if is_slack_id(id) => {
            out.put("<@");
            out.put(id);
            out.put(">");
        }
        // A mention would ping: the sender puts the person's name here first.
        Span::User(name) | Span::Person(name) => {
            out.put("@");
            put_escaped(out, name, None);
        }
        // Messages queued before due dates were calendar days carry the
        // midnight that ended the day; the second before it is the one whose
        // date each reader should see ("Fri", not "Sat").
        Span::Time { at, fallback } => {
            out.put("<!date^");
            out.put_number(at.timestamp() - 1);
            out.put("^{date_short_pretty}|");
            put_escaped(out, fallback, Some((b'|', "/")));
            out.put(">");
        }
    }
}

/// Slack user ids are upper-case letters and digits (`U024BE7LH`, `W…`).
fn is_slack_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 32
        && id
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

/// `text` if it has at most `limit` characters, else its longest prefix that ends
/// outside any `&…;` escape and `<…>` markup, followed by an ellipsis, all within
/// `limit` characters.
pub fn truncate(text: &str, limit: usize) -> String {
    if text.chars().count() <= limit {
        return text.to_string();
    }
    let keep = limit.saturating_sub(1);
    let mut cut = text
        .char_indices()
        .nth(keep)
        .map_or(text.len(), |(index, _)| index);
    let prefix = &text[..cut];
    // Escapes are at most `&amp;` long and contain no other `&`.
    if let Some(amp) = prefix.rfind('&') {
        if !prefix[amp..].contains(';') {
            cut = amp;
        }
    }
    let prefix = &text[..cut];
    if let Some(open) = prefix.rfind('<') {
        if !prefix[open..].contains('>') {
            cut = open;
        }
    }
    let mut out = text[..cut].to_string();
    out.push(ELLIPSIS);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::reply::Line;
    use chrono::TimeZone;

    #[test]
    fn markup_in_user_text_is_escaped() {
        assert_eq!(
            escape("<!channel> & <@U1>"),
            "&lt;!channel&gt; &amp; &lt;@U1&gt;"
        );
        let line = Line::new()
            .user("U123")
            .text(" moved ")
            .strong("<!here> Acme")
            .text(" & co");
        assert_eq!(
            Mrkdwn::line(&line),
            "<@U123> moved *&lt;!here&gt; Acme* &amp; co"
        );
    }

    #[test]
    fn slash_command_text_is_read_as_typed() {
        assert_eq!(
            unescape("new \"AT&amp;T &lt;b&gt;\" <@U1|ann>"),
            "new \"AT&T <b>\" <@U1|ann>"
        );
        assert_eq!(unescape("&amp;lt;"), "&lt;");
        assert_eq!(escape(&unescape("&lt;!channel&gt;")), "&lt;!channel&gt;");
    }

    #[test]
    fn a_user_that_is_not_a_slack_id_is_not_markup() {
        assert_eq!(Mrkdwn::line(&Line::new().user("!channel")), "@!channel");
        assert_eq!(Mrkdwn::line(&Line::new().user("rep1")), "@rep1");
    }

    #[test]
    fn times_are_localised_by_slack() {
        let at = chrono::Utc
            .with_ymd_and_hms(2026, 11, 28, 0, 0, 0)
            .single()
            .expect("valid");
        assert_eq!(
            Mrkdwn::line(&Line::new().time(at, "Fri 27 Nov")),
            format!(
                "<!date^{}^{{date_short_pretty}}|Fri 27 Nov>",
                at.timestamp() - 1
            )
        );
    }

    #[test]
    fn cutting_never_splits_an_escape_or_a_mention() {
        assert_eq!(truncate("short", 10), "short");
        assert_eq!(truncate("abcdef", 4), "abc…");
        // The cut would fall inside `&amp;`: it moves before it.
        assert_eq!(truncate("ab&amp;cd", 5), "ab…");
        assert_eq!(truncate("ab<@U123> x", 6), "ab…");
        assert_eq!(truncate("ab<@U1>cdef", 9), "ab<@U1>c…");
        let long = escape(&"<&>".repeat(2000));
        let cut = truncate(&long, 3000);
        assert!(cut.chars().count() <= 3000);
        assert!(cut.ends_with("&gt;…") || cut.ends_with("&lt;…") || cut.ends_with("&amp;…"));
    }
}
