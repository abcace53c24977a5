//! Private channels on Slack: `conversations.info` says which are private.

use dealbot::clock::Clock;
use dealbot_tests::fake_slack::Call;
use dealbot_tests::slack_bot::{text_of, SlackBot, CHANNEL};
use dealbot_tests::{on_both_backends, slack_workspace, TestDb};

use super::{assert_team_digest_counts_the_secret, sharing_settings, PUBLIC, SECRET};

const TEAM: &str = "T0PRIVATE";
const OWNER: &str = "U0OWNER";
const OTHER: &str = "U0OTHER";

/// A private channel the bot is in.
const PRIVATE: (&str, &str) = ("C0SECRET", "secret-deals");
/// The team's public channel.
const TEAM_CHANNEL: (&str, &str) = (CHANNEL, "pipeline");

/// What `user` sees after typing `text` in `channel`, and whether it was a refusal.
async fn seen(bot: &SlackBot, user: &str, channel: (&str, &str), text: &str) -> (String, bool) {
    let answer = bot.command_in(TEAM, user, channel, text).await;
    assert_eq!(answer.status, 200, "`{text}`: {}", answer.body);
    let shown = text_of(&answer.json());
    let refused = shown.contains(":warning:");
    (shown, refused)
}

async fn ok(bot: &SlackBot, user: &str, channel: (&str, &str), text: &str) -> String {
    let (shown, refused) = seen(bot, user, channel, text).await;
    assert!(!refused, "`{text}` was refused: {shown}");
    shown
}

/// The digests posted to `channel` so far, as their text.
fn digests_in(bot: &SlackBot, channel: &str) -> Vec<String> {
    bot.fake
        .calls_to("chat.postMessage")
        .iter()
        .filter(|call: &&Call| call.answer == "ok" && call.body["channel"] == channel)
        .map(|call| text_of(&call.body))
        .filter(|text| text.contains("Pipeline digest"))
        .collect()
}

/// The private deal (D-1) and the public one (D-2), opened by [`OWNER`].
async fn open_both(bot: &SlackBot) {
    bot.fake.add_private_channel(PRIVATE.0);
    ok(bot, OWNER, PRIVATE, &format!("new \"{SECRET}\" 90k")).await;
    ok(bot, OWNER, TEAM_CHANNEL, &format!("new \"{PUBLIC}\" 50k")).await;
}

on_both_backends!(a_private_channels_deal_is_seen_only_there_and_by_its_owner);
async fn a_private_channels_deal_is_seen_only_there_and_by_its_owner(db: &TestDb) {
    let bot = SlackBot::start_quiet(&db.store).await;
    open_both(&bot).await;
    let workspace = slack_workspace(TEAM);
    let stored = |number| async move {
        db.store
            .deal_by_number(&slack_workspace(TEAM), number)
            .await
            .expect("read")
            .expect("stored")
    };
    let secret = stored(1).await;
    assert_eq!(
        (secret.channel.as_deref(), secret.private_channel),
        (Some(PRIVATE.0), true)
    );
    assert!(!stored(2).await.private_channel, "{workspace}");

    // Elsewhere, someone else sees neither the deal nor its name.
    let listed = ok(&bot, OTHER, TEAM_CHANNEL, "list all").await;
    assert!(
        listed.contains(PUBLIC) && !listed.contains(SECRET),
        "{listed}"
    );
    assert!(listed.contains("1 private deal not shown here"), "{listed}");
    for text in ["show D-1", "history D-1", "show secret"] {
        let (shown, refused) = seen(&bot, OTHER, TEAM_CHANNEL, text).await;
        assert!(
            refused && shown.contains("There is no deal"),
            "`{text}`: {shown}"
        );
        assert!(
            !shown.contains(SECRET),
            "`{text}` gives the name away: {shown}"
        );
    }

    // In its channel, everyone there sees it; its owner sees it anywhere.
    let listed = ok(&bot, OTHER, PRIVATE, "list all").await;
    assert!(
        listed.contains(PUBLIC) && listed.contains(SECRET),
        "{listed}"
    );
    assert!(!listed.contains("private deal"), "{listed}");
    assert!(ok(&bot, OTHER, PRIVATE, "show D-1").await.contains(SECRET));
    assert!(ok(&bot, OTHER, PRIVATE, "history D-1")
        .await
        .contains(SECRET));
    assert!(ok(&bot, OWNER, TEAM_CHANNEL, "show D-1")
        .await
        .contains(SECRET));
    assert!(ok(&bot, OWNER, TEAM_CHANNEL, "history secret")
        .await
        .contains(SECRET));

    // The digest of the team's channel counts it; the private channel's lists it.
    ok(&bot, OTHER, TEAM_CHANNEL, "digest").await;
    ok(&bot, OTHER, PRIVATE, "digest").await;
    bot.served.catch_up_paced().await;
    let team = digests_in(&bot, CHANNEL);
    assert_team_digest_counts_the_secret(&team);
    let private = digests_in(&bot, PRIVATE.0);
    assert_eq!(private.len(), 1, "{private:?}");
    assert!(
        private[0].contains(SECRET) && private[0].contains(PUBLIC),
        "{}",
        private[0]
    );

    // Each channel was asked about once: the answers are remembered.
    let asked: Vec<String> = bot
        .fake
        .calls_to("conversations.info")
        .iter()
        .map(|call| {
            call.body["channel"]
                .as_str()
                .unwrap_or_default()
                .to_string()
        })
        .collect();
    assert_eq!(asked, [PRIVATE.0, CHANNEL], "{asked:?}");
}

