//! `report` computed from the history alone: stages reached only where a deal
//! entered them (skipped ones shown as skipped), backward moves and reopenings,
//! a win rolled into the after-sale pipeline counted once, `since` by activity,
//! imported closed deals in the win rate, and the breakdowns by lost reason and
//! owner. Each number is worked out by hand in the comments.

use dealbot::transfer::{import_deals, ImportOptions};
use dealbot_tests::{on_both_backends, Session, TestDb};

use crate::sales::{at, bar_lengths, day, rolling_settings, session_with};

/// Imports `csv` into T1 as `actor` (who owns the rows) at `days`.
async fn import_at(session: &Session, days: i64, actor: &str, csv: &str) {
    let options = ImportOptions {
        workspace: "T1".to_string(),
        actor: actor.to_string(),
        source: "closed.csv".to_string(),
        now: day(days),
    };
    import_deals(&session.core, csv.as_bytes(), &options)
        .await
        .expect("the import is applied");
}

/// Imports, as rep2's at `days`, Wayne (4k, won) and Umbrella (10k, lost: "went
/// with a competitor"): closed deals whose history cannot tell their length.
async fn import_wayne_won_and_umbrella_lost(session: &Session, days: i64) {
    import_at(
        session,
        days,
        "rep2",
        "Deal Name,Amount,Deal Stage,Lost Reason\n\
         Wayne,4k,Won,\n\
         Umbrella,10k,Lost,went with a competitor\n",
    )
    .await;
}

fn assert_lines(text: &str, expected: &[&str]) {
    for line in expected {
        assert!(text.contains(line), "lacks {line:?}:\n{text}");
    }
}

/// Bug: deals won straight from Prospecting, or moved by `stage D-2 won` from
/// Qualifying, counted as having reached Closing.
async fn a_stage_a_deal_won_past_is_skipped_not_reached(db: &TestDb) {
    let mut rep1 = Session::new(&db.store, "T1", "rep1").await;
    at(&mut rep1, 0, "new Alpha 10k").await; // D-1: won from Prospecting
    at(&mut rep1, 0, "new Beta 10k").await; // D-2: Qualifying, then `stage won`
    at(&mut rep1, 0, "new Gamma 10k").await; // D-3: every stage, then won
    at(&mut rep1, 1, "won D-1").await;
    at(&mut rep1, 1, "stage D-2 qualifying").await;
    at(&mut rep1, 2, "stage D-2 won").await;
    for (days, stage) in [
        (1, "building-rapport"),
        (2, "qualifying"),
        (3, "presenting"),
        (4, "closing"),
    ] {
        at(&mut rep1, days, &format!("stage D-3 {stage}")).await;
    }
    at(&mut rep1, 5, "won D-3").await;
    // Entered: Alpha P; Beta P, Q; Gamma all five. Skipped: Alpha BR, Q, Pr, C;
    // Beta BR (P → Q), Pr and C (Q → won). Every deal that entered a stage went on.
    let reply = rep1.reply("report").await;
    let text = rep1.say("report").await;
    assert_lines(
        &text,
        &[
            "Prospecting       3 reached · 100% went on",
            "Building Rapport  1 reached · 2 skipped · 100% went on",
            "Qualifying        2 reached · 1 skipped · 100% went on",
            "Presenting        1 reached · 2 skipped · 100% went on",
            "Closing           1 reached · 2 skipped · 100% went on",
            "Win rate 100% (3 won of 3 closed)",
        ],
    );
    // Bars: 3, 1, 2, 1, 1 reached, then 3 won and none lost.
    let bars = bar_lengths(&reply.attachments[0].bytes, 5);
    assert_eq!(bars, [600, 200, 400, 200, 200, 600, 0]);
}
on_both_backends!(a_stage_a_deal_won_past_is_skipped_not_reached);

