//! One day for every reader: a step a rep on UTC set `in 3d` reads as the same
//! Friday to teammates in Berlin, Los Angeles, Kolkata and Kiritimati, on the
//! card, in `list` and in the history.

use dealbot_tests::{on_both_backends, TestDb};

use super::team::{due_on_card, utc, Team};

async fn a_step_set_in_one_zone_reads_as_the_same_day_in_every_other(db: &TestDb) {
    // Tuesday 17 November 2026, 22:30 UTC: Wednesday already in Kolkata and
    // Kiritimati, still Tuesday afternoon in Los Angeles.
    let team = Team::new(db, "T1", utc(2026, 11, 17, 22, 30)).await;
    team.utc.ok("new \"Acme Corp\" 50k").await;
    team.utc.ok("new Globex 20k").await;
    team.utc.ok("next D-1 \"send the proposal\" in 3d").await;
    team.kolkata.ok("next D-2 \"book the demo\" in 3d").await;
    for reader in team.at(utc(2026, 11, 17, 22, 45)) {
        let card = reader.say("show D-1").await;
        assert!(
            due_on_card(&card).starts_with("Fri 20 Nov"),
            "@{} sees:\n{card}",
            reader.user
        );
        // Set in Kolkata, where it was already Wednesday: Saturday.
        let card = reader.say("show D-2").await;
        assert!(
            due_on_card(&card).starts_with("Sat 21 Nov"),
            "@{} sees:\n{card}",
            reader.user
        );
        let listed = reader.say("list").await;
        assert!(
            listed.contains("next: send the proposal, due Fri 20 Nov")
                && listed.contains("next: book the demo, due Sat 21 Nov"),
            "@{} lists:\n{listed}",
            reader.user
        );
    }
}

on_both_backends!(a_step_set_in_one_zone_reads_as_the_same_day_in_every_other);
