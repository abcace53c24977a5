//! The Discord adapter end to end: signed interactions posted to
//! `POST /discord/interactions` of the running bot (fresh database, port 0), and
//! the outbox sender against the fake Discord API. Every message the bot answers
//! with is checked against Discord's limits by the fake's own rules.

use std::time::Duration;

use chrono::Utc;
use dealbot::adapters::discord::commands;
use dealbot::adapters::discord::DiscordSender;
use dealbot::core::reply::{Line, Reply};
use dealbot::outbox::{DeliveryError, Destination, Outgoing, Sender};
use dealbot_storage::{DealStatus, HistoryAction};
use dealbot_tests::discord_app::{
    autocomplete, choose, click, command, in_its_group, Answer, DiscordApp, DISCORD_CHANNEL,
};
use dealbot_tests::fake_discord::{check_interaction_answer, Failure, FakeDiscord};
use dealbot_tests::json_text::text_of as text_of_body;
use dealbot_tests::{discord_workspace, on_both_backends, sqlite, TestDb};
use serde_json::{json, Value};

const GUILD: &str = "100000000000000001";
const OTHER_GUILD: &str = "100000000000000002";
const REP1: &str = "200000000000000001";
const REP2: &str = "200000000000000002";
const CHANNEL: &str = "555000000000000001";
const TOKEN: &str = "test-bot-token";

/// Discord's red, the colour of refusals.
const RED: u64 = 0xE7_4C_3C;

/// An answer the bot gave, checked against Discord's interaction callback
/// schema and limits.
fn checked(answer: &Answer) -> &Value {
    assert_eq!(answer.status, 200, "{:?}", answer.json);
    check_interaction_answer(&answer.json)
        .unwrap_or_else(|problems| panic!("{problems}: {:#}", answer.json));
    &answer.json
}

/// The message an answer carries, checked as [`checked`] does.
fn data(answer: &Answer) -> &Value {
    &checked(answer)["data"]
}

fn is_private(answer: &Answer) -> bool {
    data(answer)["flags"] == json!(64)
}

fn is_refusal(answer: &Answer) -> bool {
    data(answer)["embeds"][0]["color"] == json!(RED)
}

fn text_of(answer: &Answer) -> String {
    let embed = &data(answer)["embeds"][0];
    let mut text = format!(
        "{}\n{}\n",
        embed["title"].as_str().unwrap_or_default(),
        embed["description"].as_str().unwrap_or_default()
    );
    for field in embed["fields"].as_array().cloned().unwrap_or_default() {
        text.push_str(&format!("{}: {}\n", field["name"], field["value"]));
    }
    text
}

/// The `custom_id`s of an answer's buttons, and the values of its menu.
fn actions(answer: &Answer) -> Vec<String> {
    let mut found = Vec::new();
    for row in data(answer)["components"]
        .as_array()
        .cloned()
        .unwrap_or_default()
    {
        for item in row["components"].as_array().cloned().unwrap_or_default() {
            if let Some(options) = item["options"].as_array() {
                for option in options {
                    found.push(option["value"].as_str().unwrap_or_default().to_string());
                }
            } else {
                found.push(item["custom_id"].as_str().unwrap_or_default().to_string());
            }
        }
    }
    found
}

async fn ok(app: &DiscordApp, interaction: Value) -> Answer {
    let answer = app.send(&interaction).await;
    assert!(!is_refusal(&answer), "refused: {}", text_of(&answer));
    answer
}

