//! Noise control, through the app `dealbot run` builds, against both fakes:
//! each channel's `notify` mode posts exactly the changes it says (the person
//! acting always gets their own answer, privately); one person's quick changes
//! to one deal are one post updated in place (`chat.update`, a Discord message
//! edit), also through a 429; an import posts one summary; and changes other
//! than a new deal, a stage move or `show` answer in one line with a "Show
//! card" button.

use chrono::Duration;
use dealbot::core::reply::{Reply, Visibility};
use dealbot::transfer::{import_deals, ImportOptions};
use dealbot_tests::fake_discord::Failure;
use dealbot_tests::fake_slack::{Fault, Member};
use dealbot_tests::json_text::text_of;
use dealbot_tests::{
    discord_workspace, monday_9am, on_both_backends, shipped_settings, slack_workspace,
    FakedPlatforms, TestDb,
};

const TEAM: &str = "T1";
const ADMIN: &str = "U0ALEX";
const REP: &str = "U0SAM";
const GUILD: &str = "800000000000000001";
const DISCORD_REP: &str = "700000000000000001";

/// The four modes, each with the Slack and the Discord channel set to it.
const MODES: [(&str, &str, &str); 4] = [
    ("all", "C-ALL", "555000000000000011"),
    ("stages", "C-STAGES", "555000000000000012"),
    ("wins", "C-WINS", "555000000000000013"),
    ("digest-only", "C-QUIET", "555000000000000014"),
];

async fn faked(db: &TestDb, batch_window_seconds: u64) -> FakedPlatforms {
    let mut settings = shipped_settings();
    settings.nags.enabled = false;
    settings.volume.batch_window_seconds = batch_window_seconds;
    let discord_channels: Vec<&str> = MODES.iter().map(|(_, _, channel)| *channel).collect();
    let faked = FakedPlatforms::start(&db.store, settings, monday_9am(), &discord_channels).await;
    for (_, channel, _) in MODES {
        faked.slack.join(channel);
    }
    faked.slack.add_user(ADMIN, Member::Admin);
    faked.slack.add_user(REP, Member::Person);
    faked
}

/// The text of each message in a Slack channel, as it reads now.
fn slack_texts(faked: &FakedPlatforms, channel: &str) -> Vec<String> {
    faked
        .slack
        .messages_in(channel)
        .iter()
        .map(|message| text_of(&message.body))
        .collect()
}

/// The text of each message in a Discord channel, as it reads now.
fn discord_texts(faked: &FakedPlatforms, channel: &str) -> Vec<String> {
    faked
        .discord
        .current_messages_in(channel)
        .iter()
        .map(|message| text_of(&message.body))
        .collect()
}

/// `text` typed in the first mode's channels: by ADMIN on Slack, by
/// DISCORD_REP on Discord; refused on either fails the test.
async fn typed_on_both_platforms(faked: &FakedPlatforms, text: &str) {
    let (_, slack_channel, discord_channel) = MODES[0];
    faked
        .ok("slack", &slack_workspace(TEAM), ADMIN, slack_channel, text)
        .await;
    faked
        .ok(
            "discord",
            &discord_workspace(GUILD),
            DISCORD_REP,
            discord_channel,
            text,
        )
        .await;
}

/// `text` typed by `user` in the first mode's Slack channel, then a few
/// outbox rounds so what it posts is delivered.
async fn typed_in_slack_and_delivered(faked: &FakedPlatforms, user: &str, text: &str) {
    let (_, slack_channel, _) = MODES[0];
    faked
        .ok("slack", &slack_workspace(TEAM), user, slack_channel, text)
        .await;
    faked.rounds(3, Duration::seconds(2)).await;
}

fn assert_private_answer(reply: &Reply, text: &str) {
    assert_eq!(
        reply.visibility,
        Visibility::Private,
        "`{text}`: the person acting gets their answer to themselves: {reply:?}"
    );
}

