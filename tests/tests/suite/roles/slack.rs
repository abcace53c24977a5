//! Roles on Slack: admins from `users.info`, refusals as ephemeral answers.

use dealbot::clock::Clock;
use dealbot::config::{PermissionMode, Settings};
use dealbot_storage::Deal;
use dealbot_tests::fake_slack::{Fault, Member};
use dealbot_tests::slack_bot::{text_of, SlackBot};
use dealbot_tests::{shipped_settings, slack_workspace, TestDb};

const TEAM: &str = "T0ACME";
const OWNER: &str = "U0OWNER";
const MEMBER: &str = "U0MEMBER";
const ADMIN: &str = "U0ADMIN";
const BOSS: &str = "U0BOSS";
const LISTED: &str = "U0LISTED";

/// The bot (quiet clock) with the workspace's members, and D-1 "Acme" (50k)
/// opened by [`OWNER`].
async fn team_with(db: &TestDb, settings: Settings) -> SlackBot {
    let bot = SlackBot::start_with(&db.store, settings, Clock::manual(chrono::Utc::now())).await;
    for (user, member) in [
        (OWNER, Member::Person),
        (MEMBER, Member::Person),
        (ADMIN, Member::Admin),
        (BOSS, Member::Owner),
        (LISTED, Member::Person),
    ] {
        bot.fake.add_user(user, member);
    }
    bot.ok(TEAM, OWNER, "new Acme 50k").await;
    bot
}

async fn team(db: &TestDb) -> SlackBot {
    team_with(db, shipped_settings()).await
}

async fn deal(bot: &SlackBot) -> Deal {
    bot.store
        .deal_by_number(&slack_workspace(TEAM), 1)
        .await
        .expect("read")
        .expect("D-1")
}

/// `text` by `user` must be refused privately with every piece of `says`,
/// and leave D-1 exactly as it was.
async fn refused(bot: &SlackBot, user: &str, text: &str, says: &[&str]) -> String {
    let before = deal(bot).await;
    let message = bot.command(TEAM, user, text).await.json();
    let shown = text_of(&message);
    assert_eq!(message["response_type"], "ephemeral", "`{text}`: {message}");
    assert!(
        shown.contains(":warning:"),
        "`{text}` was not refused: {shown}"
    );
    for piece in says {
        assert!(
            shown.contains(piece),
            "`{text}`: {piece:?} missing from {shown}"
        );
    }
    assert_eq!(deal(bot).await, before, "`{text}` changed nothing");
    shown
}