fn choices(answer: &Answer) -> Vec<(String, String)> {
    assert_eq!(checked(answer)["type"], 8, "an autocomplete result");
    answer.json["data"]["choices"]
        .as_array()
        .expect("choices")
        .iter()
        .map(|c| {
            (
                c["value"].as_str().unwrap_or_default().to_string(),
                c["name"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

/// Must show: a signed `/deal new`, autocomplete for the deal and the stage,
/// `/deal stage`, then a click on Done. The public message is the interaction
/// response (type 4 for the commands, type 7 updating the card for the click):
/// in HTTP mode Discord posts what the bot answers, so the bot makes no call to
/// the fake API for it.
async fn new_autocomplete_stage_done(db: &TestDb) {
    let app = DiscordApp::spawn(&db.store).await;

    let created = ok(
        &app,
        command(
            GUILD,
            REP1,
            "new",
            &[("name", json!("Acme Corp")), ("amount", json!("50k"))],
        ),
    )
    .await;
    assert_eq!(created.json["type"], 4);
    assert!(
        is_private(&created),
        "the person's own answer, with the card"
    );
    let text = text_of(&created);
    assert!(
        text.contains(&format!("<@{REP1}> opened `D-1` **Acme Corp**")),
        "{text}"
    );
    app.served.catch_up_paced().await;
    let posted = app.fake.current_messages_in(DISCORD_CHANNEL);
    assert_eq!(posted.len(), 1, "a new deal is announced to the channel");
    assert!(
        text_of_body(&posted[0].body).contains(&format!("<@{REP1}> opened `D-1` **Acme Corp**")),
        "{:?}",
        posted[0].body
    );

    let deals = choices(
        &app.send(&autocomplete(GUILD, REP1, "stage", &[], ("deal", "acm")))
            .await,
    );
    assert_eq!(deals[0].0, "D-1");
    assert!(deals[0].1.contains("Acme Corp"), "{deals:?}");
    let stages = choices(
        &app.send(&autocomplete(
            GUILD,
            REP1,
            "stage",
            &[("deal", json!("D-1"))],
            ("stage", "pres"),
        ))
        .await,
    );
    assert_eq!(stages[0].0, "Presenting");

    let moved = ok(
        &app,
        command(
            GUILD,
            REP1,
            "stage",
            &[
                ("deal", json!(deals[0].0)),
                ("stage", json!(stages[0].0)),
                ("note", json!("demo booked")),
            ],
        ),
    )
    .await;
    assert!(is_private(&moved), "the mover's own answer");
    let text = text_of(&moved);
    assert!(
        text.contains("Prospecting → **Presenting**: demo booked"),
        "{text}"
    );
    app.served.catch_up_paced().await;
    let posted = app.fake.current_messages_in(DISCORD_CHANNEL);
    assert_eq!(
        posted.len(),
        1,
        "the stage change updates the one post of the rep's quick changes"
    );
    assert_eq!(posted[0].edits, 1);
    assert!(
        text_of_body(&posted[0].body).contains("Prospecting → **Presenting**: demo booked"),
        "the stage change is announced: {:?}",
        posted[0].body
    );

    ok(
        &app,
        command(
            GUILD,
            REP1,
            "next",
            &[
                ("deal", json!("D-1")),
                ("what", json!("send the proposal")),
                ("when", json!("in 3d")),
            ],
        ),
    )
    .await;
    let card = ok(
        &app,
        command(GUILD, REP1, "show", &[("deal", json!("acme"))]),
    )
    .await;
    let due = text_of(&card);
    assert!(
        due.contains("send the proposal — due ") && due.contains(" (in 3 days)"),
        "the due day, the same for every reader: {due}"
    );
    assert!(
        actions(&card).contains(&"done D-1".to_string()),
        "{:?}",
        actions(&card)
    );

    let clicked = app.send(&click(GUILD, REP2, "done D-1")).await;
    assert_eq!(
        clicked.json["type"], 7,
        "the click updates the card in place"
    );
    let text = text_of(&clicked);
    assert!(text.contains("Done: send the proposal"), "{text}");
    assert!(
        text.contains("Presenting"),
        "a click replaces the card with the card as it is now: {text}"
    );
    assert!(!actions(&clicked).contains(&"done D-1".to_string()));
    assert_eq!(data(&clicked)["allowed_mentions"]["parse"], json!([]));

    let again = app.send(&click(GUILD, REP2, "done D-1")).await;
    assert_eq!(
        again.json["type"], 4,
        "a repeated click is answered privately"
    );
    assert!(
        is_private(&again) && is_refusal(&again),
        "{}",
        text_of(&again)
    );

    let deal = db
        .store
        .deal_by_number(&discord_workspace(GUILD), 1)
        .await
        .expect("read")
        .expect("D-1");
    assert_eq!(deal.stage, "Presenting");
    assert_eq!(deal.next_step, None);
    let history = db
        .store
        .history(&discord_workspace(GUILD), 1, None)
        .await
        .expect("history");
    let dones = history
        .iter()
        .filter(|h| h.action == HistoryAction::Done)
        .count();
    assert_eq!(dones, 1, "the second click changed nothing");
    assert!(history
        .iter()
        .any(|h| h.action == HistoryAction::Done && h.actor == REP2));
}
on_both_backends!(new_autocomplete_stage_done);

/// A subcommand, its options, and whether its answer is private.
type Step = (&'static str, Vec<(&'static str, Value)>, bool);

/// Every subcommand through its typed options.
async fn every_subcommand(db: &TestDb) {
    let app = DiscordApp::spawn(&db.store).await;
    let deal = |d: &str| ("deal", json!(d));
    // (subcommand, options, private?): the person's answer to a change is
    // private; the channel hears of team-relevant ones through the bot's own
    // post. Channel settings and reports are answered in the channel.
    let steps: Vec<Step> = vec![
        (
            "new",
            vec![("name", json!("Acme Corp")), ("amount", json!("50k"))],
            true,
        ),
        (
            "new",
            vec![("name", json!("Globex")), ("owner", json!(REP2))],
            true,
        ),
        ("show", vec![deal("D-1")], true),
        ("list", vec![("mine", json!(true))], true),
        (
            "stage",
            vec![deal("D-1"), ("stage", json!("Qualifying"))],
            true,
        ),
        (
            "next",
            vec![
                deal("D-1"),
                ("what", json!("call them")),
                ("when", json!("fri")),
            ],
            true,
        ),
        ("snooze", vec![deal("D-1"), ("until", json!("1w"))], true),
        ("done", vec![deal("D-1")], true),
        ("owner", vec![deal("D-1"), ("owner", json!(REP2))], true),
        ("amount", vec![deal("D-1"), ("amount", json!("75k"))], true),
        (
            "close-date",
            vec![deal("D-1"), ("when", json!("2026-12-31"))],
            true,
        ),
        (
            "note",
            vec![deal("D-1"), ("text", json!("they liked the demo"))],
            true,
        ),
        ("history", vec![deal("D-1")], true),
        ("won", vec![deal("D-1")], true),
        (
            "lost",
            vec![deal("Globex"), ("reason", json!("went with a competitor"))],
            true,
        ),
        (
            "buyer",
            vec![deal("D-1"), ("stage", json!("evaluation"))],
            true,
        ),
        (
            "qualify",
            vec![
                deal("D-1"),
                ("item", json!("budget")),
                ("answer", json!("yes")),
                ("note", json!("approved 50k")),
            ],
            true,
        ),
        ("digest", vec![], true),
        (
            "subscribe",
            vec![
                ("schedule", json!("0 9 * * 1-5")),
                ("zone", json!("Europe/Berlin")),
            ],
            false,
        ),
        ("schedules", vec![], true),
        ("unsubscribe", vec![], false),
        ("status", vec![], true),
        // Posted to the channel with its chart, through the outbox; the asker
        // is told so privately.
        (
            "report",
            vec![("pipeline", json!("new-business")), ("since", json!("30d"))],
            true,
        ),
        ("notify", vec![("mode", json!("all"))], false),
        ("tz", vec![("zone", json!("Europe/Paris"))], true),
        ("hours", vec![("hours", json!("08:00-16:00 mon-thu"))], true),
        (
            "away",
            vec![("until", json!("2026-12-20")), ("note", json!("skiing"))],
            true,
        ),
        ("back", vec![], true),
        ("help", vec![("subcommand", json!("stage"))], true),
        ("new", vec![("name", json!("Hooli dupe"))], true),
        ("new", vec![("name", json!("Hooli"))], true),
        (
            "rename",
            vec![deal("D-3"), ("name", json!("Hooli copy"))],
            true,
        ),
        ("merge", vec![deal("D-3"), ("into", json!("D-4"))], true),
        ("restore", vec![deal("D-3")], true),
        ("delete", vec![deal("D-3")], true),
        ("undo", vec![], true),
        ("list", vec![("status", json!("won"))], true),
        (
            "list",
            vec![("who", json!(REP2)), ("status", json!("lost"))],
            true,
        ),
    ];
    let spec_names: Vec<&str> = dealbot::core::command::SPECS
        .iter()
        .map(|s| s.name)
        .collect();
    for name in &spec_names {
        assert!(
            steps.iter().any(|(s, _, _)| s == name),
            "no step for {name}"
        );
    }
    for (sub, options, private) in steps {
        let answer = ok(&app, in_its_group(command(GUILD, REP1, sub, &options))).await;
        assert_eq!(is_private(&answer), private, "{sub}: {}", text_of(&answer));
    }
    let acme = db
        .store
        .deal_by_number(&discord_workspace(GUILD), 1)
        .await
        .expect("read")
        .expect("D-1");
    assert_eq!(acme.status, DealStatus::Won);
    assert_eq!(acme.owner, REP2);
    assert_eq!(acme.amount_minor, Some(7_500_000));
    let globex = db
        .store
        .deal_by_number(&discord_workspace(GUILD), 2)
        .await
        .expect("read")
        .expect("D-2");
    assert_eq!(globex.status, DealStatus::Lost);
    assert_eq!(
        globex.lost_reason.as_deref(),
        Some("went with a competitor")
    );
    let hooli = db
        .store
        .deal_by_number(&discord_workspace(GUILD), 3)
        .await
        .expect("read")
        .expect("D-3");
    assert_eq!(
        (hooli.name.as_str(), hooli.deleted_at, hooli.merged_into),
        ("Hooli copy", None, None),
        "renamed, merged, restored, deleted, and the delete undone"
    );

    let bad = app
        .send(&command(
            GUILD,
            REP1,
            "next",
            &[
                deal("D-1"),
                ("what", json!("x")),
                ("when", json!("someday")),
            ],
        ))
        .await;
    assert!(
        is_private(&bad) && is_refusal(&bad),
        "bad input is refused privately"
    );
}
on_both_backends!(every_subcommand);

/// Autocomplete: at most 25, best match first, only the guild's own deals.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn autocomplete_is_ranked_capped_and_guild_scoped() {
    let db = sqlite().await;
    let app = DiscordApp::spawn(&db.store).await;
    ok(
        &app,
        command(GUILD, REP1, "new", &[("name", json!("Big Acme"))]),
    )
    .await;
    for i in 1..=30 {
        ok(
            &app,
            command(
                GUILD,
                REP1,
                "new",
                &[("name", json!(format!("Acme {i:02}")))],
            ),
        )
        .await;
    }
    ok(
        &app,
        command(GUILD, REP1, "new", &[("name", json!("Megacme"))]),
    )
    .await;
    ok(
        &app,
        command(GUILD, REP1, "new", &[("name", json!("Acme"))]),
    )
    .await;
    ok(
        &app,
        command(OTHER_GUILD, REP2, "new", &[("name", json!("Acme Secret"))]),
    )
    .await;

    let found = choices(
        &app.send(&autocomplete(GUILD, REP1, "show", &[], ("deal", "acme")))
            .await,
    );
    assert_eq!(found.len(), 25);
    assert_eq!(found[0].0, "D-33", "the exact name first: {found:?}");
    assert_eq!(found[1].0, "D-2", "then prefixes, by number");
    assert!(found.iter().all(|(_, label)| !label.contains("Secret")));

    let by_id = choices(
        &app.send(&autocomplete(GUILD, REP1, "show", &[], ("deal", "D-32")))
            .await,
    );
    assert_eq!(by_id[0].0, "D-32");
    let theirs = choices(
        &app.send(&autocomplete(OTHER_GUILD, REP2, "show", &[], ("deal", "")))
            .await,
    );
    assert_eq!(theirs.len(), 1);
    assert!(theirs[0].1.contains("Acme Secret"));

    let stages = choices(
        &app.send(&autocomplete(GUILD, REP1, "stage", &[], ("stage", "q")))
            .await,
    );
    assert_eq!(stages[0].0, "Qualifying");
    let all = choices(
        &app.send(&autocomplete(GUILD, REP1, "list", &[], ("stage", "")))
            .await,
    );
    assert_eq!(
        all.iter().map(|c| c.0.as_str()).collect::<Vec<_>>(),
        [
            "Prospecting",
            "Building Rapport",
            "Qualifying",
            "Presenting",
            "Closing",
            "Discovery",
            "Pilot Scoping",
            "Pilot Running",
            "Pilot Review",
            "Commercial Terms",
            "Onboarding",
            "Maintaining",
            "Developing",
            "Advocacy",
            "Won"
        ]
    );
    db.finish().await;
}

/// Done, Snooze 1 day, Snooze 1 week and the stage menu each change the deal
/// once and update the card.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_button() {
    let db = sqlite().await;
    let app = DiscordApp::spawn(&db.store).await;
    ok(
        &app,
        command(GUILD, REP1, "new", &[("name", json!("Acme"))]),
    )
    .await;
    let answer = ok(
        &app,
        command(
            GUILD,
            REP1,
            "next",
            &[
                ("deal", json!("D-1")),
                ("what", json!("call")),
                ("when", json!("tomorrow")),
            ],
        ),
    )
    .await;
    assert_eq!(
        actions(&answer),
        vec!["show D-1".to_string()],
        "a next step is answered in one line, with Show card"
    );
    let card = app.send(&click(GUILD, REP1, "show D-1")).await;
    let ids = actions(&card);
    for expected in [
        "done D-1",
        "snooze D-1 1d",
        "snooze D-1 1w",
        "stage D-1 \"Qualifying\"",
    ] {
        assert!(
            ids.contains(&expected.to_string()),
            "{expected} missing from {ids:?}"
        );
    }
    let before = db
        .store
        .deal_by_number(&discord_workspace(GUILD), 1)
        .await
        .expect("read")
        .expect("D-1");

    let snoozed = app.send(&click(GUILD, REP1, "snooze D-1 1d")).await;
    assert_eq!(snoozed.json["type"], 7);
    let after_day = db
        .store
        .deal_by_number(&discord_workspace(GUILD), 1)
        .await
        .expect("read")
        .expect("D-1");
    assert!(after_day.next_step_due > before.next_step_due);

    let snoozed = app.send(&click(GUILD, REP1, "snooze D-1 1w")).await;
    assert_eq!(snoozed.json["type"], 7);
    let after_week = db
        .store
        .deal_by_number(&discord_workspace(GUILD), 1)
        .await
        .expect("read")
        .expect("D-1");
    assert!(after_week.next_step_due > after_day.next_step_due);

    let moved = app
        .send(&choose(
            GUILD,
            REP1,
            "deal-menu",
            "stage D-1 \"Qualifying\"",
        ))
        .await;
    assert_eq!(moved.json["type"], 7);
    assert!(text_of(&moved).contains("**Qualifying**"));
    let again = app
        .send(&choose(
            GUILD,
            REP1,
            "deal-menu",
            "stage D-1 \"Qualifying\"",
        ))
        .await;
    assert_ne!(again.json["type"], 4, "{}", text_of(&again));

    let done = app.send(&click(GUILD, REP1, "done D-1")).await;
    assert_eq!(done.json["type"], 7);
    let history = db
        .store
        .history(&discord_workspace(GUILD), 1, None)
        .await
        .expect("history");
    let count = |action| history.iter().filter(|h| h.action == action).count();
    assert_eq!(
        (
            count(HistoryAction::Snooze),
            count(HistoryAction::Stage),
            count(HistoryAction::Done)
        ),
        (2, 1, 1)
    );

    let forged = app.send(&click(GUILD, REP1, "lost")).await;
    assert!(
        is_private(&forged) && is_refusal(&forged),
        "a bad command in a button is refused"
    );
    assert_eq!(forged.json["type"], 4, "a refusal leaves the card alone");
    db.finish().await;
}

/// `@everyone` and markdown in a deal name reach Discord as inert text, and no
/// message lets Discord parse mentions.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mentions_in_user_text_ping_nobody() {
    let db = sqlite().await;
    let app = DiscordApp::spawn(&db.store).await;
    let answer = ok(
        &app,
        command(
            GUILD,
            REP1,
            "new",
            &[("name", json!("@everyone <@&42> **free** @here"))],
        ),
    )
    .await;
    let body = data(&answer);
    assert_eq!(
        body["allowed_mentions"],
        json!({"parse": [], "roles": [], "users": []})
    );
    let text = text_of(&answer);
    for raw in ["@everyone", "@here", "<@&42>", "**free**"] {
        assert!(
            !text.contains(raw),
            "{raw} reached Discord as markup: {text}"
        );
    }
    assert!(text.contains("@\u{200B}everyone"), "{text}");
    db.finish().await;
}

/// One guild cannot see, change or complete another guild's deals.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_guild_cannot_reach_another_guilds_deals() {
    let db = sqlite().await;
    let app = DiscordApp::spawn(&db.store).await;
    ok(
        &app,
        command(GUILD, REP1, "new", &[("name", json!("Acme"))]),
    )
    .await;
    ok(
        &app,
        command(
            GUILD,
            REP1,
            "next",
            &[
                ("deal", json!("D-1")),
                ("what", json!("call")),
                ("when", json!("fri")),
            ],
        ),
    )
    .await;

    let shown = app
        .send(&command(
            OTHER_GUILD,
            REP2,
            "show",
            &[("deal", json!("D-1"))],
        ))
        .await;
    assert!(is_refusal(&shown) && is_private(&shown));
    let clicked = app.send(&click(OTHER_GUILD, REP2, "done D-1")).await;
    assert!(is_refusal(&clicked), "{}", text_of(&clicked));
    let mut in_a_dm = command(GUILD, REP2, "show", &[("deal", json!("D-1"))]);
    in_a_dm.as_object_mut().map(|o| o.remove("guild_id"));
    let refused = app.send(&in_a_dm).await;
    assert!(
        is_refusal(&refused) && is_private(&refused),
        "outside a server, no deals"
    );
    let listed = ok(&app, command(OTHER_GUILD, REP2, "list", &[])).await;
    assert!(!text_of(&listed).contains("call"), "{}", text_of(&listed));
    let deal = db
        .store
        .deal_by_number(&discord_workspace(GUILD), 1)
        .await
        .expect("read")
        .expect("D-1");
    assert_eq!(deal.next_step.as_deref(), Some("call"), "untouched");
    db.finish().await;
}

