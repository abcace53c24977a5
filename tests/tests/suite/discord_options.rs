//! The Discord options that come from the core's typed arguments: `new …
//! pipeline`, every `list` filter, `report pipeline since`, and pipeline
//! autocomplete. Each interaction is signed and posted to the running bot, and
//! must store and answer what the same command typed as text does.

use chrono::{Duration, Utc};
use dealbot::core::env::Invocation;
use dealbot::core::reply::{Line, Reply};
use dealbot_tests::discord_app::{autocomplete, command, Answer, DiscordApp};
use dealbot_tests::fake_discord::check_message;
use dealbot_tests::{on_both_backends, sqlite, TestDb};
use serde_json::{json, Value};

const GUILD: &str = "100000000000000001";
/// Where the same commands are typed as text, to compare with.
const TYPED_GUILD: &str = "100000000000000009";
const REP1: &str = "200000000000000001";
const REP2: &str = "200000000000000002";
const CHANNEL: &str = "555000000000000001";

/// The message an answer carries, checked against Discord's limits.
fn data(answer: &Answer) -> &Value {
    assert_eq!(answer.status, 200, "{:?}", answer.json);
    let data = &answer.json["data"];
    check_message(data).unwrap_or_else(|problem| panic!("{problem}: {data:#}"));
    data
}

