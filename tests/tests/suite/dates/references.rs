//! Safe snoozes and clear references: a snooze never brings a step forward, a
//! bare number is a deal's id, a stage is found by any part of its name (with
//! "did you mean" on a typo), a negative amount is refused alike by `new` and
//! `amount`, a new next step says which open step it replaced, and `list`
//! narrows to a pipeline, totals what it found, and says why deals were lost.

use dealbot_tests::{on_both_backends, TestDb};

use super::team::{due_on_card, member, utc};

async fn a_snooze_never_brings_a_step_forward(db: &TestDb) {
    // Monday 30 November 2026.
    let rep = member(
        db,
        "T1",
        "rep2",
        Some("Europe/Berlin"),
        utc(2026, 11, 30, 9, 0),
    )
    .await;
    for name in ["Acme Corp", "Globex", "Initech", "Umbrella"] {
        rep.ok(&format!("new \"{name}\" 10k")).await;
    }
    rep.ok("next D-4 \"send the contract\" 2026-12-05").await;
    let before = rep.say("show D-4").await;
    assert!(due_on_card(&before).starts_with("Sat 5 Dec"), "{before}");
    for earlier in ["fri", "tomorrow", "2026-12-02"] {
        let refusal = rep.refused(&format!("snooze D-4 {earlier}")).await;
        assert!(
            refusal.contains("Sat 5 Dec") && refusal.contains("next D-4"),
            "`snooze D-4 {earlier}` says why and points to `next`:\n{refusal}"
        );
        assert_eq!(rep.say("show D-4").await, before, "{earlier}: unchanged");
    }
    let (reply, _) = rep.ok("snooze D-4 mon").await;
    assert!(reply.contains("now due Mon 7 Dec"), "{reply}");
    let (reply, _) = rep.ok("snooze D-4 2d").await;
    assert!(reply.contains("now due Wed 9 Dec"), "{reply}");
}

on_both_backends!(a_snooze_never_brings_a_step_forward);

async fn a_bare_number_is_a_deals_id(db: &TestDb) {
    let rep = member(db, "T1", "rep1", None, utc(2026, 11, 23, 9, 0)).await;
    for name in [
        "\"Acme 2027 renewal\"",
        "Globex",
        "\"Initech 2.0\"",
        "\"Umbrella 24\"",
        "\"2nd Hooli\"",
    ] {
        rep.ok(&format!("new {name} 10k")).await;
    }
    let card = rep.say("show 2").await;
    assert!(card.contains("D-2 · Globex"), "{card}");
    rep.ok("next 3 \"call the CTO\" fri").await;
    assert!(rep.say("show D-3").await.contains("call the CTO"));
    // Quoted, it is part of a name again.
    let refusal = rep.refused("show \"2\"").await;
    assert!(refusal.contains("matches 4 deals"), "{refusal}");
}

on_both_backends!(a_bare_number_is_a_deals_id);

async fn stages_are_found_by_any_part_of_their_name(db: &TestDb) {
    let rep = member(db, "T1", "rep1", None, utc(2026, 11, 23, 9, 0)).await;
    rep.ok("new \"Acme Corp\" 50k").await;
    let (moved, _) = rep.ok("stage D-1 rapport").await;
    assert!(moved.contains("Prospecting → Building Rapport"), "{moved}");
    let listed = rep.say("list rapport").await;
    assert!(listed.contains("Acme Corp"), "{listed}");
    for typo in ["qualifyng", "presentnig"] {
        let refusal = rep.refused(&format!("stage D-1 {typo}")).await;
        assert!(
            refusal.contains(&format!("\"{typo}\" is not a stage"))
                && refusal.contains("Did you mean"),
            "{refusal}"
        );
    }
    let refusal = rep.refused("stage D-1 qualifyng").await;
    assert!(refusal.contains("Qualifying"), "{refusal}");
    let refusal = rep.refused("list presentnig").await;
    assert!(
        refusal.contains("Did you mean") && refusal.contains("Presenting"),
        "{refusal}"
    );
    let card = rep.say("show D-1").await;
    assert!(card.contains("Stage      Building Rapport"), "{card}");
}

on_both_backends!(stages_are_found_by_any_part_of_their_name);

