//! Charts posted in the chat, through the app `dealbot run` builds and its
//! outbox: the report's funnel is uploaded to the fake Slack in Slack's three
//! steps and to the fake Discord as a multipart message. A 429 or a 500 at any
//! step is retried, and the picture is posted once; a refusal shows in `status`.

use chrono::{DateTime, Duration, TimeZone, Utc};
use dealbot::core::reply::{Tone, Visibility};
use dealbot_tests::discord_app::DISCORD_CHANNEL;
use dealbot_tests::fake_slack::Fault;
use dealbot_tests::{on_both_backends, shipped_settings, FakedPlatforms, TestDb};

const TEAM: &str = "T0CHARTS";
const GUILD: &str = "800000000000000009";
const REP: &str = "U0REP1";
const DISCORD_REP: &str = "700000000000000001";

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0)
        .single()
        .expect("valid")
}

/// Three deals in new-business on `platform`: one won, one lost, one open.
async fn three_deals(
    faked: &FakedPlatforms,
    platform: &str,
    workspace: &str,
    user: &str,
    channel: &str,
) {
    for command in [
        "new Alpha 10k",
        "new Beta 20k",
        "new Gamma 30k",
        "stage D-1 qualifying",
        "won D-1",
        "lost D-2 \"no budget\"",
    ] {
        faked.ok(platform, workspace, user, channel, command).await;
    }
}

fn png_size(bytes: &[u8]) -> (u32, u32) {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let reader = decoder.read_info().expect("a PNG");
    let info = reader.info();
    (info.width, info.height)
}

/// Delivers until nothing is left, the clock moving on past each wait.
async fn deliver_all(faked: &FakedPlatforms) {
    for _ in 0..12 {
        faked.round().await;
        faked.advance(Duration::seconds(5));
    }
}

async fn slack_uploads_the_report_once_through_429s_and_500s(db: &TestDb) {
    let faked =
        FakedPlatforms::start(&db.store, shipped_settings(), start(), &[DISCORD_CHANNEL]).await;
    let slack = &faked.slack;
    three_deals(&faked, "slack", TEAM, REP, "C-PIPELINE").await;
    faked.rounds(6, Duration::seconds(2)).await;

    for fault in [Fault::RateLimited { retry_after: 1 }, Fault::ServerError] {
        let before = slack.calls().len();
        let reply = faked.ok("slack", TEAM, REP, "C-PIPELINE", "report").await;
        assert_eq!(reply.visibility, Visibility::Private);
        assert_eq!(reply.tone, Tone::Success);
        assert!(
            reply.attachments.is_empty(),
            "the chart goes through the outbox"
        );
        // Each step fails once, each on a later try than the one before.
        slack.fail_next_call_to("files.getUploadURLExternal", 1, fault);
        faked.round().await;
        faked.advance(Duration::seconds(5));
        slack.fail_next_call_to("upload", 1, fault);
        faked.round().await;
        faked.advance(Duration::seconds(5));
        slack.fail_next_call_to("files.completeUploadExternal", 1, fault);
        deliver_all(&faked).await;

        let calls = &slack.calls()[before..];
        let answers = |method: &str| -> Vec<String> {
            calls
                .iter()
                .filter(|call| call.method == method)
                .map(|call| call.answer.clone())
                .collect()
        };
        let failed = match fault {
            Fault::RateLimited { .. } => "429",
            Fault::ServerError => "500",
        };
        assert_eq!(answers("files.getUploadURLExternal"), [failed, "ok", "ok"]);
        assert_eq!(answers("upload"), [failed, "ok"]);
        assert_eq!(answers("files.completeUploadExternal"), [failed, "ok"]);
        // The complete that worked named the file the failed one did: the same upload.
        let completes: Vec<&serde_json::Value> = calls
            .iter()
            .filter(|call| call.method == "files.completeUploadExternal")
            .map(|call| &call.body)
            .collect();
        assert_eq!(completes[0]["files"], completes[1]["files"]);
        assert!(
            answers("chat.postMessage").is_empty(),
            "the report is the file's comment"
        );
    }

    let shared = slack.shared_files();
    assert_eq!(shared.len(), 2, "one picture per report: {shared:?}");
    for file in &shared {
        assert_eq!(file.channel, "C-PIPELINE");
        assert_eq!(file.filename, "report-new-business.png");
        assert!(
            file.title
                .starts_with("Funnel · new-business · all time of 3 deals: Prospecting 3 entered"),
            "{}",
            file.title
        );
        assert!(file.title.ends_with("1 won, 1 lost."), "{}", file.title);
        assert!(
            file.initial_comment
                .starts_with("*Process report · new-business*"),
            "{}",
            file.initial_comment
        );
        assert!(
            file.initial_comment
                .contains("Win rate 50% (1 won of 2 closed)"),
            "{}",
            file.initial_comment
        );
        assert_eq!(png_size(&file.bytes).0, 1200);
    }
}
on_both_backends!(slack_uploads_the_report_once_through_429s_and_500s);

