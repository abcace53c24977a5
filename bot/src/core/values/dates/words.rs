//! The words dates are made of: weekday and month names, day numbers (`15`,
//! `15th`), years, counts (`3`, `three`) and units (`days`, `w`, `months`).

use chrono::Weekday;

/// `fri`, `friday` (also `tues`, `thurs`, `weds`).
pub fn weekday(word: &str) -> Option<Weekday> {
    use Weekday::*;
    Some(match word {
        "mon" | "monday" => Mon,
        "tue" | "tues" | "tuesday" => Tue,
        "wed" | "weds" | "wednesday" => Wed,
        "thu" | "thur" | "thurs" | "thursday" => Thu,
        "fri" | "friday" => Fri,
        "sat" | "saturday" => Sat,
        "sun" | "sunday" => Sun,
        _ => return None,
    })
}

/// `dec`, `december`, `dec.`, `sept`: the month's number.
pub fn month(word: &str) -> Option<u32> {
    let word = word.strip_suffix('.').unwrap_or(word);
    Some(match word {
        "jan" | "january" => 1,
        "feb" | "february" => 2,
        "mar" | "march" => 3,
        "apr" | "april" => 4,
        "may" => 5,
        "jun" | "june" => 6,
        "jul" | "july" => 7,
        "aug" | "august" => 8,
        "sep" | "sept" | "september" => 9,
        "oct" | "october" => 10,
        "nov" | "november" => 11,
        "dec" | "december" => 12,
        _ => return None,
    })
}

/// A month's full name, as a reading is confirmed (`3 December`).
pub fn month_name(month: u32) -> &'static str {
    const NAMES: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    usize::try_from(month)
        .ok()
        .and_then(|month| NAMES.get(month.wrapping_sub(1)))
        .copied()
        .unwrap_or("?")
}

/// A day of the month as written beside a month name: `15`, `15th`, `1st`,
/// `2nd`, `3rd`. Only 1 to 31; whether the month has it is checked later.
pub fn day_of_month(word: &str) -> Option<u32> {
    let digits = ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|suffix| word.strip_suffix(suffix))
        .unwrap_or(word);
    let day = small_number(digits)?;
    (1..=31).contains(&day).then_some(day)
}

/// A year written in full: `2027`.
pub fn year(word: &str) -> Option<i32> {
    (word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit()))
        .then(|| word.parse().ok())
        .flatten()
}

/// One or two digits.
pub fn small_number(word: &str) -> Option<u32> {
    ((1..=2).contains(&word.len()) && word.bytes().all(|b| b.is_ascii_digit()))
        .then(|| word.parse().ok())
        .flatten()
}

/// How many: digits, or a number word up to twelve. `None` for anything else.
/// Too many digits to count saturates, so that the range check can say it is
/// too far away.
pub fn count(word: &str) -> Option<u64> {
    if !word.is_empty() && word.bytes().all(|b| b.is_ascii_digit()) {
        return Some(word.parse().unwrap_or(u64::MAX));
    }
    const WORDS: [&str; 13] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve",
    ];
    WORDS
        .iter()
        .position(|name| *name == word)
        .map(|position| position as u64)
}

/// A unit of time a count is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Day,
    Week,
    Month,
}

/// `d`, `day`, `days`, `w`, `wk`, `weeks`, `mo`, `month`, `months` (not `m`,
/// which could be minutes).
pub fn unit(word: &str) -> Option<Unit> {
    Some(match word {
        "d" | "day" | "days" => Unit::Day,
        "w" | "wk" | "wks" | "week" | "weeks" => Unit::Week,
        "mo" | "mos" | "month" | "months" => Unit::Month,
        _ => return None,
    })
}

/// A period a date can be the end of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Week,
    Month,
    Quarter,
    Year,
}

/// `week`, `month`, `quarter`, `year` (and their short forms).
pub fn period(word: &str) -> Option<Period> {
    Some(match word {
        "week" | "wk" => Period::Week,
        "month" | "mo" => Period::Month,
        "quarter" | "qtr" => Period::Quarter,
        "year" | "yr" => Period::Year,
        _ => return None,
    })
}

/// `q1` to `q4`: the quarter's number.
pub fn quarter(word: &str) -> Option<u32> {
    match word {
        "q1" => Some(1),
        "q2" => Some(2),
        "q3" => Some(3),
        "q4" => Some(4),
        _ => None,
    }
}