/// Bug: a deal rolled into the customer pipeline was counted as a win in new
/// business and again in the customer pipeline's forecast; the digest header
/// totals included it.
async fn a_deal_rolled_into_the_customer_pipeline_counts_once(db: &TestDb) {
    let mut rep1 = session_with(db, rolling_settings()).await;
    at(&mut rep1, 0, "new Big 1.2m").await;
    at(&mut rep1, 0, "new Small 50k").await;
    at(&mut rep1, 3, "won D-1").await;
    let text = rep1.say("report new-business").await;
    assert_lines(
        &text,
        &[
            "Deals             2 · 1 won, 0 lost, 1 open",
            "Win rate 100% (1 won of 1 closed)",
            // Small: $50,000 × 10%.
            "no close date: $5,000 from 1 deal",
        ],
    );
    let text = rep1.say("report customer").await;
    assert_lines(
        &text,
        &[
            "Deals        1 · 0 won, 0 lost, 1 open",
            "Onboarding   1 reached",
            "Forecast — none after the sale: these deals are already won",
        ],
    );
    // Before: "no close date: $1,080,000 from 1 deal" ($1.2M × 90%).
    assert!(!text.contains("$1,080,000"), "{text}");
    let parts = rep1.workspace_digest(None, rep1.now).await;
    // Before: "2 open deals · $1,250,000 open · $1,085,000 weighted forecast".
    assert_eq!(
        parts[0].lines[0].plain(),
        "1 open deal · $50,000 open · $5,000 weighted forecast · 1 deal after the sale"
    );
}
on_both_backends!(a_deal_rolled_into_the_customer_pipeline_counts_once);

/// Bug: `report since 7d` kept the deals that joined in the window, not the
/// ones with activity in it.
async fn report_since_counts_the_deals_active_in_the_window(db: &TestDb) {
    let mut rep1 = Session::new(&db.store, "T1", "rep1").await;
    at(&mut rep1, 0, "new Alpha 10k").await; // moved on day 20
    at(&mut rep1, 0, "new Beta 10k").await; // a note on day 22
    at(&mut rep1, 0, "new Gamma 10k").await; // nothing since day 0
    at(&mut rep1, 20, "stage D-1 qualifying").await;
    at(&mut rep1, 22, "note D-2 \"called, no answer\"").await;
    rep1.now = day(24);
    // 7 days before 25 October: 18 October, day 17.
    let text = rep1.say("report since 7d").await;
    assert_lines(
        &text,
        &[
            "Process report · new-business since 18 Oct 2026",
            "Deals             2 · 0 won, 0 lost, 2 open",
            "Qualifying        1 reached",
        ],
    );
}
on_both_backends!(report_since_counts_the_deals_active_in_the_window);

/// Bug: imported closed deals vanished from the win rate.
async fn imported_closed_deals_count_in_the_win_rate(db: &TestDb) {
    let mut rep1 = Session::new(&db.store, "T1", "rep1").await;
    at(&mut rep1, 0, "new Alpha 10k").await;
    at(&mut rep1, 5, "won D-1").await;
    import_wayne_won_and_umbrella_lost(&rep1, 8).await;
    rep1.now = day(10);
    // Won: Alpha (chat, 5 days) and Wayne (imported); lost: Umbrella (imported).
    // The cycle is Alpha's alone: an imported deal's history cannot tell its length.
    let text = rep1.say("report").await;
    assert_lines(
        &text,
        &[
            "Deals             3 · 2 won, 1 lost, 0 open",
            "Win rate 67% (2 won of 3 closed)",
            "Average cycle 5.0 days from joining the pipeline to won",
            "  went with a competitor: 1 deal · $10,000",
            "@rep2: 2 deals · $14,000 · win rate 50% (1 won of 2 closed)",
        ],
    );
    // Dated by the history line that recorded them: the import, on day 8.
    let text = rep1.say("report since 2026-10-09").await;
    assert!(
        text.contains("Deals             2 · 1 won, 1 lost, 0 open"),
        "{text}"
    );
}
on_both_backends!(imported_closed_deals_count_in_the_win_rate);

