//! Pings and volume: a digest names the owners it lists without pinging them
//! (a nag is the ping), one person may ask for a digest in a channel at most
//! once per cooldown, and a schedule may not fire more often than every 15
//! minutes. Through the app `dealbot run` builds, against both fakes.

use chrono::Duration;
use dealbot::core::reply::Tone;
use dealbot_tests::discord_app::DISCORD_CHANNEL;
use dealbot_tests::fake_slack::Member;
use dealbot_tests::json_text::text_of;
use dealbot_tests::{monday_9am, on_both_backends, shipped_settings, FakedPlatforms, TestDb};
use serde_json::{json, Value};

const GUILD: &str = "800000000000000001";
const DISCORD_REP: &str = "700000000000000001";
const DISCORD_LEAD: &str = "700000000000000002";

async fn faked(db: &TestDb, cooldown_minutes: u64) -> FakedPlatforms {
    let mut settings = shipped_settings();
    settings.nags.enabled = false;
    settings.volume.digest_cooldown_minutes = cooldown_minutes;
    let faked = FakedPlatforms::start(&db.store, settings, monday_9am(), &[DISCORD_CHANNEL]).await;
    // Subscribing is for admins; the others are plain members.
    faked.slack.add_user("U0ALEX", Member::Admin);
    faked.slack.add_user("U0SAM", Member::Person);
    faked
}

fn slack_posts(faked: &FakedPlatforms) -> Vec<Value> {
    faked
        .slack
        .calls_to("chat.postMessage")
        .into_iter()
        .map(|call| {
            assert_eq!(call.answer, "ok", "{}", call.body);
            call.body
        })
        .collect()
}

async fn digests_name_owners_without_pinging_them(db: &TestDb) {
    let faked = faked(db, 5).await;
    faked.slack.set_display_name("U0ALEX", "Alex Kim");
    faked.slack.set_display_name("U0SAM", "Sam Ortiz");
    for (user, deal) in [
        ("U0ALEX", "Acme"),
        ("U0SAM", "Globex"),
        ("U0ALEX", "Initech"),
    ] {
        faked
            .ok("slack", "T1", user, "C-PIPELINE", &format!("new {deal} 5k"))
            .await;
    }
    faked
        .ok("slack", "T1", "U0ALEX", "C-PIPELINE", "owner D-3 @U0SAM")
        .await;
    for (user, deal) in [(DISCORD_REP, "Umbrella"), (DISCORD_LEAD, "Hooli")] {
        faked
            .ok(
                "discord",
                GUILD,
                user,
                DISCORD_CHANNEL,
                &format!("new {deal} 5k"),
            )
            .await;
    }
    let before = slack_posts(&faked).len();
    faked
        .ok("slack", "T1", "U0SAM", "C-PIPELINE", "digest")
        .await;
    faked
        .ok("discord", GUILD, DISCORD_LEAD, DISCORD_CHANNEL, "digest")
        .await;
    faked.rounds(5, Duration::seconds(2)).await;

    let posts = slack_posts(&faked);
    let digest: Vec<&Value> = posts[before..]
        .iter()
        .filter(|post| text_of(post).contains("Pipeline digest"))
        .collect();
    assert_eq!(digest.len(), 1, "one Slack digest: {posts:?}");
    let text = text_of(digest[0]);
    for name in ["@Alex Kim", "@Sam Ortiz"] {
        assert!(text.contains(name), "the digest names {name}:\n{text}");
    }
    assert!(
        !text.contains("<@"),
        "a Slack mention pings: the digest has none:\n{text}"
    );
    for deal in ["Acme", "Globex", "Initech"] {
        assert!(text.contains(deal), "{deal} is listed:\n{text}");
    }

    let discord: Vec<Value> = faked
        .discord
        .messages_in(DISCORD_CHANNEL)
        .into_iter()
        .filter(|post| text_of(post).contains("Pipeline digest"))
        .collect();
    assert_eq!(discord.len(), 1, "one Discord digest");
    let post = &discord[0];
    assert!(
        text_of(&post["embeds"]).contains(&format!("<@{DISCORD_REP}>")),
        "owners are shown in the embed: {post}"
    );
    assert_eq!(post["allowed_mentions"]["parse"], json!([]), "{post}");
    let pinged = post["allowed_mentions"]["users"]
        .as_array()
        .map_or(0, Vec::len);
    assert_eq!(pinged, 0, "nobody is pinged by a digest: {post}");
    assert!(
        post.get("content").is_none_or(Value::is_null),
        "no mention outside the embed: {post}"
    );
}
on_both_backends!(digests_name_owners_without_pinging_them);

fn digests_in(faked: &FakedPlatforms) -> (usize, usize) {
    let slack = slack_posts(faked)
        .iter()
        .filter(|post| text_of(post).contains("Pipeline digest"))
        .count();
    let discord = faked
        .discord
        .messages_in(DISCORD_CHANNEL)
        .iter()
        .filter(|post| text_of(post).contains("Pipeline digest"))
        .count();
    (slack, discord)
}