fn outgoing(destination: Destination, reply: Reply, key: &str) -> Outgoing {
    Outgoing {
        platform: "discord".into(),
        workspace: GUILD.into(),
        destination,
        reply,
        key: key.into(),
    }
}

/// The outbox sender against the fake: DMs open a channel first, posts carry
/// the nonce and ping only who they mean to, and every failure is classified.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sender_classifies_what_discord_answers() {
    let fake = FakeDiscord::start(TOKEN, &[CHANNEL]).await;
    let sender = DiscordSender::new(&fake.api_url, TOKEN.to_string().into()).expect("sender");
    let nag = Reply::public().line(
        Line::new()
            .user(REP1)
            .text(", the next step of ")
            .strong("@everyone deal")
            .text(" is overdue"),
    );

    let posted = sender
        .send(&outgoing(
            Destination::Channel(CHANNEL.into()),
            nag.clone(),
            "nag-1",
        ))
        .await
        .expect("posted");
    assert!(posted.message_id.is_some());
    let messages = fake.messages_in(CHANNEL);
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0]["nonce"], "nag-1");
    assert_eq!(messages[0]["enforce_nonce"], true);
    assert_eq!(messages[0]["content"], format!("<@{REP1}>"));
    assert_eq!(messages[0]["allowed_mentions"]["users"], json!([REP1]));
    assert_eq!(messages[0]["allowed_mentions"]["parse"], json!([]));

    sender
        .send(&outgoing(
            Destination::DirectMessage(REP2.into()),
            nag.clone(),
            "dm-1",
        ))
        .await
        .expect("DM sent");
    let calls = fake.calls();
    let last_two: Vec<&str> = calls[calls.len() - 2..]
        .iter()
        .map(|c| c.path.as_str())
        .collect();
    assert_eq!(last_two[0], "/api/v10/users/@me/channels");
    assert_eq!(fake.messages_in(&format!("7{REP2}")).len(), 1);

    fake.fail_next(
        1,
        Failure::RateLimited {
            retry_after: 1.5,
            global: false,
        },
    );
    let limited = sender
        .send(&outgoing(
            Destination::Channel(CHANNEL.into()),
            nag.clone(),
            "nag-2",
        ))
        .await;
    assert_eq!(
        limited,
        Err(DeliveryError::RateLimited {
            retry_after: Duration::from_millis(1500)
        })
    );
    fake.fail_next(
        1,
        Failure::RateLimited {
            retry_after: 0.25,
            global: true,
        },
    );
    let limited = sender
        .send(&outgoing(
            Destination::Channel(CHANNEL.into()),
            nag.clone(),
            "nag-2",
        ))
        .await;
    assert_eq!(
        limited,
        Err(DeliveryError::RateLimited {
            retry_after: Duration::from_millis(250)
        })
    );

    fake.fail_next(1, Failure::ServerError);
    let failed = sender
        .send(&outgoing(
            Destination::Channel(CHANNEL.into()),
            nag.clone(),
            "nag-2",
        ))
        .await;
    assert!(
        matches!(failed, Err(DeliveryError::Transient(_))),
        "{failed:?}"
    );
    assert_eq!(
        fake.messages_in(CHANNEL).len(),
        1,
        "nothing posted while failing"
    );

    fake.close_dms(REP1);
    let closed = sender
        .send(&outgoing(
            Destination::DirectMessage(REP1.into()),
            nag.clone(),
            "dm-2",
        ))
        .await;
    match closed {
        Err(DeliveryError::Permanent { reason, hint }) => {
            assert!(reason.starts_with("50007"), "{reason}");
            assert!(hint.contains("direct messages"), "{hint}");
        }
        other => panic!("closed DMs must be permanent: {other:?}"),
    }
    let unknown = sender
        .send(&outgoing(
            Destination::Channel("555999".into()),
            nag.clone(),
            "x",
        ))
        .await;
    assert!(
        matches!(unknown, Err(DeliveryError::Permanent { ref reason, .. }) if reason.starts_with("10003")),
        "{unknown:?}"
    );

    let wrong = DiscordSender::new(&fake.api_url, "stolen".to_string().into()).expect("sender");
    let refused = wrong
        .send(&outgoing(Destination::Channel(CHANNEL.into()), nag, "y"))
        .await;
    assert!(
        matches!(refused, Err(DeliveryError::Permanent { ref hint, .. }) if hint.contains("DISCORD_TOKEN")),
        "{refused:?}"
    );
}