async fn a_refused_upload_shows_in_status_with_slacks_reason(db: &TestDb) {
    let faked =
        FakedPlatforms::start(&db.store, shipped_settings(), start(), &[DISCORD_CHANNEL]).await;
    three_deals(&faked, "slack", TEAM, REP, "C-PIPELINE").await;
    // The bot was never invited to C-PRIVATE.
    faked.ok("slack", TEAM, REP, "C-PRIVATE", "report").await;
    deliver_all(&faked).await;
    assert!(faked.slack.shared_files().is_empty());
    let status = faked.ok("slack", TEAM, REP, "C-PIPELINE", "status").await;
    let text = format!("{status:?}");
    assert!(text.contains("not_in_channel"), "{text}");
    assert!(text.contains("/invite @dealbot"), "{text}");
}
on_both_backends!(a_refused_upload_shows_in_status_with_slacks_reason);

async fn discord_posts_the_report_with_its_chart_once(db: &TestDb) {
    let faked =
        FakedPlatforms::start(&db.store, shipped_settings(), start(), &[DISCORD_CHANNEL]).await;
    let discord = &faked.discord;
    three_deals(&faked, "discord", GUILD, DISCORD_REP, DISCORD_CHANNEL).await;
    deliver_all(&faked).await;
    let before = discord.calls().len();
    let reply = faked
        .ok("discord", GUILD, DISCORD_REP, DISCORD_CHANNEL, "report")
        .await;
    assert_eq!(reply.visibility, Visibility::Private);
    // Too fast once, then a server error: the same message is sent again.
    discord.fail_next(
        1,
        dealbot_tests::fake_discord::Failure::RateLimited {
            retry_after: 0.5,
            global: false,
        },
    );
    faked.round().await;
    faked.advance(Duration::seconds(2));
    discord.fail_next(1, dealbot_tests::fake_discord::Failure::ServerError);
    deliver_all(&faked).await;

    let posts: Vec<_> = discord.calls()[before..]
        .iter()
        .filter(|call| call.path.ends_with("/messages"))
        .cloned()
        .collect();
    let statuses: Vec<u16> = posts.iter().map(|call| call.status).collect();
    assert_eq!(statuses, [429, 500, 200]);
    for call in &posts {
        assert_eq!(
            call.body["nonce"], posts[0].body["nonce"],
            "one message, tried three times"
        );
    }
    let posted = &posts[2];
    assert_eq!(posted.files.len(), 1, "one picture");
    let file = &posted.files[0];
    assert_eq!(
        (
            file.index,
            file.filename.as_str(),
            file.content_type.as_str()
        ),
        (0, "report-new-business.png", "image/png")
    );
    assert_eq!(png_size(&file.bytes).0, 1200);
    let body = &posted.body;
    assert_eq!(body["attachments"][0]["id"], "0");
    assert_eq!(
        body["attachments"][0]["filename"],
        "report-new-business.png"
    );
    let description = body["attachments"][0]["description"]
        .as_str()
        .unwrap_or_default();
    assert!(
        description.starts_with("Funnel · new-business · all time of 3 deals:"),
        "{description}"
    );
    assert_eq!(
        body["embeds"][0]["image"]["url"],
        "attachment://report-new-business.png"
    );
    assert_eq!(body["embeds"][0]["title"], "Process report · new-business");
}
on_both_backends!(discord_posts_the_report_with_its_chart_once);

/// Thirty deals of new-business for the docs' pictures: 6 still prospecting,
/// 5 building rapport, 5 qualifying, 3 presenting, 2 closing, 5 won and 4
/// lost, moved a day at a time.
/// `text` typed by REP in Slack's `#C-PIPELINE`; refused fails the test.
async fn typed_in_pipeline(faked: &FakedPlatforms, text: &str) {
    faked.ok("slack", TEAM, REP, "C-PIPELINE", text).await;
}

