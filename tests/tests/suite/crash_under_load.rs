//! `kill -9` of `dealbot run` while signed Slack commands pour in, ten times on
//! one SQLite file: every command Slack got a success answer for is stored, and
//! every digest queued by `/deal digest` reaches (the fake) Slack after the
//! last restart, none twice beyond the documented crash window (a kill between
//! Slack accepting a message and the bot recording it may repeat that one
//! message: at most one repeat per kill).

use dealbot_tests::slack_workspace;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use dealbot_storage::Store;
use dealbot_tests::fake_slack::FakeSlack;
use dealbot_tests::slack_bot::{
    http_client, now, post_form, sign, slack_run, CHANNEL, SIGNING_SECRET,
};
use tokio::process::Child;

const TEAM: &str = "T0CRASH";
const REP: &str = "U0CRASH";
const ROUNDS: u64 = 10;

/// What one command was acknowledged as having done.
#[derive(Debug, Clone)]
enum Acked {
    New(String),
    Stage(String),
    Next(String),
    /// Acknowledged at this moment.
    Digest(Instant),
}

fn start(url: &str, fake: &FakeSlack, port: u16) -> Child {
    slack_run(dealbot_tests::dealbot_command!(), url, port, fake)
        // A message claimed by a killed process comes back quickly.
        .env("DEALBOT_OUTBOX_LEASE_SECONDS", "2")
        // The load asks for a digest every second, as one person.
        .env("DEALBOT_VOLUME_DIGEST_COOLDOWN_MINUTES", "0")
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("dealbot starts")
}

/// `/deal <text>` signed now; `Some(true)` if acknowledged as done, `Some(false)`
/// if answered otherwise, `None` if nothing answered (the process is gone).
async fn command(addr: SocketAddr, fake: &FakeSlack, text: &str) -> Option<bool> {
    let form = serde_urlencoded::to_string([
        ("team_id", TEAM),
        ("channel_id", CHANNEL),
        ("user_id", REP),
        ("command", "/deal"),
        ("text", text),
        ("response_url", &fake.response_url("crash")),
        ("trigger_id", "t"),
    ])
    .expect("form");
    let ts = now();
    let answer = post_form(
        &http_client(),
        addr,
        "/slack/commands",
        form.clone().into_bytes(),
        &[
            ("x-slack-request-timestamp", ts.to_string()),
            ("x-slack-signature", sign(SIGNING_SECRET, ts, &form)),
        ],
    )
    .await
    .ok()?;
    Some(answer.status == 200 && !answer.body.contains(":warning:"))
}

