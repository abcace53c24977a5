//! "Add to a deal" on a message: Slack's message shortcut (a modal with an
//! external select filled with the same matching as autocomplete) and
//! Discord's message command (a modal); the message becomes a note linking
//! back to it, or the next step with a date.

use chrono::{Days, Utc};
use dealbot_storage::HistoryAction;
use dealbot_tests::discord_app::{command, modal_submit, DiscordApp};
use dealbot_tests::fake_discord::check_interaction_answer;
use dealbot_tests::slack_bot::{SlackBot, CHANNEL};
use dealbot_tests::{discord_workspace, on_both_backends, slack_workspace, stored_deal, TestDb};
use serde_json::{json, Value};

use super::home::{REP1, REP2, TEAM};

fn message_action(bot: &SlackBot, text: &str) -> Value {
    json!({
        "type": "message_action",
        "callback_id": "add_to_deal",
        "trigger_id": bot.fake.issue_trigger(),
        "team": {"id": TEAM, "domain": "acme"},
        "user": {"id": REP1, "username": "u0rep1", "team_id": TEAM},
        "api_app_id": "A0DEALBOT",
        "token": "deprecated-verification-token",
        "channel": {"id": CHANNEL, "name": "pipeline"},
        "message_ts": "1700000000.000200",
        "message": {"type": "message", "ts": "1700000000.000200", "user": REP2, "text": text},
        "response_url": bot.new_hook().1,
    })
}

fn submission(view_id: &str, view: &Value, values: Value) -> Value {
    let mut state = serde_json::Map::new();
    for (block, value) in values.as_object().expect("values").clone() {
        state.insert(block.clone(), json!({ block: value }));
    }
    json!({
        "type": "view_submission",
        "team": {"id": TEAM, "domain": "acme"},
        "user": {"id": REP1, "username": "u0rep1", "team_id": TEAM},
        "api_app_id": "A0DEALBOT",
        "trigger_id": "1337.42.abc",
        "view": {"id": view_id, "type": "modal", "callback_id": view["callback_id"],
                 "private_metadata": view["private_metadata"], "blocks": view["blocks"],
                 "title": view["title"], "state": {"values": state}, "hash": "1.a"},
    })
}

fn option(value: &str) -> Value {
    json!({"type": "static_select", "selected_option": {"text": {"type": "plain_text", "text": value}, "value": value}})
}

async fn notes_of(db: &TestDb, workspace: &str) -> Vec<String> {
    db.store
        .history(workspace, 1, None)
        .await
        .expect("history")
        .into_iter()
        .filter(|entry| entry.action == HistoryAction::Note)
        .filter_map(|entry| entry.note)
        .collect()
}

async fn slack_message_shortcut(db: &TestDb) {
    let bot = SlackBot::start(&db.store).await;
    bot.ok(TEAM, REP1, "new \"Acme Corp\" 10k").await;
    bot.ok(TEAM, REP1, "new Globex 5k").await;

    let shortcut = message_action(&bot, "They want &lt;pricing&gt; by Friday");
    assert_eq!(bot.interaction(&shortcut).await.status, 200);
    let calls = bot.fake.calls_to("views.open");
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].answer, "ok", "{}", calls[0].body);
    let (id, view) = bot.fake.modals().last().cloned().expect("a modal");
    assert_eq!(view["title"]["text"], "Add to a deal");
    assert_eq!(view["blocks"][0]["element"]["type"], "external_select");

    // The picker, as the person types "acm".
    let suggestion = json!({
        "type": "block_suggestion", "action_id": "deal", "block_id": "deal", "value": "acm",
        "team": {"id": TEAM}, "user": {"id": REP1, "team_id": TEAM}, "api_app_id": "A0DEALBOT",
        "view": {"id": id, "type": "modal", "private_metadata": view["private_metadata"]},
    });
    let options = bot.interaction(&suggestion).await.json()["options"].clone();
    let options = options.as_array().expect("options");
    assert_eq!(options.len(), 1, "only Acme matches: {options:?}");
    assert!(options[0]["text"]["text"]
        .as_str()
        .unwrap_or_default()
        .contains("Acme Corp"));
    let picked = options[0]["value"].as_str().expect("value").to_string();

    let answer = bot
        .interaction(&submission(
            &id,
            &view,
            json!({"deal": option(&picked), "as": option("note")}),
        ))
        .await;
    assert!(answer.body.is_empty(), "{}", answer.body);
    let notes = notes_of(db, &slack_workspace(TEAM)).await;
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(
        notes[0].contains("They want <pricing> by Friday"),
        "{}",
        notes[0]
    );
    assert!(
        notes[0].contains("https://acme.slack.com/archives/C-PIPELINE/p1700000000000200"),
        "links back: {}",
        notes[0]
    );

    // As the next step, with a date.
    bot.interaction(&message_action(&bot, "send the revised quote"))
        .await;
    let (id, view) = bot.fake.modals().last().cloned().expect("a modal");
    let due = Utc::now().date_naive() + Days::new(2);
    let no_date = bot
        .interaction(&submission(
            &id,
            &view,
            json!({"deal": option(&picked), "as": option("next step")}),
        ))
        .await;
    assert!(no_date.has_form_error("due"), "{}", no_date.body);
    let answer = bot
        .interaction(&submission(
            &id,
            &view,
            json!({"deal": option(&picked), "as": option("next step"),
                   "due": {"type": "datepicker", "selected_date": due.to_string()}}),
        ))
        .await;
    assert!(answer.body.is_empty(), "{}", answer.body);
    let deal = stored_deal(&db.store, &slack_workspace(TEAM), 1).await;
    assert_eq!(deal.next_step.as_deref(), Some("send the revised quote"));
    assert_eq!(deal.next_step_due, Some(due));
}
on_both_backends!(slack_message_shortcut);

