//! Slack's modals: `/deal new` alone and the card's Next step and Lost
//! buttons open a form with the trigger id (the fake refuses an expired or
//! reused one, as Slack does); a valid submission is stored and its card
//! posted; a wrong one is answered inline with the typed grammar's messages
//! and stores nothing; a form whose deal closed meanwhile gets an inline error.

use std::time::Duration;

use chrono::{Days, NaiveDate, Utc};
use dealbot_tests::slack_bot::{find_action, text_of, Answer, SlackBot, CHANNEL};
use dealbot_tests::{on_both_backends, slack_workspace, stored_deal, TestDb};
use serde_json::{json, Value};

use super::home::{REP1, REP2, TEAM};

/// The modal the fake opened last, and its id.
fn last_modal(bot: &SlackBot) -> (String, Value) {
    let calls = bot.fake.calls_to("views.open");
    let last = calls.last().expect("views.open was called");
    assert_eq!(last.answer, "ok", "Slack accepted the modal: {}", last.body);
    bot.fake.modals().last().cloned().expect("a modal")
}

/// A `view_submission` of `view` by `user` with `values` (block id → the
/// element's state).
fn submission(user: &str, view_id: &str, view: &Value, values: Value) -> Value {
    let mut state = serde_json::Map::new();
    for (block, value) in values.as_object().expect("values").clone() {
        state.insert(block.clone(), json!({ block: value }));
    }
    json!({
        "type": "view_submission",
        "team": {"id": TEAM, "domain": "acme"},
        "user": {"id": user, "username": user.to_lowercase(), "team_id": TEAM},
        "api_app_id": "A0DEALBOT",
        "token": "deprecated-verification-token",
        "trigger_id": "1337.42.abc",
        "view": {
            "id": view_id,
            "type": "modal",
            "team_id": TEAM,
            "callback_id": view["callback_id"],
            "private_metadata": view["private_metadata"],
            "blocks": view["blocks"],
            "title": view["title"],
            "state": {"values": state},
            "hash": "1.a",
        },
    })
}

fn text(value: &str) -> Value {
    json!({"type": "plain_text_input", "value": value})
}

fn date(value: &str) -> Value {
    json!({"type": "datepicker", "selected_date": value})
}

fn option(value: &str) -> Value {
    json!({"type": "static_select", "selected_option": {"text": {"type": "plain_text", "text": value}, "value": value}})
}

/// Waits a little for `chat.postMessage` calls to reach `count`; the calls.
async fn posts(bot: &SlackBot, count: usize) -> Vec<Value> {
    calls(bot, "chat.postMessage", count).await
}

/// Waits a little for calls of `method` to reach `count`; the calls.
async fn calls(bot: &SlackBot, method: &str, count: usize) -> Vec<Value> {
    for _ in 0..100 {
        if bot.fake.calls_to(method).len() >= count {
            break;
        }
        tokio::time::sleep(Duration::from_millis(30)).await;
    }
    let calls = bot.fake.calls_to(method);
    assert_eq!(calls.len(), count, "{calls:?}");
    calls.into_iter().map(|call| call.body).collect()
}

/// A click on `label` of `message` with a trigger id the fake issued.
/// The next-step modal `view_id` submitted by REP1: "call the CFO", due in
/// three days. What Slack was answered, and that due date.
async fn submit_next_step(bot: &SlackBot, view_id: &str, view: &Value) -> (Answer, NaiveDate) {
    let due = Utc::now().date_naive() + Days::new(3);
    let answer = bot
        .interaction(&submission(
            REP1,
            view_id,
            view,
            json!({"step": text("call the CFO"), "due": date(&due.to_string())}),
        ))
        .await;
    (answer, due)
}

async fn click(bot: &SlackBot, user: &str, message: &Value, label: &str) -> u16 {
    let action = find_action(message, label).unwrap_or_else(|| panic!("no {label}: {message}"));
    let payload = json!({
        "type": "block_actions",
        "team": {"id": TEAM, "domain": "acme"},
        "user": {"id": user, "username": user.to_lowercase(), "team_id": TEAM},
        "api_app_id": "A0DEALBOT",
        "token": "deprecated-verification-token",
        "container": {"type": "message", "message_ts": "1700000000.000100",
                      "channel_id": CHANNEL, "is_ephemeral": false},
        "trigger_id": bot.fake.issue_trigger(),
        "channel": {"id": CHANNEL, "name": "pipeline"},
        "response_url": bot.new_hook().1,
        "actions": [action],
    });
    bot.interaction(&payload).await.status
}