async fn thirty_deals(faked: &FakedPlatforms) {
    const NAMES: [&str; 30] = [
        "Acme",
        "Globex",
        "Initech",
        "Umbrella",
        "Hooli",
        "Vandelay",
        "Stark",
        "Wayne",
        "Wonka",
        "Cyberdyne",
        "Soylent",
        "Tyrell",
        "Oscorp",
        "Gringotts",
        "Monarch",
        "Pied Piper",
        "Dunder Mifflin",
        "Prestige",
        "Massive Dynamic",
        "Aperture",
        "Black Mesa",
        "Nakatomi",
        "Virtucon",
        "Zorg",
        "Bluth",
        "Sterling Cooper",
        "Gekko",
        "Krusty",
        "Duff",
        "Ollivanders",
    ];
    const STAGES: [&str; 5] = [
        "Prospecting",
        "Building Rapport",
        "Qualifying",
        "Presenting",
        "Closing",
    ];
    // (furthest stage, outcome) per deal, in order.
    let mut plan: Vec<(usize, &str)> = Vec::new();
    for (stage, count) in [(0, 6), (1, 5), (2, 5), (3, 3), (4, 2)] {
        plan.extend(std::iter::repeat_n((stage, "open"), count));
    }
    plan.extend(std::iter::repeat_n((4, "won"), 5));
    plan.extend([(0, "lost"), (0, "lost"), (2, "lost"), (3, "lost")]);
    let day0 = start() - Duration::days(40);
    // The fixture is about the report and the digest: the channel gets
    // nothing between them, so the fixture's changes do not post one by one.
    faked.set(day0 - Duration::hours(1));
    typed_in_pipeline(faked, "notify digest-only").await;
    for (n, (name, (furthest, outcome))) in NAMES.iter().zip(&plan).enumerate() {
        let deal = format!("D-{}", n + 1);
        faked.set(day0 + Duration::hours(n as i64));
        let amount = 10 + (n * 37) % 90;
        typed_in_pipeline(faked, &format!("new \"{name}\" {amount}k")).await;
        for (step, stage) in STAGES.iter().enumerate().take(furthest + 1).skip(1) {
            faked.set(day0 + Duration::days(step as i64 * 3) + Duration::hours(n as i64));
            typed_in_pipeline(faked, &format!("stage {deal} \"{stage}\"")).await;
        }
        faked.set(day0 + Duration::days(20) + Duration::hours(n as i64));
        match *outcome {
            "won" => typed_in_pipeline(faked, &format!("won {deal}")).await,
            "lost" => typed_in_pipeline(faked, &format!("lost {deal} \"went quiet\"")).await,
            _ => typed_in_pipeline(faked, &format!("next {deal} \"call back\" 2026-11-30")).await,
        };
    }
    faked.set(start());
}

/// The pictures in docs/sales-process.md are the ones the bot posts for the
/// thirty-deal fixture. `UPDATE_DOCS_IMAGES=1` writes them anew.
async fn the_docs_show_the_charts_the_bot_posts(db: &TestDb) {
    let faked =
        FakedPlatforms::start(&db.store, shipped_settings(), start(), &[DISCORD_CHANNEL]).await;
    thirty_deals(&faked).await;
    deliver_all(&faked).await;
    faked.ok("slack", TEAM, REP, "C-PIPELINE", "report").await;
    deliver_all(&faked).await;
    faked
        .ok("slack", TEAM, REP, "C-PIPELINE", "digest chart")
        .await;
    deliver_all(&faked).await;
    let shared = faked.slack.shared_files();
    assert_eq!(shared.len(), 2, "{shared:?}");
    let (report, digest) = (&shared[0], &shared[1]);
    assert_eq!(report.filename, "report-new-business.png");
    assert!(
        report
            .title
            .starts_with("Funnel · new-business · all time of 30 deals: Prospecting 30 entered"),
        "{}",
        report.title
    );
    assert!(report.title.ends_with("5 won, 4 lost."), "{}", report.title);
    assert!(
        digest.filename.starts_with("pipeline-all-"),
        "{}",
        digest.filename
    );
    assert!(
        digest
            .title
            .starts_with("Open pipeline · Mon 23 Nov 2026: "),
        "{}",
        digest.title
    );
    assert!(
        digest.title.contains("Prospecting 6 deals"),
        "{}",
        digest.title
    );
    assert!(
        digest.initial_comment.starts_with("*Pipeline digest"),
        "{}",
        digest.initial_comment
    );
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/images");
    for (file, name) in [
        (report, "report-funnel.png"),
        (digest, "digest-pipeline.png"),
    ] {
        assert_eq!(png_size(&file.bytes).0, 1200);
        let path = folder.join(name);
        if std::env::var_os("UPDATE_DOCS_IMAGES").is_some() {
            std::fs::create_dir_all(&folder).expect("docs/images");
            std::fs::write(&path, &file.bytes).expect("written");
        }
        let committed = std::fs::read(&path).expect("the committed picture");
        assert!(
            committed == file.bytes,
            "{name} is not what the bot draws now: run with UPDATE_DOCS_IMAGES=1 and look at it"
        );
    }
}
on_both_backends!(the_docs_show_the_charts_the_bot_posts);

