//! The built `dealbot run` binary, set up by its environment alone for Slack
//! and Discord at once: 300 open deals with long names on each platform, then
//! `/deal digest` on each. Every deal reaches the channel exactly once across
//! the digest's parts, and every part fits its platform: on Discord content ≤
//! 2,000, an embed's description ≤ 4,096 and all embeds ≤ 6,000 characters; on
//! Slack ≤ 50 blocks and section texts ≤ 3,000.

use std::time::{Duration, Instant};

use dealbot_tests::child_bot::ChildBot;
use dealbot_tests::discord_app::{command, DISCORD_CHANNEL};
use dealbot_tests::slack_bot::{text_of, CHANNEL};
use dealbot_tests::{on_both_backends, TestDb};
use serde_json::{json, Value};

const DEALS: usize = 300;
const TEAM: &str = "T0BLACKBOX";
const GUILD: &str = "100000000000000042";
const SLACK_REP: &str = "U0REP1";
const DISCORD_REP: &str = "700000000000000001";

fn name(n: usize) -> String {
    format!("Zeta{n:03} Industrial Holdings International Ltd")
}

/// How many times each deal's name appears in `texts`, by deal.
fn sightings(texts: &[String]) -> Vec<usize> {
    (1..=DEALS)
        .map(|n| {
            texts
                .iter()
                .map(|text| text.matches(&name(n)).count())
                .sum()
        })
        .collect()
}