async fn the_new_deal_form_opens_stores_and_posts_the_card(db: &TestDb) {
    let bot = SlackBot::start(&db.store).await;
    bot.fake
        .add_user(REP2, dealbot_tests::fake_slack::Member::Person);
    let answer = bot.command_with_trigger(TEAM, REP1, "new").await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(answer.json()["response_type"], "ephemeral");
    let (id, view) = last_modal(&bot);
    assert_eq!(view["title"]["text"], "New deal");
    let owner = view["blocks"]
        .as_array()
        .expect("blocks")
        .iter()
        .find(|block| block["block_id"] == "owner")
        .expect("an owner picker");
    assert_eq!(owner["element"]["type"], "users_select");
    assert_eq!(
        owner["element"]["initial_user"], REP1,
        "the person by default"
    );

    let close = Utc::now().date_naive() + Days::new(40);
    let due = Utc::now().date_naive() + Days::new(2);
    let submit = submission(
        REP1,
        &id,
        &view,
        json!({
            "name": text("Acme Corp"),
            "amount": text("50k"),
            "owner": {"type": "users_select", "selected_user": REP2},
            "pipeline": option("new-business"),
            "close": date(&close.to_string()),
            "step": text("send the proposal"),
            "due": date(&due.to_string()),
        }),
    );
    let answer = bot.interaction(&submit).await;
    assert_eq!(answer.status, 200);
    assert!(answer.body.is_empty(), "the modal closes: {}", answer.body);

    let deal = stored_deal(&bot.store, &slack_workspace(TEAM), 1).await;
    assert_eq!(deal.name, "Acme Corp");
    assert_eq!(deal.amount_minor, Some(5_000_000));
    assert_eq!(deal.owner, REP2);
    assert_eq!(deal.pipeline, "new-business");
    assert_eq!(deal.close_date, Some(close));
    assert_eq!(deal.next_step.as_deref(), Some("send the proposal"));
    assert_eq!(deal.next_step_due, Some(due));

    let posted = posts(&bot, 1).await;
    assert_eq!(
        posted[0]["channel"], CHANNEL,
        "the card is posted where the form was opened"
    );
    let shown = text_of(&posted[0]);
    assert!(
        shown.contains("opened") && shown.contains("Acme Corp"),
        "{shown}"
    );
    assert!(shown.contains("send the proposal"), "{shown}");
}
on_both_backends!(the_new_deal_form_opens_stores_and_posts_the_card);

async fn a_wrong_form_is_answered_inline_and_stores_nothing(db: &TestDb) {
    let bot = SlackBot::start(&db.store).await;
    bot.command_with_trigger(TEAM, REP1, "new").await;
    let (id, view) = last_modal(&bot);
    let submit = submission(
        REP1,
        &id,
        &view,
        json!({
            "name": text("Acme"),
            "amount": text("-5000"),
            "step": text("send the proposal"),
        }),
    );
    let answer = bot.interaction(&submit).await;
    assert_eq!(answer.status, 200);
    let body = answer.json();
    assert_eq!(body["response_action"], "errors");
    let amount = body["errors"]["amount"].as_str().expect("an amount error");
    assert!(body["errors"]["due"].is_string(), "{body}");
    assert!(body["errors"]["name"].is_null(), "the name was fine");
    // The same words as the typed grammar's.
    let typed = bot.command(TEAM, REP1, "new Acme -5000").await;
    assert!(
        text_of(&typed.json()).contains(amount),
        "{amount} / {}",
        typed.body
    );
    assert!(
        bot.store
            .deal_by_number(&slack_workspace(TEAM), 1)
            .await
            .expect("read")
            .is_none(),
        "nothing stored"
    );
    assert!(bot.fake.calls_to("chat.postMessage").is_empty());
}
on_both_backends!(a_wrong_form_is_answered_inline_and_stores_nothing);