/// Backward moves, a reopening, skipped stages, a roll into the customer
/// pipeline and imported closed deals, in one history worked out by hand.
async fn the_report_of_a_winding_history_matches_the_hand_count(db: &TestDb) {
    let mut rep1 = session_with(db, rolling_settings()).await;
    at(&mut rep1, 0, "new Alpha 100k").await; // D-1
    at(&mut rep1, 1, "new Beta 50k").await; // D-2
    at(&mut rep1, 2, "new Gamma 80k").await; // D-3
    at(&mut rep1, 2, "close-date D-3 2026-12-15").await;
    at(&mut rep1, 2, "stage D-1 qualifying").await;
    at(&mut rep1, 4, "stage D-1 building-rapport").await;
    at(&mut rep1, 6, "stage D-1 presenting").await;
    at(&mut rep1, 10, "won D-1").await;
    at(&mut rep1, 3, "lost D-2 \"no budget\"").await;
    at(&mut rep1, 5, "stage D-2 qualifying").await;
    at(&mut rep1, 8, "stage D-2 closing").await;
    at(&mut rep1, 12, "lost D-2 \"went quiet\"").await;
    at(&mut rep1, 3, "stage D-3 building-rapport").await;
    import_wayne_won_and_umbrella_lost(&rep1, 15).await;
    rep1.now = day(30);
    // Stays (P, BR, Q, Pr, C) in days, and how each deal ended; now is day 30.
    //   D-1 Alpha  100k  P 0–2, Q 2–4, BR 4–6 (back), Pr 6–10, won 10 → customer;
    //                    skipped Closing (Pr → won); BR entered late, so not skipped
    //   D-2 Beta    50k  P 1–3, lost 3 "no budget", reopened into Q 5–8 (skipping BR),
    //                    C 8–12 (skipping Pr), lost 12 "went quiet"
    //   D-3 Gamma   80k  P 2–3, BR 3– (27 days > 14: stalled), closes Dec 2026
    //   D-4 Wayne    4k  imported won on day 15 (rep2)
    //   D-5 Umbrella 10k imported lost on day 15, "went with a competitor" (rep2)
    // Reached: P 3, BR 2 (1 skipped), Q 2, Pr 1 (1 skipped), C 1 (1 skipped).
    // Went on: P 3/3, BR 1/2 (Gamma is still there), Q 2/2, Pr 1/1, C 0/1.
    // Medians: P 2,2,1 → 2; BR 2,27 → 14.5; Q 2,3 → 2.5; Pr 4; C 4.
    // Stalls: BR 1 (Gamma), C 1 (Beta lost there; its first loss was undone by the
    // reopening) → Building Rapport, the first of the two.
    // Win rate 2/(2+2) = 50%; cycle: Alpha's 10 days (Wayne's is unknown).
    // Forecast: Gamma 80k × 20% = $16,000 in Dec 2026.
    // Lost by reason: went quiet (Beta 50k), went with a competitor (Umbrella 10k).
    // Owners: rep1 Alpha, Beta, Gamma $230,000, 1 won of 2 closed; rep2 Wayne,
    // Umbrella $14,000, 1 won of 2 closed.
    let reply = rep1.reply("report new-business").await;
    let text = rep1.say("report new-business").await;
    assert_lines(
        &text,
        &[
            "Deals             5 · 2 won, 2 lost, 1 open",
            "Prospecting       3 reached · 100% went on · median 2.0 days · 0 stalled",
            "Building Rapport  2 reached · 1 skipped · 50% went on · median 14.5 days · 1 stalled",
            "Qualifying        2 reached · 100% went on · median 2.5 days · 0 stalled",
            "Presenting        1 reached · 1 skipped · 100% went on · median 4.0 days · 0 stalled",
            "Closing           1 reached · 1 skipped · 0% went on · median 4.0 days · 1 stalled",
            "Won               2",
            "Win rate 50% (2 won of 4 closed)",
            "Average cycle 10.0 days from joining the pipeline to won",
            "Dec 2026: $16,000 from 1 deal",
            "Most stalls: Building Rapport (1 deal lost there or over its limit)",
            "  went quiet: 1 deal · $50,000",
            "  went with a competitor: 1 deal · $10,000",
            "@rep1: 3 deals · $230,000 · win rate 50% (1 won of 2 closed)",
            "@rep2: 2 deals · $14,000 · win rate 50% (1 won of 2 closed)",
        ],
    );
    assert!(!text.contains("no budget"), "{text}");
    // Bars: 3, 2, 2, 1, 1 reached, then 2 won and 2 lost.
    let bars = bar_lengths(&reply.attachments[0].bytes, 5);
    assert_eq!(bars, [600, 400, 400, 200, 200, 400, 400]);

    // After the sale: Alpha onboarding since day 10, its win counted above.
    let text = rep1.say("report customer").await;
    assert_lines(
        &text,
        &[
            "Deals        1 · 0 won, 0 lost, 1 open",
            "Onboarding   1 reached · 0% went on · median 20.0 days · 0 stalled",
            "After the sale: 0 won, 0 lost here.",
            "@rep1: 1 deal · $100,000 · 0 won, 0 lost",
        ],
    );
}
on_both_backends!(the_report_of_a_winding_history_matches_the_hand_count);
