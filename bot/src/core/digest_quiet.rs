//! What the stand-up should know of who is not being reminded: the lines of a
//! digest that say who is away (and until when) and whose nags are held (and
//! why, and until when), and the "away until" beside an away owner's deals.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use dealbot_storage::NagHold;

use super::availability::{Person, Team};
use super::format::{local_time, short_date};
use super::reply::{Line, Span};

/// `away until Sun 20 Dec`, for a deal line, if the owner is away at `now`.
pub fn away_note(person: &Person, now: DateTime<Utc>) -> Option<String> {
    let until = person.away_until?;
    person
        .away_on(person.today(now))
        .then(|| format!("away until {}", short_date(until)))
}

/// `Away: @rep2 until Sun 20 Dec (skiing), @rep4 until Mon 7 Dec.`
pub fn away_line(team: &Team, now: DateTime<Utc>) -> Option<Line> {
    let away = team.away_at(now);
    if away.is_empty() {
        return None;
    }
    let mut line = Line::new().text("Away: ");
    for (i, (user, person)) in away.iter().enumerate() {
        if i > 0 {
            line = line.text(", ");
        }
        line.0.push(Span::Person((*user).to_string()));
        if let Some(until) = person.away_until {
            line = line.text(format!(" until {}", short_date(until)));
        }
        if let Some(note) = person.away_note.as_deref().filter(|n| !n.trim().is_empty()) {
            line = line.text(format!(" ({note})"));
        }
    }
    Some(line.text("."))
}

/// `Nags held: @rep3 (outside working hours) until Mon 30 Nov 2026 09:00,
/// @rep2 (away) until …`; each time in the digest's zone `tz`.
pub fn held_line(holds: &[NagHold], tz: Tz) -> Option<Line> {
    if holds.is_empty() {
        return None;
    }
    let mut line = Line::new().text("Nags held: ");
    for (i, hold) in holds.iter().enumerate() {
        if i > 0 {
            line = line.text(", ");
        }
        line.0.push(Span::Person(hold.owner.clone()));
        let why = match (hold.reason.as_str(), hold.detail.as_deref()) {
            ("holiday", Some(name)) => format!("{name}, a holiday"),
            ("holiday", None) => "a holiday".to_string(),
            ("away", _) => "away".to_string(),
            _ => "outside working hours".to_string(),
        };
        line = line.text(format!(" ({why})"));
        line = match hold.resumes_at {
            Some(at) => line.text(" until ").time(at, local_time(at, tz)),
            None => line.text(" until they are back"),
        };
    }
    Some(line.text("."))
}