/// Over Socket Mode the listener cannot keep a form open with its mistakes:
/// the same wrong form, delivered as Socket Mode delivers it (to the adapter's
/// interaction handler), stores nothing and its mistakes come in a DM.
async fn a_wrong_form_over_socket_mode_is_answered_in_a_dm(db: &TestDb) {
    use dealbot::adapters::slack::{client, SlackAdapter, WebApi};
    let bot = SlackBot::start(&db.store).await;
    bot.command_with_trigger(TEAM, REP1, "new").await;
    let (id, view) = last_modal(&bot);
    let submit = submission(
        REP1,
        &id,
        &view,
        json!({
            "name": text("Acme"),
            "amount": text("-5000"),
            "step": text("send the proposal"),
        }),
    );
    let client = client(&bot.fake.api_url()).expect("client");
    let token = secrecy::SecretString::from(dealbot_tests::fake_slack::BOT_TOKEN);
    let api = std::sync::Arc::new(WebApi::new(client.clone(), &token));
    let adapter = SlackAdapter::new(bot.served.app.core().clone(), None, client, Some(api));
    let event = serde_json::from_value(submit).expect("a Socket Mode view_submission");
    adapter.interaction(event).await;

    let posted = posts(&bot, 1).await;
    assert_eq!(posted[0]["channel"], format!("D{REP1}"), "{posted:?}");
    let said = text_of(&posted[0]);
    assert!(said.contains("Your form was not saved"), "{said}");
    let typed = bot.command(TEAM, REP1, "new Acme -5000").await;
    let typed = text_of(&typed.json());
    assert!(
        said.lines()
            .any(|line| !line.is_empty() && typed.contains(line.trim())),
        "the typed grammar's words: {said} / {typed}"
    );
    assert!(
        bot.store
            .deal_by_number(&slack_workspace(TEAM), 1)
            .await
            .expect("read")
            .is_none(),
        "nothing stored"
    );
}
on_both_backends!(a_wrong_form_over_socket_mode_is_answered_in_a_dm);

async fn an_expired_or_reused_trigger_is_refused_as_slack_does(db: &TestDb) {
    let bot = SlackBot::start(&db.store).await;
    let trigger = bot.fake.issue_trigger();
    tokio::time::sleep(Duration::from_millis(3200)).await;
    let body = dealbot_tests::slack_bot::command_form(TEAM, REP1, "new", &bot.new_hook().1);
    let body = with_trigger(&body, &trigger);
    let answer = bot
        .post_signed("/slack/commands", &body, dealbot_tests::slack_bot::now())
        .await;
    let calls = bot.fake.calls_to("views.open");
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].answer, "expired_trigger_id");
    assert!(
        text_of(&answer.json()).contains("Give the deal a name"),
        "answered as the typed command: {}",
        answer.body
    );

    bot.command_with_trigger(TEAM, REP1, "new").await;
    let used = bot.fake.calls_to("views.open")[1].body["trigger_id"]
        .as_str()
        .expect("trigger")
        .to_string();
    let body = dealbot_tests::slack_bot::command_form(TEAM, REP1, "new", &bot.new_hook().1);
    bot.post_signed(
        "/slack/commands",
        &with_trigger(&body, &used),
        dealbot_tests::slack_bot::now(),
    )
    .await;
    assert_eq!(
        bot.fake.calls_to("views.open")[2].answer,
        "exchanged_trigger_id"
    );
}
on_both_backends!(an_expired_or_reused_trigger_is_refused_as_slack_does);

fn with_trigger(form: &str, trigger: &str) -> String {
    let fields: Vec<(String, String)> = serde_urlencoded::from_str(form).expect("a form");
    let fields: Vec<(String, String)> = fields
        .into_iter()
        .map(|(name, value)| {
            if name == "trigger_id" {
                (name, trigger.to_string())
            } else {
                (name, value)
            }
        })
        .collect();
    serde_urlencoded::to_string(fields).expect("encodes")
}

