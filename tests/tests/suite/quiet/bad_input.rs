//! Bad input about quiet time: impossible hours and past days are refused,
//! privately, with the forms that work, and change nothing; a holiday that is
//! not a date is reported by `dealbot check-config` with its place.

use dealbot_tests::{on_both_backends, TestDb};

use super::{member, utc};

async fn impossible_hours_and_past_days_are_refused_and_change_nothing(db: &TestDb) {
    let now = utc(2026, 11, 30, 10, 0);
    let rep = member(db, "BAD", "rep1", Some("Europe/Berlin"), now).await;
    rep.ok("hours 08:00-16:00 mon-thu").await;
    for (text, why) in [
        ("hours 25:00-26:00", "\"25:00\" is not a time of day"),
        ("hours 16:00-08:00", "ends before it starts"),
        ("hours 08:00-16:00 \"\"", "names no days"),
        ("hours 08:00-16:00 ,", "names no days"),
        ("hours nine-to-five", "is not a time of day"),
    ] {
        let refusal = rep.refused(text).await;
        assert!(refusal.contains(why), "{text}: {refusal}");
        assert!(
            refusal.contains("08:00-16:00 mon-thu, 9-17 mon-fri"),
            "{text} names the accepted forms: {refusal}"
        );
    }
    let past = rep.refused("away until 2026-11-29").await;
    assert!(past.contains("is in the past"), "{past}");
    assert!(past.contains("today is Mon 30 Nov 2026"), "{past}");
    let nonsense = rep.refused("away until someday").await;
    assert!(nonsense.contains("not a date I can read"), "{nonsense}");

    let stored = db
        .store
        .person_settings("BAD", "rep1")
        .await
        .expect("settings");
    assert_eq!(stored.working_hours.as_deref(), Some("08:00-16:00"));
    assert_eq!(stored.working_days.as_deref(), Some("Mon,Tue,Wed,Thu"));
    assert_eq!(stored.away_until, None, "nobody is away");
    let not_away = rep.say("back").await;
    assert!(not_away.contains("You are not away"), "{not_away}");
}

on_both_backends!(impossible_hours_and_past_days_are_refused_and_change_nothing);

#[test]
fn check_config_reports_a_holiday_that_is_not_a_date_in_its_place() {
    let output = crate::binary::check_config(
        r#"
[[holidays]]
name = "Christmas Day"
date = 2026-12-25

[[holidays]]
name = "Boxing Day"
date = "26/12/2026"

[[holidays]]
name = "Shutdown"
from = "2026-12-28"
until = "2026-12-32"
"#,
    );
    assert!(!output.status.success(), "problems fail the check");
    let text = String::from_utf8_lossy(&output.stderr);
    for expected in [
        r#"holidays[1].date: "26/12/2026" is not a date: write it as YYYY-MM-DD, like "2026-12-25""#,
        r#"holidays[2].until: "2026-12-32" is not a date"#,
    ] {
        assert!(text.contains(expected), "lacks {expected:?}:\n{text}");
    }
    assert!(
        !text.contains("holidays[0]"),
        "a TOML date is a date: {text}"
    );
}
