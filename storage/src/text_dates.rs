//! Days and instants read back from text, as either backend prints them when a
//! query turns them into text: SQLite gives back the text it stores
//! (`2026-11-30T09:00:00.5+00:00`, as sqlx writes it, or `2026-11-30 09:00:00`
//! from SQL's own date functions), PostgreSQL its ISO output in the UTC zone
//! sqlx sets (`2026-11-30 09:00:00.5+00`). Parsed by hand: a digest reads
//! thousands of them, and a format string costs more than the rest of a row.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Utc};

/// A calendar day written `YYYY-MM-DD`.
pub(crate) fn day(text: &str) -> Option<NaiveDate> {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    NaiveDate::from_ymd_opt(
        i32::try_from(digits(&bytes[0..4])?).ok()?,
        digits(&bytes[5..7])?,
        digits(&bytes[8..10])?,
    )
}

/// An instant written `YYYY-MM-DD`, `T` or a space, `HH:MM`, optional `:SS` and
/// fraction, then `Z`, an offset (`+01`, `+0100`, `+01:00`) or nothing (UTC).
pub(crate) fn instant(text: &str) -> Option<DateTime<Utc>> {
    let date = day(text.get(..10)?)?;
    let rest = text.get(10..)?.as_bytes();
    if !matches!(rest.first(), Some(b'T' | b't' | b' ')) || rest.len() < 6 || rest[3] != b':' {
        return None;
    }
    let (hour, minute) = (digits(&rest[1..3])?, digits(&rest[4..6])?);
    let mut at = 6;
    let mut second = 0;
    if rest.get(at) == Some(&b':') {
        second = digits(rest.get(at + 1..at + 3)?)?;
        at += 3;
    }
    let mut nanos = 0;
    if rest.get(at) == Some(&b'.') {
        at += 1;
        let start = at;
        while rest.get(at).is_some_and(u8::is_ascii_digit) {
            if at - start < 9 {
                nanos = nanos * 10 + u32::from(rest[at] - b'0');
            }
            at += 1;
        }
        if at == start {
            return None;
        }
        for _ in (at - start)..9 {
            nanos *= 10;
        }
    }
    let time = NaiveTime::from_hms_nano_opt(hour, minute, second, nanos)?;
    let offset = offset(&rest[at..])?;
    let local = NaiveDateTime::new(date, time);
    Some((local - Duration::seconds(i64::from(offset.local_minus_utc()))).and_utc())
}

/// `Z`, nothing, or `±HH`, `±HHMM`, `±HH:MM`.
fn offset(text: &[u8]) -> Option<FixedOffset> {
    let sign = match text.first() {
        None | Some(b'Z' | b'z') if text.len() <= 1 => return FixedOffset::east_opt(0),
        Some(b'+') => 1,
        Some(b'-') => -1,
        _ => return None,
    };
    let (hours, minutes) = match &text[1..] {
        [h1, h2] => (digits(&[*h1, *h2])?, 0),
        [h1, h2, m1, m2] | [h1, h2, b':', m1, m2] => (digits(&[*h1, *h2])?, digits(&[*m1, *m2])?),
        _ => return None,
    };
    let seconds = i32::try_from(hours * 3600 + minutes * 60).ok()?;
    FixedOffset::east_opt(sign * seconds)
}

/// The number the ASCII digits spell; `None` if any is not a digit.
fn digits(bytes: &[u8]) -> Option<u32> {
    bytes.iter().try_fold(0u32, |value, &b| {
        b.is_ascii_digit().then(|| value * 10 + u32::from(b - b'0'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, s)
            .single()
            .expect("a time")
    }

    #[test]
    fn instants_read_as_each_backend_prints_them() {
        let nine = at(2026, 11, 30, 9, 0, 0);
        for text in [
            "2026-11-30T09:00:00+00:00",
            "2026-11-30 09:00:00+00",
            "2026-11-30 09:00:00",
            "2026-11-30T09:00Z",
            "2026-11-30T10:00:00+01:00",
            "2026-11-30T04:30:00-0430",
        ] {
            assert_eq!(instant(text), Some(nine), "{text}");
        }
        assert_eq!(
            instant("2026-11-30 09:00:00.25+00"),
            Some(nine + Duration::milliseconds(250))
        );
        assert_eq!(
            instant("2026-11-30T09:00:00.123456789123Z"),
            Some(nine + Duration::nanoseconds(123_456_789))
        );
        assert_eq!(
            instant("2026-12-01T00:30:00+01:00"),
            Some(at(2026, 11, 30, 23, 30, 0))
        );
    }

    #[test]
    fn anything_else_is_refused() {
        for text in [
            "",
            "2026-11-30",
            "2026-11-30X09:00:00",
            "2026-11-30T9:00:00",
            "2026-11-30T09:00:00.",
            "2026-11-30T09:00:00+1",
            "2026-11-30T09:00:00 UTC",
            "2026-13-01T09:00:00",
            "2026-11-30T25:00:00",
            "é026-11-30T09:00:00",
        ] {
            assert_eq!(instant(text), None, "{text}");
        }
        assert_eq!(day("2026-11-30"), NaiveDate::from_ymd_opt(2026, 11, 30));
        for text in ["2026-11-3", "2026/11/30", "2026-02-30", "20261130xx"] {
            assert_eq!(day(text), None, "{text}");
        }
    }
}