async fn the_cards_next_step_and_lost_buttons_open_their_forms(db: &TestDb) {
    let bot = SlackBot::start(&db.store).await;
    let card = bot.ok(TEAM, REP1, "new Acme 10k").await;

    assert_eq!(click(&bot, REP1, &card, "Next step").await, 200);
    let (id, view) = last_modal(&bot);
    assert_eq!(view["title"]["text"], "Next step · D-1");
    let (answer, due) = submit_next_step(&bot, &id, &view).await;
    assert!(answer.body.is_empty(), "{}", answer.body);
    let deal = stored_deal(&bot.store, &slack_workspace(TEAM), 1).await;
    assert_eq!(deal.next_step.as_deref(), Some("call the CFO"));
    assert_eq!(deal.next_step_due, Some(due));
    // The deal's opening went to the channel; the next step, a private
    // answer, to the DM. (Which arrives first is not promised: the opening
    // goes through the outbox worker.)
    let mut posted = posts(&bot, 2).await;
    posted.sort_by_key(|post| post["channel"] != CHANNEL);
    assert_eq!(posted[0]["channel"], CHANNEL, "{posted:?}");
    assert_eq!(
        posted[1]["channel"],
        format!("D{REP1}"),
        "a private answer goes to the DM"
    );
    assert!(text_of(&posted[1]).contains("call the CFO"));

    assert_eq!(click(&bot, REP1, &card, "Lost").await, 200);
    let (id, view) = last_modal(&bot);
    let reasons: Vec<String> = view["blocks"][0]["element"]["options"]
        .as_array()
        .expect("a reason select")
        .iter()
        .map(|option| option["value"].as_str().unwrap_or_default().to_string())
        .collect();
    assert!(
        reasons.contains(&"went with a competitor".to_string()),
        "{reasons:?}"
    );
    assert_eq!(reasons.last().map(String::as_str), Some("other"));
    let answer = bot
        .interaction(&submission(
            REP1,
            &id,
            &view,
            json!({"reason": option("other")}),
        ))
        .await;
    assert!(answer.has_form_error("other_reason"), "{}", answer.body);
    let answer = bot
        .interaction(&submission(
            REP1,
            &id,
            &view,
            json!({"reason": option("other"), "other_reason": text("they merged with a rival")}),
        ))
        .await;
    assert!(answer.body.is_empty(), "{}", answer.body);
    let deal = stored_deal(&bot.store, &slack_workspace(TEAM), 1).await;
    assert_eq!(
        deal.lost_reason.as_deref(),
        Some("they merged with a rival")
    );
    // A loss is the channel's news: one person's quick changes to one deal
    // update the deal's post in place.
    let updated = calls(&bot, "chat.update", 1).await;
    assert_eq!(
        updated[0]["channel"], CHANNEL,
        "a loss is the channel's news"
    );
    assert!(text_of(&updated[0]).contains("lost"), "{updated:?}");
    assert_eq!(posts(&bot, 2).await.len(), 2);
}
on_both_backends!(the_cards_next_step_and_lost_buttons_open_their_forms);

async fn a_form_whose_deal_closed_meanwhile_gets_an_inline_error(db: &TestDb) {
    let bot = SlackBot::start(&db.store).await;
    let card = bot.ok(TEAM, REP1, "new Acme 10k").await;
    click(&bot, REP1, &card, "Next step").await;
    let (id, view) = last_modal(&bot);
    bot.ok(TEAM, REP1, "lost D-1 price").await;
    let (answer, _due) = submit_next_step(&bot, &id, &view).await;
    let body = answer.json();
    assert_eq!(body["response_action"], "errors");
    assert!(
        body["errors"]["step"]
            .as_str()
            .is_some_and(|text| text.contains("closed")),
        "{body}"
    );
    let deal = stored_deal(&bot.store, &slack_workspace(TEAM), 1).await;
    assert_eq!(deal.next_step, None, "nothing changed");
    let _ = REP2;
}
on_both_backends!(a_form_whose_deal_closed_meanwhile_gets_an_inline_error);

/// A form sent while the database cannot be reached is told so, in the
/// words a typed command gets: nothing was changed, try again later.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_form_sent_while_the_database_is_unreachable_says_nothing_was_changed() {
    let Some(db) = dealbot_tests::postgres().await else {
        return;
    };
    let bot = SlackBot::start(&db.store).await;
    let card = bot.ok(TEAM, REP1, "new Acme 10k").await;
    click(&bot, REP1, &card, "Next step").await;
    let (id, view) = last_modal(&bot);
    // Every connection of the bot's store is gone.
    db.store.close().await;
    let (answer, _due) = submit_next_step(&bot, &id, &view).await;
    let body = answer.json();
    assert_eq!(body["response_action"], "errors", "{body}");
    let said = body["errors"]["step"].as_str().unwrap_or_default();
    assert!(
        said.contains("The database is unavailable right now, so nothing was changed"),
        "{body}"
    );
    let _ = REP2;
    db.finish().await;
}