async fn wait_until_serving(addr: SocketAddr, fake: &FakeSlack) {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(30) {
        if command(addr, fake, "help").await.is_some() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("dealbot run did not start serving within 30 s");
}

/// Sends commands until the process stops answering, recording what was acknowledged.
async fn load(round: u64, addr: SocketAddr, fake: Arc<FakeSlack>, acked: Arc<Mutex<Vec<Acked>>>) {
    let record = |what: Acked| acked.lock().expect("lock").push(what);
    for i in 0.. {
        let name = format!("K{round:02}N{i:04}");
        match command(addr, &fake, &format!("new {name} 1k")).await {
            None => return,
            Some(true) => record(Acked::New(name.clone())),
            Some(false) => continue,
        }
        // Digests at least 1.1 s apart, so that each gets its own outbox rows
        // (a digest asked for twice in one second is deliberately one message).
        let last_digest = acked
            .lock()
            .expect("lock")
            .iter()
            .rev()
            .find_map(|what| match what {
                Acked::Digest(at) => Some(*at),
                _ => None,
            });
        if last_digest.is_none_or(|at| at.elapsed() >= Duration::from_millis(1100)) {
            match command(addr, &fake, "digest").await {
                None => return,
                Some(true) => record(Acked::Digest(Instant::now())),
                Some(false) => {}
            }
        }
        match command(addr, &fake, &format!("stage {name} Qualifying")).await {
            None => return,
            Some(true) => record(Acked::Stage(name.clone())),
            Some(false) => {}
        }
        let next = format!("next {name} \"call {name}\" in 30 days");
        match command(addr, &fake, &next).await {
            None => return,
            Some(true) => record(Acked::Next(name.clone())),
            Some(false) => {}
        }
    }
}

fn delivered_posts(fake: &FakeSlack) -> usize {
    fake.calls_to("chat.postMessage")
        .iter()
        .filter(|call| call.answer == "ok")
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_under_load_loses_no_acknowledged_command_and_no_digest() {
    let fake = Arc::new(FakeSlack::start().await);
    let dir = tempfile::tempdir().expect("temporary folder");
    let url = format!("sqlite://{}", dir.path().join("dealbot.db").display());
    let acked = Arc::new(Mutex::new(Vec::new()));

    for round in 0..ROUNDS {
        let port = dealbot_tests::free_port().expect("a free port");
        let addr: SocketAddr = format!("127.0.0.1:{port}").parse().expect("address");
        let mut child = start(&url, &fake, port);
        wait_until_serving(addr, &fake).await;
        if round == 0 {
            // The channel wants only digests: this is about digests and
            // acknowledged commands, not the announcements of a hundred changes
            // (which the platform's pacing would spread over minutes).
            let store = Store::connect(&url).await.expect("store opens");
            store
                .set_channel_notify_mode(
                    &slack_workspace(TEAM),
                    CHANNEL,
                    "digest-only",
                    REP,
                    chrono::Utc::now(),
                )
                .await
                .expect("notify mode set");
            store.close().await;
        }
        let load = tokio::spawn(load(round, addr, fake.clone(), acked.clone()));
        // A different moment in each round, between 150 ms and 650 ms in.
        tokio::time::sleep(Duration::from_millis(150 + (round * 137) % 500)).await;
        child.start_kill().expect("SIGKILL sent");
        child.wait().await.expect("the process is gone");
        let _ = tokio::time::timeout(Duration::from_secs(10), load).await;
    }

    // The last restart delivers whatever is still queued.
    let port = dealbot_tests::free_port().expect("a free port");
    let addr: SocketAddr = format!("127.0.0.1:{port}").parse().expect("address");
    let mut child = start(&url, &fake, port);
    wait_until_serving(addr, &fake).await;

    let store = Store::connect(&url).await.expect("store opens");
    let acked = acked.lock().expect("lock").clone();
    let digests = acked
        .iter()
        .filter(|what| matches!(what, Acked::Digest(_)))
        .count();
    assert!(digests >= 3, "the load reached `/deal digest`: {digests}");
    assert!(
        acked.len() >= 100,
        "a real load: {} acknowledged",
        acked.len()
    );

    let deadline = Instant::now() + Duration::from_secs(90);
    let report = loop {
        let report = store
            .outbox_report(&slack_workspace(TEAM))
            .await
            .expect("outbox report");
        if report.waiting == 0 || Instant::now() > deadline {
            break report;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert_eq!(report.waiting, 0, "every queued message was delivered");
    assert!(report.failed.is_empty(), "{:?}", report.failed);
    let delivered = usize::try_from(report.delivered).expect("a count");
    assert!(
        delivered >= digests,
        "{delivered} rows for {digests} digests"
    );
    let posts = delivered_posts(&fake);
    eprintln!(
        "{} commands acknowledged over {ROUNDS} kills, {digests} digests, {delivered} rows delivered in {posts} posts",
        acked.len()
    );
    assert!(
        posts >= delivered && posts <= delivered + ROUNDS as usize,
        "{posts} posts for {delivered} delivered rows and {ROUNDS} kills"
    );
    assert!(fake
        .calls_to("chat.postMessage")
        .iter()
        .all(|call| call.body["channel"] == CHANNEL));

    let deals = store
        .list_deals(&slack_workspace(TEAM), &Default::default())
        .await
        .expect("deals");
    let find = |name: &str| {
        deals
            .iter()
            .find(|deal| deal.name == name)
            .unwrap_or_else(|| panic!("acknowledged `new {name}` was lost"))
    };
    for what in &acked {
        match what {
            Acked::New(name) => {
                find(name);
            }
            Acked::Stage(name) => assert_eq!(find(name).stage, "Qualifying", "{name}"),
            Acked::Next(name) => assert_eq!(
                find(name).next_step.as_deref(),
                Some(format!("call {name}").as_str()),
                "{name}"
            ),
            Acked::Digest(_) => {}
        }
    }
    store.close().await;
    child.start_kill().expect("stopped");
    let _ = child.wait().await;
}