/// The parts the answer to `digest` announces ("in 7 parts"), at least one.
fn announced_parts(answer: &str) -> usize {
    answer
        .split(" in ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|count| count.parse().ok())
        .unwrap_or(1)
}

/// Waits until `read` shows every deal, then a little longer for any copy
/// that would come late; what it shows then.
async fn posted_until_complete(read: impl Fn() -> Vec<String>) -> Vec<String> {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(90) {
        if sightings(&read()).iter().all(|seen| *seen >= 1) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    tokio::time::sleep(Duration::from_secs(3)).await;
    read()
}

fn assert_each_deal_once(platform: &str, texts: &[String]) {
    let seen = sightings(texts);
    let missing: Vec<usize> = (1..=DEALS).filter(|n| seen[n - 1] == 0).collect();
    let doubled: Vec<usize> = (1..=DEALS).filter(|n| seen[n - 1] > 1).collect();
    assert!(
        missing.is_empty() && doubled.is_empty(),
        "{platform}: {} of {DEALS} deals missing ({missing:?}), {} shown twice ({doubled:?}), \
         across {} messages",
        missing.len(),
        doubled.len(),
        texts.len()
    );
}

/// Everything a Discord message shows: content, embed titles, descriptions, fields.
fn discord_text(message: &Value) -> String {
    let mut out = vec![message["content"].as_str().unwrap_or_default().to_string()];
    for embed in message["embeds"].as_array().into_iter().flatten() {
        for key in ["title", "description"] {
            out.extend(embed[key].as_str().map(str::to_string));
        }
        for field in embed["fields"].as_array().into_iter().flatten() {
            out.extend(field["value"].as_str().map(str::to_string));
        }
    }
    out.join("\n")
}

fn chars(value: &Value) -> usize {
    value.as_str().map_or(0, |text| text.chars().count())
}

/// Discord's per-message limits, checked here as well as by the fake.
fn assert_fits_discord(message: &Value) {
    assert!(chars(&message["content"]) <= 2000, "content: {message}");
    let mut total = 0;
    for embed in message["embeds"].as_array().into_iter().flatten() {
        assert!(chars(&embed["description"]) <= 4096, "description: {embed}");
        total += chars(&embed["title"]) + chars(&embed["description"]);
        for field in embed["fields"].as_array().into_iter().flatten() {
            total += chars(&field["name"]) + chars(&field["value"]);
        }
        total += chars(&embed["footer"]["text"]) + chars(&embed["author"]["name"]);
    }
    assert!(
        total <= 6000,
        "all embeds hold {total} characters: {message}"
    );
}

/// Slack's per-message limits, checked here as well as by the fake.
fn assert_fits_slack(message: &Value) {
    let blocks = message["blocks"].as_array().map_or(0, Vec::len);
    assert!(blocks <= 50, "{blocks} blocks");
    for block in message["blocks"].as_array().into_iter().flatten() {
        if block["type"] == "section" {
            assert!(chars(&block["text"]["text"]) <= 3000, "section: {block}");
        }
    }
}

async fn every_deal_reaches_the_channel_once_on_both_platforms(db: &TestDb) {
    let bot = ChildBot::start(dealbot_tests::dealbot_command!(), &db.url).await;
    // Both channels want only digests: this is about the digest, not the 300
    // announcements of the deals opened for it (paced, they would take minutes).
    for (workspace, channel) in [
        (dealbot_tests::slack_workspace(TEAM), CHANNEL),
        (dealbot_tests::discord_workspace(GUILD), DISCORD_CHANNEL),
    ] {
        db.store
            .set_channel_notify_mode(
                &workspace,
                channel,
                "digest-only",
                "ops",
                chrono::Utc::now(),
            )
            .await
            .expect("notify mode set");
    }

    for n in 1..=DEALS {
        let text = format!("new \"{}\" {}k", name(n), n);
        let answer = bot.slack_command(TEAM, SLACK_REP, &text).await;
        assert_eq!(answer.status, 200, "{}", answer.body);
        assert!(
            !text_of(&answer.json()).contains(":warning:"),
            "`{text}`: {}",
            answer.body
        );
        let interaction = command(
            GUILD,
            DISCORD_REP,
            "new",
            &[("name", json!(name(n))), ("amount", json!(format!("{n}k")))],
        );
        let (status, answer) = bot.discord_interaction(&interaction).await;
        assert_eq!(status, 200, "{answer}");
        assert_eq!(answer["type"], 4, "{answer}");
    }

    let slack_digest = bot.slack_command(TEAM, SLACK_REP, "digest").await;
    assert_eq!(slack_digest.status, 200);
    let slack_parts = announced_parts(&text_of(&slack_digest.json()));
    let (status, discord_digest) = bot
        .discord_interaction(&command(GUILD, DISCORD_REP, "digest", &[]))
        .await;
    assert_eq!(status, 200);
    let discord_parts = announced_parts(
        discord_digest["data"]["embeds"][0]["description"]
            .as_str()
            .unwrap_or(""),
    );

    let slack_posts = || {
        bot.slack
            .calls_to("chat.postMessage")
            .into_iter()
            .filter(|call| call.body["channel"] == CHANNEL && call.answer == "ok")
            .map(|call| call.body)
            .collect::<Vec<Value>>()
    };
    let slack_texts = posted_until_complete(|| slack_posts().iter().map(text_of).collect()).await;
    assert_each_deal_once("Slack", &slack_texts);
    assert!(
        slack_posts().len() >= slack_parts,
        "Slack got {} messages for {slack_parts} parts",
        slack_posts().len()
    );
    for message in slack_posts() {
        assert_fits_slack(&message);
    }

    let discord_posts = || bot.discord.messages_in(DISCORD_CHANNEL);
    let discord_texts =
        posted_until_complete(|| discord_posts().iter().map(discord_text).collect()).await;
    assert_each_deal_once("Discord", &discord_texts);
    assert_eq!(
        discord_posts().len(),
        discord_parts,
        "one Discord message per announced part"
    );
    for message in discord_posts() {
        assert_fits_discord(&message);
    }
    let refused: Vec<_> = bot
        .discord
        .calls()
        .into_iter()
        .filter(|call| call.status >= 400)
        .collect();
    assert!(refused.is_empty(), "Discord refused: {refused:?}");
    assert!(bot.stop().await, "SIGTERM is a clean stop");
}

on_both_backends!(every_deal_reaches_the_channel_once_on_both_platforms);
