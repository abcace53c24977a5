//! Slash-command load: the real bot's HTTP server (signature check, parse,
//! durable write, rendered reply) on loopback, driven by a load generator with
//! a fixed number of keep-alive connections sending signed `/deal stage` and
//! `/deal next` commands over many deals; and a bare axum handler that answers
//! 200 with no work, driven the same way, as the floor of the machine.
//! Every run is bounded in commands and in time.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use axum::routing::post;
use axum::Router;
use dealbot::clock::Clock;
use dealbot_storage::Store;
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;

use super::usage::Usage;
use crate::shipped_settings;
use crate::slack_bot::{http_client, sign, SIGNING_SECRET};

/// The Slack team the pre-created deals belong to (see [`super::fill::fill`]).
pub const TEAM: &str = "bench";

/// How a load run is driven.
#[derive(Debug, Clone, Copy)]
pub struct Load {
    /// Concurrent keep-alive connections.
    pub connections: usize,
    /// Commands to send at most.
    pub commands: usize,
    /// Commands per second to pace at; `None`: as fast as answers come.
    pub rate: Option<u32>,
    /// Stop sending after this long whatever the count.
    pub time_limit: Duration,
    /// Deals `D-1` … `D-deals` the commands spread over.
    pub deals: usize,
    /// The index of the first command: runs against one bot start where the
    /// last ended, so that no two requests are alike (a replay is refused).
    pub first: usize,
}

/// What a load run measured.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// Commands answered with a success.
    pub ok: usize,
    /// Commands refused, failed or answered with a warning.
    pub failed: usize,
    pub elapsed: Duration,
    /// Latency of every successful command, sorted.
    pub latencies: Vec<Duration>,
    /// What the run cost the whole process: server and load generator together.
    pub usage: Usage,
}

impl Outcome {
    pub fn throughput(&self) -> f64 {
        self.ok as f64 / self.elapsed.as_secs_f64().max(f64::EPSILON)
    }

    /// The `q` quantile (0..=1) of the latencies.
    pub fn quantile(&self, q: f64) -> Duration {
        if self.latencies.is_empty() {
            return Duration::ZERO;
        }
        let index = ((self.latencies.len() - 1) as f64 * q).round() as usize;
        self.latencies[index.min(self.latencies.len() - 1)]
    }

    pub fn max(&self) -> Duration {
        self.latencies.last().copied().unwrap_or_default()
    }
}

/// A running server: the bot as `dealbot run` assembles it (with the fake
/// Slack it answers time-zone lookups from), or the bare handler's task.
pub struct Served {
    pub addr: SocketAddr,
    bot: Option<(crate::served::Served, crate::fake_slack::FakeSlack)>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl Drop for Served {
    fn drop(&mut self) {
        if let Some(task) = &self.task {
            task.abort();
        }
        self.bot.take();
    }
}

async fn serve(app: Router) -> anyhow::Result<Served> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let task = tokio::spawn(async move {
        if let Err(error) = axum::serve(listener, app).await {
            eprintln!("server stopped: {error}");
        }
    });
    Ok(Served {
        addr,
        bot: None,
        task: Some(task),
    })
}

/// The bot over `store` as `dealbot run` assembles it for Slack, configured
/// as shipped, with a fake Slack for the Web API (each user's time zone is
/// looked up once, then cached, as in production).
pub async fn serve_bot(store: &Store) -> anyhow::Result<Served> {
    let fake = crate::fake_slack::FakeSlack::start().await;
    let mut settings = shipped_settings();
    settings.slack.api_url = fake.api_url();
    let served = crate::served::Served::start(
        settings,
        crate::slack_bot::slack_secrets(),
        store,
        Clock::system(),
    )
    .await;
    Ok(Served {
        addr: served.addr,
        bot: Some((served, fake)),
        task: None,
    })
}

/// A handler that answers 200 with no work, on the same path.
pub async fn serve_bare() -> anyhow::Result<Served> {
    let app = Router::new().route("/slack/commands", post(|| async { StatusCode::OK }));
    serve(app).await
}

