//! A simulated day of schedules while the fake Slack and Discord fail about
//! 30% of requests with 429 (with Retry-After) or 500: the app `dealbot run`
//! builds, its scheduler and outbox worker driven on a manual clock, still
//! delivers every hourly digest and every nag through its Slack and Discord
//! senders, none twice.

use chrono::{DateTime, Duration, TimeZone, Utc};
use dealbot_tests::discord_app::DISCORD_CHANNEL;
use dealbot_tests::fake_discord;
use dealbot_tests::fake_slack::Fault;
use dealbot_tests::{on_both_backends, shipped_settings, FakedPlatforms, TestDb};

const SLACK_CHANNEL: &str = "C-PIPELINE";
const TEAM: &str = "T0FLAKY";
const GUILD: &str = "800000000000000001";
const SLACK_OWNERS: [&str; 2] = ["U0REP1", "U0REP2"];
const DISCORD_OWNERS: [&str; 2] = ["700000000000000001", "700000000000000002"];

fn utc(d: u32, h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, d, h, 0, 0)
        .single()
        .expect("valid")
}

/// A small deterministic generator: the same faults on every run.
struct Faults(u64);

impl Faults {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// True about 30% of the time.
    fn strike(&mut self) -> bool {
        self.next() % 10 < 3
    }
}

async fn a_flaky_day_delivers_every_digest_and_nag_once(db: &TestDb) {
    let faked = FakedPlatforms::start(
        &db.store,
        shipped_settings(),
        utc(9, 20),
        &[DISCORD_CHANNEL],
    )
    .await;
    let (slack, discord) = (&faked.slack, &faked.discord);

    // Each owner has one deal whose next step was due last week: one nag each
    // during working hours. Each channel has an hourly digest.
    for (platform, workspace, channel, owners) in [
        ("slack", TEAM, SLACK_CHANNEL, SLACK_OWNERS),
        ("discord", GUILD, DISCORD_CHANNEL, DISCORD_OWNERS),
    ] {
        // The day is about digests and nags: the channels get nothing between
        // digests, so the announcements of the deals opened here do not post.
        faked
            .ok(
                platform,
                workspace,
                owners[0],
                channel,
                "notify digest-only",
            )
            .await;
        for (n, owner) in owners.iter().enumerate() {
            let deal = n + 1;
            let new = format!("new Deal{deal} 10k");
            faked.ok(platform, workspace, owner, channel, &new).await;
            let next = format!("next D-{deal} \"call back\" 2026-11-10");
            faked.ok(platform, workspace, owner, channel, &next).await;
        }
        let subscribe = "subscribe \"0 * * * *\" UTC";
        faked
            .ok(platform, workspace, owners[0], channel, subscribe)
            .await;
    }

    let mut faults = Faults(0x5EED_CAFE_F00D_D00D);
    // A fault is armed for the next request once each earlier one has been
    // used: after every round with requests, with a 30% chance.
    let (mut slack_seen, mut discord_seen) = (usize::MAX, usize::MAX);
    // A day in 30-second steps, then an hour to drain what is still retrying.
    let mut now = utc(23, 0);
    while now < utc(24, 1) {
        faked.set(now);
        if now < utc(24, 0) {
            faked.fire_due().await;
        }
        let slack_calls = slack.calls().len();
        let arm_slack = slack_calls != slack_seen && faults.strike();
        slack_seen = slack_calls;
        if arm_slack {
            let retry_after = faults.next() % 4 + 1;
            if faults.next() % 2 == 0 {
                slack.fail_next(1, Fault::RateLimited { retry_after });
            } else {
                slack.fail_next(1, Fault::ServerError);
            }
        }
        let discord_calls = discord.calls().len();
        let arm_discord = discord_calls != discord_seen && faults.strike();
        discord_seen = discord_calls;
        if arm_discord {
            if faults.next() % 2 == 0 {
                discord.fail_next(
                    1,
                    fake_discord::Failure::RateLimited {
                        retry_after: (faults.next() % 4000) as f64 / 1000.0,
                        global: false,
                    },
                );
            } else {
                discord.fail_next(1, fake_discord::Failure::ServerError);
            }
        }
        faked.round().await;
        now += Duration::seconds(30);
    }
    let slack_calls = slack.calls();
    let failed = slack_calls
        .iter()
        .filter(|call| call.answer == "429" || call.answer == "500")
        .count();
    let share = failed as f64 / slack_calls.len() as f64;
    assert!(
        (0.2..0.4).contains(&share),
        "Slack failed {failed} of {}",
        slack_calls.len()
    );
    let discord_calls = discord.calls();
    let failed = discord_calls
        .iter()
        .filter(|call| call.status >= 400)
        .count();
    let share = failed as f64 / discord_calls.len() as f64;
    assert!(
        (0.2..0.4).contains(&share),
        "Discord failed {failed} of {}",
        discord_calls.len()
    );

    for workspace in [TEAM, GUILD] {
        let report = db.store.outbox_report(workspace).await.expect("report");
        assert_eq!(report.waiting, 0, "{workspace}: nothing left behind");
        assert!(report.failed.is_empty(), "{workspace}: {:?}", report.failed);
        assert_eq!(report.delivered, 24 + 2, "{workspace}: digests and nags");
    }

    // Slack: failures happened, yet 24 digests and one nag per owner, each once.
    let posts = slack.calls_to("chat.postMessage");
    assert!(
        posts.iter().any(|call| call.answer != "ok"),
        "Slack failed some"
    );
    let delivered: Vec<_> = posts.iter().filter(|call| call.answer == "ok").collect();
    let digests = delivered
        .iter()
        .filter(|call| call.body["channel"] == SLACK_CHANNEL)
        .count();
    assert_eq!(digests, 24, "one Slack digest an hour");
    let nags = delivered.len() - digests;
    assert_eq!(nags, SLACK_OWNERS.len(), "one nag per Slack owner");

    // Discord: the same.
    let failed = discord
        .calls()
        .iter()
        .filter(|call| call.status >= 400)
        .count();
    assert!(failed > 0, "Discord failed some");
    assert_eq!(
        discord.messages_in(DISCORD_CHANNEL).len(),
        24,
        "one Discord digest an hour"
    );
    let discord_posts = discord
        .calls()
        .iter()
        .filter(|call| call.path.ends_with("/messages") && call.status < 300)
        .count();
    assert_eq!(
        discord_posts - 24,
        DISCORD_OWNERS.len(),
        "one nag per Discord owner"
    );
}

on_both_backends!(a_flaky_day_delivers_every_digest_and_nag_once);