/// Registration replaces the guild's commands in one bulk call with `/deal`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registration_is_one_bulk_overwrite_per_guild() {
    let fake = FakeDiscord::start(TOKEN, &[]).await;
    let origin = dealbot::adapters::discord::proxy_origin(&fake.api_url).expect("not Discord");
    let http = serenity::all::HttpBuilder::new(TOKEN)
        .proxy(origin)
        .ratelimiter_disabled(true)
        .application_id(serenity::all::ApplicationId::new(111))
        .build();
    commands::register(&http, &[100, 101])
        .await
        .expect("registered");
    commands::register(&http, &[100, 101])
        .await
        .expect("registered again");
    let calls = fake.calls();
    assert_eq!(calls.len(), 4);
    assert!(calls.iter().all(|c| c.method == "PUT" && c.status == 200));
    assert_eq!(
        calls[0].path,
        "/api/v10/applications/111/guilds/100/commands"
    );
    assert_eq!(calls[0].body[0]["name"], "deal");
    // The message command, counted apart from the slash commands.
    assert_eq!(calls[0].body[1]["name"], "Add to a deal");
    assert_eq!(calls[0].body[1]["type"], 3);
}

/// Gateway mode reads serenity's interactions through the same fields as the
/// HTTP endpoint: the same payloads give the same commands.
#[test]
fn gateway_interactions_read_like_http_ones() {
    use dealbot::adapters::discord::interaction::Incoming;
    let payloads = [
        command(
            GUILD,
            REP1,
            "stage",
            &[("deal", json!("D-1")), ("stage", json!("Presenting"))],
        ),
        command(GUILD, REP1, "list", &[("mine", json!(true))]),
        autocomplete(
            GUILD,
            REP1,
            "stage",
            &[("deal", json!("D-1"))],
            ("stage", "pre"),
        ),
        click(GUILD, REP1, "done D-1"),
        choose(GUILD, REP1, "deal-menu", "stage D-1 \"Closing\""),
    ];
    for payload in payloads {
        let direct: Incoming = serde_json::from_value(payload.clone()).expect("HTTP body reads");
        let gateway: serenity::all::Interaction =
            serde_json::from_value(payload.clone()).expect("serenity reads the payload");
        let via_gateway = Incoming::from_gateway(&gateway).expect("gateway interaction reads");
        assert_eq!(via_gateway.kind, direct.kind, "{payload}");
        assert_eq!(via_gateway.guild_id, direct.guild_id);
        let data = |i: &Incoming| {
            i.data
                .as_ref()
                .map(|d| (d.name.clone(), d.custom_id.clone(), d.values.clone()))
        };
        assert_eq!(data(&via_gateway), data(&direct), "{payload}");
        let options = |i: &Incoming| {
            i.data.as_ref().and_then(|d| d.options.first()).map(|sub| {
                sub.options
                    .iter()
                    .map(|o| (o.name.clone(), o.value.clone(), o.focused))
                    .collect::<Vec<_>>()
            })
        };
        assert_eq!(options(&via_gateway), options(&direct), "{payload}");
        let user = |i: &Incoming| i.member.as_ref().map(|m| m.user.id.clone());
        assert_eq!(user(&via_gateway), user(&direct));
    }
}

