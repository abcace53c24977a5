//! The App Home: published when opened, within Slack's limits, the person's
//! deals overdue first with their buttons, the steps due this week, the
//! team's pipeline; republished after their changes and after someone else
//! changes one of their deals; its buttons work as the card's do.

use std::time::Duration;

use dealbot_tests::slack_bot::{find_action, text_of, SlackBot};
use dealbot_tests::{on_both_backends, slack_workspace, TestDb};
use serde_json::{json, Value};

pub const TEAM: &str = "T0ACME";
pub const REP1: &str = "U0REP1";
pub const REP2: &str = "U0REP2";

/// Slack's `app_home_opened` envelope for `user`'s Home tab.
pub fn home_opened(event_id: &str, user: &str) -> Value {
    json!({
        "token": "deprecated-verification-token",
        "team_id": TEAM,
        "api_app_id": "A0DEALBOT",
        "type": "event_callback",
        "event_id": event_id,
        "event_time": 1_700_000_000,
        "event": {"type": "app_home_opened", "user": user, "channel": format!("D{user}"),
                  "tab": "home", "event_ts": "1700000000.000100"},
    })
}

/// Waits (a little) until the fake has seen `count` `views.publish` calls.
pub async fn wait_for_publishes(bot: &SlackBot, count: usize) {
    for _ in 0..100 {
        if bot.fake.calls_to("views.publish").len() >= count {
            break;
        }
        tokio::time::sleep(Duration::from_millis(30)).await;
    }
    let calls = bot.fake.calls_to("views.publish");
    assert_eq!(calls.len(), count, "views.publish calls: {calls:?}");
    for call in calls {
        assert_eq!(call.answer, "ok", "Slack accepted the home: {}", call.body);
    }
}

/// The published home of `user`, as the fake accepted it.
fn home(bot: &SlackBot, user: &str) -> Value {
    bot.fake.home_of(user).expect("a home was published")
}

async fn the_home_shows_the_persons_deals_overdue_first_within_limits(db: &TestDb) {
    let bot = SlackBot::start_quiet(&db.store).await;
    let clock = bot.served.app.clock().clone();
    bot.ok(TEAM, REP1, "new Alpha 10k").await;
    bot.ok(TEAM, REP1, "new Beta 20k").await;
    bot.ok(TEAM, REP2, "new Gamma 5k").await;
    bot.ok(TEAM, REP1, "next D-2 \"call back\" tomorrow").await;
    clock.advance(chrono::Duration::days(3));
    bot.ok(TEAM, REP1, "next D-1 \"send the proposal\" today")
        .await;
    for n in 0..48 {
        bot.ok(TEAM, REP1, &format!("new \"Filler {n}\" 1k")).await;
    }

    assert_eq!(bot.event(&home_opened("Ev1", REP1), None).await.status, 200);
    wait_for_publishes(&bot, 1).await;
    let view = home(&bot, REP1);
    let blocks = view["blocks"].as_array().expect("blocks");
    assert!(blocks.len() <= 100, "{} blocks", blocks.len());
    let text = text_of(&view);
    let beta = text.find("Beta").expect("the overdue deal is listed");
    let alpha = text.find("Alpha").expect("the deal due today is listed");
    assert!(beta < alpha, "overdue first:\n{text}");
    assert!(
        !text.contains("Gamma · "),
        "only the person's own deals are listed"
    );
    assert!(text.contains("and 6 more — `/deal list mine`"), "{text}");
    let due = &text[text.find("*Due this week*").expect("due this week")..];
    assert!(due.contains("send the proposal"), "{due}");
    assert!(
        !due.contains("call back"),
        "an overdue step is not due this week"
    );
    let pipeline = &text[text.find("*The team's pipeline*").expect("pipeline")..];
    assert!(
        pipeline.contains("*Prospecting*: 51 deals, $83,000"),
        "{pipeline}"
    );
    for label in ["New deal", "Done", "Snooze", "Next step"] {
        assert!(find_action(&view, label).is_some(), "a {label} button");
    }
}
on_both_backends!(the_home_shows_the_persons_deals_overdue_first_within_limits);

async fn the_home_follows_changes_by_the_person_and_by_others(db: &TestDb) {
    let bot = SlackBot::start_quiet(&db.store).await;
    bot.ok(TEAM, REP1, "new Alpha 10k").await;
    bot.ok(TEAM, REP1, "next D-1 \"send the proposal\" tomorrow")
        .await;
    bot.event(&home_opened("Ev1", REP1), None).await;
    wait_for_publishes(&bot, 1).await;

    // A click on the home's Done, as Slack sends it from a view.
    assert_eq!(click_on_home(&bot, REP1, "Done").await, 200);
    wait_for_publishes(&bot, 2).await;
    let deal = bot
        .store
        .deal_by_number(&slack_workspace(TEAM), 1)
        .await
        .expect("read")
        .expect("D-1");
    assert_eq!(deal.next_step, None, "the home's Done finished the step");
    assert!(text_of(&home(&bot, REP1)).contains("no next step"));

    // Someone else moves one of the person's deals: their home follows.
    bot.ok(TEAM, REP2, "stage D-1 Qualifying").await;
    wait_for_publishes(&bot, 3).await;
    assert!(text_of(&home(&bot, REP1)).contains("*Qualifying*"));
    assert!(bot.fake.home_of(REP2).is_none(), "REP2 never opened a home");
}
on_both_backends!(the_home_follows_changes_by_the_person_and_by_others);

async fn the_homes_new_deal_button_opens_the_form(db: &TestDb) {
    let bot = SlackBot::start_quiet(&db.store).await;
    bot.event(&home_opened("Ev1", REP1), None).await;
    wait_for_publishes(&bot, 1).await;
    assert_eq!(click_on_home(&bot, REP1, "New deal").await, 200);
    let opened = bot.fake.calls_to("views.open");
    assert_eq!(opened.len(), 1);
    assert_eq!(opened[0].answer, "ok", "{}", opened[0].body);
    let (_, modal) = bot.fake.modals().last().cloned().expect("a modal");
    assert_eq!(modal["title"]["text"], "New deal");
}
on_both_backends!(the_homes_new_deal_button_opens_the_form);

/// `user` clicks `label` on their published home, as Slack sends a click from
/// a view; the status of the bot's answer.
async fn click_on_home(bot: &SlackBot, user: &str, label: &str) -> u16 {
    let view = home(bot, user);
    let action = find_action(&view, label).unwrap_or_else(|| panic!("{label} on the home"));
    let click = json!({
        "type": "block_actions",
        "team": {"id": TEAM, "domain": "acme"},
        "user": {"id": user, "username": user.to_lowercase(), "team_id": TEAM},
        "api_app_id": "A0DEALBOT",
        "token": "deprecated-verification-token",
        "container": {"type": "view", "view_id": "VHOME"},
        "trigger_id": bot.fake.issue_trigger(),
        "view": {"id": "VHOME", "type": "home", "blocks": view["blocks"].clone()},
        "actions": [action],
    });
    bot.interaction(&click).await.status
}
