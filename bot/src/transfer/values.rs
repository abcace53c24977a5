//! Cell values as files write them: amounts as plain decimals (`1234.50`) and
//! dates as `YYYY-MM-DD`. Names, amounts and currencies are read with the
//! core's own parsers; dates differ from chat on purpose: a file records facts,
//! so past dates are fine and relative words (`fri`) mean nothing.

use chrono::NaiveDate;

/// An amount in hundredths as a plain decimal: `50000`, `1234.50`.
pub fn plain_amount(minor: i64) -> String {
    let whole = minor / 100;
    let cents = (minor % 100).abs();
    if cents == 0 {
        whole.to_string()
    } else {
        format!("{whole}.{cents:02}")
    }
}

/// A date written `2026-12-01`, optionally followed by a time (`2026-12-01
/// 00:00`, `2026-12-01T00:00:00Z`, as CRM exports write them), which is ignored.
pub fn parse_date(cell: &str) -> Result<NaiveDate, String> {
    let text = cell.trim();
    let date_part = match text.get(10..) {
        Some(rest) if rest.starts_with([' ', 'T']) => &text[..10],
        _ => text,
    };
    NaiveDate::parse_from_str(date_part, "%Y-%m-%d").map_err(|_| {
        format!("\"{text}\" is not a date. Write dates as year-month-day, like 2026-12-01.")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_written_without_grouping_or_needless_cents() {
        assert_eq!(plain_amount(5_000_000), "50000");
        assert_eq!(plain_amount(123_450), "1234.50");
        assert_eq!(plain_amount(5), "0.05");
    }

    #[test]
    fn dates_with_times_keep_the_date() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 1).expect("valid");
        assert_eq!(parse_date("2026-12-01"), Ok(day));
        assert_eq!(parse_date(" 2026-12-01 00:00"), Ok(day));
        assert_eq!(parse_date("2026-12-01T09:30:00Z"), Ok(day));
        let error = parse_date("12/01/2026").expect_err("not ISO");
        assert!(error.contains("2026-12-01"), "{error}");
        assert!(parse_date("2026-02-30").is_err());
    }
}