/// The pipeline chart is off by default and switched on per schedule.
async fn a_schedule_with_chart_posts_the_pipeline_picture(db: &TestDb) {
    // One schedule set in the configuration, for a workspace with no deals yet.
    let mut settings = shipped_settings();
    settings.digests.push(dealbot::config::DigestSettings {
        platform: "slack".into(),
        workspace: "T0EMPTY".into(),
        channel: "C-EMPTY".into(),
        cron: "0 10 * * *".into(),
        timezone: Some("UTC".into()),
        pipeline: None,
        owner: None,
        chart: true,
    });
    let faked = FakedPlatforms::start(&db.store, settings, start(), &[DISCORD_CHANNEL]).await;
    faked.slack.join("C-PLAIN");
    faked.slack.join("C-EMPTY");
    three_deals(&faked, "slack", TEAM, REP, "C-PIPELINE").await;
    let with_chart = "subscribe \"0 10 * * *\" UTC chart";
    let reply = faked.ok("slack", TEAM, REP, "C-PIPELINE", with_chart).await;
    assert!(format!("{reply:?}").contains("with a chart of the open pipeline"));
    faked
        .ok(
            "slack",
            TEAM,
            REP,
            "C-PLAIN",
            "subscribe \"0 10 * * *\" UTC",
        )
        .await;
    deliver_all(&faked).await;
    let before = faked.slack.calls().len();
    faked.set(start() + Duration::hours(1));
    assert_eq!(faked.fire_due().await.digests, 3);
    deliver_all(&faked).await;

    let mut shared = faked.slack.shared_files();
    shared.sort_by(|a, b| a.channel.cmp(&b.channel));
    assert_eq!(
        shared.len(),
        2,
        "only the schedules with a chart: {shared:?}"
    );
    // Nothing open: the picture says so rather than drawing empty bars.
    let empty = shared.remove(0);
    assert_eq!(empty.channel, "C-EMPTY");
    assert_eq!(
        empty.title,
        "Open pipeline · Mon 23 Nov 2026: nothing open."
    );
    assert_eq!(shared[0].channel, "C-PIPELINE");
    assert_eq!(shared[0].filename, "pipeline-all-2026-11-23.png");
    assert_eq!(
        shared[0].title,
        "Open pipeline · Mon 23 Nov 2026: $30,000 open · $3,000 weighted forecast; \
         Prospecting 1 deal ($30,000, weighted $3,000)."
    );
    assert!(shared[0]
        .initial_comment
        .starts_with("*Pipeline digest · Mon 23 Nov 2026*"));
    let posts: Vec<_> = faked.slack.calls()[before..]
        .iter()
        .filter(|call| call.method == "chat.postMessage")
        .map(|call| call.body["channel"].clone())
        .collect();
    assert_eq!(posts, ["C-PLAIN"], "the plain digest is a message");
}
on_both_backends!(a_schedule_with_chart_posts_the_pipeline_picture);