/// The same changes in four channels, one per mode: a new deal, a rename, a
/// next step, a stage move and a win. What each channel was posted is
/// exactly what its mode says.
async fn each_notify_mode_posts_exactly_what_it_says(db: &TestDb) {
    let faked = faked(db, 0).await;
    let slack = slack_workspace(TEAM);
    let discord = discord_workspace(GUILD);
    for (number, (mode, slack_channel, discord_channel)) in MODES.iter().enumerate() {
        let set = faked
            .ok(
                "slack",
                &slack,
                ADMIN,
                slack_channel,
                &format!("notify {mode}"),
            )
            .await;
        assert!(
            set.lines.iter().any(|line| line.plain().contains(mode)),
            "{set:?}"
        );
        faked
            .ok(
                "discord",
                &discord,
                DISCORD_REP,
                discord_channel,
                &format!("notify {mode}"),
            )
            .await;
        let id = format!("D-{}", number + 1);
        let name = format!("Deal{}", number + 1);
        for (platform, workspace, user, channel) in [
            ("slack", &slack, ADMIN, *slack_channel),
            ("discord", &discord, DISCORD_REP, *discord_channel),
        ] {
            for text in [
                format!("new {name} 5k"),
                format!("rename {id} \"{name} Renamed\""),
                format!("next {id} \"send the proposal\" fri"),
                format!("stage {id} qualifying"),
                format!("won {id} signed"),
            ] {
                let reply = faked.ok(platform, workspace, user, channel, &text).await;
                assert_private_answer(&reply, &text);
            }
        }
        let shown = faked
            .ok("slack", &slack, ADMIN, slack_channel, "notify")
            .await;
        assert!(
            shown.lines[0].plain().contains(mode),
            "`notify` shows the mode: {shown:?}"
        );
    }
    faked.rounds(30, Duration::seconds(2)).await;

    for (mode, slack_channel, discord_channel) in MODES {
        for (platform, posts) in [
            ("Slack", slack_texts(&faked, slack_channel)),
            ("Discord", discord_texts(&faked, discord_channel)),
        ] {
            // The announcements' own words (a card's history says "moved it").
            let count = |said: &str| posts.iter().filter(|post| post.contains(said)).count();
            let (opened, renamed) = (count("> opened `"), count("> renamed `"));
            let (moved, won) = (count("> moved *"), count("> won *"));
            let expected = match mode {
                "all" => (1, 1, 1, 1),
                "stages" => (0, 0, 1, 1),
                "wins" => (0, 0, 0, 1),
                _ => (0, 0, 0, 0),
            };
            assert_eq!(
                (opened, renamed, moved, won),
                expected,
                "{platform} channel set to {mode} was posted: {posts:#?}"
            );
            assert_eq!(
                posts.len(),
                expected.0 + expected.1 + expected.2 + expected.3,
                "nothing else ({platform}, {mode}): {posts:#?}"
            );
            assert!(
                !posts.iter().any(|post| post.contains("Next step for")),
                "a next step never posts to the channel"
            );
        }
    }

    // digest-only: the digest itself still posts.
    faked.ok("slack", &slack, ADMIN, "C-QUIET", "digest").await;
    faked.rounds(5, Duration::seconds(2)).await;
    let quiet = slack_texts(&faked, "C-QUIET");
    assert_eq!(quiet.len(), 1, "{quiet:#?}");
    assert!(quiet[0].contains("Pipeline digest"), "{}", quiet[0]);
}

/// Only admins choose what posts to a channel; an unknown mode is refused
/// privately with the accepted ones; neither changes the mode.
async fn notify_is_for_admins_and_bad_modes_are_refused(db: &TestDb) {
    let faked = faked(db, 0).await;
    let slack = slack_workspace(TEAM);
    let refused = faked
        .command("slack", &slack, ADMIN, "C-ALL", "notify loud")
        .await;
    assert_eq!(refused.tone, dealbot::core::reply::Tone::Error);
    assert_eq!(refused.visibility, Visibility::Private);
    let text: String = refused.lines.iter().map(|line| line.plain()).collect();
    assert!(
        text.contains("\"loud\" is not a notify mode")
            && text.contains("`all`, `stages`, `wins`, `digest-only`"),
        "{text}"
    );

    let refused = faked
        .command_as(
            "slack",
            &slack,
            REP,
            "C-ALL",
            "notify wins",
            dealbot_tests::session::plain_member(),
        )
        .await;
    assert_eq!(refused.tone, dealbot::core::reply::Tone::Error);
    let text: String = refused.lines.iter().map(|line| line.plain()).collect();
    assert!(
        text.contains("Only admins may change what posts to this channel"),
        "{text}"
    );
    assert_eq!(
        db.store
            .channel_notify_mode(&slack, "C-ALL")
            .await
            .expect("mode"),
        None,
        "nothing was changed"
    );
}

