//! PostgreSQL restarted under load, on a private cluster of the test's own
//! ([`PostgresCluster`]), so the shared server is never touched.
//!
//! `dealbot run` gets signed Slack `/deal new` commands in a steady stream while
//! its PostgreSQL is stopped (`pg_ctl stop -m fast`) and started again. While it
//! is down, every command is answered within Slack's 3 seconds with a private
//! message that the database is unavailable and to try again (never Slack's
//! timeout, never a generic apology), under an error id the log has too, and
//! `/readyz` answers 503 with the reason. When it is back, the same process
//! recovers by itself: `/readyz` 200, commands succeed, and the outbox worker,
//! which kept failing and backing off meanwhile, delivers again. Every command
//! answered as done is stored; none answered "nothing was changed" is.
//!
//! The scheduler is checked on its own: a tick while the database is down
//! fails quickly, as an outage, and the next tick fires what is due.
//!
//! Run alone: `cargo test -p dealbot-tests --test suite postgres_restart`.

use dealbot_tests::slack_workspace;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use dealbot_storage::{DealFilter, NewSubscription, Store, Unavailable};
use dealbot_tests::fake_slack::FakeSlack;
use dealbot_tests::postgres_cluster::PostgresCluster;
use dealbot_tests::shipped_settings;
use dealbot_tests::slack_bot::{
    http_client, now, post_form, sign, slack_run, text_of, CHANNEL, SIGNING_SECRET,
};
use serde_json::Value;
use tokio::process::Child;

const TEAM: &str = "T0PGFAULT";
const REP: &str = "U0PGFAULT";
/// Slack shows its own timeout to a person whose command is not answered in this.
const SLACK_DEADLINE: Duration = Duration::from_secs(3);
/// Commands sent side by side, all the time.
const CLIENTS: usize = 3;
/// How long the database stays down.
const OUTAGE: Duration = Duration::from_millis(4500);

/// What one `/deal new` got for an answer.
#[derive(Debug, Clone)]
enum Answer {
    /// Opened the deal.
    Done,
    /// "The database is unavailable … nothing was changed", with the error id.
    NothingChanged(String),
    /// "… cannot tell whether a change was saved", with the error id.
    OutcomeUnknown(String),
    /// Anything else: an HTTP error, a generic apology, no answer at all.
    Other(String),
}

#[derive(Debug, Clone)]
struct Sent {
    name: String,
    at: Instant,
    took: Duration,
    answer: Answer,
}

impl Sent {
    fn answered_at(&self) -> Instant {
        self.at + self.took
    }
}

/// `dealbot run` for Slack, its admin server (the detailed `/readyz`) on `admin`.
fn start_bot(url: &str, fake: &FakeSlack, port: u16, admin: SocketAddr, log: &Path) -> Child {
    let log = std::fs::File::create(log).expect("bot log file");
    slack_run(dealbot_tests::dealbot_command!(), url, port, fake)
        .env("DEALBOT_SERVER_ADMIN_BIND", admin.to_string())
        .env("DEALBOT_LOG_FORMAT", "json")
        .env("DEALBOT_LOG", "info")
        .stderr(log)
        .spawn()
        .expect("dealbot starts")
}

/// `/deal <text>` signed now, as Slack sends it; the answer and how long it took.
async fn command(addr: SocketAddr, fake: &FakeSlack, text: &str) -> (Answer, Duration) {
    let form = serde_urlencoded::to_string([
        ("team_id", TEAM),
        ("channel_id", CHANNEL),
        ("user_id", REP),
        ("command", "/deal"),
        ("text", text),
        ("response_url", &fake.response_url("pg")),
        ("trigger_id", "t"),
    ])
    .expect("form");
    let ts = now();
    let started = Instant::now();
    let answer = tokio::time::timeout(
        Duration::from_secs(10),
        post_form(
            &http_client(),
            addr,
            "/slack/commands",
            form.clone().into_bytes(),
            &[
                ("x-slack-request-timestamp", ts.to_string()),
                ("x-slack-signature", sign(SIGNING_SECRET, ts, &form)),
            ],
        ),
    )
    .await;
    let took = started.elapsed();
    let answer = match answer {
        Err(_) => Answer::Other("no answer within 10 s".to_string()),
        Ok(Err(error)) => Answer::Other(format!("no answer: {error}")),
        Ok(Ok(answer)) if answer.status != 200 => {
            Answer::Other(format!("HTTP {}: {}", answer.status, answer.body))
        }
        Ok(Ok(answer)) => classify(&answer.json()),
    };
    (answer, took)
}

