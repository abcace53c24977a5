//! The whole bot behind its HTTP server with Slack pointed at a [`FakeSlack`]:
//! requests are signed here with our own HMAC code (not the bot's), sent over
//! real HTTP, and what Slack would show is read back from the responses and
//! from the fake's `response_url` records.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};

use dealbot::clock::Clock;
use dealbot_storage::Store;
use hmac::{Hmac, Mac};
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use serde_json::{json, Value};
use sha2::Sha256;

use crate::fake_slack::{FakeSlack, BOT_TOKEN};
use crate::served::{secrets, Served};
use crate::session::shipped_settings;

/// The signing secret the bot under test is configured with.
pub const SIGNING_SECRET: &str = "8f742231b10e8888abcd99yyyzzz85a5";

/// The channel commands are typed in (the bot is a member).
pub const CHANNEL: &str = "C-PIPELINE";

/// An HTTP answer: status and body.
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    pub body: String,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|error| panic!("not JSON ({error}): {}", self.body))
    }

    /// Whether the answer to a modal's submission keeps the form open with an
    /// inline error under `field`, as Slack shows one.
    pub fn has_form_error(&self, field: &str) -> bool {
        self.json()["errors"][field].is_string()
    }
}

/// `dealbot run` for Slack (the app as it assembles it) on a free port, with
/// Slack faked.
pub struct SlackBot {
    pub addr: SocketAddr,
    /// The routes the server serves, to call in-process.
    pub router: axum::Router,
    pub fake: FakeSlack,
    pub store: Store,
    /// The running app.
    pub served: Served,
    http: Client<HttpConnector, Full<Bytes>>,
    hooks: AtomicUsize,
}

/// The secrets `dealbot run` gets for Slack over HTTP: the test signing secret
/// and the fake's bot token.
pub fn slack_secrets() -> dealbot::config::Secrets {
    secrets(&[
        ("SLACK_SIGNING_SECRET", SIGNING_SECRET),
        ("SLACK_BOT_TOKEN", BOT_TOKEN),
    ])
}

impl SlackBot {
    /// Starts the bot over `store` (configured as shipped) and a fresh fake
    /// Slack, on the system clock.
    pub async fn start(store: &Store) -> SlackBot {
        SlackBot::start_with(store, shipped_settings(), Clock::system()).await
    }

    /// [`SlackBot::start`] on a manual clock set to now, so the scheduler and
    /// worker loops stay still: whatever the store holds afterwards was
    /// stored by the requests a test sends.
    pub async fn start_quiet(store: &Store) -> SlackBot {
        SlackBot::start_with(store, shipped_settings(), Clock::manual(chrono::Utc::now())).await
    }

    /// Starts the bot over `store` with `settings` (its Slack URL pointed at a
    /// fresh fake) and `clock`.
    pub async fn start_with(
        store: &Store,
        settings: dealbot::config::Settings,
        clock: Clock,
    ) -> SlackBot {
        SlackBot::start_on(store, FakeSlack::start().await, settings, clock).await
    }

    /// Another replica: the bot over `store` (configured as shipped, on a
    /// manual clock set to now) talking to the same Slack as `first`.
    pub async fn replica_of(first: &SlackBot, store: &Store) -> SlackBot {
        let clock = Clock::manual(chrono::Utc::now());
        SlackBot::start_on(store, first.fake.clone(), shipped_settings(), clock).await
    }

    /// Starts the bot over `store` with `settings` pointed at `fake`, and `clock`.
    pub async fn start_on(
        store: &Store,
        fake: FakeSlack,
        mut settings: dealbot::config::Settings,
        clock: Clock,
    ) -> SlackBot {
        settings.slack.api_url = fake.api_url();
        let served = Served::start(settings, slack_secrets(), store, clock).await;
        SlackBot {
            addr: served.addr,
            router: served.app.router(),
            fake,
            store: store.clone(),
            served,
            http: http_client(),
            hooks: AtomicUsize::new(0),
        }
    }