/// A deal opened and moved four times in two minutes by one person: one post,
/// updated in place four times, showing every change and the deal as it is
/// now; a 429 on an update only delays it. Another person's change, and one
/// after the window, are posts of their own.
async fn five_quick_edits_are_one_post_updated_in_place(db: &TestDb) {
    let faked = faked(db, 120).await;
    let slack = slack_workspace(TEAM);
    let (_, slack_channel, discord_channel) = MODES[0];
    let edits = [
        "new Acme 5k",
        "stage D-1 qualifying",
        "stage D-1 presenting",
        "stage D-1 closing",
        "won D-1 signed",
    ];
    for (index, text) in edits.iter().enumerate() {
        typed_on_both_platforms(&faked, text).await;
        if index == 2 {
            // The next update meets a 429 first, on each platform.
            faked
                .slack
                .fail_next(1, Fault::RateLimited { retry_after: 1 });
            faked.discord.fail_next(
                1,
                Failure::RateLimited {
                    retry_after: 0.5,
                    global: false,
                },
            );
        }
        faked.rounds(3, Duration::seconds(2)).await;
        faked.advance(Duration::seconds(15));
    }
    faked.rounds(5, Duration::seconds(2)).await;

    let posts = faked.slack.calls_to("chat.postMessage");
    assert_eq!(posts.len(), 1, "one post on Slack: {posts:#?}");
    let updates: Vec<_> = faked
        .slack
        .calls_to("chat.update")
        .into_iter()
        .filter(|call| call.answer == "ok")
        .collect();
    assert_eq!(updates.len(), 4, "updated four times: {updates:#?}");
    assert!(
        faked
            .slack
            .calls_to("chat.update")
            .iter()
            .any(|call| call.answer == "429"),
        "an update met the 429 and was sent again"
    );
    let messages = faked.slack.messages_in(slack_channel);
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0].updates, 4);
    for update in &updates {
        assert_eq!(
            update.body["ts"],
            messages[0].ts.as_str(),
            "the same message"
        );
    }
    let shown = text_of(&messages[0].body);
    for said in [
        "> opened `",
        "→ *Qualifying*",
        "→ *Presenting*",
        "→ *Closing*",
        "> won *",
    ] {
        assert!(shown.contains(said), "the post shows {said:?}: {shown}");
    }

    let discord_posts: Vec<_> = faked
        .discord
        .calls()
        .into_iter()
        .filter(|call| {
            call.method == "POST" && call.path.ends_with(&format!("{discord_channel}/messages"))
        })
        .filter(|call| call.status == 200)
        .collect();
    assert_eq!(discord_posts.len(), 1, "one post on Discord");
    let discord_edits: Vec<_> = faked
        .discord
        .calls()
        .into_iter()
        .filter(|call| call.method == "PATCH" && call.status == 200)
        .collect();
    assert_eq!(discord_edits.len(), 4, "edited four times");
    assert!(
        faked
            .discord
            .calls()
            .iter()
            .any(|call| call.method == "PATCH" && call.status == 429),
        "an edit met the 429 and was sent again"
    );
    let messages = faked.discord.current_messages_in(discord_channel);
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0].edits, 4);
    assert!(discord_edits.iter().all(|call| call
        .path
        .ends_with(&format!("/messages/{}", messages[0].id))));
    let shown = text_of(&messages[0].body);
    for said in [
        "> opened `",
        "→ **Qualifying**",
        "→ **Presenting**",
        "→ **Closing**",
        "> won **",
    ] {
        assert!(
            shown.contains(said),
            "the Discord post shows {said:?}: {shown}"
        );
    }

    // Someone else's change within the window: a post of its own.
    faked
        .ok("slack", &slack, REP, slack_channel, "new Globex 2k")
        .await;
    typed_in_slack_and_delivered(&faked, ADMIN, "rename D-2 \"Globex Corp\"").await;
    assert_eq!(faked.slack.messages_in(slack_channel).len(), 3);

    // After the window, the first person's next change is a new post too.
    faked.advance(Duration::minutes(3));
    typed_in_slack_and_delivered(&faked, ADMIN, "rename D-1 \"Acme Corp\"").await;
    let messages = faked.slack.messages_in(slack_channel);
    assert_eq!(messages.len(), 4, "{messages:#?}");
    assert_eq!(messages[0].updates, 4, "the old post is left as it was");
}