fn classify(message: &Value) -> Answer {
    let text = text_of(message);
    let private = message["response_type"] == "ephemeral";
    let error_id = || {
        text.split("error id ")
            .nth(1)
            .and_then(|rest| rest.split(|c: char| !c.is_ascii_alphanumeric()).next())
            .unwrap_or_default()
            .to_string()
    };
    if text.contains(" opened ") && !text.contains(":warning:") {
        Answer::Done
    } else if private
        && text.contains("The database is unavailable right now, so nothing was changed")
        && text.contains("try again")
    {
        Answer::NothingChanged(error_id())
    } else if private && text.contains("cannot tell whether a change was saved") {
        Answer::OutcomeUnknown(error_id())
    } else {
        Answer::Other(message.to_string())
    }
}

/// `GET /readyz` (within 10 s): the status, the body, how long it took.
async fn readyz(addr: SocketAddr) -> (u16, String, Duration) {
    let started = Instant::now();
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .expect("HTTP client");
    match client.get(format!("http://{addr}/readyz")).send().await {
        Ok(response) => {
            let status = response.status().as_u16();
            let body = response.text().await.unwrap_or_default();
            (status, body, started.elapsed())
        }
        Err(error) => (0, error.to_string(), started.elapsed()),
    }
}

async fn wait_until_ready(addr: SocketAddr, within: Duration) -> Instant {
    let started = Instant::now();
    while started.elapsed() < within {
        if readyz(addr).await.0 == 200 {
            return Instant::now();
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("dealbot was not ready within {within:?}");
}

/// One client: `/deal new` after `/deal new`, until told to stop.
async fn load(
    client: usize,
    addr: SocketAddr,
    fake: Arc<FakeSlack>,
    stop: Arc<AtomicBool>,
    sent: Arc<Mutex<Vec<Sent>>>,
) {
    for i in 0.. {
        if stop.load(Ordering::SeqCst) {
            return;
        }
        let name = format!("Fault {client}-{i:04}");
        let at = Instant::now();
        let (answer, took) = command(addr, &fake, &format!("new \"{name}\" 1k")).await;
        sent.lock().expect("lock").push(Sent {
            name,
            at,
            took,
            answer,
        });
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// The bot's JSON log lines.
fn log_events(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter_map(|line| serde_json::from_str(line).ok())
        .collect()
}

fn message_of(event: &Value) -> &str {
    event["fields"]["message"].as_str().unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_restarted_under_load_is_answered_honestly_and_recovered_from() {
    let Some(cluster) = PostgresCluster::start() else {
        return;
    };
    let fake = Arc::new(FakeSlack::start().await);
    let dir = tempfile::tempdir().expect("temporary folder");
    let log = dir.path().join("dealbot.log");
    let port = dealbot_tests::free_port().expect("a free port");
    let addr: SocketAddr = format!("127.0.0.1:{port}").parse().expect("address");
    let admin: SocketAddr = format!("127.0.0.1:{}", dealbot_tests::free_port().expect("a port"))
        .parse()
        .expect("address");
    let mut bot = start_bot(&cluster.url(), &fake, port, admin, &log);
    wait_until_ready(admin, Duration::from_secs(30)).await;

    let stop = Arc::new(AtomicBool::new(false));
    let sent = Arc::new(Mutex::new(Vec::new()));
    let clients: Vec<_> = (0..CLIENTS)
        .map(|client| tokio::spawn(load(client, addr, fake.clone(), stop.clone(), sent.clone())))
        .collect();
    tokio::time::sleep(Duration::from_millis(1500)).await;

    let stopping = Instant::now();
    tokio::task::block_in_place(|| cluster.stop());
    let down = Instant::now();
    let mut readyz_while_down = Vec::new();
    while down.elapsed() < OUTAGE {
        readyz_while_down.push(readyz(admin).await);
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    let starting = Instant::now();
    tokio::task::block_in_place(|| cluster.start_again());
    let ready_again = wait_until_ready(admin, Duration::from_secs(15)).await;
    let recovery = ready_again - starting;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    stop.store(true, Ordering::SeqCst);
    for client in clients {
        client.await.expect("the load ran");
    }

    // The outbox worker came through: a digest asked for now is delivered.
    let posts_before = fake.calls_to("chat.postMessage").len();
    let (digest, _) = command(addr, &fake, "digest").await;
    assert!(
        matches!(digest, Answer::Other(ref text) if text.contains("Posting the digest")),
        "{digest:?}"
    );
    let deadline = Instant::now() + Duration::from_secs(10);
    while fake.calls_to("chat.postMessage").len() == posts_before && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(
        fake.calls_to("chat.postMessage").len() > posts_before,
        "the digest asked for after the restart reached Slack"
    );
    assert!(
        bot.try_wait().expect("process state").is_none(),
        "the same dealbot process served throughout"
    );
    bot.start_kill().expect("dealbot stopped");
    let _ = bot.wait().await;

    let sent = sent.lock().expect("lock").clone();
    let late: Vec<&Sent> = sent.iter().filter(|s| s.took >= SLACK_DEADLINE).collect();
    assert!(
        late.is_empty(),
        "answered after Slack's 3 s (Slack showed its timeout): {late:#?}"
    );
    let odd: Vec<&Sent> = sent
        .iter()
        .filter(|s| matches!(s.answer, Answer::Other(_)))
        .collect();
    assert!(
        odd.is_empty(),
        "answers that are neither done nor the outage message: {odd:#?}"
    );

    // Sent and answered while the server was down: all told plainly.
    let while_down: Vec<&Sent> = sent
        .iter()
        .filter(|s| s.at >= down && s.answered_at() <= starting)
        .collect();
    assert!(
        while_down.len() >= 3,
        "commands arrived while the database was down: {}",
        while_down.len()
    );
    for s in &while_down {
        assert!(
            matches!(s.answer, Answer::NothingChanged(_)),
            "with no database, nothing can have been sent to it: {s:?}"
        );
    }
    let done = |from: Instant| {
        sent.iter()
            .filter(|s| s.at >= from && matches!(s.answer, Answer::Done))
            .count()
    };
    assert!(
        done(ready_again) >= 5,
        "commands succeed again after the restart: {}",
        done(ready_again)
    );
    assert!(
        sent.iter()
            .any(|s| s.answered_at() <= stopping && matches!(s.answer, Answer::Done)),
        "commands succeeded before the outage"
    );

    for (status, body, took) in &readyz_while_down {
        assert_eq!(*status, 503, "/readyz while the database is down: {body}");
        assert!(
            body.lines()
                .any(|line| line.starts_with("database: ") && line != "database: ok"),
            "/readyz says why: {body}"
        );
        assert!(*took < SLACK_DEADLINE, "/readyz answered in {took:?}");
    }
    assert!(!readyz_while_down.is_empty());

    // Each id a person was shown is in the log, with the cause.
    let events = log_events(&log);
    let logged_ids: Vec<&str> = events
        .iter()
        .filter(|event| message_of(event) == "command failed: database unavailable")
        .filter_map(|event| event["fields"]["error_id"].as_str())
        .collect();
    for s in &sent {
        if let Answer::NothingChanged(id) | Answer::OutcomeUnknown(id) = &s.answer {
            assert!(
                !id.is_empty() && logged_ids.contains(&id.as_str()),
                "error id {id:?} shown to a person is logged"
            );
        }
    }
    // The outbox worker logged the outage, backed off, and said when it was over.
    let worker_failed = events.iter().any(|event| {
        message_of(event) == "outbox round failed; will retry"
            && event["fields"]["database_unavailable"] == true
    });
    assert!(worker_failed, "the outbox worker logged the outage");
    assert!(
        events
            .iter()
            .any(|event| message_of(event) == "outbox round works again"),
        "the outbox worker logged its recovery"
    );

    // What was answered as done is stored; what was answered "nothing was
    // changed" is not; only the commands with an unknown outcome may go either way.
    let store = Store::connect(&cluster.url()).await.expect("store opens");
    let stored: Vec<String> = store
        .list_deals(&slack_workspace(TEAM), &DealFilter::default())
        .await
        .expect("deals")
        .into_iter()
        .map(|deal| deal.name)
        .collect();
    store.close().await;
    for s in &sent {
        match &s.answer {
            Answer::Done => assert!(
                stored.contains(&s.name),
                "acknowledged `{}` was lost",
                s.name
            ),
            Answer::NothingChanged(_) => assert!(
                !stored.contains(&s.name),
                "`{}` was stored although the person was told nothing was changed",
                s.name
            ),
            _ => {}
        }
    }
    let count = |wanted: fn(&Answer) -> bool| sent.iter().filter(|s| wanted(&s.answer)).count();
    eprintln!(
        "{} commands: {} done, {} told nothing changed, {} told the outcome is unknown; \
         {} stored; back {recovery:?} after the start, {} /readyz 503s while down",
        sent.len(),
        count(|a| matches!(a, Answer::Done)),
        count(|a| matches!(a, Answer::NothingChanged(_))),
        count(|a| matches!(a, Answer::OutcomeUnknown(_))),
        stored.len(),
        readyz_while_down.len(),
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_scheduler_tick_while_postgres_is_down_fails_fast_and_the_next_one_fires() {
    let Some(cluster) = PostgresCluster::start() else {
        return;
    };
    let store = Store::connect(&cluster.url()).await.expect("store opens");
    store.migrate().await.expect("migrated");
    let mut settings = shipped_settings();
    settings.nags.enabled = false;
    // The app `dealbot shell` builds, its clock turned by hand: the tick is
    // called by the test, not by the scheduler's own loop.
    let app = dealbot_tests::Session::with_settings(&store, settings, TEAM, REP)
        .await
        .app;
    // A digest every minute, set up long enough ago that the last one is owed.
    store
        .subscribe(&NewSubscription {
            workspace: TEAM.to_string(),
            platform: "slack".to_string(),
            channel: CHANNEL.to_string(),
            cron: "* * * * *".to_string(),
            timezone: "UTC".to_string(),
            pipeline: None,
            owner: None,
            created_by: REP.to_string(),
            at: chrono::Utc::now() - chrono::Duration::minutes(10),
            chart: false,
        })
        .await
        .expect("subscribed");
    tokio::task::block_in_place(|| cluster.stop());
    let started = Instant::now();
    app.clock().set(chrono::Utc::now());
    let failed = app.fire_due().await;
    let took = started.elapsed();
    let error = failed.expect_err("no tick without the database");
    assert_eq!(
        error.chain().find_map(Unavailable::of),
        Some(Unavailable::NotReached),
        "the failure is seen as the database being unavailable: {error:#}"
    );
    assert!(took < SLACK_DEADLINE, "the tick gave up after {took:?}");

    tokio::task::block_in_place(|| cluster.start_again());
    app.clock().set(chrono::Utc::now());
    let report = app
        .fire_due()
        .await
        .expect("the next tick works on the same store");
    assert_eq!(report.digests, 1, "the owed digest fires: {report:?}");
    let outbox = store.outbox_report(TEAM).await.expect("outbox report");
    assert_eq!(outbox.waiting, 1, "the digest is queued for delivery");
    store.close().await;
}
