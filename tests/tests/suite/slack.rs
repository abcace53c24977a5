//! Slack, end to end: signed requests over HTTP to the whole bot, Slack's Web
//! API faked (tests/src/fake_slack.rs), real SQLite and PostgreSQL underneath.

use dealbot_storage::HistoryAction;
use std::time::Duration;

use chrono::{Days, Utc};
use dealbot::adapters::slack::{self, problem_reply, SlackSender, WebApi};
use dealbot::core::reply::{Line, Reply, Tone, Visibility};
use dealbot::outbox::{DeliveryError, Destination, Outgoing, Sender};
use dealbot_tests::fake_slack::{check_message, FakeSlack, Fault, Member, BOT_TOKEN};
use dealbot_tests::scenario::new_stage_next_done;
use dealbot_tests::slack_bot::{
    actions_of, http_client, now, post_form, sign, text_of, SlackBot, SlackDriver, CHANNEL,
    SIGNING_SECRET,
};
use dealbot_tests::{on_both_backends, slack_workspace, TestDb};
use serde_json::{json, Value};

const TEAM: &str = "T0ACME";
const REP1: &str = "U0REP1";
const REP2: &str = "U0REP2";

/// Must show: signed `/deal new` → `stage` → `next` → a Done click, ending in the
/// card replaced in the channel through the `response_url` the fake serves.
async fn from_slash_command_to_done_click(db: &TestDb) {
    let bot = SlackBot::start(&db.store).await;
    let driver = SlackDriver {
        bot: &bot,
        team: TEAM.to_string(),
    };
    let done = new_stage_next_done(&driver, REP1, REP2).await;

    let announcements: Vec<Value> = bot
        .fake
        .calls_to("response_url")
        .into_iter()
        .filter(|call| call.body["replace_original"] == true)
        .map(|call| call.body)
        .collect();
    assert_eq!(announcements.len(), 1, "one card replaced, once");
    assert_eq!(announcements[0]["response_type"], "in_channel");
    assert!(text_of(&announcements[0]).contains("Done: send the proposal"));
    assert_eq!(done.raw, announcements[0]);

    let deal = bot
        .store
        .deal_by_number(&slack_workspace(TEAM), 1)
        .await
        .expect("read")
        .expect("D-1 stored");
    assert_eq!(deal.stage, "Presenting");
    assert_eq!(deal.next_step, None, "the click really finished the step");
    let history = bot
        .store
        .history(&slack_workspace(TEAM), 1, None)
        .await
        .expect("history");
    let dones: Vec<_> = history
        .iter()
        .filter(|entry| entry.action == HistoryAction::Done)
        .collect();
    assert_eq!(dones.len(), 1, "two clicks, one change");
    assert_eq!(dones[0].actor, REP2, "done as the person who clicked");
}
on_both_backends!(from_slash_command_to_done_click);