/// An import of three deals posts one summary to each channel whose mode
/// admits stage moves, and nothing to one set to wins only.
async fn an_import_posts_one_summary(db: &TestDb) {
    let faked = faked(db, 120).await;
    let slack = slack_workspace(TEAM);
    faked
        .ok("slack", &slack, ADMIN, "C-ALL", "notify all")
        .await;
    faked
        .ok("slack", &slack, ADMIN, "C-STAGES", "notify stages")
        .await;
    faked
        .ok("slack", &slack, ADMIN, "C-WINS", "notify wins")
        .await;
    let csv = "Deal Name,Amount,Deal Stage\nAcme,5k,Qualifying\nGlobex,7k,Presenting\nInitech,1k,Prospecting\n";
    let options = ImportOptions {
        workspace: slack.clone(),
        actor: ADMIN.to_string(),
        source: "deals.csv".to_string(),
        now: faked.now(),
    };
    let report = import_deals(faked.app.core(), csv.as_bytes(), &options)
        .await
        .expect("the import");
    assert_eq!(report.created, 3);
    faked.rounds(5, Duration::seconds(2)).await;
    for channel in ["C-ALL", "C-STAGES"] {
        let posts = slack_texts(&faked, channel);
        assert_eq!(posts.len(), 1, "one summary in {channel}: {posts:#?}");
        assert!(
            posts[0].contains("imported") && posts[0].contains("3 new deals"),
            "{}",
            posts[0]
        );
    }
    assert!(slack_texts(&faked, "C-WINS").is_empty());
    assert_eq!(
        faked.slack.calls_to("chat.postMessage").len(),
        2,
        "one post per channel, none per deal"
    );

    // The same into a Discord server, whose channel has a digest schedule.
    let discord = discord_workspace(GUILD);
    let (_, _, discord_channel) = MODES[1];
    faked
        .ok(
            "discord",
            &discord,
            DISCORD_REP,
            discord_channel,
            "subscribe \"0 9 * * 1-5\" UTC",
        )
        .await;
    let options = ImportOptions {
        workspace: discord.clone(),
        actor: DISCORD_REP.to_string(),
        ..options
    };
    import_deals(faked.app.core(), csv.as_bytes(), &options)
        .await
        .expect("the import");
    faked.rounds(5, Duration::seconds(2)).await;
    let posts = discord_texts(&faked, discord_channel);
    assert_eq!(posts.len(), 1, "one summary: {posts:#?}");
    assert!(posts[0].contains("3 new deals"), "{}", posts[0]);
}

/// `new`, `show` and a stage move carry the card; other changes answer in one
/// line with a "Show card" button that runs `show`.
async fn changes_other_than_moves_answer_in_one_line(db: &TestDb) {
    let faked = faked(db, 120).await;
    let slack = slack_workspace(TEAM);
    for (text, card) in [
        ("new Acme 5k", true),
        ("show D-1", true),
        ("stage D-1 qualifying", true),
        ("next D-1 \"send the proposal\" fri", false),
        ("done D-1", false),
        ("next D-1 \"call back\" tomorrow", false),
        ("snooze D-1 2d", false),
        ("amount D-1 7k", false),
        ("note D-1 \"budget confirmed\"", false),
        ("close-date D-1 2026-12-31", false),
    ] {
        let reply = faked.ok("slack", &slack, ADMIN, "C-ALL", text).await;
        if card {
            assert!(
                reply.fields.iter().any(|field| field.label == "Stage"),
                "`{text}` shows the card: {reply:?}"
            );
        } else {
            assert!(
                reply.fields.is_empty() && reply.title.is_none(),
                "`{text}`: {reply:?}"
            );
            assert_eq!(
                reply.lines.len(),
                1,
                "`{text}` answers in one line: {reply:?}"
            );
            assert_eq!(reply.buttons.len(), 1, "{reply:?}");
            assert_eq!(reply.buttons[0].label, "Show card");
            assert_eq!(reply.buttons[0].command, "show D-1");
            let shell =
                dealbot::adapters::shell::render(&reply, dealbot::adapters::shell::Colour::Off);
            assert!(
                shell.contains("`/deal show D-1`"),
                "the shell's hint: {shell}"
            );
        }
    }
}

