//! Private channels on Discord: `GET /channels/{id}` says which the everyone
//! role cannot see.

use dealbot_tests::discord_app::{
    autocomplete, command, in_channel, Answer, DiscordApp, DISCORD_CHANNEL,
};
use dealbot_tests::fake_discord::check_interaction_answer;
use dealbot_tests::{discord_workspace, on_both_backends, TestDb};
use serde_json::{json, Value};

use super::{assert_team_digest_counts_the_secret, PUBLIC, SECRET};

const GUILD: &str = "100000000000000071";
const OWNER: &str = "200000000000000071";
const OTHER: &str = "200000000000000072";
/// A channel hidden from the everyone role of [`GUILD`].
const HIDDEN: &str = "555000000000000071";

/// Discord's red, the colour of refusals.
const RED: u64 = 0xE7_4C_3C;

/// `/deal <subcommand>` by `user` in `channel`: what it shows, and whether it
/// was a refusal.
async fn seen(
    app: &DiscordApp,
    user: &str,
    channel: &str,
    subcommand: &str,
    options: &[(&str, Value)],
) -> (String, bool) {
    let answer: Answer = app
        .send(&in_channel(
            command(GUILD, user, subcommand, options),
            channel,
        ))
        .await;
    assert_eq!(answer.status, 200, "{:?}", answer.json);
    check_interaction_answer(&answer.json).unwrap_or_else(|p| panic!("{p}: {}", answer.json));
    let data = &answer.json["data"];
    let refused = data["embeds"][0]["color"] == json!(RED);
    (data.to_string(), refused)
}

async fn ok(
    app: &DiscordApp,
    user: &str,
    channel: &str,
    subcommand: &str,
    options: &[(&str, Value)],
) -> String {
    let (shown, refused) = seen(app, user, channel, subcommand, options).await;
    assert!(!refused, "`{subcommand}` was refused: {shown}");
    shown
}

fn deal(reference: &str) -> [(&'static str, Value); 1] {
    [("deal", json!(reference))]
}

/// The digests posted to `channel` so far, as their JSON text.
fn digests_in(app: &DiscordApp, channel: &str) -> Vec<String> {
    app.fake
        .messages_in(channel)
        .iter()
        .map(Value::to_string)
        .filter(|text| text.contains("Pipeline digest"))
        .collect()
}

on_both_backends!(a_hidden_channels_deal_is_seen_only_there_and_by_its_owner);
async fn a_hidden_channels_deal_is_seen_only_there_and_by_its_owner(db: &TestDb) {
    let app = DiscordApp::spawn_quiet(&db.store).await;
    app.fake.hide_channel(HIDDEN, GUILD);
    let new = |name: &str| [("name", json!(name)), ("amount", json!("90k"))];
    ok(&app, OWNER, HIDDEN, "new", &new(SECRET)).await;
    ok(&app, OWNER, DISCORD_CHANNEL, "new", &new(PUBLIC)).await;
    let stored = db
        .store
        .deal_by_number(&discord_workspace(GUILD), 1)
        .await
        .expect("read")
        .expect("stored");
    assert_eq!(
        (stored.channel.as_deref(), stored.private_channel),
        (Some(HIDDEN), true)
    );

    let all = [("status", json!("all"))];
    let listed = ok(&app, OTHER, DISCORD_CHANNEL, "list", &all).await;
    assert!(
        listed.contains(PUBLIC) && !listed.contains(SECRET),
        "{listed}"
    );
    assert!(listed.contains("1 private deal not shown here"), "{listed}");
    for (subcommand, reference) in [("show", "D-1"), ("history", "D-1"), ("show", "secret")] {
        let (shown, refused) =
            seen(&app, OTHER, DISCORD_CHANNEL, subcommand, &deal(reference)).await;
        assert!(
            refused && shown.contains("There is no deal"),
            "{subcommand}: {shown}"
        );
        assert!(
            !shown.contains(SECRET),
            "{subcommand} gives the name away: {shown}"
        );
    }

    // Typing its name suggests it only where it may be seen.
    let suggested = |channel: &'static str| {
        let app = &app;
        async move {
            let typing = autocomplete(GUILD, OTHER, "show", &[], ("deal", "secret"));
            let answer = app.send(&in_channel(typing, channel)).await;
            assert_eq!(answer.status, 200, "{:?}", answer.json);
            answer.json["data"]["choices"].to_string()
        }
    };
    let choices = suggested(DISCORD_CHANNEL).await;
    assert!(!choices.contains(SECRET), "{choices}");
    let choices = suggested(HIDDEN).await;
    assert!(choices.contains(SECRET), "{choices}");

    let listed = ok(&app, OTHER, HIDDEN, "list", &all).await;
    assert!(
        listed.contains(PUBLIC) && listed.contains(SECRET),
        "{listed}"
    );
    assert!(ok(&app, OTHER, HIDDEN, "show", &deal("D-1"))
        .await
        .contains(SECRET));
    assert!(ok(&app, OTHER, HIDDEN, "history", &deal("D-1"))
        .await
        .contains(SECRET));
    assert!(ok(&app, OWNER, DISCORD_CHANNEL, "show", &deal("D-1"))
        .await
        .contains(SECRET));

    ok(&app, OTHER, DISCORD_CHANNEL, "digest", &[]).await;
    ok(&app, OTHER, HIDDEN, "digest", &[]).await;
    app.served.catch_up_paced().await;
    let team = digests_in(&app, DISCORD_CHANNEL);
    assert_team_digest_counts_the_secret(&team);
    let hidden = digests_in(&app, HIDDEN);
    assert_eq!(hidden.len(), 1, "{hidden:?}");
    assert!(hidden[0].contains(SECRET), "{}", hidden[0]);

    // Each channel was looked up once, and every answer fit Discord's spec.
    let lookups: Vec<(String, u16)> = app
        .fake
        .calls()
        .into_iter()
        .filter(|call| call.method == "GET" && call.path.starts_with("/api/v10/channels/"))
        .map(|call| (call.path, call.status))
        .collect();
    assert_eq!(
        lookups,
        [
            (format!("/api/v10/channels/{HIDDEN}"), 200),
            (format!("/api/v10/channels/{DISCORD_CHANNEL}"), 200),
        ]
    );
}

on_both_backends!(a_channel_discord_will_not_describe_counts_as_private);
async fn a_channel_discord_will_not_describe_counts_as_private(db: &TestDb) {
    let app = DiscordApp::spawn_quiet(&db.store).await;
    let unknown = "555000000000000079";
    ok(&app, OWNER, unknown, "new", &[("name", json!(SECRET))]).await;
    let (shown, refused) = seen(&app, OTHER, DISCORD_CHANNEL, "show", &deal("D-1")).await;
    assert!(refused && !shown.contains(SECRET), "{shown}");
    assert!(ok(&app, OWNER, DISCORD_CHANNEL, "show", &deal("D-1"))
        .await
        .contains(SECRET));
}