    /// Fires what is due and delivers what is queued, now.
    pub async fn catch_up(&self) {
        self.served.catch_up().await;
    }

    /// A fresh response URL on the fake.
    pub fn new_hook(&self) -> (String, String) {
        let id = format!("hook-{}", self.hooks.fetch_add(1, Ordering::SeqCst));
        let url = self.fake.response_url(&id);
        (id, url)
    }

    /// The slash command's form body, as Slack sends it.
    pub fn command_body(&self, team: &str, user: &str, text: &str, response_url: &str) -> String {
        command_form(team, user, text, response_url)
    }

    /// `/deal <text>` typed by `user` of `team`, signed now; the HTTP answer.
    pub async fn command(&self, team: &str, user: &str, text: &str) -> Answer {
        let (_, url) = self.new_hook();
        let body = self.command_body(team, user, text, &url);
        self.post_signed("/slack/commands", &body, now()).await
    }

    /// `/deal <text>` typed by `user` of `team` in `channel`, which the slash
    /// command names `channel_name` (Slack sends `privategroup` for some
    /// private channels), signed now; the HTTP answer.
    pub async fn command_in(
        &self,
        team: &str,
        user: &str,
        (channel, channel_name): (&str, &str),
        text: &str,
    ) -> Answer {
        let (_, url) = self.new_hook();
        let body = command_form_in(team, user, (channel, channel_name), text, &url);
        self.post_signed("/slack/commands", &body, now()).await
    }

    /// Like [`SlackBot::command`], and the command must have succeeded: its
    /// response body, which must be a message Slack accepts.
    pub async fn ok(&self, team: &str, user: &str, text: &str) -> Value {
        let answer = self.command(team, user, text).await;
        assert_eq!(answer.status, 200, "`{text}`: {}", answer.body);
        let message = answer.json();
        crate::fake_slack::check_message(&message).unwrap_or_else(|code| {
            panic!("Slack would refuse the answer to `{text}` ({code}): {message}")
        });
        assert!(
            !text_of(&message).contains(":warning:"),
            "`{text}` was refused: {}",
            text_of(&message)
        );
        message
    }

    /// A click on the element labelled `label` (a button, or a stage in the
    /// menu) of `message`, by `user` of `team`; the response URL id its answers
    /// go to, and the HTTP status.
    pub async fn click(
        &self,
        team: &str,
        user: &str,
        message: &Value,
        label: &str,
    ) -> (String, u16) {
        let (id, url) = self.new_hook();
        let status = self
            .click_with(team, user, message, label, Some(&url))
            .await;
        (id, status)
    }

    /// A click whose payload carries `response_url`, or none (as from some
    /// surfaces); the HTTP status.
    pub async fn click_with(
        &self,
        team: &str,
        user: &str,
        message: &Value,
        label: &str,
        response_url: Option<&str>,
    ) -> u16 {
        let body = click_body(team, user, message, label, response_url);
        self.post_signed("/slack/interactions", &body, now())
            .await
            .status
    }

    /// POSTs `body` signed with [`SIGNING_SECRET`] at `timestamp`.
    pub async fn post_signed(&self, path: &str, body: &str, timestamp: i64) -> Answer {
        let signature = sign(SIGNING_SECRET, timestamp, body);
        self.post(
            path,
            body.as_bytes().to_vec(),
            &[
                ("x-slack-request-timestamp", timestamp.to_string()),
                ("x-slack-signature", signature),
            ],
        )
        .await
    }