on_both_backends!(each_notify_mode_posts_exactly_what_it_says);
on_both_backends!(notify_is_for_admins_and_bad_modes_are_refused);
on_both_backends!(five_quick_edits_are_one_post_updated_in_place);
on_both_backends!(an_import_posts_one_summary);
on_both_backends!(changes_other_than_moves_answer_in_one_line);

/// A post someone deleted meanwhile is not lost: the next change of the batch
/// is posted anew (the platform answered the edit with its own "no such
/// message"), and the change after that edits the new post.
async fn an_edit_of_a_deleted_post_posts_anew(db: &TestDb) {
    let faked = faked(db, 120).await;
    let (_, slack_channel, discord_channel) = MODES[0];
    typed_on_both_platforms(&faked, "new Acme 5k").await;
    faked.rounds(3, Duration::seconds(2)).await;
    let first = faked.slack.messages_in(slack_channel)[0].ts.clone();
    faked.slack.delete_message(slack_channel, &first);
    let first = faked.discord.current_messages_in(discord_channel)[0]
        .id
        .clone();
    faked.discord.delete_message(discord_channel, &first);
    for text in ["stage D-1 qualifying", "stage D-1 presenting"] {
        typed_on_both_platforms(&faked, text).await;
        faked.rounds(3, Duration::seconds(2)).await;
    }
    let updates = faked.slack.calls_to("chat.update");
    assert_eq!(
        updates
            .iter()
            .map(|call| call.answer.as_str())
            .collect::<Vec<_>>(),
        ["message_not_found", "ok"],
        "{updates:#?}"
    );
    let messages = faked.slack.messages_in(slack_channel);
    assert_eq!(messages.len(), 1, "{messages:#?}");
    assert_eq!(messages[0].updates, 1);
    assert!(text_of(&messages[0].body).contains("→ *Presenting*"));
    let edits: Vec<u16> = faked
        .discord
        .calls()
        .iter()
        .filter(|call| call.method == "PATCH")
        .map(|call| call.status)
        .collect();
    assert_eq!(edits, [404, 200]);
    let messages = faked.discord.current_messages_in(discord_channel);
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0].edits, 1);
    assert!(text_of(&messages[0].body).contains("→ **Presenting**"));
}

on_both_backends!(an_edit_of_a_deleted_post_posts_anew);

