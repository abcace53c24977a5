//! On Slack, an out-of-office profile status counts as time off while it
//! lasts, when `[slack] status_means_away` says so (it is off by default): the
//! owner's nag is held while the status lasts and goes out once it expires.
//! Hours and time off set on Slack are read in the zone Slack reports.

use chrono::Duration;
use dealbot_tests::slack_bot::{text_of, SlackBot};
use dealbot_tests::{on_both_backends, shipped_settings, slack_workspace, FakedPlatforms, TestDb};

use super::utc;

/// The DMs (`chat.postMessage` to a `D…` channel) the fake Slack received,
/// with the app's time of each.
fn dms(faked: &FakedPlatforms) -> Vec<chrono::DateTime<chrono::Utc>> {
    faked
        .slack_calls()
        .into_iter()
        .filter(|stamped| {
            stamped.call.method == "chat.postMessage"
                && stamped.call.answer == "ok"
                && stamped.call.body["channel"]
                    .as_str()
                    .is_some_and(|channel| channel.starts_with('D'))
        })
        .map(|stamped| stamped.at)
        .collect()
}

async fn run(db: &TestDb, status_means_away: bool) -> (FakedPlatforms, String) {
    let mut settings = shipped_settings();
    settings.slack.status_means_away = status_means_away;
    let friday = utc(2026, 11, 27, 12, 0);
    let faked = FakedPlatforms::start(&db.store, settings, friday, &[]).await;
    let workspace = slack_workspace("T1");
    faked
        .ok("slack", &workspace, "U2", "C-PIPELINE", "new Acme 10k")
        .await;
    // On vacation until Tuesday 1 December, 23:00 UTC.
    let back = utc(2026, 12, 1, 23, 0).timestamp();
    faked
        .slack
        .set_status("U2", "On vacation", ":palm_tree:", back);
    // Monday to Wednesday, 10:00 to 12:00 UTC each day.
    for day in [30, 1, 2] {
        let month = if day == 30 { 11 } else { 12 };
        faked.set(utc(2026, month, day, 10, 0));
        for _ in 0..3 {
            faked.fire_due().await;
            faked.round().await;
            faked.advance(Duration::hours(1));
        }
    }
    (faked, workspace)
}

async fn an_out_of_office_status_holds_nags_while_it_lasts(db: &TestDb) {
    let (faked, workspace) = run(db, true).await;
    let sent = dms(&faked);
    assert_eq!(
        sent,
        [utc(2026, 12, 2, 10, 0)],
        "one nag, once the status expired"
    );
    assert!(
        db.store
            .workspace_nag_holds(&workspace)
            .await
            .expect("holds")
            .is_empty(),
        "released"
    );
}

on_both_backends!(an_out_of_office_status_holds_nags_while_it_lasts);

async fn a_status_means_nothing_unless_configured(db: &TestDb) {
    let (faked, _) = run(db, false).await;
    let sent = dms(&faked);
    assert_eq!(
        sent,
        [
            utc(2026, 11, 30, 10, 0),
            utc(2026, 12, 1, 10, 0),
            utc(2026, 12, 2, 10, 0)
        ],
        "off by default: nagged every day"
    );
}

on_both_backends!(a_status_means_nothing_unless_configured);

/// Hours set on Slack by someone who never chose a zone are read in the zone
/// Slack reports for them, and kept so the sweep reads them the same way; a
/// zone someone chose stays theirs.
async fn hours_set_on_slack_keep_the_zone_slack_reports(db: &TestDb) {
    let bot = SlackBot::start_quiet(&db.store).await;
    bot.fake.set_timezone("U3", "Asia/Tokyo");
    bot.fake.set_timezone("U4", "Asia/Tokyo");
    let reply = text_of(&bot.ok("T1", "U3", "hours 09:00-12:00 weekdays").await);
    assert!(
        reply.contains("09:00-12:00, Mon–Fri (Asia/Tokyo)"),
        "{reply}"
    );
    bot.ok("T1", "U4", "tz Europe/Paris").await;
    bot.ok("T1", "U4", "away until in 2 weeks").await;
    let workspace = slack_workspace("T1");
    for (user, zone) in [("U3", "Asia/Tokyo"), ("U4", "Europe/Paris")] {
        let stored = db
            .store
            .user_timezone(&workspace, user)
            .await
            .expect("read");
        assert_eq!(stored.as_deref(), Some(zone), "{user}");
    }
}

on_both_backends!(hours_set_on_slack_keep_the_zone_slack_reports);