    /// An Events API envelope, signed now and posted as JSON to
    /// `/slack/events`, with `X-Slack-Retry-Num` when `retry` is given.
    pub async fn event(&self, envelope: &Value, retry: Option<u32>) -> Answer {
        let body = envelope.to_string();
        let timestamp = now();
        let mut headers = vec![
            ("content-type", "application/json".to_string()),
            ("x-slack-request-timestamp", timestamp.to_string()),
            ("x-slack-signature", sign(SIGNING_SECRET, timestamp, &body)),
        ];
        if let Some(retry) = retry {
            headers.push(("x-slack-retry-num", retry.to_string()));
            headers.push(("x-slack-retry-reason", "http_timeout".to_string()));
        }
        self.post("/slack/events", body.into_bytes(), &headers)
            .await
    }

    /// `/deal <text>` typed by `user` of `team`, with a trigger id the fake
    /// issued (so it may open a modal); the HTTP answer.
    pub async fn command_with_trigger(&self, team: &str, user: &str, text: &str) -> Answer {
        let (_, url) = self.new_hook();
        let body = command_form(team, user, text, &url);
        let body = body.replace(
            &format!("trigger_id={}", trigger_in(&body)),
            &format!("trigger_id={}", self.fake.issue_trigger()),
        );
        self.post_signed("/slack/commands", &body, now()).await
    }

    /// An interaction `payload` (JSON), signed now; the HTTP answer.
    pub async fn interaction(&self, payload: &Value) -> Answer {
        let body =
            serde_urlencoded::to_string([("payload", payload.to_string())]).expect("form encodes");
        self.post_signed("/slack/interactions", &body, now()).await
    }

    /// POSTs `body` with exactly `headers` (plus the form content type).
    pub async fn post(&self, path: &str, body: Vec<u8>, headers: &[(&str, String)]) -> Answer {
        post_form(&self.http, self.addr, path, body, headers)
            .await
            .expect("the bot answers")
    }
}

/// The trigger id written in a form `body`.
fn trigger_in(body: &str) -> String {
    serde_urlencoded::from_str::<Vec<(String, String)>>(body)
        .expect("a form")
        .into_iter()
        .find(|(name, _)| name == "trigger_id")
        .map(|(_, value)| value)
        .expect("a trigger id")
}

/// `/deal <text>` by `user` of `team` in [`CHANNEL`], as the form Slack posts.
pub fn command_form(team: &str, user: &str, text: &str, response_url: &str) -> String {
    command_form_in(team, user, (CHANNEL, "pipeline"), text, response_url)
}

/// [`command_form`] typed in `channel`, named `channel_name`.
pub fn command_form_in(
    team: &str,
    user: &str,
    (channel, channel_name): (&str, &str),
    text: &str,
    response_url: &str,
) -> String {
    serde_urlencoded::to_string([
        ("token", "deprecated-verification-token"),
        ("team_id", team),
        ("team_domain", "acme"),
        ("channel_id", channel),
        ("channel_name", channel_name),
        ("user_id", user),
        ("user_name", &user.to_lowercase()),
        ("command", "/deal"),
        ("text", text),
        ("api_app_id", "A0DEALBOT"),
        ("response_url", response_url),
        ("trigger_id", &trigger_id()),
    ])
    .expect("form encodes")
}

/// The interaction form Slack posts for a click on the element labelled
/// `label` of `message` by `user` of `team`.
pub fn click_body(
    team: &str,
    user: &str,
    message: &Value,
    label: &str,
    response_url: Option<&str>,
) -> String {
    let action = find_action(message, label)
        .unwrap_or_else(|| panic!("no `{label}` on the message: {message}"));
    let ephemeral = message["response_type"] != "in_channel";
    let mut payload = json!({
        "type": "block_actions",
        "team": {"id": team, "domain": "acme"},
        "user": {"id": user, "username": user.to_lowercase(), "team_id": team},
        "api_app_id": "A0DEALBOT",
        "token": "deprecated-verification-token",
        "container": {
            "type": "message",
            "message_ts": message["ts"].as_str().unwrap_or("1700000000.000100"),
            "channel_id": CHANNEL,
            "is_ephemeral": ephemeral,
        },
        "trigger_id": trigger_id(),
        "channel": {"id": CHANNEL, "name": "pipeline"},
        "actions": [action],
    });
    if let Some(url) = response_url {
        payload["response_url"] = json!(url);
    }
    serde_urlencoded::to_string([("payload", payload.to_string())]).expect("form encodes")
}