async fn a_negative_amount_gets_the_same_error_everywhere(db: &TestDb) {
    let rep = member(db, "T1", "rep1", None, utc(2026, 11, 23, 9, 0)).await;
    rep.ok("new \"Acme Corp\" 50k").await;
    let problem = |text: &str| {
        text.lines()
            .find(|line| line.contains("-5000"))
            .unwrap_or_else(|| panic!("the amount is quoted:\n{text}"))
            .trim_start_matches("✗ ")
            .to_string()
    };
    let by_amount = problem(&rep.refused("amount D-1 -5000").await);
    assert!(by_amount.contains("negative"), "{by_amount}");
    for command in ["new \"X\" -5000", "new Globex -5000"] {
        let by_new = problem(&rep.refused(command).await);
        assert_eq!(by_new, by_amount, "`{command}`");
    }
    let listed = rep.say("list").await;
    assert!(
        !listed.contains("Globex") && !listed.contains("X "),
        "{listed}"
    );
}

on_both_backends!(a_negative_amount_gets_the_same_error_everywhere);

async fn a_new_next_step_says_which_step_it_replaced(db: &TestDb) {
    let rep = member(db, "T1", "rep1", None, utc(2026, 11, 23, 9, 0)).await;
    rep.ok("new \"Acme Corp\" 50k").await;
    let (first, _) = rep.ok("next D-1 \"send the proposal\" fri").await;
    assert!(!first.contains("replaces"), "{first}");
    let (second, _) = rep.ok("next D-1 \"call the CFO\" mon").await;
    assert!(
        second.contains("replaces \"send the proposal\" (due Fri 27 Nov)"),
        "{second}"
    );
}

on_both_backends!(a_new_next_step_says_which_step_it_replaced);

async fn list_narrows_to_a_pipeline_and_totals_what_it_found(db: &TestDb) {
    let rep = member(db, "T1", "rep1", None, utc(2026, 11, 23, 9, 0)).await;
    // 57 new-business deals of $1,000 to $57,000 in Prospecting (10%).
    for n in 1..=57 {
        rep.ok(&format!("new \"Deal {n:02}\" {n}k")).await;
    }
    rep.ok("new Initech 20k pipeline:pilot").await;
    rep.ok("new Globex 10k pipeline:pilot").await;
    rep.ok("new Hooli 30k pipeline:pilot").await;
    rep.ok("stage hooli \"pilot running\"").await;

    let pilot = rep.say("list pipeline:pilot").await;
    let lines: Vec<&str> = pilot.lines().collect();
    assert_eq!(
        lines.iter().filter(|line| line.starts_with("`D-")).count(),
        3,
        "{pilot}"
    );
    // $20,000 and $10,000 at 10%, $30,000 at 50%.
    assert_eq!(
        lines.last().copied(),
        Some("Total: 3 deals · $60,000 · weighted $18,000"),
        "{pilot}"
    );
    let all = rep.say("list").await;
    // The total counts every deal found, not only the 50 shown. New business:
    // $1,653,000 at 10%.
    assert!(
        all.trim_end()
            .ends_with("Total: 60 deals · $1,713,000 · weighted $183,300"),
        "{all}"
    );
    let refusal = rep.refused("list pipeline:pilots").await;
    assert!(
        refusal.contains("\"pilots\" is not a pipeline"),
        "{refusal}"
    );
}

on_both_backends!(list_narrows_to_a_pipeline_and_totals_what_it_found);

async fn list_lost_says_why(db: &TestDb) {
    let rep = member(db, "T1", "rep1", None, utc(2026, 11, 23, 9, 0)).await;
    rep.ok("new \"Acme Corp\" 50k").await;
    rep.ok("new Globex 20k").await;
    rep.ok("new Initech 5k").await;
    rep.ok("lost acme \"went with a competitor\"").await;
    rep.ok("lost globex no budget this year").await;
    let lost = rep.say("list lost").await;
    assert!(
        lost.contains("Acme Corp") && lost.contains("lost: went with a competitor"),
        "{lost}"
    );
    assert!(lost.contains("lost: no budget this year"), "{lost}");
    assert!(!lost.contains("Initech"), "{lost}");
    assert!(
        lost.trim_end()
            .ends_with("Total: 2 deals · $70,000 · weighted $0"),
        "{lost}"
    );
}

on_both_backends!(list_lost_says_why);