fn title(answer: &Answer) -> String {
    data(answer)["embeds"][0]["title"]
        .as_str()
        .unwrap_or_default()
        .to_string()
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

fn is_refusal(answer: &Answer) -> bool {
    data(answer)["embeds"][0]["color"] == json!(0xE7_4C_3C)
}

fn is_private(answer: &Answer) -> bool {
    data(answer)["flags"] == json!(64)
}

/// The deal ids (`D-3`) a text names, in order.
fn ids(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .filter(|word| {
            word.strip_prefix("D-")
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        })
        .map(str::to_string)
        .collect()
}

fn reply_text(reply: &Reply) -> String {
    reply
        .lines
        .iter()
        .map(Line::plain)
        .collect::<Vec<_>>()
        .join("\n")
}

async fn ok(app: &DiscordApp, interaction: Value) -> Answer {
    let answer = app.send(&interaction).await;
    assert!(!is_refusal(&answer), "refused: {}", text_of(&answer));
    answer
}

/// `text` typed by `user` in `workspace`, `days_ago` days back.
async fn typed(app: &DiscordApp, workspace: &str, user: &str, text: &str, days_ago: i64) -> Reply {
    let invocation = Invocation {
        platform: "discord".into(),
        workspace: dealbot_tests::discord_workspace(workspace),
        user: user.into(),
        channel: Some(CHANNEL.into()),
        channel_private: false,
        timezone: None,
        now: Utc::now() - Duration::days(days_ago),
        people: dealbot::core::people::Operator::shared(),
    };
    let reply = app.core.handle(&invocation, text).await;
    assert!(
        reply.tone != dealbot::core::reply::Tone::Error,
        "{text}: {reply:?}"
    );
    reply
}

/// The message a command posted to the channel (a report with its chart),
/// after its private note saying so.
async fn posted(app: &DiscordApp, answer: Answer) -> Answer {
    assert!(is_private(&answer), "{:?}", answer.json);
    assert!(
        text_of(&answer).contains("here now, with its chart"),
        "{}",
        text_of(&answer)
    );
    delivered(app).await
}

/// The latest message in the channel once it is the report queued last (the
/// channel's pacing may hold it back a second behind the announcements).
async fn delivered(app: &DiscordApp) -> Answer {
    let queued = app.fake.messages_in(CHANNEL).len();
    for _ in 0..50 {
        app.catch_up().await;
        let messages = app.fake.messages_in(CHANNEL);
        let report_last = messages.last().is_some_and(|message| {
            message["embeds"][0]["title"]
                .as_str()
                .is_some_and(|title| title.starts_with("Process report"))
        });
        if messages.len() > queued && report_last {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    last_post(app)
}

/// The latest message in the channel, as an answer carrying it.
fn last_post(app: &DiscordApp) -> Answer {
    let message = app
        .fake
        .messages_in(CHANNEL)
        .pop()
        .expect("a message in the channel");
    Answer {
        status: 200,
        json: json!({ "type": 4, "data": message }),
    }
}

fn choice_values(answer: &Answer) -> Vec<(String, String)> {
    assert_eq!(answer.json["type"], 8, "an autocomplete result");
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

/// `/deal new` with the `pipeline` option opens the deal in that pipeline's
/// first stage, exactly as `new … pipeline:pilot` typed does; the option
/// suggests the configured pipelines.
async fn new_takes_a_pipeline(db: &TestDb) {
    let app = DiscordApp::spawn(&db.store).await;

    let all = choice_values(
        &app.send(&autocomplete(
            GUILD,
            REP1,
            "new",
            &[("name", json!("Initech"))],
            ("pipeline", ""),
        ))
        .await,
    );
    let values: Vec<&str> = all.iter().map(|(value, _)| value.as_str()).collect();
    assert_eq!(values, ["new-business", "pilot", "customer"]);
    assert!(
        all[1].1.starts_with("pilot · A trial"),
        "each pipeline says what it is for: {all:?}"
    );
    let found = choice_values(
        &app.send(&autocomplete(GUILD, REP1, "new", &[], ("pipeline", "pil")))
            .await,
    );
    assert_eq!(
        found.iter().map(|c| c.0.as_str()).collect::<Vec<_>>(),
        ["pilot"]
    );

    let opened = ok(
        &app,
        command(
            GUILD,
            REP1,
            "new",
            &[
                ("name", json!("Initech Labs")),
                ("pipeline", json!("pilot")),
                ("amount", json!("20k")),
            ],
        ),
    )
    .await;
    assert!(
        is_private(&opened),
        "the opener's own answer (the channel gets the post)"
    );
    let text = text_of(&opened);
    assert!(text.contains("**Initech Labs**"), "{text}");
    assert!(text.contains("in **Discovery**"), "{text}");

    typed(
        &app,
        TYPED_GUILD,
        REP1,
        "new \"Initech Labs\" 20k pipeline:pilot",
        0,
    )
    .await;
    let by_option = db
        .store
        .deal_by_number(&dealbot_tests::discord_workspace(GUILD), 1)
        .await
        .expect("read")
        .expect("D-1 opened from the options");
    let by_text = db
        .store
        .deal_by_number(&dealbot_tests::discord_workspace(TYPED_GUILD), 1)
        .await
        .expect("read")
        .expect("D-1 opened from the text");
    assert_eq!(by_option.pipeline, "pilot");
    assert_eq!(by_option.stage, "Discovery");
    let stored = |d: &dealbot_storage::Deal| {
        (
            d.name.clone(),
            d.pipeline.clone(),
            d.stage.clone(),
            d.amount_minor,
            d.currency.clone(),
            d.owner.clone(),
        )
    };
    assert_eq!(stored(&by_option), stored(&by_text));

    let unknown = app
        .send(&command(
            GUILD,
            REP1,
            "new",
            &[("name", json!("Globex")), ("pipeline", json!("enterprise"))],
        ))
        .await;
    assert!(is_refusal(&unknown) && is_private(&unknown));
    let said = text_of(&unknown);
    assert!(
        said.contains("\"enterprise\" is not a pipeline") && said.contains("pilot"),
        "{said}"
    );
    assert!(
        db.store
            .deal_by_number(&dealbot_tests::discord_workspace(GUILD), 2)
            .await
            .expect("read")
            .is_none(),
        "a refused command stores nothing"
    );
}
on_both_backends!(new_takes_a_pipeline);

/// Every filter of `list` is an option: `stalled` lists only the deals longer
/// in their stage than its limit, alone or with the other filters, and answers
/// what `list stalled` typed answers.
async fn list_has_every_filter(db: &TestDb) {
    let app = DiscordApp::spawn(&db.store).await;
    // Prospecting allows 14 days: a deal opened 30 days ago has stalled.
    typed(&app, GUILD, REP1, "new \"Stuck Corp\"", 30).await;
    typed(&app, GUILD, REP2, "new \"Stuck Too\"", 30).await;
    typed(&app, GUILD, REP1, "new \"Fresh Corp\"", 0).await;
    typed(&app, GUILD, REP1, "new \"Moving Corp\"", 30).await;
    typed(&app, GUILD, REP1, "stage D-4 qualifying", 0).await;
    typed(&app, GUILD, REP1, "next D-1 \"call them\" tomorrow", 3).await;

    let stalled = ok(
        &app,
        command(GUILD, REP1, "list", &[("stalled", json!(true))]),
    )
    .await;
    assert!(is_private(&stalled));
    assert_eq!(title(&stalled), "Open deals, stalled");
    assert_eq!(ids(&text_of(&stalled)), ["D-1", "D-2"]);
    let as_typed = typed(&app, GUILD, REP1, "list stalled", 0).await;
    assert_eq!(as_typed.title.as_deref(), Some("Open deals, stalled"));
    assert_eq!(ids(&reply_text(&as_typed)), ids(&text_of(&stalled)));

    let mine = ok(
        &app,
        command(
            GUILD,
            REP1,
            "list",
            &[("stalled", json!(true)), ("mine", json!(true))],
        ),
    )
    .await;
    assert_eq!(ids(&text_of(&mine)), ["D-1"]);
    let theirs_in_stage = ok(
        &app,
        command(
            GUILD,
            REP1,
            "list",
            &[("who", json!(REP2)), ("stage", json!("Prospecting"))],
        ),
    )
    .await;
    assert_eq!(ids(&text_of(&theirs_in_stage)), ["D-2"]);
    let overdue = ok(
        &app,
        command(GUILD, REP1, "list", &[("overdue", json!(true))]),
    )
    .await;
    assert_eq!(ids(&text_of(&overdue)), ["D-1"], "due two days ago");
    let all = ok(
        &app,
        command(GUILD, REP1, "list", &[("status", json!("all"))]),
    )
    .await;
    assert_eq!(ids(&text_of(&all)), ["D-1", "D-2", "D-3", "D-4"]);
}
on_both_backends!(list_has_every_filter);

/// `report` takes a typed `pipeline` (suggested) and `since`, and answers what
/// `report pilot since 30d` typed answers; a bad `since` is refused as typed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn report_takes_a_pipeline_and_since() {
    let db = sqlite().await;
    let app = DiscordApp::spawn(&db.store).await;
    typed(&app, GUILD, REP1, "new \"Old Pilot\" pipeline:pilot", 60).await;
    typed(&app, GUILD, REP1, "new \"New Pilot\" pipeline:pilot", 5).await;
    typed(&app, GUILD, REP1, "stage D-2 \"pilot scoping\"", 2).await;
    typed(&app, GUILD, REP1, "new \"Other Business\"", 5).await;

    let suggested = choice_values(
        &app.send(&autocomplete(GUILD, REP1, "report", &[], ("pipeline", "p")))
            .await,
    );
    assert_eq!(suggested[0].0, "pilot", "{suggested:?}");

    // The report goes to the channel with its chart: read it there.
    let report = posted(
        &app,
        ok(
            &app,
            command(
                GUILD,
                REP1,
                "report",
                &[("since", json!("30d")), ("pipeline", json!("pilot"))],
            ),
        )
        .await,
    )
    .await;
    let shown = text_of(&report);
    assert!(
        title(&report).starts_with("Process report · pilot since "),
        "{shown}"
    );
    assert!(
        shown.contains("1 · 0 won, 0 lost, 1 open"),
        "only the pilot deal of the last 30 days: {shown}"
    );
    typed(&app, GUILD, REP1, "report pilot since 30d", 0).await;
    let as_typed = delivered(&app).await;
    assert_eq!(text_of(&as_typed), shown, "typed, it is the same report");

    let everything = posted(
        &app,
        ok(
            &app,
            command(GUILD, REP1, "report", &[("pipeline", json!("pilot"))]),
        )
        .await,
    )
    .await;
    assert!(
        text_of(&everything).contains("2 · 0 won, 0 lost, 2 open"),
        "{}",
        text_of(&everything)
    );

    let bad = app
        .send(&command(
            GUILD,
            REP1,
            "report",
            &[("since", json!("yesterday"))],
        ))
        .await;
    assert!(is_refusal(&bad) && is_private(&bad));
    assert!(
        text_of(&bad).contains("\"yesterday\" is not a day to count from"),
        "{}",
        text_of(&bad)
    );

    let stale = app
        .send(&command(
            GUILD,
            REP1,
            "report",
            &[("text", json!("pilot since 30d"))],
        ))
        .await;
    assert!(is_refusal(&stale) && is_private(&stale));
    assert!(
        text_of(&stale).contains("out of date"),
        "{}",
        text_of(&stale)
    );
    db.finish().await;
}
