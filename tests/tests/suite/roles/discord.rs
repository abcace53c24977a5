//! Roles on Discord: an admin is a member with Manage Server (or
//! Administrator) in the interaction's `member.permissions`; the new owner is
//! a user Discord resolved in the interaction.

use dealbot_storage::Deal;
use dealbot_tests::discord_app::{
    command, in_its_group, user_object, with_permissions, DiscordApp,
};
use dealbot_tests::{discord_workspace, TestDb};
use serde_json::{json, Value};

const GUILD: &str = "100000000000000001";
const OWNER: &str = "200000000000000001";
const MEMBER: &str = "200000000000000002";
const MANAGER: &str = "200000000000000003";

/// View Channel and Send Messages: a member's everyday permissions.
const EVERYDAY: u64 = 0x400 | 0x800;
/// The colour of a refusal's embed.
const RED: u32 = 0xE74C3C;
/// Manage Server.
const MANAGE_GUILD: u64 = 0x20;

async fn deal(app: &DiscordApp) -> Deal {
    app.served
        .core()
        .store()
        .deal_by_number(&discord_workspace(GUILD), 1)
        .await
        .expect("read")
        .expect("D-1")
}

/// The bot (quiet clock) with D-1 "Acme" opened by [`OWNER`].
async fn server(db: &TestDb) -> DiscordApp {
    let app = DiscordApp::spawn_quiet(&db.store).await;
    let answer = app
        .send(&command(
            GUILD,
            OWNER,
            "new",
            &[("name", json!("Acme")), ("amount", json!("50k"))],
        ))
        .await;
    assert_eq!(answer.json["type"], 4, "{:?}", answer.json);
    app
}

fn is_private_refusal(answer: &Value) -> bool {
    answer["type"] == 4
        && answer["data"]["flags"] == 64
        && answer["data"]["embeds"][0]["color"] == json!(RED)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn manage_server_is_what_makes_a_discord_admin() {
    let db = dealbot_tests::sqlite().await;
    let app = server(&db).await;
    let won = || command(GUILD, MEMBER, "won", &[("deal", json!("D-1"))]);
    let before = deal(&app).await;
    let refused = app.send(&with_permissions(won(), EVERYDAY)).await.json;
    assert!(is_private_refusal(&refused), "{refused}");
    let shown = refused.to_string();
    assert!(
        shown.contains("Manage Server") && shown.contains(OWNER),
        "{shown}"
    );
    assert_eq!(deal(&app).await, before, "nothing changed");

    let delete = in_its_group(command(GUILD, MANAGER, "delete", &[("deal", json!("D-1"))]));
    let answer = app
        .send(&with_permissions(delete, EVERYDAY | MANAGE_GUILD))
        .await
        .json;
    assert!(!is_private_refusal(&answer), "{answer}");
    assert!(
        deal(&app).await.deleted_at.is_some(),
        "a manager may delete it"
    );
    db.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_resolved_people_may_own_a_deal_and_they_get_a_dm() {
    let db = dealbot_tests::sqlite().await;
    let app = server(&db).await;
    let handing = |to: &str| {
        command(
            GUILD,
            OWNER,
            "owner",
            &[("deal", json!("D-1")), ("owner", json!(to))],
        )
    };

    let mut unresolved = handing(MEMBER);
    unresolved["data"]
        .as_object_mut()
        .expect("data")
        .remove("resolved");
    let answer = app.send(&unresolved).await.json;
    assert!(is_private_refusal(&answer), "{answer}");
    assert!(
        answer.to_string().contains("Nobody here has the id"),
        "{answer}"
    );

    let mut to_a_bot = handing(MANAGER);
    to_a_bot["data"]["resolved"]["users"][MANAGER] = user_object(MANAGER, true);
    let answer = app.send(&to_a_bot).await.json;
    assert!(
        answer.to_string().contains("is a bot or an app"),
        "{answer}"
    );
    assert_eq!(deal(&app).await.owner, OWNER);

    let answer = app.send(&handing(MEMBER)).await.json;
    assert!(!is_private_refusal(&answer), "{answer}");
    assert_eq!(deal(&app).await.owner, MEMBER);
    app.catch_up().await;
    app.catch_up().await;
    let dm_channel = format!("7{MEMBER}");
    let posted = app.fake.messages_in(&dm_channel);
    assert_eq!(posted.len(), 1, "one DM to the new owner: {posted:?}");
    let shown = posted[0].to_string();
    assert!(
        shown.contains("handed you") && shown.contains("Acme"),
        "{shown}"
    );
    db.finish().await;
}