const GUILD: &str = "100000000000000001";
const DISCORD_REP: &str = "200000000000000001";
const CHANNEL_ID: &str = "555000000000000001";
const MESSAGE_ID: &str = "777000000000000001";

async fn discord_message_command(db: &TestDb) {
    let app = DiscordApp::spawn_quiet(&db.store).await;
    app.send(&command(
        GUILD,
        DISCORD_REP,
        "new",
        &[("name", json!("Acme Corp"))],
    ))
    .await;
    let mut used = command(GUILD, DISCORD_REP, "new", &[]);
    used["data"] = json!({
        "id": "222222222222222223", "name": "Add to a deal", "type": 3, "target_id": MESSAGE_ID,
        "resolved": {"messages": {MESSAGE_ID: {
            "id": MESSAGE_ID, "channel_id": CHANNEL_ID, "type": 0,
            "content": "They want pricing by Friday @everyone",
            "author": {"id": "200000000000000002", "username": "rep2", "discriminator": "0",
                       "global_name": null, "avatar": null},
            "timestamp": "2026-11-23T09:00:00Z", "edited_timestamp": null, "tts": false,
            "mention_everyone": false, "mentions": [], "mention_roles": [], "attachments": [],
            "embeds": [], "pinned": false, "flags": 0, "components": []
        }}},
    });
    let answer = app.send(&used).await;
    check_interaction_answer(&answer.json)
        .unwrap_or_else(|problems| panic!("{problems}: {:#}", answer.json));
    assert_eq!(answer.json["type"], 9, "{:#}", answer.json);
    let custom_id = answer.json["data"]["custom_id"]
        .as_str()
        .expect("id")
        .to_string();
    let message_input = answer.json["data"]["components"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|row| &row["components"][0])
        .find(|input| input["custom_id"] == "message")
        .cloned()
        .expect("the message, to edit");
    assert_eq!(
        message_input["value"],
        "They want pricing by Friday @everyone"
    );

    let done = app
        .send(&modal_submit(
            GUILD,
            DISCORD_REP,
            &custom_id,
            &[
                ("deal", "acme"),
                ("as", "note"),
                ("due", ""),
                ("message", "They want pricing by Friday"),
            ],
        ))
        .await;
    check_interaction_answer(&done.json).unwrap_or_else(|problems| panic!("{problems}"));
    assert_eq!(done.json["type"], 4);
    let notes = notes_of(db, &discord_workspace(GUILD)).await;
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(notes[0].contains("They want pricing by Friday"));
    assert!(
        notes[0].contains(&format!(
            "https://discord.com/channels/{GUILD}/{CHANNEL_ID}/{MESSAGE_ID}"
        )),
        "{}",
        notes[0]
    );
}
on_both_backends!(discord_message_command);