/// The stage menu and both snooze buttons change the deal for real.
async fn every_button_changes_the_deal(db: &TestDb) {
    let bot = SlackBot::start(&db.store).await;
    bot.ok(TEAM, REP1, "new Globex 10k").await;
    bot.ok(TEAM, REP1, "next D-1 \"call the CFO\" in 30 days")
        .await;
    // A next step is answered in one line: the card with its buttons is `show`.
    let card = bot.ok(TEAM, REP1, "show D-1").await;
    let due = |deal: dealbot_storage::Deal| deal.next_step_due.expect("a due date");
    let read = || async {
        bot.store
            .deal_by_number(&slack_workspace(TEAM), 1)
            .await
            .expect("read")
            .expect("D-1")
    };
    let first_due = due(read().await);

    let (hook, status) = bot.click(TEAM, REP1, &card, "Snooze 1 day").await;
    assert_eq!(status, 200);
    let snoozed = &bot.fake.responses(&hook)[0];
    assert_eq!(snoozed["replace_original"], true);
    assert_eq!(due(read().await), first_due + Days::new(1));

    let (hook, _) = bot.click(TEAM, REP1, snoozed, "Snooze 1 week").await;
    let snoozed = &bot.fake.responses(&hook)[0];
    assert_eq!(snoozed["replace_original"], true);
    assert_eq!(due(read().await), first_due + Days::new(8));

    // A stage move made on a private card replaces that card with the moved
    // one, and is announced to the channel by the bot's own post.
    assert_eq!(snoozed["response_type"], "ephemeral");
    let (hook, _) = bot.click(TEAM, REP1, snoozed, "Building Rapport").await;
    let answers = bot.fake.responses(&hook);
    assert_eq!(answers.len(), 1, "{answers:?}");
    let moved = &answers[0];
    assert_eq!(moved["response_type"], "ephemeral");
    assert_eq!(moved["replace_original"], true);
    assert!(
        text_of(moved).contains("Prospecting → *Building Rapport*"),
        "{}",
        text_of(moved)
    );
    bot.served.catch_up_paced().await;
    let posted = bot.fake.messages_in(CHANNEL);
    let announced = text_of(&posted.last().expect("a post").body);
    assert!(
        announced.contains(&format!("<@{REP1}> moved *Globex*"))
            && announced.contains("Prospecting → *Building Rapport*"),
        "{announced}"
    );
    assert_eq!(read().await.stage, "Building Rapport");
    assert!(
        !actions_of(moved).contains(&"Building Rapport".to_string()),
        "the menu offers only other stages"
    );
    // The same choice delivered again changes nothing and leaves the card alone.
    let (hook, _) = bot.click(TEAM, REP1, snoozed, "Building Rapport").await;
    let again = &bot.fake.responses(&hook)[0];
    assert_eq!(again["replace_original"], false);
    assert_eq!(again["response_type"], "ephemeral");
    assert!(
        text_of(again).contains("is already in"),
        "{}",
        text_of(again)
    );
    let moves = bot
        .store
        .history(&slack_workspace(TEAM), 1, None)
        .await
        .expect("history")
        .into_iter()
        .filter(|entry| entry.action == HistoryAction::Stage)
        .count();
    assert_eq!(moves, 1, "one move recorded");

    let (hook, _) = bot.click(TEAM, REP1, moved, "Done").await;
    assert_eq!(bot.fake.responses(&hook)[0]["replace_original"], true);
    assert_eq!(read().await.next_step, None);
}
on_both_backends!(every_button_changes_the_deal);

