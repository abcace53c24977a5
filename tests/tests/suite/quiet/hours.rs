//! Own working hours in three zones over a fortnight: each owner is nagged
//! only inside their hours and on their days, once a working day, the first
//! nag of a window queued once (a hold that waits through every sweep outside
//! it), even when the window opens between two sweeps; and over three weeks
//! that cross Europe's and the United States' clock changes.

use chrono::{DateTime, Datelike, Duration, Timelike, Weekday};
use chrono_tz::Tz;
use dealbot_tests::{on_both_backends, Replicas, TestDb};

use super::{member, nags_to, utc};

/// One owner: who, where, their `hours` as typed, and what that means.
struct Owner {
    user: &'static str,
    zone: &'static str,
    typed: &'static str,
    /// Minutes after local midnight.
    start: u32,
    end: u32,
    days: &'static [Weekday],
}

impl Owner {
    /// The nags `replicas` delivered to this owner over `weeks` weeks, in
    /// their zone, checked to come only inside their hours on their days,
    /// once each working day.
    fn nags_inside_hours(&self, replicas: &Replicas, weeks: usize) -> Vec<DateTime<Tz>> {
        let Owner {
            user,
            zone,
            start,
            end,
            days,
            ..
        } = self;
        let zone: Tz = zone.parse().expect("zone");
        let nags = nags_to(replicas, user, zone);
        for at in &nags {
            let minute = at.hour() * 60 + at.minute();
            assert!(
                days.contains(&at.weekday()) && minute >= *start && minute < *end,
                "@{user} nagged outside their hours: {at}"
            );
        }
        let mut dates: Vec<_> = nags.iter().map(|at| at.date_naive()).collect();
        dates.dedup();
        assert_eq!(dates.len(), nags.len(), "@{user}: one nag a day: {nags:?}");
        assert_eq!(
            nags.len(),
            days.len() * weeks,
            "@{user}, every working day: {nags:?}"
        );
        nags
    }
}

const WEEKDAYS: &[Weekday] = &[
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
];

const PEOPLE: &[Owner] = &[
    Owner {
        user: "rep2",
        zone: "Europe/Berlin",
        typed: "hours 08:00-16:00 mon-thu",
        start: 480,
        end: 960,
        days: &[Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu],
    },
    // The workspace's hours.
    Owner {
        user: "rep3",
        zone: "America/Los_Angeles",
        typed: "hours",
        start: 540,
        end: 1080,
        days: WEEKDAYS,
    },
    Owner {
        user: "rep4",
        zone: "Asia/Kolkata",
        typed: "hours 10:00-14:00 weekdays",
        start: 600,
        end: 840,
        days: WEEKDAYS,
    },
];

async fn nags_come_only_inside_each_owners_hours_in_three_zones(db: &TestDb) {
    // Friday 27 November 2026: each opens a deal and gives it no next step,
    // so it needs them from Saturday on.
    let friday = utc(2026, 11, 27, 12, 0);
    for Owner {
        user, zone, typed, ..
    } in PEOPLE
    {
        let rep = member(db, "HRS", user, Some(zone), friday).await;
        let (said, _) = rep.ok(typed).await;
        if *typed == "hours" {
            assert!(said.contains("workspace's working hours"), "{said}");
            assert!(said.contains("09:00-18:00, Mon–Fri"), "{said}");
        } else {
            assert!(said.contains("Your working hours are now"), "{said}");
            let shown = rep.say("hours").await;
            assert!(shown.contains("Your working hours are"), "{shown}");
            assert!(shown.contains(zone), "{shown}");
        }
        rep.ok(&format!("new \"{user} deal\" 10k")).await;
    }

    let replicas = Replicas::start(&db.store, 1, friday).await;
    // From Monday 30 November to Sunday 6 December, noon UTC.
    let start = utc(2026, 11, 30, 0, 0);
    let sunday = utc(2026, 12, 6, 12, 0);
    replicas
        .simulate(start, sunday, Duration::minutes(30))
        .await;

    // Over the weekend each owner's nag is held once, until their Monday.
    let holds = db.store.workspace_nag_holds("HRS").await.expect("holds");
    let resumes: Vec<(&str, Option<chrono::DateTime<chrono::Utc>>)> = holds
        .iter()
        .map(|hold| (hold.owner.as_str(), hold.resumes_at))
        .collect();
    assert_eq!(
        resumes,
        [
            // 08:00 in Berlin, 09:00 in Los Angeles, 10:00 in Kolkata.
            ("rep2", Some(utc(2026, 12, 7, 7, 0))),
            ("rep3", Some(utc(2026, 12, 7, 17, 0))),
            ("rep4", Some(utc(2026, 12, 7, 4, 30))),
        ],
        "{holds:?}"
    );
    assert!(holds.iter().all(|hold| hold.reason == "hours"), "{holds:?}");
    // Held since the sweep that first found it (Friday, not a working day in
    // Berlin, once a day had passed since Thursday's nag), not the latest one.
    assert_eq!(holds[0].held_since, utc(2026, 12, 4, 7, 0), "{holds:?}");
    let digest = member(db, "HRS", "rep1", None, sunday)
        .await
        .workspace_digest(None, sunday)
        .await;
    let lines: Vec<String> = digest
        .iter()
        .flat_map(|part| part.lines.iter().map(|line| line.plain()))
        .collect();
    let held = lines
        .iter()
        .find(|line| line.starts_with("Nags held:"))
        .unwrap_or_else(|| panic!("the digest lists held nags: {lines:#?}"));
    for Owner { user, .. } in PEOPLE {
        assert!(
            held.contains(&format!("@{user} (outside working hours) until")),
            "{held}"
        );
    }

    replicas
        .simulate(sunday, utc(2026, 12, 14, 0, 0), Duration::minutes(30))
        .await;
    for owner in PEOPLE {
        let Owner { user, start, .. } = owner;
        let nags = owner.nags_inside_hours(&replicas, 2);
        // The first of each week is the moment the window opens, held nag
        // released between two hourly sweeps in Kolkata.
        let first_minute = nags[0].hour() * 60 + nags[0].minute();
        assert_eq!(first_minute, *start, "@{user}: {nags:?}");
        let monday = nags
            .iter()
            .find(|at| at.date_naive() == super::day(12, 7))
            .unwrap_or_else(|| panic!("@{user} nagged on Monday 7 Dec: {nags:?}"));
        assert_eq!(monday.hour() * 60 + monday.minute(), *start, "@{user}");
    }
}

