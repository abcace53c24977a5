//! One table per form of the date grammar, read on Monday 23 November 2026,
//! then the checks of what each purpose allows and how refusals read.

#![allow(clippy::unwrap_used)]

use chrono::{Datelike, NaiveDate, Weekday};

use super::*;

/// Monday 23 November 2026.
fn today() -> NaiveDate {
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    assert_eq!(today.weekday(), Weekday::Mon);
    today
}

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn words(text: &str) -> Vec<&str> {
    text.split_whitespace().collect()
}

fn due_on(text: &str, today: NaiveDate, order: DateOrder) -> ReadDate {
    parse_due(&words(text), today, order).unwrap_or_else(|error| panic!("{text:?}: {error}"))
}

fn due(text: &str) -> NaiveDate {
    due_on(text, today(), DateOrder::Dmy).date
}

fn close(text: &str) -> ReadDate {
    parse_close_date(&words(text), today(), DateOrder::Dmy)
        .unwrap_or_else(|error| panic!("{text:?}: {error}"))
}

fn due_error(text: &str) -> String {
    parse_due(&words(text), today(), DateOrder::Dmy)
        .unwrap_err()
        .to_string()
}

/// Every row of a table reads as its date.
fn table(rows: &[(&str, &str)]) {
    for (text, expected) in rows {
        assert_eq!(due(text), date(expected), "{text:?}");
    }
}

#[test]
fn today_and_tomorrow() {
    table(&[
        ("today", "2026-11-23"),
        ("Today", "2026-11-23"),
        ("tomorrow", "2026-11-24"),
        ("TOMORROW", "2026-11-24"),
        ("tmrw", "2026-11-24"),
        ("tmr", "2026-11-24"),
    ]);
}

#[test]
fn a_weekday_is_the_next_one_strictly_after_today() {
    table(&[
        ("tue", "2026-11-24"),
        ("tuesday", "2026-11-24"),
        ("tues", "2026-11-24"),
        ("Wednesday", "2026-11-25"),
        ("thurs", "2026-11-26"),
        ("fri", "2026-11-27"),
        ("FRIDAY", "2026-11-27"),
        ("sat", "2026-11-28"),
        ("sunday", "2026-11-29"),
        // Said on a Monday, Monday is next week's.
        ("mon", "2026-11-30"),
    ]);
    let friday = date("2026-11-27");
    assert_eq!(
        due_on("fri", friday, DateOrder::Dmy).date,
        date("2026-12-04")
    );
    assert_eq!(
        due_on("sat", friday, DateOrder::Dmy).date,
        date("2026-11-28")
    );
}

#[test]
fn this_weekday_is_the_first_from_today_on() {
    table(&[
        ("this fri", "2026-11-27"),
        ("this friday", "2026-11-27"),
        ("This Mon", "2026-11-23"),
        ("this sun", "2026-11-29"),
    ]);
}

#[test]
fn next_weekday_is_that_day_of_next_week() {
    table(&[
        ("next friday", "2026-12-04"),
        ("next fri", "2026-12-04"),
        ("Next Mon", "2026-11-30"),
        ("next sunday", "2026-12-06"),
        ("next week", "2026-11-30"),
    ]);
    // On a weekend next week's Friday is the coming one: nothing to confirm.
    let saturday = date("2026-11-28");
    let read = due_on("next fri", saturday, DateOrder::Dmy);
    assert_eq!((read.date, read.notes.len()), (date("2026-12-04"), 0));
    // On a weekday it is not, and the reply says which was taken.
    let read = due_on("next fri", today(), DateOrder::Dmy);
    assert_eq!(
        read.notes,
        ["Read \"next fri\" as Friday 4 December, in next week; for this week's, write \"this fri\"."]
    );
    assert!(due_on("next mon", today(), DateOrder::Dmy).notes.is_empty());
}