/// A plain HTTP client for talking to the bot.
pub fn http_client() -> Client<HttpConnector, Full<Bytes>> {
    Client::builder(TokioExecutor::new()).build_http()
}

/// POSTs a form `body` to `addr` with `headers`; `Err` if nothing answers.
pub async fn post_form(
    http: &Client<HttpConnector, Full<Bytes>>,
    addr: SocketAddr,
    path: &str,
    body: Vec<u8>,
    headers: &[(&str, String)],
) -> Result<Answer, String> {
    let mut request = hyper::Request::post(format!("http://{addr}{path}"));
    if !headers
        .iter()
        .any(|(name, _)| name.eq_ignore_ascii_case("content-type"))
    {
        request = request.header("content-type", "application/x-www-form-urlencoded");
    }
    for (name, value) in headers {
        request = request.header(*name, value);
    }
    let request = request
        .body(Full::new(Bytes::from(body)))
        .map_err(|error| error.to_string())?;
    let response = http
        .request(request)
        .await
        .map_err(|error| error.to_string())?;
    let status = response.status().as_u16();
    let body = response
        .into_body()
        .collect()
        .await
        .map_err(|error| error.to_string())?
        .to_bytes();
    Ok(Answer {
        status,
        body: String::from_utf8_lossy(&body).into_owned(),
    })
}

/// A fresh `trigger_id`: Slack gives every command and click its own, so no
/// two requests it signs are the same.
pub fn trigger_id() -> String {
    format!("13345224609.738474920.{}", uuid::Uuid::new_v4().simple())
}

/// Seconds since the epoch, as Slack's timestamp header.
pub fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// `v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{body}`: Slack's request signature.
pub fn sign(secret: &str, timestamp: i64, body: &str) -> String {
    sign_bytes(secret, &timestamp.to_string(), body.as_bytes())
}

/// [`sign`] for any timestamp header text and any body bytes.
pub fn sign_bytes(secret: &str, timestamp: &str, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("any key length");
    mac.update(b"v0:");
    mac.update(timestamp.as_bytes());
    mac.update(b":");
    mac.update(body);
    format!("v0={}", hex::encode(mac.finalize().into_bytes()))
}

/// All the text a message shows (its blocks' texts and fields), one per line.
pub fn text_of(message: &Value) -> String {
    let mut out = Vec::new();
    for block in message["blocks"].as_array().into_iter().flatten() {
        if let Some(text) = block["text"]["text"].as_str() {
            out.push(text.to_string());
        }
        for field in block["fields"].as_array().into_iter().flatten() {
            out.extend(field["text"].as_str().map(str::to_string));
        }
        if block["type"] == "context" {
            for element in block["elements"].as_array().into_iter().flatten() {
                out.extend(element["text"].as_str().map(str::to_string));
            }
        }
    }
    if out.is_empty() {
        out.extend(message["text"].as_str().map(str::to_string));
    }
    out.join("\n")
}

/// The labels of a message's buttons and menu options.
pub fn actions_of(message: &Value) -> Vec<String> {
    let mut labels = Vec::new();
    for block in message["blocks"].as_array().into_iter().flatten() {
        for element in block["elements"].as_array().into_iter().flatten() {
            if element["type"] == "button" {
                labels.extend(element["text"]["text"].as_str().map(str::to_string));
            }
            for option in element["options"].as_array().into_iter().flatten() {
                labels.extend(option["text"]["text"].as_str().map(str::to_string));
            }
        }
    }
    labels
}