on_both_backends!(nags_come_only_inside_each_owners_hours_in_three_zones);

/// The same three owners over three weeks that cross both clock changes
/// (Europe on Sunday 25 October 2026, the United States on Sunday 1
/// November; India keeps its clock): every nag still comes inside each
/// owner's local hours, once a working day, and the week after each change
/// opens at the local start, an hour later or earlier in UTC.
async fn nags_keep_to_local_hours_across_the_clock_changes(db: &TestDb) {
    let friday = utc(2026, 10, 16, 12, 0);
    for Owner {
        user, zone, typed, ..
    } in PEOPLE
    {
        let rep = member(db, "DST", user, Some(zone), friday).await;
        rep.ok(typed).await;
        rep.ok(&format!("new \"{user} deal\" 10k")).await;
    }
    let replicas = Replicas::start(&db.store, 1, friday).await;
    // Monday 19 October to Saturday 7 November: three working weeks.
    replicas
        .simulate(
            utc(2026, 10, 19, 0, 0),
            utc(2026, 11, 7, 0, 0),
            Duration::minutes(30),
        )
        .await;
    for owner in PEOPLE {
        let Owner { user, start, .. } = owner;
        let nags = owner.nags_inside_hours(&replicas, 3);
        // Each Monday's nag was held over the weekend and goes out as the
        // window opens, in local time, whichever side of a change it is.
        for monday in [super::day(10, 26), super::day(11, 2)] {
            let nag = nags
                .iter()
                .find(|at| at.date_naive() == monday)
                .unwrap_or_else(|| panic!("@{user} nagged on {monday}: {nags:?}"));
            assert_eq!(nag.hour() * 60 + nag.minute(), *start, "@{user}: {nag}");
        }
    }
    // The same local hour is another UTC hour after the change: Berlin's
    // 08:00 was 06:00 UTC on Thursday 22 October and is 07:00 UTC from Monday
    // 26 October; Los Angeles' 09:00 was 16:00 UTC on Friday 30 October and is
    // 17:00 UTC from Monday 2 November.
    let utc_hours = |user: &str, zone: &str, day: chrono::NaiveDate| {
        let tz: Tz = zone.parse().expect("zone");
        nags_to(&replicas, user, tz)
            .iter()
            .filter(|at| at.date_naive() == day)
            .map(|at| at.with_timezone(&chrono::Utc).hour())
            .collect::<Vec<_>>()
    };
    assert_eq!(utc_hours("rep2", "Europe/Berlin", super::day(10, 22)), [6]);
    assert_eq!(utc_hours("rep2", "Europe/Berlin", super::day(10, 26)), [7]);
    assert_eq!(
        utc_hours("rep3", "America/Los_Angeles", super::day(10, 30)),
        [16]
    );
    assert_eq!(
        utc_hours("rep3", "America/Los_Angeles", super::day(11, 2)),
        [17]
    );
}

on_both_backends!(nags_keep_to_local_hours_across_the_clock_changes);
