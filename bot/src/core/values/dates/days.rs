//! Calendar arithmetic the grammar needs: weekdays after today, the ends of
//! weeks, months, quarters and years, and the year of a date written without
//! one.

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

use super::words::Period;

/// The first `day` strictly after `today`: `fri` said on a Friday is a week on.
pub fn next_weekday(today: NaiveDate, day: Weekday) -> Option<NaiveDate> {
    let ahead = days_to(today, day);
    today.checked_add_days(Days::new(u64::from(if ahead == 0 { 7 } else { ahead })))
}

/// The first `day` from `today` on: `this fri` said on a Friday is today.
pub fn this_weekday(today: NaiveDate, day: Weekday) -> Option<NaiveDate> {
    today.checked_add_days(Days::new(u64::from(days_to(today, day))))
}

/// `day` in the week after this one (weeks start on Monday): `next fri` said
/// on Monday 23 November is Friday 4 December.
pub fn weekday_of_next_week(today: NaiveDate, day: Weekday) -> Option<NaiveDate> {
    let monday = this_weekday(today.succ_opt()?, Weekday::Mon)?;
    monday.checked_add_days(Days::new(u64::from(day.num_days_from_monday())))
}

fn days_to(today: NaiveDate, day: Weekday) -> u32 {
    (day.num_days_from_monday() + 7 - today.weekday().num_days_from_monday()) % 7
}

/// The last day of the period `today` is in, or of the one after when `next`.
/// A week ends on its Friday, the end of the working week: on a weekend that
/// is the coming Friday.
pub fn end_of(period: Period, today: NaiveDate, next: bool) -> Option<NaiveDate> {
    match period {
        Period::Week => {
            let friday = this_weekday(today, Weekday::Fri)?;
            if next {
                friday.checked_add_days(Days::new(7))
            } else {
                Some(friday)
            }
        }
        Period::Month => {
            let first = today.with_day(1)?;
            let months = if next { 2 } else { 1 };
            first.checked_add_months(Months::new(months))?.pred_opt()
        }
        Period::Quarter => {
            let quarter = (today.month() - 1) / 3 + 1;
            let date = quarter_end(today.year(), quarter)?;
            if next {
                let first = date.succ_opt()?;
                first.checked_add_months(Months::new(3))?.pred_opt()
            } else {
                Some(date)
            }
        }
        Period::Year => {
            let year = if next { today.year() + 1 } else { today.year() };
            NaiveDate::from_ymd_opt(year, 12, 31)
        }
    }
}

/// The last day of quarter `quarter` (1 to 4) of `year`.
pub fn quarter_end(year: i32, quarter: u32) -> Option<NaiveDate> {
    let first_of_next =
        NaiveDate::from_ymd_opt(year, 1, 1)?.checked_add_months(Months::new(quarter * 3))?;
    first_of_next.pred_opt()
}

/// The end of quarter `quarter` without a year: the next one from today on.
pub fn next_quarter_end(today: NaiveDate, quarter: u32) -> Option<NaiveDate> {
    let this_year = quarter_end(today.year(), quarter)?;
    if this_year >= today {
        Some(this_year)
    } else {
        quarter_end(today.year() + 1, quarter)
    }
}

/// How far back a date written without a year may be: within a month it is
/// taken as the recent one (so that a next step can say it has passed, and a
/// close date be recorded late), further back as the next one.
const RECENT_DAYS: u64 = 30;

/// `month`/`day` written without a year: the first such day no more than
/// [`RECENT_DAYS`] before today. `None` when no year has it (30 February).
pub fn without_year(today: NaiveDate, month: u32, day: u32) -> Option<NaiveDate> {
    let earliest = today.checked_sub_days(Days::new(RECENT_DAYS))?;
    // Four years on finds a 29 February.
    (today.year() - 1..=today.year() + 4)
        .filter_map(|year| NaiveDate::from_ymd_opt(year, month, day))
        .find(|date| *date >= earliest)
}

/// Whether some year has `month`/`day` (29 February counts).
pub fn is_calendar_day(month: u32, day: u32) -> bool {
    NaiveDate::from_ymd_opt(2028, month, day).is_some()
}
