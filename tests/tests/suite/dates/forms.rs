//! The date forms people type, through whole commands: each common form gives
//! the day meant, a numeric date that reads two ways says how it was read, a
//! `next` before a weekday is part of the date, a date that cannot be read is
//! quoted back with examples, and a past date is refused for a next step but
//! kept, with a warning, as a close date.

use dealbot_tests::{on_both_backends, TestDb};

use super::team::{due_on_card, member, utc};

async fn common_date_forms_give_the_day_meant(db: &TestDb) {
    // Monday 23 November 2026, 09:00 in Berlin.
    let rep = member(
        db,
        "T1",
        "rep2",
        Some("Europe/Berlin"),
        utc(2026, 11, 23, 8, 0),
    )
    .await;
    rep.ok("new \"Acme Corp\" 50k").await;
    let due_forms = [
        ("Dec 15", "Tue 15 Dec"),
        ("15 Dec", "Tue 15 Dec"),
        ("December 15", "Tue 15 Dec"),
        ("15 December", "Tue 15 Dec"),
        ("Dec 15th", "Tue 15 Dec"),
        ("15.12.", "Tue 15 Dec"),
        ("15.12.2026", "Tue 15 Dec"),
        ("12/15", "Tue 15 Dec"),
        ("15/12", "Tue 15 Dec"),
        ("end of month", "Mon 30 Nov"),
        ("EOM", "Mon 30 Nov"),
        ("end of quarter", "Thu 31 Dec"),
        ("eoq", "Thu 31 Dec"),
        ("end of year", "Thu 31 Dec"),
        ("next friday", "Fri 4 Dec"),
        ("next mon", "Mon 30 Nov"),
        ("this fri", "Fri 27 Nov"),
        ("in three days", "Thu 26 Nov"),
        ("Jan 8", "Fri 8 Jan"),
    ];
    for (form, day) in due_forms {
        let (reply, _) = rep.ok(&format!("next D-1 call them {form}")).await;
        assert!(
            reply.contains(&format!("call them, due {day}")),
            "`{form}`:\n{reply}"
        );
        let card = rep.say("show D-1").await;
        assert!(due_on_card(&card).starts_with(day), "`{form}`:\n{card}");
    }
    let close_forms = [
        ("Q1", "Wed 31 Mar 2027"),
        ("Q4", "Thu 31 Dec 2026"),
        ("end of quarter", "Thu 31 Dec 2026"),
        ("eom", "Mon 30 Nov 2026"),
        ("March 31 2027", "Wed 31 Mar 2027"),
    ];
    for (form, day) in close_forms {
        let (reply, _) = rep.ok(&format!("close-date D-1 {form}")).await;
        assert!(
            reply.contains(&format!("expected to close {day}")),
            "`{form}`:\n{reply}"
        );
    }
}

on_both_backends!(common_date_forms_give_the_day_meant);

async fn next_before_a_weekday_belongs_to_the_date(db: &TestDb) {
    let rep = member(db, "T1", "rep1", None, utc(2026, 11, 23, 9, 0)).await;
    for name in ["Acme Corp", "Globex", "Initech"] {
        rep.ok(&format!("new \"{name}\" 10k")).await;
    }
    rep.ok("next D-3 \"call back\" next friday").await;
    let card = rep.say("show D-3").await;
    assert!(
        card.contains("Next step  call back — due Fri 4 Dec"),
        "{card}"
    );
    let history = rep.say("history D-3").await;
    assert!(
        history.contains("set the next step: call back (due 2026-12-04)"),
        "{history}"
    );
}

on_both_backends!(next_before_a_weekday_belongs_to_the_date);

async fn a_numeric_date_read_either_way_says_how_it_was_read(db: &TestDb) {
    let rep = member(db, "T1", "rep1", None, utc(2026, 11, 23, 9, 0)).await;
    rep.ok("new \"Acme Corp\" 50k").await;
    // The shipped order is day first.
    let (reply, _) = rep.ok("next D-1 call them 3/12").await;
    assert!(reply.contains("due Thu 3 Dec"), "{reply}");
    assert!(reply.contains("read as 3 December"), "{reply}");
    // Only one way to read it: nothing to confirm.
    let (reply, _) = rep.ok("next D-1 call them 12/15").await;
    assert!(!reply.contains("read as"), "{reply}");
    let (reply, _) = rep.ok("close-date D-1 12/3/2027").await;
    assert!(
        reply.contains("expected to close Fri 12 Mar 2027"),
        "{reply}"
    );
    assert!(reply.contains("read as 12 March"), "{reply}");
}

on_both_backends!(a_numeric_date_read_either_way_says_how_it_was_read);

async fn an_unreadable_date_is_quoted_back_with_examples(db: &TestDb) {
    let rep = member(db, "T1", "rep1", None, utc(2026, 11, 23, 9, 0)).await;
    rep.ok("new \"Acme Corp\" 50k").await;
    let before = rep.say("show D-1").await;
    for (command, said) in [
        ("next D-1 call them someday", "\"someday\""),
        ("next D-1 call them by the 15th", "\"the 15th\""),
        ("close-date D-1 soonish", "\"soonish\""),
        ("snooze D-1 forever", "\"forever\""),
        ("next D-1 call them 31/11", "\"31/11\""),
    ] {
        let refusal = rep.refused(command).await;
        assert!(refusal.contains(said), "`{command}`:\n{refusal}");
        assert!(
            refusal.contains("tomorrow") && refusal.contains("Dec 15"),
            "`{command}` shows examples:\n{refusal}"
        );
    }
    assert_eq!(rep.say("show D-1").await, before, "nothing changed");
}

on_both_backends!(an_unreadable_date_is_quoted_back_with_examples);

async fn a_past_date_is_refused_for_a_step_and_kept_with_a_warning_to_close(db: &TestDb) {
    let rep = member(db, "T1", "rep1", None, utc(2026, 11, 23, 9, 0)).await;
    rep.ok("new \"Acme Corp\" 50k").await;
    let refusal = rep.refused("next D-1 call them Nov 20").await;
    assert!(refusal.contains("\"Nov 20\" is in the past"), "{refusal}");
    let card = rep.say("show D-1").await;
    assert!(card.contains("Next step  none"), "{card}");
    let (reply, _) = rep.ok("close-date D-1 Nov 20").await;
    assert!(
        reply.contains("expected to close Fri 20 Nov 2026"),
        "{reply}"
    );
    assert!(reply.contains("in the past"), "warned:\n{reply}");
    let card = rep.say("show D-1").await;
    assert!(card.contains("Expected close  Fri 20 Nov 2026"), "{card}");
}

on_both_backends!(a_past_date_is_refused_for_a_step_and_kept_with_a_warning_to_close);