#[test]
fn lengths_from_today() {
    table(&[
        ("in 3d", "2026-11-26"),
        ("in 3 days", "2026-11-26"),
        ("in three days", "2026-11-26"),
        ("in one day", "2026-11-24"),
        ("in a week", "2026-11-30"),
        ("in an week", "2026-11-30"),
        ("in twelve days", "2026-12-05"),
        ("in 2w", "2026-12-07"),
        ("in 2 weeks", "2026-12-07"),
        ("two weeks", "2026-12-07"),
        ("3d", "2026-11-26"),
        ("10days", "2026-12-03"),
        ("3 days", "2026-11-26"),
        ("In 3D", "2026-11-26"),
        ("in 40 days", "2027-01-02"),
        ("in 2 months", "2027-01-23"),
        ("in 3mo", "2027-02-23"),
    ]);
    // A month on from the 31st is the last day of a shorter month.
    let read = parse_due(&["in", "1", "month"], date("2027-01-31"), DateOrder::Dmy).unwrap();
    assert_eq!(read.date, date("2027-02-28"));
}

#[test]
fn a_month_name_and_a_day_either_way_round() {
    table(&[
        ("Dec 15", "2026-12-15"),
        ("dec 15", "2026-12-15"),
        ("15 Dec", "2026-12-15"),
        ("December 15", "2026-12-15"),
        ("15 December", "2026-12-15"),
        ("Dec 15th", "2026-12-15"),
        ("1st dec", "2026-12-01"),
        ("Dec. 2nd", "2026-12-02"),
        ("sept 3", "2027-09-03"),
        ("Dec 15, 2026", "2026-12-15"),
        ("15 Dec 2026", "2026-12-15"),
        ("December 15 2027", "2027-12-15"),
        // Without a year: the next one, unless it was within the last month.
        ("Jan 8", "2027-01-08"),
        ("Nov 23", "2026-11-23"),
        ("Oct 20", "2027-10-20"),
        ("Feb 29", "2028-02-29"),
    ]);
}

#[test]
fn dotted_dates_are_day_first() {
    table(&[
        ("15.12.", "2026-12-15"),
        ("15.12", "2026-12-15"),
        ("1.12.", "2026-12-01"),
        ("15.12.2026", "2026-12-15"),
        ("15.12.27", "2027-12-15"),
    ]);
    // Day first whatever the order of slashed dates.
    let read = due_on("3.12.", today(), DateOrder::Mdy);
    assert_eq!((read.date, read.notes.len()), (date("2026-12-03"), 0));
}

#[test]
fn slashed_dates_follow_the_order_or_the_only_reading() {
    for (text, dmy, mdy) in [
        ("15/12", "2026-12-15", "2026-12-15"),
        ("12/15", "2026-12-15", "2026-12-15"),
        ("3/12", "2026-12-03", "2027-03-12"),
        ("12/3", "2027-03-12", "2026-12-03"),
        ("3/12/2027", "2027-12-03", "2027-03-12"),
        ("12/15/26", "2026-12-15", "2026-12-15"),
        ("5/5", "2027-05-05", "2027-05-05"),
    ] {
        assert_eq!(
            due_on(text, today(), DateOrder::Dmy).date,
            date(dmy),
            "{text} dmy"
        );
        assert_eq!(
            due_on(text, today(), DateOrder::Mdy).date,
            date(mdy),
            "{text} mdy"
        );
    }
}

#[test]
fn a_slashed_date_that_reads_two_ways_says_how_it_was_read() {
    let notes = |text: &str, order| due_on(text, today(), order).notes;
    assert_eq!(
        notes("3/12", DateOrder::Dmy),
        ["\"3/12\" read as 3 December; for 12 March, write \"Mar 12\"."]
    );
    assert_eq!(
        notes("3/12", DateOrder::Mdy),
        ["\"3/12\" read as 12 March; for 3 December, write \"Dec 3\"."]
    );
    for plain in ["15/12", "12/15", "5/5", "2026-12-03", "Dec 3"] {
        assert!(notes(plain, DateOrder::Dmy).is_empty(), "{plain}");
    }
}

#[test]
fn iso_dates() {
    table(&[
        ("2026-12-01", "2026-12-01"),
        ("2026-11-23", "2026-11-23"),
        ("2026-12-1", "2026-12-01"),
        ("2031-11-23", "2031-11-23"),
    ]);
}