async fn one_person_asks_for_a_digest_at_most_once_every_five_minutes(db: &TestDb) {
    let faked = faked(db, 5).await;
    faked
        .ok("slack", "T1", "U0ALEX", "C-PIPELINE", "new Acme 5k")
        .await;
    faked
        .ok(
            "discord",
            GUILD,
            DISCORD_REP,
            DISCORD_CHANNEL,
            "new Umbrella 5k",
        )
        .await;
    let ask = |platform: &'static str, user: &'static str| {
        let (workspace, channel) = if platform == "slack" {
            ("T1", "C-PIPELINE")
        } else {
            (GUILD, DISCORD_CHANNEL)
        };
        faked.command(platform, workspace, user, channel, "digest")
    };

    for (platform, user) in [("slack", "U0ALEX"), ("discord", DISCORD_REP)] {
        assert_ne!(ask(platform, user).await.tone, Tone::Error);
    }
    faked.rounds(3, Duration::seconds(2)).await;
    assert_eq!(digests_in(&faked), (1, 1));

    faked.advance(Duration::minutes(2));
    for (platform, user) in [("slack", "U0ALEX"), ("discord", DISCORD_REP)] {
        let refused = ask(platform, user).await;
        assert_eq!(refused.tone, Tone::Error, "{platform}: {refused:?}");
        let text = format!("{:?}", refused.lines);
        assert!(
            text.contains("once every 5 minutes") && text.contains("09:05"),
            "{platform}: the refusal says when the next one is allowed: {text}"
        );
        assert!(text.contains("at 09:00"), "{text}");
    }
    // Someone else in the channel may still ask.
    assert_ne!(ask("slack", "U0SAM").await.tone, Tone::Error);
    assert_ne!(ask("discord", DISCORD_LEAD).await.tone, Tone::Error);
    faked.rounds(3, Duration::seconds(2)).await;
    assert_eq!(digests_in(&faked), (2, 2), "refused asks post nothing");

    faked.advance(Duration::minutes(3));
    for (platform, user) in [("slack", "U0ALEX"), ("discord", DISCORD_REP)] {
        assert_ne!(ask(platform, user).await.tone, Tone::Error, "{platform}");
    }
    faked.rounds(3, Duration::seconds(2)).await;
    assert_eq!(digests_in(&faked), (3, 3), "after five minutes, once more");
}
on_both_backends!(one_person_asks_for_a_digest_at_most_once_every_five_minutes);

async fn a_cooldown_of_zero_lets_people_ask_as_often_as_they_like(db: &TestDb) {
    let faked = faked(db, 0).await;
    faked
        .ok("slack", "T1", "U0ALEX", "C-PIPELINE", "new Acme 5k")
        .await;
    for _ in 0..3 {
        faked
            .ok("slack", "T1", "U0ALEX", "C-PIPELINE", "digest")
            .await;
        faked.advance(Duration::seconds(1));
    }
    faked.rounds(6, Duration::seconds(2)).await;
    assert_eq!(digests_in(&faked).0, 3);
}
on_both_backends!(a_cooldown_of_zero_lets_people_ask_as_often_as_they_like);

async fn schedules_firing_more_often_than_every_15_minutes_are_refused(db: &TestDb) {
    let faked = faked(db, 5).await;
    for line in ["* * * * *", "*/5 * * * *", "0,10 9 * * 1-5"] {
        let reply = faked
            .command(
                "slack",
                "T1",
                "U0ALEX",
                "C-PIPELINE",
                &format!("subscribe \"{line}\" Europe/Berlin"),
            )
            .await;
        assert_eq!(reply.tone, Tone::Error, "{line}: {reply:?}");
        let text = format!("{:?}", reply.lines);
        assert!(
            text.contains("at most every 15 minutes"),
            "{line}: says why: {text}"
        );
    }
    let kept = db.store.all_subscriptions().await.expect("read");
    assert!(kept.is_empty(), "nothing subscribed: {kept:?}");
    faked
        .ok(
            "slack",
            "T1",
            "U0ALEX",
            "C-PIPELINE",
            "subscribe \"*/15 9-17 * * 1-5\" Europe/Berlin",
        )
        .await;
    assert_eq!(db.store.all_subscriptions().await.expect("read").len(), 1);
}
on_both_backends!(schedules_firing_more_often_than_every_15_minutes_are_refused);

#[test]
fn check_config_refuses_a_digest_that_fires_too_often() {
    let output = crate::binary::check_config(
        r#"
[volume]
digest_cooldown_minutes = 5000

[[digests]]
platform = "slack"
workspace = "T1"
channel = "C1"
cron = "*/10 * * * *"
"#,
    );
    assert!(!output.status.success());
    let text = String::from_utf8_lossy(&output.stderr);
    assert!(
        text.contains("digests[0].cron")
            && text.contains("10 minutes apart")
            && text.contains("at most every 15 minutes"),
        "{text}"
    );
    assert!(
        text.contains("volume.digest_cooldown_minutes") && text.contains("more than a day"),
        "{text}"
    );
}