/// Every subcommand answers over Slack with a message Slack accepts, to the
/// person who typed it: the changes the team hears of are posted to the
/// channel by the bot itself, through the outbox.
async fn every_subcommand_answers(db: &TestDb) {
    let bot = SlackBot::start(&db.store).await;
    // REP1 goes on acting on D-1 after handing it to REP2: an admin may.
    bot.fake.add_user(REP1, Member::Admin);
    bot.fake.add_user(REP2, Member::Person);
    let rep2 = format!("<@{REP2}>");
    let steps: Vec<(String, Visibility)> = vec![
        ("help".into(), Visibility::Private),
        ("help stage".into(), Visibility::Private),
        ("new \"Acme Corp\" 50k".into(), Visibility::Private),
        (format!("new Globex $1.2M {rep2}"), Visibility::Private),
        ("show acme".into(), Visibility::Private),
        ("list".into(), Visibility::Private),
        ("list mine".into(), Visibility::Private),
        (format!("list {rep2}"), Visibility::Private),
        (
            "stage acme qualifying \"budget confirmed\"".into(),
            Visibility::Private,
        ),
        (
            "next D-1 \"send the proposal\" fri".into(),
            Visibility::Private,
        ),
        ("snooze D-1 1w".into(), Visibility::Private),
        ("done D-1".into(), Visibility::Private),
        (format!("owner D-1 {rep2}"), Visibility::Private),
        ("amount D-1 75k".into(), Visibility::Private),
        ("close-date D-1 2026-12-31".into(), Visibility::Private),
        ("note D-1 \"met the board\"".into(), Visibility::Private),
        ("history D-1".into(), Visibility::Private),
        ("tz Europe/Paris".into(), Visibility::Private),
        ("tz".into(), Visibility::Private),
        ("won D-1 \"signed\"".into(), Visibility::Private),
        (
            "lost D-2 \"went with a competitor\"".into(),
            Visibility::Private,
        ),
        ("list all".into(), Visibility::Private),
    ];
    for (text, visibility) in steps {
        let message = bot.ok(TEAM, REP1, &text).await;
        let expected = match visibility {
            Visibility::Public => "in_channel",
            Visibility::Private => "ephemeral",
        };
        assert_eq!(message["response_type"], expected, "`{text}`: {message}");
    }
    let won = bot
        .store
        .deal_by_number(&slack_workspace(TEAM), 1)
        .await
        .expect("read")
        .expect("D-1");
    assert_eq!(won.owner, REP2);
    assert_eq!(won.stage, "Won");

    // A mistake: private, says how to do it right, changes nothing.
    let answer = bot.command(TEAM, REP1, "stage D-2 nowhere").await;
    let message = answer.json();
    assert_eq!(message["response_type"], "ephemeral");
    assert!(
        text_of(&message).contains("is not a stage"),
        "{}",
        text_of(&message)
    );
    assert_eq!(
        bot.store
            .deal_by_number(&slack_workspace(TEAM), 2)
            .await
            .expect("read")
            .expect("D-2")
            .stage,
        "Lost"
    );
}
on_both_backends!(every_subcommand_answers);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mentions_in_user_text_ping_nobody() {
    let db = dealbot_tests::sqlite().await;
    let bot = SlackBot::start(&db.store).await;
    let opened = bot
        .ok(TEAM, REP1, "new \"<!channel> Acme <@U0BOSS> & <!here>\" 5k")
        .await;
    let noted = bot
        .ok(
            TEAM,
            REP1,
            "stage D-1 qualifying \"<!everyone> <https://evil.example|click>\"",
        )
        .await;
    for message in [&opened, &noted] {
        let raw = message.to_string();
        for markup in [
            "<!channel>",
            "<!here>",
            "<!everyone>",
            "<@U0BOSS>",
            "<https://evil",
        ] {
            assert!(
                !raw.contains(markup),
                "{markup} reached Slack unescaped: {raw}"
            );
        }
        assert!(
            raw.contains(&format!("<@{REP1}>")),
            "real mentions stay: {raw}"
        );
    }
    assert!(text_of(&opened).contains("&lt;!channel&gt; Acme &lt;@U0BOSS&gt; &amp; &lt;!here&gt;"));
    let deal = bot
        .store
        .deal_by_number(&slack_workspace(TEAM), 1)
        .await
        .expect("read")
        .expect("D-1");
    assert_eq!(
        deal.name, "<!channel> Acme <@U0BOSS> & <!here>",
        "stored as typed"
    );

    // Slack sends what people type with `&`, `<`, `>` escaped: read as typed,
    // shown escaped once (not `&amp;amp;`).
    let escaped = bot
        .ok(TEAM, REP1, "new \"AT&amp;T &lt;!here&gt;\" 5k")
        .await;
    let deal = bot
        .store
        .deal_by_number(&slack_workspace(TEAM), 2)
        .await
        .expect("read")
        .expect("D-2");
    assert_eq!(deal.name, "AT&T <!here>");
    assert!(
        text_of(&escaped).contains("AT&amp;T &lt;!here&gt;"),
        "{}",
        text_of(&escaped)
    );
    assert!(!escaped.to_string().contains("<!here>"));
    db.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_3000_character_note_stays_within_slacks_limits() {
    let db = dealbot_tests::sqlite().await;
    let bot = SlackBot::start(&db.store).await;
    bot.ok(TEAM, REP1, "new Umbrella 20k").await;
    // Escaping makes it longer still: every `<` becomes `&lt;`.
    let note: String = "budget <confirmed> & signed "
        .chars()
        .cycle()
        .take(3000)
        .collect();
    let moved = bot
        .ok(TEAM, REP1, &format!("stage D-1 qualifying \"{note}\""))
        .await;
    let shown = bot.ok(TEAM, REP1, "show D-1").await;
    let history = bot.ok(TEAM, REP1, "history D-1").await;
    for message in [&moved, &shown, &history] {
        check_message(message).expect("within limits");
        let text = text_of(message);
        assert!(text.contains('…'), "cut with an ellipsis: {text}");
        assert_well_escaped(&text);
    }
    let stored = bot
        .store
        .history(&slack_workspace(TEAM), 1, None)
        .await
        .expect("history");
    assert!(
        stored
            .iter()
            .any(|entry| entry.note.as_deref() == Some(note.as_str())),
        "the whole note is kept"
    );

    // The same card posted by the bot itself is accepted by the fake's checks too.
    let api = WebApi::new(
        slack::client(&bot.fake.api_url()).expect("client"),
        &BOT_TOKEN.to_string().into(),
    );
    let sender = SlackSender::new(std::sync::Arc::new(api));
    let reply = Reply::public()
        .line(Line::new().text(note.clone()))
        .title("x".repeat(300))
        .field("Note", note.as_str())
        .footer(Line::new().text(note.clone()));
    sender
        .send(&outgoing(Destination::Channel(CHANNEL.into()), reply))
        .await
        .expect("Slack accepts it");
    db.finish().await;
}

/// Someone in another Slack workspace can neither see nor change the deal, by
/// command or by clicking a copy of its buttons.
async fn another_team_cannot_see_the_deal(db: &TestDb) {
    let bot = SlackBot::start(&db.store).await;
    bot.ok(TEAM, REP1, "new \"Umbrella Holdings\" 50k").await;
    bot.ok(TEAM, REP1, "next D-1 \"send the proposal\" fri")
        .await;
    let card = bot.ok(TEAM, REP1, "show D-1").await;
    let before = bot
        .store
        .deal_by_number(&slack_workspace(TEAM), 1)
        .await
        .expect("read")
        .expect("D-1");

    let outsider_team = "T0OTHER";
    let outsider = "U0MALLORY";
    for attempt in ["show D-1", "show umbrella", "done D-1", "stage D-1 closing"] {
        let message = bot.command(outsider_team, outsider, attempt).await.json();
        assert_eq!(message["response_type"], "ephemeral", "`{attempt}`");
        assert!(
            !message.to_string().contains("Umbrella"),
            "`{attempt}` leaked: {message}"
        );
    }
    let (hook, status) = bot.click(outsider_team, outsider, &card, "Done").await;
    assert_eq!(status, 200);
    let answer = &bot.fake.responses(&hook)[0];
    assert_eq!(
        answer["replace_original"], false,
        "the card stays as it was"
    );
    assert_eq!(answer["response_type"], "ephemeral");
    assert!(!answer.to_string().contains("Umbrella"));

    let after = bot
        .store
        .deal_by_number(&slack_workspace(TEAM), 1)
        .await
        .expect("read")
        .expect("D-1");
    assert_eq!(before, after, "untouched");
}
on_both_backends!(another_team_cannot_see_the_deal);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn due_dates_are_read_in_the_users_slack_time_zone() {
    let db = dealbot_tests::sqlite().await;
    let bot = SlackBot::start(&db.store).await;
    let tokyo_rep = "U0TOKYO";
    bot.fake.set_timezone(tokyo_rep, "Asia/Tokyo");
    bot.ok(TEAM, tokyo_rep, "new Hooli 5k").await;
    let card = bot.ok(TEAM, tokyo_rep, "next D-1 \"call\" tomorrow").await;
    let tokyo = chrono_tz::Asia::Tokyo;
    let tomorrow = Utc::now().with_timezone(&tokyo).date_naive() + Days::new(1);
    let deal = bot
        .store
        .deal_by_number(&slack_workspace(TEAM), 1)
        .await
        .expect("read")
        .expect("D-1");
    assert_eq!(deal.next_step_due, Some(tomorrow), "Tokyo's tomorrow");
    assert!(
        card.to_string()
            .contains(&tomorrow.format("due %a %-d %b").to_string()),
        "every reader sees that day: {card}"
    );
    assert_eq!(
        bot.fake.calls_to("users.info").len(),
        1,
        "the zone is cached"
    );

    // Slack failing to say is no reason to fail the command: the default zone is used.
    bot.fake.fail_next(1, Fault::ServerError);
    bot.ok(TEAM, "U0NEWCOMER", "list mine").await;
    let last = bot.fake.calls_to("users.info").pop().expect("asked");
    assert_eq!(last.answer, "500");
    db.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_click_without_a_response_url_updates_the_message_with_chat_update() {
    let db = dealbot_tests::sqlite().await;
    let bot = SlackBot::start(&db.store).await;
    bot.ok(TEAM, REP1, "new Soylent 5k").await;
    bot.ok(TEAM, REP1, "next D-1 \"tasting\" in 30 days").await;
    bot.ok(TEAM, REP1, "stage D-1 qualifying").await;
    bot.served.catch_up_paced().await;
    // The channel's post of the deal (opened, then moved: one post updated),
    // whose card has a Done button now.
    let posted = bot.fake.messages_in(CHANNEL);
    assert_eq!(posted.len(), 1, "{posted:?}");
    let mut card = posted[0].body.clone();
    card["ts"] = json!(posted[0].ts);
    card["response_type"] = json!("in_channel");
    let earlier = bot.fake.calls_to("chat.update").len();
    let status = bot.click_with(TEAM, REP1, &card, "Done", None).await;
    assert_eq!(status, 200);
    let updates = bot.fake.calls_to("chat.update")[earlier..].to_vec();
    assert_eq!(updates.len(), 1, "{:?}", bot.fake.calls());
    assert_eq!(updates[0].answer, "ok");
    assert_eq!(updates[0].body["channel"], CHANNEL);
    assert_eq!(updates[0].body["ts"], posted[0].ts.as_str());
    assert!(text_of(&updates[0].body).contains("Done: tasting"));
    db.finish().await;
}

/// Every `&` starts a whole escape and every `<` a whole markup: nothing was cut
/// in the middle of one.
fn assert_well_escaped(text: &str) {
    for (index, _) in text.match_indices('&') {
        let rest = &text[index..];
        assert!(
            ["&amp;", "&lt;", "&gt;"]
                .iter()
                .any(|escape| rest.starts_with(escape)),
            "a broken escape at …{}",
            rest.chars().take(12).collect::<String>()
        );
    }
    for (index, _) in text.match_indices('<') {
        let rest = &text[index..];
        assert!(
            rest.contains('>'),
            "unclosed markup at …{}",
            rest.chars().take(20).collect::<String>()
        );
    }
}

fn outgoing(destination: Destination, reply: Reply) -> Outgoing {
    Outgoing {
        platform: "slack".into(),
        workspace: TEAM.into(),
        destination,
        reply,
        key: "k-1".into(),
    }
}

fn sender_for(fake: &FakeSlack, token: &str) -> SlackSender {
    let client = slack::client(&fake.api_url()).expect("client");
    SlackSender::new(std::sync::Arc::new(WebApi::new(
        client,
        &token.to_string().into(),
    )))
}

#[tokio::test]
async fn the_sender_posts_blocks_to_channels_and_dms() {
    let fake = FakeSlack::start().await;
    let sender = sender_for(&fake, BOT_TOKEN);
    let reply = Reply::public()
        .line(
            Line::new()
                .user(REP1)
                .text(" moved ")
                .strong("Acme <!channel>"),
        )
        .button("Done", "done D-1");
    let delivered = sender
        .send(&outgoing(
            Destination::Channel(CHANNEL.into()),
            reply.clone(),
        ))
        .await
        .expect("posted");
    assert!(delivered.message_id.is_some());
    let posts = fake.calls_to("chat.postMessage");
    assert_eq!(posts.len(), 1);
    assert_eq!(posts[0].body["channel"], CHANNEL);
    assert!(posts[0].body["text"]
        .as_str()
        .expect("fallback text")
        .contains("&lt;!channel&gt;"));
    assert_eq!(
        posts[0].body["blocks"][1]["elements"][0]["value"],
        "done D-1"
    );

    for _ in 0..2 {
        sender
            .send(&outgoing(
                Destination::DirectMessage(REP2.into()),
                reply.clone(),
            ))
            .await
            .expect("DM posted");
    }
    assert_eq!(
        fake.calls_to("conversations.open").len(),
        1,
        "the DM channel is cached"
    );
    let posts = fake.calls_to("chat.postMessage");
    assert_eq!(posts.len(), 3);
    assert_eq!(posts[2].body["channel"], format!("D{REP2}"));
}

#[tokio::test]
async fn the_sender_says_whether_to_wait_retry_or_give_up() {
    let fake = FakeSlack::start().await;
    let sender = sender_for(&fake, BOT_TOKEN);
    let message = outgoing(
        Destination::Channel(CHANNEL.into()),
        Reply::public().line("hello"),
    );

    fake.fail_next(1, Fault::RateLimited { retry_after: 7 });
    assert_eq!(
        sender.send(&message).await,
        Err(DeliveryError::RateLimited {
            retry_after: Duration::from_secs(7)
        })
    );
    fake.fail_next(1, Fault::ServerError);
    assert!(matches!(
        sender.send(&message).await,
        Err(DeliveryError::Transient(_))
    ));
    sender.send(&message).await.expect("then it goes through");
    assert_eq!(
        fake.calls_to("chat.postMessage")
            .iter()
            .map(|call| call.answer.as_str())
            .collect::<Vec<_>>(),
        ["429", "500", "ok"]
    );

    for (channel, code) in [
        ("C-PRIVATE", "not_in_channel"),
        ("C-GONE", "channel_not_found"),
    ] {
        let error = sender
            .send(&outgoing(
                Destination::Channel(channel.into()),
                Reply::public().line("hi"),
            ))
            .await
            .expect_err("refused");
        let DeliveryError::Permanent { reason, hint } = &error else {
            panic!("{error:?}");
        };
        assert_eq!(reason, code);
        assert!(hint.contains("/invite @dealbot"), "{hint}");
        // What the person who asked is told.
        let told = problem_reply(&error);
        assert_eq!(
            (told.visibility, told.tone),
            (Visibility::Private, Tone::Error)
        );
        assert!(told.lines[0].plain().contains("/invite @dealbot"));
    }

    let wrong = sender_for(&fake, "xoxb-wrong");
    assert!(matches!(
        wrong.send(&message).await,
        Err(DeliveryError::Permanent { reason, .. }) if reason == "invalid_auth"
    ));
}

/// `dealbot run` itself serves Slack when `SLACK_SIGNING_SECRET` is set, and
/// reads time zones through `[slack] api_url` with `SLACK_BOT_TOKEN`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dealbot_run_serves_slack_from_the_environment() {
    let fake = FakeSlack::start().await;
    let dir = tempfile::tempdir().expect("temporary folder");
    let port = {
        let probe = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
        probe.local_addr().expect("address").port()
    };
    let mut child = tokio::process::Command::from(dealbot_tests::dealbot_command!())
        .arg("run")
        .env(
            "DATABASE_URL",
            format!("sqlite://{}", dir.path().join("dealbot.db").display()),
        )
        .env("DEALBOT_SERVER_BIND", format!("127.0.0.1:{port}"))
        .env("DEALBOT_SERVER_ADMIN_BIND", "127.0.0.1:0")
        .env("DEALBOT_SLACK_API_URL", fake.api_url())
        .env("SLACK_SIGNING_SECRET", SIGNING_SECRET)
        .env("SLACK_BOT_TOKEN", BOT_TOKEN)
        .env_remove("SLACK_APP_TOKEN")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("dealbot starts");
    let addr: std::net::SocketAddr = format!("127.0.0.1:{port}").parse().expect("address");
    let http = http_client();
    fake.add_user(REP1, Member::Person);
    let form = serde_urlencoded::to_string([
        ("team_id", TEAM),
        ("channel_id", CHANNEL),
        ("user_id", REP1),
        ("command", "/deal"),
        ("text", "new \"Acme Corp\" 50k"),
        ("response_url", &fake.response_url("run")),
        ("trigger_id", "t"),
    ])
    .expect("form");
    let mut unsigned = None;
    for _ in 0..100 {
        match post_form(
            &http,
            addr,
            "/slack/commands",
            form.clone().into_bytes(),
            &[],
        )
        .await
        {
            Ok(answer) => {
                unsigned = Some(answer);
                break;
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
    let unsigned = unsigned.expect("dealbot run listens");
    assert_eq!(unsigned.status, 401);

    let ts = now();
    let signed = post_form(
        &http,
        addr,
        "/slack/commands",
        form.clone().into_bytes(),
        &[
            ("x-slack-request-timestamp", ts.to_string()),
            ("x-slack-signature", sign(SIGNING_SECRET, ts, &form)),
        ],
    )
    .await
    .expect("answered");
    assert_eq!(signed.status, 200, "{}", signed.body);
    let message = signed.json();
    assert_eq!(message["response_type"], "ephemeral", "the opener's answer");
    assert!(text_of(&message).contains("Acme Corp"));
    // The daemon's outbox worker posts the announcement to the channel.
    let mut announced = Vec::new();
    for _ in 0..100 {
        announced = fake.calls_to("chat.postMessage");
        if !announced.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(announced.len(), 1, "{:?}", fake.calls());
    assert_eq!(announced[0].answer, "ok");
    assert!(text_of(&announced[0].body).contains("Acme Corp"));
    assert_eq!(fake.calls_to("users.info").len(), 1, "{:?}", fake.calls());
    assert_eq!(
        fake.calls_to("users.info")[0].answer,
        "ok",
        "the bot token was accepted"
    );
    child.kill().await.expect("stopped");
}

/// A reply too long for one Slack message arrives as complete parts: the first
/// in the command's answer, the rest through its `response_url`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reply_too_long_for_one_message_is_split_into_parts() {
    let db = dealbot_tests::sqlite().await;
    let bot = SlackBot::start(&db.store).await;
    bot.ok(TEAM, REP1, "new Wonka 5k").await;
    let note: String = "tasting notes & <remarks> "
        .chars()
        .cycle()
        .take(2000)
        .collect();
    for _ in 0..50 {
        bot.ok(TEAM, REP1, &format!("note D-1 \"{note}\"")).await;
    }
    let (hook, url) = bot.new_hook();
    let body = bot.command_body(TEAM, REP1, "history D-1", &url);
    let answer = bot.post_signed("/slack/commands", &body, now()).await;
    assert_eq!(answer.status, 200);
    let first = answer.json();
    check_message(&first).expect("the first part is within limits");
    assert_eq!(first["response_type"], "ephemeral");
    assert!(
        text_of(&first).contains("part 1 of 2"),
        "{}",
        text_of(&first)
    );

    let mut rest = Vec::new();
    for _ in 0..50 {
        rest = bot.fake.responses(&hook);
        if !rest.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(rest.len(), 1, "one more part");
    let call = bot.fake.calls_to("response_url").pop().expect("posted");
    assert_eq!(call.answer, "ok", "Slack accepts the second part");
    assert_eq!(rest[0]["response_type"], "ephemeral");
    assert_eq!(rest[0]["replace_original"], false);
    assert!(text_of(&rest[0]).contains("part 2 of 2"));
    db.finish().await;
}