#[test]
fn the_ends_of_periods() {
    table(&[
        ("end of month", "2026-11-30"),
        ("eom", "2026-11-30"),
        ("EOM", "2026-11-30"),
        ("end of the month", "2026-11-30"),
        ("end of next month", "2026-12-31"),
        ("end of quarter", "2026-12-31"),
        ("eoq", "2026-12-31"),
        ("end of next quarter", "2027-03-31"),
        ("end of year", "2026-12-31"),
        ("eoy", "2026-12-31"),
        ("end of next year", "2027-12-31"),
        ("end of week", "2026-11-27"),
        ("eow", "2026-11-27"),
        ("end of next week", "2026-12-04"),
    ]);
    let last_day = date("2026-11-30");
    assert_eq!(due_on("eom", last_day, DateOrder::Dmy).date, last_day);
    let spring = date("2027-02-10");
    assert_eq!(
        due_on("eoq", spring, DateOrder::Dmy).date,
        date("2027-03-31")
    );
}

#[test]
fn quarters_are_close_dates() {
    for (text, expected) in [
        ("Q1", "2027-03-31"),
        ("q2", "2027-06-30"),
        ("Q3", "2027-09-30"),
        ("Q4", "2026-12-31"),
        ("Q1 2028", "2028-03-31"),
        ("Q3 2026", "2026-09-30"),
    ] {
        assert_eq!(close(text).date, date(expected), "{text}");
    }
    let refusal = due_error("Q1");
    assert!(refusal.contains("\"Q1\" is a quarter"), "{refusal}");
    assert!(refusal.contains("close-date"), "{refusal}");
}

#[test]
fn a_past_day_is_refused_for_a_step_and_kept_with_a_warning_to_close() {
    let refusal = due_error("2026-11-22");
    assert!(
        refusal.contains("\"2026-11-22\" is in the past: today is Mon 23 Nov 2026"),
        "{refusal}"
    );
    let refusal = due_error("Nov 20");
    assert!(
        refusal.contains("add the year: \"Nov 20 2027\""),
        "{refusal}"
    );
    let kept = close("Nov 20");
    assert_eq!(kept.date, date("2026-11-20"));
    assert_eq!(
        kept.notes,
        ["⚠ Fri 20 Nov 2026 is in the past: kept as the expected close all the same."]
    );
    assert!(close("2026-11-23").notes.is_empty());
    let refusal = parse_close_date(&["2020-01-01"], today(), DateOrder::Dmy)
        .unwrap_err()
        .to_string();
    assert!(refusal.contains("more than five years ago"), "{refusal}");
}

#[test]
fn days_more_than_five_years_ahead_are_refused() {
    for far in [
        "2031-11-24",
        "in 300 weeks",
        "2000d",
        "in 99999999999999999999999 days",
        "in 61 months",
    ] {
        let message = due_error(far);
        assert!(
            message.contains("more than five years away"),
            "{far}: {message}"
        );
        assert!(
            message.contains("up to Sun 23 Nov 2031"),
            "{far}: {message}"
        );
    }
}

#[test]
fn impossible_days_and_empty_lengths_are_explained() {
    for (text, problem) in [
        ("2026-02-30", "is not a day on the calendar"),
        ("2026-13-01", "is not a day on the calendar"),
        ("31/11", "is not a day on the calendar"),
        ("13/13", "is not a day on the calendar"),
        ("30.2.", "is not a day on the calendar"),
        ("Feb 30", "is not a day on the calendar"),
        ("in 0 days", "is no time at all"),
        ("0d", "is no time at all"),
    ] {
        let message = due_error(text);
        assert!(message.contains(problem), "{text}: {message}");
        assert!(
            message.contains("Dec 15"),
            "{text} shows examples: {message}"
        );
    }
}

#[test]
fn anything_else_is_quoted_back_with_examples() {
    assert_eq!(
        due_error("someday"),
        "\"someday\" is not a date I can read. Write it like tomorrow, fri, next mon, \
         in 3 days, Dec 15, 15/12, end of month or 2026-12-15."
    );
    for bad in [
        "in",
        "in 3",
        "3",
        "next",
        "fri 3d",
        "in 3 years",
        "-3d",
        "in -3 days",
        "3.5d",
        "yesterday",
        "in 3 days please",
        "the 15th",
        "Dec",
        "next year",
        "15/12/123",
    ] {
        assert!(due_error(bad).contains("is not a date I can read"), "{bad}");
    }
    assert!(due_error("").contains("missing"));
    let mdy = parse_due(&["someday"], today(), DateOrder::Mdy)
        .unwrap_err()
        .to_string();
    assert!(mdy.contains("Dec 15, 12/15,"), "{mdy}");
}

