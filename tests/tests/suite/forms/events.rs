//! `POST /slack/events`: signed, answers the challenge, handles each event
//! once however often Slack retries it and whichever replica gets it, and
//! acknowledges the events it does not handle.

use dealbot_tests::slack_bot::SlackBot;
use dealbot_tests::{on_both_backends, TestDb};
use serde_json::json;

use super::home::{home_opened, wait_for_publishes, REP1, TEAM};

async fn the_challenge_is_answered_and_unsigned_events_refused(db: &TestDb) {
    let bot = SlackBot::start_quiet(&db.store).await;
    let challenge = json!({
        "token": "deprecated-verification-token",
        "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
        "type": "url_verification",
    });
    let answer = bot.event(&challenge, None).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(
        answer.json()["challenge"],
        "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"
    );

    let unsigned = bot
        .post(
            "/slack/events",
            challenge.to_string().into_bytes(),
            &[("content-type", "application/json".to_string())],
        )
        .await;
    assert_eq!(unsigned.status, 401, "an unsigned event is refused");
    assert!(bot.fake.calls().is_empty(), "and nothing was done");
}
on_both_backends!(the_challenge_is_answered_and_unsigned_events_refused);

async fn a_retried_event_is_handled_once_across_replicas(db: &TestDb) {
    let first = SlackBot::start_quiet(&db.store).await;
    let second = SlackBot::start_quiet(&db.store).await;
    let opened = home_opened("Ev0001", REP1);

    let answer = first.event(&opened, None).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    wait_for_publishes(&first, 1).await;

    // Slack did not see the acknowledgement in time and retries, to this
    // replica and to the other one.
    for (bot, retry) in [(&first, 1), (&second, 2)] {
        let answer = bot.event(&opened, Some(retry)).await;
        assert_eq!(answer.status, 200, "a retry is acknowledged");
    }
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let publishes =
        first.fake.calls_to("views.publish").len() + second.fake.calls_to("views.publish").len();
    assert_eq!(publishes, 1, "the event was handled once");

    // Another event of the same kind is handled again.
    let answer = second.event(&home_opened("Ev0002", REP1), None).await;
    assert_eq!(answer.status, 200);
    wait_for_publishes(&second, 1).await;
}
on_both_backends!(a_retried_event_is_handled_once_across_replicas);

async fn events_the_bot_does_not_handle_are_acknowledged(db: &TestDb) {
    let bot = SlackBot::start_quiet(&db.store).await;
    let reaction = json!({
        "type": "event_callback",
        "team_id": TEAM,
        "api_app_id": "A0DEALBOT",
        "event_id": "Ev0099",
        "event_time": 1_700_000_000,
        "event": {"type": "reaction_added", "user": REP1, "reaction": "tada",
                  "item": {"type": "message", "channel": "C-PIPELINE", "ts": "1.2"},
                  "event_ts": "1700000000.000100"},
    });
    let answer = bot.event(&reaction, None).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    let rate_limited = json!({"type": "app_rate_limited", "team_id": TEAM,
                              "minute_rate_limited": 1_700_000_000, "api_app_id": "A0DEALBOT"});
    assert_eq!(bot.event(&rate_limited, None).await.status, 200);
    assert!(
        bot.fake.calls().is_empty(),
        "nothing was done: {:?}",
        bot.fake.calls()
    );

    let not_an_envelope = bot.event(&json!(["not", "an", "envelope"]), None).await;
    assert_eq!(not_an_envelope.status, 400);
}
on_both_backends!(events_the_bot_does_not_handle_are_acknowledged);
