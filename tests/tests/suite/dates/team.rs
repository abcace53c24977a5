//! A sales team spread over the world, for the date scenarios, and how to read a
//! date and an overdue count off what its people are shown.

use chrono::{DateTime, TimeZone, Utc};
use dealbot_tests::{Session, TestDb};

pub fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, min, 0)
        .single()
        .expect("a valid moment")
}

pub use dealbot_tests::member;

/// Five reps of one workspace: `utc` keeps the default zone, the others chose
/// theirs.
pub struct Team {
    pub utc: Session,
    pub berlin: Session,
    pub los_angeles: Session,
    pub kolkata: Session,
    pub kiritimati: Session,
}

impl Team {
    pub async fn new(db: &TestDb, workspace: &str, now: DateTime<Utc>) -> Team {
        Team {
            utc: member(db, workspace, "rep1", None, now).await,
            berlin: member(db, workspace, "rep2", Some("Europe/Berlin"), now).await,
            los_angeles: member(db, workspace, "rep3", Some("America/Los_Angeles"), now).await,
            kolkata: member(db, workspace, "rep4", Some("Asia/Kolkata"), now).await,
            kiritimati: member(db, workspace, "rep5", Some("Pacific/Kiritimati"), now).await,
        }
    }

    /// Everyone, at `now`.
    pub fn at(&self, now: DateTime<Utc>) -> Vec<Session> {
        [
            &self.utc,
            &self.berlin,
            &self.los_angeles,
            &self.kolkata,
            &self.kiritimati,
        ]
        .into_iter()
        .map(|session| Session {
            now,
            ..session.clone()
        })
        .collect()
    }
}

/// The card's next step after "due ", up to the end of its line: `Fri 20 Nov
/// (in 3 days)`, with a trailing ` ⚠` when overdue.
pub fn due_on_card(card: &str) -> String {
    card.lines()
        .find(|line| line.trim_start().starts_with("Next step"))
        .and_then(|line| line.split_once(" due "))
        .map(|(_, due)| due.trim().to_string())
        .unwrap_or_else(|| panic!("no due date on the card:\n{card}"))
}

/// Every "overdue by N day(s)" count in `line`.
pub fn overdue_counts(line: &str) -> Vec<i64> {
    line.match_indices("overdue by ")
        .filter_map(|(at, found)| {
            let rest = &line[at + found.len()..];
            rest.split_whitespace().next()?.parse().ok()
        })
        .collect()
}

/// The line of a digest or a nag (`lines`, as plain text) that lists deal
/// `id` (`D-3`): `• D-3 Initech · …`.
pub fn line_about<'a>(lines: &'a [String], id: &str) -> &'a str {
    let label = format!("• {id} ");
    lines
        .iter()
        .find(|line| line.starts_with(&label))
        .unwrap_or_else(|| panic!("no line about {id} in {lines:#?}"))
}