/// What the fake answered: status, `Retry-After`, and the JSON body.
async fn answered(request: reqwest::RequestBuilder) -> (u16, Option<String>, Value) {
    let response = request.send().await.expect("the fake answers");
    let status = response.status().as_u16();
    let retry_after = response
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let text = response.text().await.unwrap_or_default();
    (
        status,
        retry_after,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

/// Must show: the fake refuses what Discord refuses, in Discord's format. A
/// body that breaks Discord's spec gets 400, code 50035, with each field named
/// down to `_errors`; so does one over Discord's limits; a wrong token gets 401;
/// injected failures give 429 with `retry_after` and `global`, and 500; a good
/// body is posted.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_fake_enforces_discords_rules() {
    let fake = FakeDiscord::start(TOKEN, &[CHANNEL]).await;
    let client = reqwest::Client::new();
    let url = format!("{}/channels/{CHANNEL}/messages", fake.api_url);
    let post = |token: &str, body: String| {
        client
            .post(&url)
            .header("Authorization", format!("Bot {token}"))
            .header("Content-Type", "application/json")
            .body(body)
    };
    let refused =
        |errors: Value| json!({"code": 50035, "message": "Invalid Form Body", "errors": errors});
    let one = |code: &str, message: &str| json!({"_errors": [{"code": code, "message": message}]});
    let guarded = |mut body: Value| {
        body["allowed_mentions"] = json!({"parse": []});
        body.to_string()
    };

    let fine = guarded(json!({"content": "hi", "embeds": [{"title": "D-1", "color": 3447003}]}));
    let (status, _, posted) = answered(post(TOKEN, fine.clone())).await;
    assert_eq!((status, &posted["content"]), (200, &json!("hi")));
    assert_eq!(
        answered(post("stolen", fine.clone())).await,
        (
            401,
            None,
            json!({"message": "401: Unauthorized", "code": 0})
        )
    );
    assert_eq!(
        answered(post(TOKEN, "{\"content\": ".into())).await,
        (
            400,
            None,
            json!({"message": "The request body contains invalid JSON.", "code": 50109})
        )
    );

    // Against the spec: a colour that is not a number, a button style that
    // does not exist, a user id that is not a snowflake.
    let off_spec = guarded(json!({
        "embeds": [{"title": "D-1", "color": "green"}],
        "components": [{"type": 1, "components": [{"type": 2, "style": 9, "custom_id": "done D-1", "label": "Done"}]}],
    }));
    assert_eq!(
        answered(post(TOKEN, off_spec)).await,
        (
            400,
            None,
            refused(json!({
                "embeds": {"0": {"color": one("NUMBER_TYPE_COERCE", "Value \"green\" is not int.")}},
                "components": {"0": {"components": {"0": {"style": one("BASE_TYPE_CHOICES", "Value must be one of (1, 2, 3, 4, 5, 6).")}}}},
            }))
        )
    );
    let bad_user = json!({"content": "hi", "allowed_mentions": {"parse": [], "users": ["Bob"]}});
    let (status, _, json) = answered(post(TOKEN, bad_user.to_string())).await;
    assert_eq!(status, 400);
    assert_eq!(
        json["errors"]["allowed_mentions"]["users"]["0"]["_errors"][0]["code"],
        "STRING_TYPE_REGEX"
    );

    // Over Discord's limits, some of which the spec does not say.
    let field = json!({"name": "n", "value": "v"});
    let limits = [
        (
            json!({"content": "x".repeat(2001)}),
            json!({"content": one("BASE_TYPE_MAX_LENGTH", "Must be 2000 or fewer in length.")}),
        ),
        (
            json!({"embeds": vec![json!({"title": "t"}); 11]}),
            json!({"embeds": one("BASE_TYPE_MAX_LENGTH", "Must be 10 or fewer in length.")}),
        ),
        (
            json!({"embeds": [{"description": "x".repeat(4097)}]}),
            json!({"embeds": {"0": {"description": one("BASE_TYPE_MAX_LENGTH", "Must be 4096 or fewer in length.")}}}),
        ),
        (
            json!({"embeds": [{"fields": vec![field.clone(); 26]}]}),
            json!({"embeds": {"0": {"fields": one("BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")}}}),
        ),
        (
            json!({"embeds": [{"description": "x".repeat(4000)}, {"description": "y".repeat(2001)}]}),
            json!({"embeds": one("MAX_EMBED_SIZE_EXCEEDED", "Embed size exceeds maximum size of 6000 (these have 6001)")}),
        ),
        (
            json!({"components": vec![json!({"type": 1, "components": [{"type": 2, "custom_id": "a", "label": "a", "style": 1}]}); 6]}),
            json!({"components": one("BASE_TYPE_MAX_LENGTH", "Must be 5 or fewer in length.")}),
        ),
    ];
    for (body, errors) in limits {
        assert_eq!(
            answered(post(TOKEN, guarded(body))).await,
            (400, None, refused(errors))
        );
    }
    let (status, _, unguarded) = answered(post(TOKEN, json!({"content": "hi"}).to_string())).await;
    assert_eq!(status, 400, "the project's rule: always say whom to ping");
    assert!(
        unguarded["errors"]["allowed_mentions"]["parse"]["_errors"].is_array(),
        "{unguarded}"
    );

    fake.fail_next(
        1,
        Failure::RateLimited {
            retry_after: 1.5,
            global: true,
        },
    );
    fake.fail_next(1, Failure::ServerError);
    let (status, retry_after, limited) = answered(post(TOKEN, fine.clone())).await;
    assert_eq!(
        (status, retry_after.as_deref()),
        (429, Some("2")),
        "{limited}"
    );
    assert_eq!(
        (&limited["retry_after"], &limited["global"]),
        (&json!(1.5), &json!(true))
    );
    assert_eq!(answered(post(TOKEN, fine.clone())).await.0, 500);
    assert_eq!(
        answered(post(TOKEN, fine)).await.0,
        200,
        "then it goes through"
    );

    assert_eq!(
        fake.messages_in(CHANNEL).len(),
        2,
        "only the good bodies were posted"
    );
}

/// With a deal chosen, stage suggestions are its own pipeline's stages.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stage_suggestions_follow_the_chosen_deals_pipeline() {
    use dealbot::config::{Pipeline, Stage};
    let db = sqlite().await;
    let mut settings = dealbot_tests::shipped_settings();
    settings.pipelines.push(Pipeline {
        name: "renewals".into(),
        description: String::new(),
        stages: vec![
            Stage::new("Renewal Call", 50.0, 7),
            Stage::new("Contract Sent", 80.0, 7),
        ],
        enforce_criteria: false,
        won_rolls_into: None,
        private_channel_deals: Default::default(),
        import_names: Default::default(),
    });
    let app = DiscordApp::spawn_with(&db.store, settings, dealbot::clock::Clock::system()).await;
    let core = &app.core;
    db.store
        .create_deal(dealbot_storage::NewDeal {
            platform: "discord".into(),
            workspace: GUILD.into(),
            name: "Initech renewal".into(),
            pipeline: "renewals".into(),
            stage: "Renewal Call".into(),
            owner: REP1.into(),
            amount_minor: None,
            currency: None,
            close_date: None,
            channel: None,
            private_channel: false,
            created_by: REP1.into(),
            at: Utc::now(),
        })
        .await
        .expect("deal stored");
    let values = |found: Vec<dealbot::core::suggest::Suggestion>| {
        found.into_iter().map(|s| s.value).collect::<Vec<_>>()
    };
    let theirs = core
        .suggest_stages_for(GUILD, "D-1", "")
        .await
        .expect("suggestions");
    assert_eq!(values(theirs), ["Renewal Call", "Contract Sent", "Won"]);
    let by_name = core
        .suggest_stages_for(GUILD, "initech", "c")
        .await
        .expect("suggestions");
    assert_eq!(values(by_name), ["Contract Sent", "Renewal Call"]);
    let unknown = core
        .suggest_stages_for(OTHER_GUILD, "D-1", "c")
        .await
        .expect("suggestions");
    assert_eq!(
        values(unknown),
        [
            "Closing",
            "Commercial Terms",
            "Contract Sent",
            "Renewal Call",
            "Prospecting",
            "Discovery",
            "Pilot Scoping",
            "Advocacy"
        ],
        "every pipeline when the deal is not theirs"
    );
    db.finish().await;
}