/// What a member's refusal says: who owns it, and who else may.
const WHO_MAY: &[&str] = &[
    "Only <@U0OWNER>, who owns D-1, and admins may",
    "Slack workspace's admins and owners",
    "owner D-1 @you",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_cannot_win_or_lose_someone_elses_deal() {
    let db = dealbot_tests::sqlite().await;
    let bot = team(&db).await;
    refused(&bot, MEMBER, "won D-1", WHO_MAY).await;
    refused(&bot, MEMBER, "lost D-1 \"too pricey\"", WHO_MAY).await;
    refused(&bot, MEMBER, "stage D-1 won", &["mark it won"]).await;
    db.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_cannot_reopen_someone_elses_closed_deal() {
    let db = dealbot_tests::sqlite().await;
    let bot = team(&db).await;
    bot.ok(TEAM, OWNER, "won D-1").await;
    refused(&bot, MEMBER, "stage D-1 prospecting", &["may reopen it"]).await;
    refused(
        &bot,
        MEMBER,
        "lost D-1 \"fell through\"",
        &["may mark it lost"],
    )
    .await;
    assert_eq!(deal(&bot).await.stage, "Won");
    db.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_cannot_reassign_or_reprice_someone_elses_deal() {
    let db = dealbot_tests::sqlite().await;
    let bot = team(&db).await;
    refused(
        &bot,
        MEMBER,
        &format!("owner D-1 <@{MEMBER}>"),
        &["may hand it to someone else"],
    )
    .await;
    refused(&bot, MEMBER, "amount D-1 1", &["may change its amount"]).await;
    db.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_cannot_rename_or_delete_someone_elses_deal() {
    let db = dealbot_tests::sqlite().await;
    let bot = team(&db).await;
    refused(&bot, MEMBER, "rename D-1 Mine", &["may rename it"]).await;
    refused(&bot, MEMBER, "delete D-1", &["may delete it"]).await;
    db.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_admins_change_a_channels_schedules() {
    let db = dealbot_tests::sqlite().await;
    let bot = team(&db).await;
    let workspace = slack_workspace(TEAM);
    bot.ok(TEAM, ADMIN, "subscribe \"0 9 * * 1-5\"").await;
    let schedules = bot.store.subscriptions(&workspace).await.expect("read");
    assert_eq!(schedules.len(), 1, "the admin subscribed");
    for text in ["subscribe \"0 8 * * *\"", "unsubscribe"] {
        let message = bot.command(TEAM, OWNER, text).await.json();
        let shown = text_of(&message);
        assert_eq!(message["response_type"], "ephemeral");
        assert!(
            shown.contains("Only admins may") && shown.contains("admins and owners"),
            "{shown}"
        );
    }
    let after = bot.store.subscriptions(&workspace).await.expect("read");
    assert_eq!(after, schedules, "nothing changed in {workspace}");
    bot.ok(TEAM, BOSS, "unsubscribe").await;
    assert!(bot
        .store
        .subscriptions(&workspace)
        .await
        .expect("read")
        .is_empty());
    db.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn anyone_may_add_notes_buyer_and_checklist_answers() {
    let db = dealbot_tests::sqlite().await;
    let bot = team(&db).await;
    bot.ok(TEAM, MEMBER, "note D-1 \"met their CFO\"").await;
    bot.ok(TEAM, MEMBER, "buyer D-1 evaluation").await;
    bot.ok(TEAM, MEMBER, "qualify D-1 budget yes").await;
    assert_eq!(deal(&bot).await.buyer_stage.as_deref(), Some("Evaluation"));
    db.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slack_admins_and_owners_and_listed_people_may() {
    let db = dealbot_tests::sqlite().await;
    let mut settings = shipped_settings();
    settings.permissions.admins = vec![format!("slack:{LISTED}")];
    let bot = team_with(&db, settings).await;
    bot.ok(TEAM, ADMIN, "amount D-1 60k").await;
    bot.ok(TEAM, BOSS, "rename D-1 \"Acme Corp\"").await;
    bot.ok(TEAM, LISTED, "won D-1").await;
    let won = deal(&bot).await;
    assert_eq!(
        (won.amount_minor, won.name.as_str()),
        (Some(6_000_000), "Acme Corp")
    );
    assert_eq!(won.stage, "Won");
    db.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_role_slack_cannot_tell_is_refused() {
    let db = dealbot_tests::sqlite().await;
    let bot = team(&db).await;
    bot.ok(TEAM, ADMIN, "show D-1").await; // its time zone is looked up, and cached
    bot.fake.fail_next(1, Fault::ServerError);
    refused(
        &bot,
        ADMIN,
        "won D-1",
        &["could not check your role", "<@U0OWNER>"],
    )
    .await;
    assert_eq!(
        bot.fake
            .calls_to("users.info")
            .last()
            .expect("asked")
            .answer,
        "500"
    );
    bot.ok(TEAM, ADMIN, "won D-1").await; // Slack answers again: an admin
    db.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn open_mode_lets_anyone() {
    let db = dealbot_tests::sqlite().await;
    let mut settings = shipped_settings();
    settings.permissions.mode = PermissionMode::Open;
    let bot = team_with(&db, settings).await;
    bot.ok(TEAM, MEMBER, "amount D-1 70k").await;
    bot.ok(TEAM, MEMBER, "won D-1").await;
    bot.ok(TEAM, MEMBER, "stage D-1 prospecting").await;
    bot.ok(TEAM, MEMBER, "subscribe \"0 9 * * 1-5\"").await;
    assert_eq!(deal(&bot).await.amount_minor, Some(7_000_000));
    // Taking someone else's deal out of view stays the owner's (and admins').
    refused(&bot, MEMBER, "delete D-1", &["may delete it"]).await;
    db.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deal_goes_only_to_a_person_slack_knows() {
    let db = dealbot_tests::sqlite().await;
    let bot = team(&db).await;
    bot.fake.add_user("U0ROBOT", Member::Bot);
    bot.fake.add_user("U0GONE", Member::Deactivated);
    refused(
        &bot,
        OWNER,
        "owner D-1 <@U0GHOST>",
        &["Nobody here has the id", "U0GHOST"],
    )
    .await;
    refused(
        &bot,
        OWNER,
        "owner D-1 <@U0GONE>",
        &["Nobody here has the id"],
    )
    .await;
    refused(&bot, OWNER, "owner D-1 <@U0ROBOT>", &["is a bot or an app"]).await;
    let ghost = bot
        .fake
        .calls_to("users.info")
        .into_iter()
        .find(|call| call.body["user"] == "U0GHOST")
        .expect("asked about U0GHOST");
    assert_eq!(ghost.answer, "user_not_found");
    bot.catch_up().await;
    assert!(
        !bot.fake
            .calls_to("chat.postMessage")
            .iter()
            .any(|call| call.body["channel"]
                .as_str()
                .is_some_and(|c| c.starts_with('D'))),
        "nobody was told"
    );
    db.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_new_owner_gets_one_dm_with_the_card() {
    let db = dealbot_tests::sqlite().await;
    let bot = team(&db).await;
    bot.ok(TEAM, OWNER, &format!("owner D-1 <@{MEMBER}>")).await;
    assert_eq!(deal(&bot).await.owner, MEMBER);
    bot.catch_up().await;
    bot.catch_up().await;
    let opened = bot.fake.calls_to("conversations.open");
    assert_eq!(opened.len(), 1, "{opened:?}");
    assert_eq!(opened[0].body["users"], serde_json::json!([MEMBER]));
    // The channel heard of the new deal; the new owner gets one direct message.
    let posts: Vec<_> = bot
        .fake
        .calls_to("chat.postMessage")
        .into_iter()
        .filter(|call| call.body["channel"] != "C-PIPELINE")
        .collect();
    assert_eq!(posts.len(), 1, "posted once: {posts:?}");
    let dm = &posts[0];
    assert_eq!(dm.body["channel"], format!("D{MEMBER}"));
    assert_eq!(dm.answer, "ok");
    let shown = dm.body.to_string();
    assert!(
        shown.contains("<@U0OWNER> handed you")
            && shown.contains("Acme")
            && shown.contains("50,000"),
        "{shown}"
    );
    db.finish().await;
}