/// The `block_actions` action Slack sends for a click on `label`.
pub fn find_action(message: &Value, label: &str) -> Option<Value> {
    for block in message["blocks"].as_array().into_iter().flatten() {
        let block_id = block["block_id"].clone();
        for element in block["elements"].as_array().into_iter().flatten() {
            if element["type"] == "button" && element["text"]["text"] == label {
                return Some(json!({
                    "type": "button",
                    "action_id": element["action_id"],
                    "block_id": block_id,
                    "text": element["text"],
                    "value": element["value"],
                    "action_ts": "1700000001.000200",
                }));
            }
            for option in element["options"].as_array().into_iter().flatten() {
                if option["text"]["text"] == label {
                    return Some(json!({
                        "type": "static_select",
                        "action_id": element["action_id"],
                        "block_id": block_id,
                        "selected_option": option,
                        "action_ts": "1700000001.000200",
                    }));
                }
            }
        }
    }
    None
}

/// [`crate::scenario::ChatDriver`] for Slack: every user in workspace `team`.
pub struct SlackDriver<'a> {
    pub bot: &'a SlackBot,
    pub team: String,
}

impl crate::scenario::ChatDriver for SlackDriver<'_> {
    async fn command(&self, user: &str, text: &str) -> crate::scenario::Seen {
        let message = self.bot.ok(&self.team, user, text).await;
        seen(message, false)
    }

    async fn click(
        &self,
        user: &str,
        message: &crate::scenario::Seen,
        label: &str,
    ) -> crate::scenario::Seen {
        let (hook, status) = self.bot.click(&self.team, user, &message.raw, label).await;
        assert_eq!(status, 200, "a click is acknowledged");
        let answers = self.bot.fake.responses(&hook);
        let first = answers
            .first()
            .unwrap_or_else(|| panic!("the click on {label} was answered through its response_url"))
            .clone();
        crate::fake_slack::check_message(&first).expect("Slack accepts the answer");
        let replaced = first["replace_original"] == true;
        seen(first, replaced)
    }

    async fn channel_posts(&self) -> Vec<crate::scenario::Seen> {
        self.bot.served.catch_up_paced().await;
        self.bot
            .fake
            .messages_in(CHANNEL)
            .into_iter()
            .map(|posted| {
                let mut message = posted.body;
                message["ts"] = json!(posted.ts);
                message["response_type"] = json!("in_channel");
                seen(message, false)
            })
            .collect()
    }

    fn mention(&self, user: &str) -> String {
        format!("<@{user}>")
    }
}

fn seen(message: Value, replaced: bool) -> crate::scenario::Seen {
    crate::scenario::Seen {
        public: message["response_type"] == "in_channel",
        replaced,
        text: text_of(&message),
        actions: actions_of(&message),
        raw: message,
    }
}

/// Sets `command` (a `dealbot_command!()`) up as `dealbot run` for Slack only:
/// on `database`, serving `127.0.0.1:port`, posting to `fake`, with the test
/// signing secret and bot token, no Socket Mode, no Discord, and no nags (they
/// would post at times the test does not choose).
pub fn slack_run(
    mut command: std::process::Command,
    database: &str,
    port: u16,
    fake: &FakeSlack,
) -> tokio::process::Command {
    command
        .arg("run")
        .env("DATABASE_URL", database)
        .env("DEALBOT_SERVER_BIND", format!("127.0.0.1:{port}"))
        .env("DEALBOT_SERVER_ADMIN_BIND", "127.0.0.1:0")
        .env("DEALBOT_SLACK_API_URL", fake.api_url())
        .env("DEALBOT_NAGS_ENABLED", "false")
        .env("SLACK_SIGNING_SECRET", SIGNING_SECRET)
        .env("SLACK_BOT_TOKEN", BOT_TOKEN)
        .env_remove("SLACK_APP_TOKEN")
        .env_remove("DISCORD_TOKEN")
        .env_remove("DISCORD_PUBLIC_KEY")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null());
    let mut command = tokio::process::Command::from(command);
    command.kill_on_drop(true);
    command
}
