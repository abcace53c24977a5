//! Cells a spreadsheet would run: one that begins with `=`, `+`, `-`, `@`, a
//! tab or a carriage return is read by Excel, LibreOffice and Google Sheets as
//! a formula (`=HYPERLINK("http://evil.example","x")`), so an export writes it
//! with a `'` in front, which spreadsheets take as "this is text" and do not
//! show. A plain number (`-500`, `-12.50`) is left alone: it can only be a
//! number.
//!
//! Import takes the `'` off again, so the round trip is exact. For that, text
//! that itself begins with `'` is written with one more, and import removes a
//! leading `'` only when what follows would have been escaped: `'Tis` stays
//! `'Tis`, `''Tis` (an export of `'Tis`) reads `'Tis`, `'=1` reads `=1`.

use std::borrow::Cow;

/// The characters a spreadsheet reads a formula from.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// What marks a cell as text, and is itself escaped.
const TEXT_MARK: char = '\'';

/// Whether a cell beginning with `first` is written with a `'` in front.
fn needs_mark(first: char) -> bool {
    FORMULA_STARTS.contains(&first) || first == TEXT_MARK
}

/// `cell` as an export writes it.
pub fn escape(cell: &str) -> Cow<'_, str> {
    match cell.chars().next() {
        Some(first) if needs_mark(first) && !is_plain_number(cell) => {
            Cow::Owned(format!("{TEXT_MARK}{cell}"))
        }
        _ => Cow::Borrowed(cell),
    }
}

/// `cell` as it was before [`escape`].
pub fn unescape(cell: &str) -> &str {
    match cell.strip_prefix(TEXT_MARK) {
        Some(rest) if rest.chars().next().is_some_and(needs_mark) => rest,
        _ => cell,
    }
}

/// `-500`, `-12.50`: an optional minus, digits, and at most one point
/// followed by digits.
fn is_plain_number(cell: &str) -> bool {
    let digits = cell.strip_prefix('-').unwrap_or(cell);
    let (whole, fraction) = match digits.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (digits, None),
    };
    let all_digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    all_digits(whole) && fraction.is_none_or(all_digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_marked_as_text() {
        assert_eq!(
            escape("=HYPERLINK(\"http://evil.example\",\"x\")"),
            "'=HYPERLINK(\"http://evil.example\",\"x\")"
        );
        for cell in [
            "+1 upsell",
            "-call back",
            "@home",
            "\tx",
            "\rx",
            "'Tis",
            "-",
            "-1e5",
            "-1.2.3",
        ] {
            assert_eq!(escape(cell), format!("'{cell}"), "{cell:?}");
        }
        for cell in [
            "Acme",
            "",
            "50000",
            "-500",
            "-12.50",
            "2026-12-01",
            "a=b",
            " =1",
        ] {
            assert_eq!(escape(cell), cell, "{cell:?}");
        }
    }

    #[test]
    fn the_round_trip_is_exact() {
        for cell in [
            "=1+1", "+", "-", "-500", "-12.50", "@", "\t", "'", "''", "'=", "'Tis", "''Tis", "'-5",
            "Acme", "", "it's", "'a", "=='",
        ] {
            assert_eq!(unescape(&escape(cell)), cell, "{cell:?}");
        }
    }

    #[test]
    fn a_quote_that_escapes_nothing_is_kept() {
        assert_eq!(unescape("'Tis the season"), "'Tis the season");
        assert_eq!(unescape("'=SUM(A1)"), "=SUM(A1)");
        assert_eq!(unescape("'"), "'");
    }
}