#[test]
fn counting_the_date_words_at_the_end() {
    let count = |text: &str| due_token_count(&words(text), today(), DateOrder::Dmy);
    for (text, expected) in [
        ("send the proposal in 3 days", Some(3)),
        ("send the proposal in 3d", Some(2)),
        ("send the proposal next week", Some(2)),
        ("call back next friday", Some(2)),
        ("call back this fri", Some(2)),
        ("send the proposal fri", Some(1)),
        ("send the proposal 2026-12-01", Some(1)),
        ("call Dec 15", Some(2)),
        ("call 15 December 2026", Some(3)),
        ("call them by end of the month", Some(4)),
        ("call them eom", Some(1)),
        ("in 2 weeks", Some(3)),
        // Written as dates but refused: counted, so that parse_due says why.
        ("call them 2020-01-01", Some(1)),
        ("call them 31/11", Some(1)),
        ("call them in 0 days", Some(3)),
        ("review the Q1", Some(1)),
        ("send the proposal", None),
        ("call them in 3", None),
        ("", None),
    ] {
        assert_eq!(count(text), expected, "{text:?}");
    }
}

fn snooze(text: &str, current: Option<&str>) -> Result<NaiveDate, ValueError> {
    parse_snooze(&words(text), today(), DateOrder::Dmy, current.map(date)).map(|read| read.date)
}

#[test]
fn snoozing_by_a_length_counts_from_the_due_date() {
    for (text, current, expected) in [
        ("1d", "2026-11-27", "2026-11-28"),
        ("3d", "2026-11-27", "2026-11-30"),
        ("1w", "2026-11-27", "2026-12-04"),
        ("in 2 weeks", "2026-11-27", "2026-12-11"),
        ("in three days", "2026-11-27", "2026-11-30"),
        ("1d", "2026-11-23", "2026-11-24"),
        ("", "2026-11-27", "2026-11-28"),
    ] {
        assert_eq!(
            snooze(text, Some(current)).unwrap(),
            date(expected),
            "{text}"
        );
    }
}

#[test]
fn snoozing_an_overdue_step_counts_from_today() {
    assert_eq!(
        snooze("1d", Some("2026-11-10")).unwrap(),
        date("2026-11-24")
    );
    assert_eq!(
        snooze("1w", Some("2026-11-10")).unwrap(),
        date("2026-11-30")
    );
    assert_eq!(snooze("", Some("2026-11-10")).unwrap(), date("2026-11-24"));
    assert_eq!(snooze("3d", None).unwrap(), date("2026-11-26"));
}

#[test]
fn snoozing_to_a_day_sets_it() {
    assert_eq!(
        snooze("fri", Some("2026-11-24")).unwrap(),
        date("2026-11-27")
    );
    assert_eq!(
        snooze("Dec 15", Some("2026-11-27")).unwrap(),
        date("2026-12-15")
    );
    assert_eq!(snooze("next week", None).unwrap(), date("2026-11-30"));
}

#[test]
fn snoozing_is_refused_with_the_forms() {
    for (bad, expected) in [
        ("forever", "I can't snooze by \"forever\""),
        ("2026-11-01", "is in the past"),
        ("0d", "is no time at all"),
        ("2026-02-30", "is not a day on the calendar"),
        ("Q1", "is a quarter"),
    ] {
        let message = snooze(bad, Some("2026-11-27")).unwrap_err().to_string();
        assert!(message.contains(expected), "{bad}: {message}");
        assert!(
            message.contains("1d, 1w, in 2 weeks, tomorrow, fri, Dec 15 or 2026-12-15"),
            "{bad}: {message}"
        );
    }
    let message = snooze("1w", Some("2031-11-20")).unwrap_err().to_string();
    assert!(message.contains("more than five years away"), "{message}");
}
