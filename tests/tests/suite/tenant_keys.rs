//! Tenant keys: a workspace is its platform and its id, so a Slack team and a
//! Discord guild with the same id keep apart; Discord ids must be snowflakes;
//! a click on a Slack card from another workspace (a Slack Connect channel
//! shared between companies) runs nothing; and rows stored before keys named
//! their platform are found under the new keys after the upgrade.

use chrono::Utc;
use dealbot_storage::{NewDeal, NewSubscription, Store};
use dealbot_tests::discord_app::{command, DiscordApp};
use dealbot_tests::slack_bot::{click_body, now, text_of, SlackBot};
use dealbot_tests::{discord_workspace, on_both_backends, slack_workspace, Contents, TestDb};
use serde_json::{json, Value};

/// An id both platforms could send: a snowflake, and a string Slack may sign.
const SHARED_ID: &str = "100000000000000007";
const SLACK_REP: &str = "U0TENANT";
const DISCORD_REP: &str = "200000000000000007";

/// The description of a Discord answer's first embed.
fn described(answer: &Value) -> String {
    answer["data"]["embeds"][0]["description"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// Must show: a Slack team and a Discord guild with one id never share deals.
async fn a_slack_team_and_a_discord_guild_never_share_a_workspace(db: &TestDb) {
    let slack = SlackBot::start_quiet(&db.store).await;
    let discord = DiscordApp::spawn_quiet(&db.store).await;
    slack
        .ok(SHARED_ID, SLACK_REP, "new \"Slack Deal\" 5k")
        .await;
    let opened = discord
        .send(&command(
            SHARED_ID,
            DISCORD_REP,
            "new",
            &[("name", json!("Discord Deal"))],
        ))
        .await;
    assert!(
        described(&opened.json).contains("opened `D-1` **Discord Deal**"),
        "each numbers its own deals from D-1: {:?}",
        opened.json
    );

    let shown = slack.ok(SHARED_ID, SLACK_REP, "list all").await;
    let text = text_of(&shown);
    assert!(
        text.contains("Slack Deal") && !text.contains("Discord Deal"),
        "{text}"
    );
    let listed = discord
        .send(&command(
            SHARED_ID,
            DISCORD_REP,
            "list",
            &[("status", json!("all"))],
        ))
        .await;
    let text = listed.json.to_string();
    assert!(
        text.contains("Discord Deal") && !text.contains("Slack Deal"),
        "{text}"
    );

    let on_slack = db
        .store
        .deal_by_number(&slack_workspace(SHARED_ID), 1)
        .await
        .expect("read")
        .expect("the Slack deal");
    assert_eq!(on_slack.name, "Slack Deal");
    let on_discord = db
        .store
        .deal_by_number(&discord_workspace(SHARED_ID), 1)
        .await
        .expect("read")
        .expect("the Discord deal");
    assert_eq!(on_discord.name, "Discord Deal");
    assert_eq!(
        db.store
            .workspace_platform(&discord_workspace(SHARED_ID))
            .await
            .expect("read")
            .as_deref(),
        Some("discord"),
        "the platform is recoverable from storage"
    );
}

on_both_backends!(a_slack_team_and_a_discord_guild_never_share_a_workspace);

/// Must show: an interaction whose server, channel or user is not a snowflake
/// is refused with 400, and nothing is stored.
async fn discord_ids_must_be_snowflakes(db: &TestDb) {
    let app = DiscordApp::spawn_quiet(&db.store).await;
    let contents = Contents::of(db).await;
    let before = contents.now().await;
    let new = command(SHARED_ID, DISCORD_REP, "new", &[("name", json!("Forged"))]);
    let mut cases = Vec::new();
    for (what, pointer, id) in [
        ("a Slack team id as the server", "/guild_id", "T0123ABCD"),
        (
            "a server id with a leading zero",
            "/guild_id",
            "0100000000000000007",
        ),
        (
            "a server id beyond 64 bits",
            "/guild_id",
            "18446744073709551616",
        ),
        ("a user id that is a name", "/member/user/id", "mallory"),
        (
            "a channel id with a sign",
            "/channel_id",
            "+555000000000000001",
        ),
    ] {
        let mut interaction = new.clone();
        *interaction.pointer_mut(pointer).expect("the field") = json!(id);
        cases.push((what, interaction));
    }
    for (what, interaction) in cases {
        let answer = app.send(&interaction).await;
        assert_eq!(answer.status, 400, "{what}: {:?}", answer.json);
    }
    assert_eq!(contents.now().await, before, "nothing was stored");
    let served = app.send(&new).await;
    assert_eq!(served.status, 200, "the same with snowflakes is served");
    contents.close().await;
}

on_both_backends!(discord_ids_must_be_snowflakes);

/// Must show: a click on team A's card by someone of team B (a Slack Connect
/// channel) is refused privately and changes neither team's deal; the same
/// click from team A works.
async fn a_click_from_another_slack_workspace_is_refused(db: &TestDb) {
    const TEAM_A: &str = "T0ACMECO";
    const TEAM_B: &str = "T0GLOBEX";
    let bot = SlackBot::start_quiet(&db.store).await;
    bot.ok(TEAM_A, "U0ALICE", "new \"Acme Renewal\" 50k").await;
    bot.ok(TEAM_A, "U0ALICE", "next D-1 \"send the proposal\" fri")
        .await;
    let card = bot.ok(TEAM_A, "U0ALICE", "show D-1").await;
    bot.ok(TEAM_B, "U0MALLORY", "new \"Globex Pilot\" 5k").await;
    bot.ok(TEAM_B, "U0MALLORY", "next D-1 \"book the demo\" fri")
        .await;
    let next_steps = || async {
        let mut steps = Vec::new();
        for team in [TEAM_A, TEAM_B] {
            let deal = db
                .store
                .deal_by_number(&slack_workspace(team), 1)
                .await
                .expect("read")
                .expect("D-1");
            steps.push(deal.next_step);
        }
        steps
    };
    let before = next_steps().await;

    let (hook, status) = bot.click(TEAM_B, "U0MALLORY", &card, "Done").await;
    assert_eq!(status, 200);
    let answers = bot.fake.responses(&hook);
    assert_eq!(answers.len(), 1, "{answers:?}");
    assert_eq!(answers[0]["response_type"], "ephemeral", "{}", answers[0]);
    assert_ne!(
        answers[0]["replace_original"], true,
        "the card is left alone"
    );
    let text = text_of(&answers[0]);
    assert!(
        text.contains("This card belongs to another Slack workspace")
            && text.contains("Nothing was changed"),
        "{text}"
    );

    // Sent as team A's, by a user whose own team is B.
    let (foreign_user, url) = bot.new_hook();
    let form = click_body(TEAM_A, "U0MALLORY", &card, "Done", Some(&url));
    let mut fields: Vec<(String, String)> = serde_urlencoded::from_str(&form).expect("a form");
    let mut payload: Value = serde_json::from_str(&fields[0].1).expect("JSON");
    payload["user"]["team_id"] = json!(TEAM_B);
    fields[0].1 = payload.to_string();
    let form = serde_urlencoded::to_string(&fields).expect("a form");
    let answer = bot.post_signed("/slack/interactions", &form, now()).await;
    assert_eq!(answer.status, 200);
    let text = text_of(&bot.fake.responses(&foreign_user)[0]);
    assert!(
        text.contains("belongs to another Slack workspace"),
        "{text}"
    );
    assert_eq!(next_steps().await, before, "no deal changed");

    let (hook, _) = bot.click(TEAM_A, "U0ALICE", &card, "Done").await;
    assert_eq!(bot.fake.responses(&hook)[0]["replace_original"], true);
    let after = next_steps().await;
    assert_eq!(
        after,
        [None, before[1].clone()],
        "only team A's own click did it"
    );
}

on_both_backends!(a_click_from_another_slack_workspace_is_refused);

/// A deal stored by an older dealbot, under a bare workspace id.
fn old_deal(platform: &str, workspace: &str, name: &str) -> NewDeal {
    NewDeal {
        platform: platform.to_string(),
        workspace: workspace.to_string(),
        name: name.to_string(),
        pipeline: "new-business".to_string(),
        stage: "Prospecting".to_string(),
        owner: "U0OLD".to_string(),
        amount_minor: Some(500_000),
        currency: Some("USD".to_string()),
        close_date: None,
        channel: Some("C-PIPELINE".to_string()),
        private_channel: false,
        created_by: "U0OLD".to_string(),
        at: Utc::now(),
    }
}

/// Rows keyed by bare ids, as before migration 0007, then the upgrade run.
async fn upgrade_from_bare_keys(db: &TestDb) {
    let store = &db.store;
    store
        .create_deal(old_deal("slack", "T0OLD", "Old Slack Deal"))
        .await
        .expect("stored");
    store
        .create_deal(old_deal("discord", SHARED_ID, "Old Discord Deal"))
        .await
        .expect("stored");
    // Opened before migration 0002: its platform was left at the default.
    store
        .create_deal(old_deal("shell", "T0LEGACY", "Legacy Deal"))
        .await
        .expect("stored");
    store
        .subscribe(&NewSubscription {
            workspace: "T0LEGACY".to_string(),
            platform: "slack".to_string(),
            channel: "C-PIPELINE".to_string(),
            cron: "0 9 * * Mon-Fri".to_string(),
            timezone: "UTC".to_string(),
            pipeline: None,
            owner: None,
            created_by: "U0OLD".to_string(),
            at: Utc::now(),
            chart: false,
        })
        .await
        .expect("subscribed");
    store
        .set_user_timezone("T0OLD", "U0OLD", "Europe/Berlin")
        .await
        .expect("zone kept");
    store
        .create_deal(old_deal("shell", "local", "Shell Deal"))
        .await
        .expect("stored");
    let forget = "DELETE FROM _sqlx_migrations WHERE version = 7";
    if db.url.starts_with("sqlite:") {
        let pool = sqlx::SqlitePool::connect(&db.url).await.expect("SQLite");
        sqlx::query(forget).execute(&pool).await.expect("forgotten");
        pool.close().await;
    } else {
        let pool = sqlx::PgPool::connect(&db.url).await.expect("PostgreSQL");
        sqlx::query(forget).execute(&pool).await.expect("forgotten");
        pool.close().await;
    }
    store.migrate().await.expect("migration 0007 runs again");
}

/// Must show: after the upgrade every old deal is where its platform's users
/// find it, with its history, schedule and people's settings.
async fn rows_stored_under_bare_ids_are_rekeyed_by_the_upgrade(db: &TestDb) {
    upgrade_from_bare_keys(db).await;
    let store: &Store = &db.store;
    for (key, name, platform) in [
        (slack_workspace("T0OLD"), "Old Slack Deal", "slack"),
        (discord_workspace(SHARED_ID), "Old Discord Deal", "discord"),
        (slack_workspace("T0LEGACY"), "Legacy Deal", "slack"),
        ("shell:local".to_string(), "Shell Deal", "shell"),
    ] {
        let deal = store
            .deal_by_number(&key, 1)
            .await
            .expect("read")
            .unwrap_or_else(|| panic!("{name} under {key}"));
        assert_eq!(deal.name, name);
        assert_eq!(deal.workspace, key);
        let history = store.history(&key, 1, None).await.expect("history");
        assert_eq!(history.len(), 1, "{key}: {history:?}");
        assert_eq!(
            store
                .workspace_platform(&key)
                .await
                .expect("read")
                .as_deref(),
            Some(platform),
            "{key}"
        );
    }
    assert!(store
        .deal_by_number("T0OLD", 1)
        .await
        .expect("read")
        .is_none());
    assert_eq!(
        store
            .user_timezone(&slack_workspace("T0OLD"), "U0OLD")
            .await
            .expect("read")
            .as_deref(),
        Some("Europe/Berlin")
    );
    let schedules = store
        .subscriptions(&slack_workspace("T0LEGACY"))
        .await
        .expect("schedules");
    assert_eq!(schedules.len(), 1, "{schedules:?}");

    let slack = SlackBot::start(store).await;
    let shown = text_of(&slack.ok("T0OLD", "U0OLD", "show D-1").await);
    assert!(shown.contains("Old Slack Deal"), "{shown}");
    let discord = DiscordApp::spawn(store).await;
    let shown = discord
        .send(&command(
            SHARED_ID,
            DISCORD_REP,
            "show",
            &[("deal", json!("D-1"))],
        ))
        .await;
    assert!(
        shown.json.to_string().contains("Old Discord Deal"),
        "{:?}",
        shown.json
    );
}

on_both_backends!(rows_stored_under_bare_ids_are_rekeyed_by_the_upgrade);