/// The fake Slack holds the bot to Slack's upload rules: a single-use URL,
/// the length declared, and no sharing of a file Slack never received.
#[tokio::test]
async fn the_fake_slack_refuses_what_slack_refuses_in_an_upload() {
    let slack = dealbot_tests::fake_slack::FakeSlack::start().await;
    let client = reqwest::Client::new();
    let token = format!("Bearer {}", dealbot_tests::fake_slack::BOT_TOKEN);
    let call = |method: &str, form: Vec<(&str, String)>| {
        client
            .post(format!("{}{method}", slack.api_url()))
            .header("Authorization", token.clone())
            .form(&form)
            .send()
    };
    let json = |response: reqwest::Response| async move {
        let text = response.text().await.expect("a body");
        serde_json::from_str::<serde_json::Value>(&text).expect("JSON")
    };
    let url_for = |length: usize| {
        call(
            "files.getUploadURLExternal",
            vec![
                ("filename", "chart.png".into()),
                ("length", length.to_string()),
            ],
        )
    };
    // The bytes sent to an upload URL, and the status Slack answered.
    let upload = |url: String, bytes: Vec<u8>| {
        let sent = client.post(url).body(bytes).send();
        async move { sent.await.expect("answer").status() }
    };
    let missing = json(
        call(
            "files.getUploadURLExternal",
            vec![("filename", "x.png".into())],
        )
        .await
        .expect("answer"),
    )
    .await;
    assert_eq!(missing["error"], "invalid_arguments");

    // The declared length must match what is sent.
    let first = json(url_for(5).await.expect("answer")).await;
    let url = first["upload_url"].as_str().expect("a URL").to_string();
    assert_eq!(upload(url.clone(), vec![0u8; 4]).await, 400);
    // A URL is used once, whatever came of it.
    assert_eq!(upload(url, vec![0u8; 5]).await, 404);
    let complete = |id: String| {
        call(
            "files.completeUploadExternal",
            vec![
                (
                    "files",
                    serde_json::json!([{"id": id, "title": "t"}]).to_string(),
                ),
                ("channel_id", "C-PIPELINE".into()),
                ("initial_comment", "hi".into()),
            ],
        )
    };
    // Its file never arrived; an id Slack never gave is no better.
    let unsent = first["file_id"].as_str().expect("an id").to_string();
    assert_eq!(
        json(complete(unsent).await.expect("answer")).await["error"],
        "file_not_found"
    );
    assert_eq!(
        json(complete("F0NOPE".into()).await.expect("answer")).await["error"],
        "file_not_found"
    );

    let second = json(url_for(3).await.expect("answer")).await;
    let url = second["upload_url"].as_str().expect("a URL").to_string();
    let id = second["file_id"].as_str().expect("an id").to_string();
    assert_eq!(upload(url, vec![1u8, 2, 3]).await, 200);
    assert_eq!(
        json(complete(id.clone()).await.expect("answer")).await["ok"],
        true
    );
    // Shared once: completing it again is refused.
    assert_eq!(
        json(complete(id).await.expect("answer")).await["error"],
        "file_not_found"
    );
    let shared = slack.shared_files();
    assert_eq!(shared.len(), 1);
    assert_eq!(
        (shared[0].bytes.as_slice(), shared[0].title.as_str()),
        (&[1u8, 2, 3][..], "t")
    );
}

/// The fake Discord reads a multipart message as Discord does: the payload's
/// attachment ids must match the files, within 10 MiB.
#[tokio::test]
async fn the_fake_discord_checks_files_against_attachments() {
    use reqwest::multipart::{Form, Part};
    let token = "fake-token";
    let discord = dealbot_tests::fake_discord::FakeDiscord::start(token, &[DISCORD_CHANNEL]).await;
    let client = reqwest::Client::new();
    let post = |payload: serde_json::Value, bytes: Vec<u8>| {
        let form = Form::new()
            .part(
                "payload_json",
                Part::text(payload.to_string())
                    .mime_str("application/json")
                    .expect("mime"),
            )
            .part(
                "files[0]",
                Part::bytes(bytes)
                    .file_name("chart.png")
                    .mime_str("image/png")
                    .expect("mime"),
            );
        client
            .post(format!(
                "{}/channels/{DISCORD_CHANNEL}/messages",
                discord.api_url
            ))
            .header("Authorization", format!("Bot {token}"))
            .multipart(form)
            .send()
    };
    let message = |id: &str| {
        serde_json::json!({
            "content": "report",
            "allowed_mentions": {"parse": []},
            "attachments": [{"id": id, "filename": "chart.png", "description": "a chart"}],
            "embeds": [{"title": "Report", "image": {"url": "attachment://chart.png"}}],
        })
    };
    let fine = post(message("0"), vec![1, 2, 3]).await.expect("answer");
    let fine_status = fine.status();
    assert_eq!(fine_status, 200);
    let mismatched = post(message("1"), vec![1, 2, 3]).await.expect("answer");
    assert_eq!(mismatched.status(), 400);
    let body: serde_json::Value =
        serde_json::from_str(&mismatched.text().await.expect("a body")).expect("JSON");
    assert_eq!(body["code"], 50035);
    assert!(
        body["errors"]["attachments"]["0"]["id"].is_object(),
        "{body}"
    );
    let huge = post(message("0"), vec![0; 10 * 1024 * 1024 + 1])
        .await
        .expect("answer");
    assert_eq!(huge.status(), 413);
    let posted: Vec<usize> = discord
        .calls()
        .iter()
        .filter(|call| call.status == 200)
        .map(|call| call.files.len())
        .collect();
    assert_eq!(posted, [1]);
}