on_both_backends!(a_channel_slack_will_not_describe_counts_as_private);
async fn a_channel_slack_will_not_describe_counts_as_private(db: &TestDb) {
    let bot = SlackBot::start_quiet(&db.store).await;
    // The fake answers `channel_not_found`, as Slack does for a private
    // channel the bot cannot see.
    let unknown = ("C0UNKNOWN", "somewhere");
    ok(&bot, OWNER, unknown, &format!("new \"{SECRET}\" 90k")).await;
    let answers: Vec<String> = bot
        .fake
        .calls_to("conversations.info")
        .iter()
        .map(|call| call.answer.clone())
        .collect();
    assert_eq!(answers, ["channel_not_found"]);
    let (shown, refused) = seen(&bot, OTHER, TEAM_CHANNEL, "show D-1").await;
    assert!(refused && !shown.contains(SECRET), "{shown}");
    // `privategroup`, as some slash commands name a private channel, needs no lookup.
    ok(
        &bot,
        OWNER,
        ("C0HINTED", "privategroup"),
        "new \"Hinted\" 1k",
    )
    .await;
    let stored = db
        .store
        .deal_by_number(&slack_workspace(TEAM), 2)
        .await
        .expect("read")
        .expect("stored");
    assert!(stored.private_channel);
    assert_eq!(
        bot.fake.calls_to("conversations.info").len(),
        2,
        "C0UNKNOWN again, not C0HINTED"
    );
}

on_both_backends!(a_sharing_pipeline_shows_private_channel_deals_everywhere);
async fn a_sharing_pipeline_shows_private_channel_deals_everywhere(db: &TestDb) {
    let bot = SlackBot::start_with(
        &db.store,
        sharing_settings(),
        Clock::manual(chrono::Utc::now()),
    )
    .await;
    open_both(&bot).await;
    let listed = ok(&bot, OTHER, TEAM_CHANNEL, "list all").await;
    assert!(
        listed.contains(PUBLIC) && listed.contains(SECRET),
        "{listed}"
    );
    assert!(!listed.contains("private deal"), "{listed}");
    assert!(ok(&bot, OTHER, TEAM_CHANNEL, "show D-1")
        .await
        .contains(SECRET));
    assert!(ok(&bot, OTHER, TEAM_CHANNEL, "history D-1")
        .await
        .contains(SECRET));
    ok(&bot, OTHER, TEAM_CHANNEL, "digest").await;
    bot.served.catch_up_paced().await;
    let team = digests_in(&bot, CHANNEL);
    assert_eq!(team.len(), 1, "{team:?}");
    assert!(team[0].contains(SECRET), "{}", team[0]);
}