/// The `i`th command: alternately a stage move and a next step, over the deals.
fn command_text(i: usize, deals: usize) -> (String, String) {
    const STAGES: [&str; 5] = [
        "Prospecting",
        "Building Rapport",
        "Qualifying",
        "Presenting",
        "Closing",
    ];
    let deal = i % deals + 1;
    let user = format!("rep{}", deal % 1000);
    let text = if i % 2 == 0 {
        format!("stage D-{deal} \"{}\"", STAGES[(i / deals) % STAGES.len()])
    } else {
        format!("next D-{deal} call back round {i} tomorrow")
    };
    (user, text)
}

/// The slash command's form; `i` makes its `trigger_id` unique, as Slack's are
/// (the bot refuses a second request with the same signature as a replay).
fn form(i: usize, user: &str, text: &str) -> String {
    serde_urlencoded::to_string([
        ("token", "deprecated-verification-token"),
        ("team_id", TEAM),
        ("team_domain", "bench"),
        ("channel_id", "C-PIPELINE"),
        ("channel_name", "pipeline"),
        ("user_id", user),
        ("user_name", user),
        ("command", "/deal"),
        ("text", text),
        ("api_app_id", "A0DEALBOT"),
        ("response_url", "http://127.0.0.1:9/hook"),
        ("trigger_id", &format!("13345224609.738474920.{i}")),
    ])
    .unwrap_or_default()
}

/// Drives `addr` with `load`; a command counts as done when answered 200
/// without a warning (the bot's refusals are 200s with `:warning:`).
pub async fn drive(addr: SocketAddr, load: Load) -> Outcome {
    let next = Arc::new(AtomicUsize::new(load.first));
    let usage_before = Usage::now();
    let started = Instant::now();
    let deadline = started + load.time_limit;
    let mut workers = Vec::new();
    for _ in 0..load.connections {
        let next = next.clone();
        workers.push(tokio::spawn(async move {
            // One client per worker: one keep-alive connection each.
            let http = http_client();
            let mut latencies = Vec::new();
            let mut failed = 0;
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= load.first + load.commands || Instant::now() >= deadline {
                    break;
                }
                // Paced: latency counts from when the command was due, so a slow
                // answer that delays the next ones is not hidden.
                let due = match load.rate {
                    Some(rate) => {
                        let sent = (i - load.first) as f64;
                        let due = started + Duration::from_secs_f64(sent / f64::from(rate));
                        tokio::time::sleep_until(due.into()).await;
                        due
                    }
                    None => Instant::now(),
                };
                let (user, text) = command_text(i, load.deals);
                let body = form(i, &user, &text);
                let timestamp = chrono::Utc::now().timestamp();
                let signature = sign(SIGNING_SECRET, timestamp, &body);
                let request = hyper::Request::post(format!("http://{addr}/slack/commands"))
                    .header("content-type", "application/x-www-form-urlencoded")
                    .header("x-slack-request-timestamp", timestamp.to_string())
                    .header("x-slack-signature", signature)
                    .body(Full::new(Bytes::from(body)));
                let Ok(request) = request else {
                    failed += 1;
                    continue;
                };
                let answer = tokio::time::timeout(Duration::from_secs(10), async {
                    let response = http.request(request).await.ok()?;
                    let status = response.status();
                    let body = response.into_body().collect().await.ok()?.to_bytes();
                    Some((status, body))
                })
                .await;
                match answer {
                    Ok(Some((status, body)))
                        if status == StatusCode::OK
                            && !String::from_utf8_lossy(&body).contains(":warning:") =>
                    {
                        latencies.push(due.elapsed());
                    }
                    Ok(Some((status, body))) => {
                        failed += 1;
                        if failed == 1 {
                            eprintln!(
                                "  a refused command `{text}`: {status} {}",
                                String::from_utf8_lossy(&body)
                            );
                        }
                    }
                    _ => failed += 1,
                }
            }
            (latencies, failed)
        }));
    }
    let mut latencies = Vec::new();
    let mut failed = 0;
    for worker in workers {
        if let Ok((mine, theirs)) = worker.await {
            latencies.extend(mine);
            failed += theirs;
        }
    }
    let elapsed = started.elapsed();
    let usage = Usage::now().since(usage_before);
    latencies.sort();
    Outcome {
        ok: latencies.len(),
        failed,
        elapsed,
        latencies,
        usage,
    }
}