/// The fakes edit messages as the platforms do: only with the bot's token,
/// only messages that exist there (else the platform's own error), and only
/// bodies the platform accepts.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_fakes_edit_messages_as_the_platforms_do() {
    use dealbot_tests::discord_app::DISCORD_TOKEN;
    use dealbot_tests::fake_discord::FakeDiscord;
    use dealbot_tests::fake_slack::{FakeSlack, BOT_TOKEN};
    use serde_json::{json, Value};

    let client = reqwest::Client::new();
    let slack = FakeSlack::start().await;
    let call = |method: &'static str, token: &'static str, body: Value| {
        let request = client
            .post(format!("{}{method}", slack.api_url()))
            .bearer_auth(token)
            .header("Content-Type", "application/json")
            .body(body.to_string());
        async move {
            let text = request
                .send()
                .await
                .expect("answered")
                .text()
                .await
                .expect("a body");
            serde_json::from_str::<Value>(&text).expect("JSON")
        }
    };
    let posted = call(
        "chat.postMessage",
        BOT_TOKEN,
        json!({"channel": "C-PIPELINE", "text": "hello"}),
    )
    .await;
    let ts = posted["ts"].as_str().expect("a ts").to_string();
    let update = |token: &'static str, ts: &str, text: &str| {
        call(
            "chat.update",
            token,
            json!({"channel": "C-PIPELINE", "ts": ts, "text": text}),
        )
    };
    assert_eq!(
        update("xoxb-wrong", &ts, "x").await["error"],
        "invalid_auth"
    );
    assert_eq!(
        update(BOT_TOKEN, "1700000000.999999", "x").await["error"],
        "message_not_found"
    );
    assert_eq!(
        update(BOT_TOKEN, &ts, &"x".repeat(40_001)).await["error"],
        "msg_too_long"
    );
    slack.fail_next(1, Fault::ServerError);
    let failed = client
        .post(format!("{}chat.update", slack.api_url()))
        .bearer_auth(BOT_TOKEN)
        .header("Content-Type", "application/json")
        .body(json!({"channel": "C-PIPELINE", "ts": ts, "text": "y"}).to_string())
        .send()
        .await
        .expect("answered");
    assert_eq!(failed.status(), 500);
    assert_eq!(update(BOT_TOKEN, &ts, "hello again").await["ok"], true);
    let messages = slack.messages_in("C-PIPELINE");
    assert_eq!((messages.len(), messages[0].updates), (1, 1));
    assert_eq!(messages[0].body["text"], "hello again");

    let channel = "555000000000000001";
    let discord = FakeDiscord::start(DISCORD_TOKEN, &[channel]).await;
    let send = |method: reqwest::Method, path: String, token: &str, body: Value| {
        client
            .request(method, format!("{}{path}", discord.api_url))
            .header("Authorization", format!("Bot {token}"))
            .header("Content-Type", "application/json")
            .body(body.to_string())
            .send()
    };
    let posted = send(
        reqwest::Method::POST,
        format!("/channels/{channel}/messages"),
        DISCORD_TOKEN,
        json!({"content": "hello", "allowed_mentions": {"parse": []}}),
    )
    .await
    .expect("answered")
    .text()
    .await
    .expect("a body");
    let posted: Value = serde_json::from_str(&posted).expect("JSON");
    let id = posted["id"].as_str().expect("an id").to_string();
    let edit = |path: String, token: &'static str, body: Value| {
        send(reqwest::Method::PATCH, path, token, body)
    };
    let path = format!("/channels/{channel}/messages/{id}");
    let wrong = edit(
        path.clone(),
        "wrong",
        json!({"content": "x", "allowed_mentions": {"parse": []}}),
    )
    .await
    .expect("answered");
    assert_eq!(wrong.status(), 401);
    let unknown = edit(
        format!("/channels/{channel}/messages/1000000000000009999"),
        DISCORD_TOKEN,
        json!({"content": "x", "allowed_mentions": {"parse": []}}),
    )
    .await
    .expect("answered");
    assert_eq!(unknown.status(), 404);
    let unknown: Value =
        serde_json::from_str(&unknown.text().await.expect("a body")).expect("JSON");
    assert_eq!(unknown["code"], 10008);
    let bad = edit(
        path.clone(),
        DISCORD_TOKEN,
        json!({"content": 42, "allowed_mentions": {"parse": []}}),
    )
    .await
    .expect("answered");
    assert_eq!(bad.status(), 400, "the spec's schema holds edits too");
    let bad: Value = serde_json::from_str(&bad.text().await.expect("a body")).expect("JSON");
    assert_eq!(bad["code"], 50035);
    let long = edit(
        path.clone(),
        DISCORD_TOKEN,
        json!({"content": "x".repeat(2001), "allowed_mentions": {"parse": []}}),
    )
    .await
    .expect("answered");
    assert_eq!(long.status(), 400, "2000 characters at most");
    discord.fail_next(
        1,
        Failure::RateLimited {
            retry_after: 0.25,
            global: false,
        },
    );
    let limited = edit(
        path.clone(),
        DISCORD_TOKEN,
        json!({"content": "y", "allowed_mentions": {"parse": []}}),
    )
    .await
    .expect("answered");
    assert_eq!(limited.status(), 429);
    let ok = edit(
        path,
        DISCORD_TOKEN,
        json!({"content": "hello again", "allowed_mentions": {"parse": []}}),
    )
    .await
    .expect("answered");
    assert_eq!(ok.status(), 200);
    let messages = discord.current_messages_in(channel);
    assert_eq!((messages.len(), messages[0].edits), (1, 1));
    assert_eq!(messages[0].body["content"], "hello again");
}

/// `dealbot check-config` refuses a batch window longer than an hour, naming
/// the key, and accepts the shipped one.
#[test]
fn check_config_refuses_a_batch_window_over_an_hour() {
    let output = crate::binary::check_config(
        r#"
[volume]
batch_window_seconds = 7200
"#,
    );
    assert!(!output.status.success());
    let text = String::from_utf8_lossy(&output.stderr);
    assert!(
        text.contains("volume.batch_window_seconds") && text.contains("more than an hour"),
        "{text}"
    );
    let output = crate::binary::check_config("[volume]\nbatch_window_seconds = 0\n");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
