//! Bad input at scale on the request path: generated bodies, headers,
//! timestamps and signatures sent over HTTP to the real Slack and Discord
//! routes. Never a panic (the server keeps answering), never a 2xx without a
//! valid signature, never a stored change from a refused request. The number of
//! generated requests per platform is `DEALBOT_TEST_REQUEST_FUZZ_CASES`
//! (default 300, 2,000 under CI: each is a real HTTP round trip).

use std::future::Future;

use dealbot_tests::discord_app::{command, DiscordApp};
use dealbot_tests::slack_bot::{now, sign, SlackBot, SIGNING_SECRET};
use dealbot_tests::TestDb;
use ed25519_dalek::SigningKey;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

const TEAM: &str = "T0FUZZ";
const GUILD: &str = "100000000000000001";

fn cases() -> u32 {
    let default = if std::env::var_os("CI").is_some() {
        2_000
    } else {
        300
    };
    std::env::var("DEALBOT_TEST_REQUEST_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}

/// How a generated request is signed.
#[derive(Debug, Clone)]
enum Signing {
    Missing,
    NoTimestamp,
    Garbage(String),
    WrongKey,
    /// Correctly signed, `skew` seconds away from now.
    Valid {
        skew: i64,
    },
}

impl Signing {
    /// Whether the bot must refuse it; `false` also for timestamps within a
    /// few seconds of the 300 s window's edge, where the clock may tip it.
    fn must_be_refused(&self) -> bool {
        match self {
            Signing::Valid { skew } => skew.abs() > 310,
            _ => true,
        }
    }
}

fn signing() -> impl Strategy<Value = Signing> {
    prop_oneof![
        Just(Signing::Missing),
        Just(Signing::NoTimestamp),
        ".{0,80}".prop_map(Signing::Garbage),
        Just(Signing::WrongKey),
        prop_oneof![-2_000i64..2_000, -5i64..5].prop_map(|skew| Signing::Valid { skew }),
    ]
}

/// Words that make generated bodies look like what the platforms send.
const PIECES: &[&str] = &[
    "team_id=T0FUZZ",
    "user_id=U0FUZZ",
    "channel_id=C-PIPELINE",
    "command=%2Fdeal",
    "text=new+Fuzz+1k",
    "text=help",
    "text=stage+D-1+won",
    "payload=%7B%7D",
    "payload=%7B%22type%22%3A%22block_actions%22%7D",
    "payload=%7B%22type%22%3A%22view_submission%22%2C%22team%22%3A%7B%22id%22%3A%22T0FUZZ%22%7D%7D",
    "payload=not-json",
    "response_url=http%3A%2F%2F127.0.0.1%3A1%2Fhook",
    "&",
    "=",
    "%",
    "%ZZ",
    "\u{0}",
    "é",
];

fn slack_body() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::collection::vec(proptest::sample::select(PIECES), 0..8)
            .prop_map(|pieces| pieces.join("&")),
        ".{0,200}",
    ]
}

fn discord_body() -> impl Strategy<Value = String> {
    let interaction = (0u8..12, "[a-z]{0,10}").prop_map(|(kind, name)| {
        let mut value = command(GUILD, "200000000000000001", "new", &[]);
        value["type"] = kind.into();
        value["data"]["options"][0]["name"] = name.into();
        value.to_string()
    });
    prop_oneof![
        interaction,
        ".{0,200}",
        Just("{}".to_string()),
        Just("{\"type\":1".to_string()),
        Just("[]".to_string()),
        Just("{\"type\":\"1\"}".to_string()),
    ]
}

/// Runs `cases` generated values through `check` on a multi-threaded runtime
/// (the bot's server runs on its workers while the check drives the client).
fn fuzz<S, F, Fut>(runtime: &tokio::runtime::Runtime, strategy: S, check: F)
where
    S: Strategy,
    F: Fn(S::Value) -> Fut,
    Fut: Future<Output = Result<(), TestCaseError>>,
{
    let mut runner = TestRunner::new(Config {
        cases: cases(),
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&strategy, |value| runtime.block_on(check(value)))
        .expect("no generated request gets past the checks");
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime")
}

async fn slack_deals(bot: &SlackBot) -> usize {
    bot.store
        .list_deals(TEAM, &Default::default())
        .await
        .map(|deals| deals.len())
        .expect("deals readable")
}

#[test]
fn generated_slack_requests_never_get_past_a_bad_signature() {
    let runtime = runtime();
    let (db, bot): (TestDb, SlackBot) = runtime.block_on(async {
        let db = dealbot_tests::sqlite().await;
        let bot = SlackBot::start(&db.store).await;
        (db, bot)
    });
    let paths = prop_oneof![Just("/slack/commands"), Just("/slack/interactions")];
    fuzz(
        &runtime,
        (paths, slack_body(), signing()),
        |(path, body, how)| {
            let bot = &bot;
            async move {
                let before = slack_deals(bot).await;
                let ts = now();
                let headers: Vec<(&str, String)> = match &how {
                    Signing::Missing => vec![],
                    Signing::NoTimestamp => {
                        vec![("x-slack-signature", sign(SIGNING_SECRET, ts, &body))]
                    }
                    Signing::Garbage(text) => vec![
                        ("x-slack-request-timestamp", ts.to_string()),
                        ("x-slack-signature", text.clone()),
                    ],
                    Signing::WrongKey => vec![
                        ("x-slack-request-timestamp", ts.to_string()),
                        ("x-slack-signature", sign("not-the-secret", ts, &body)),
                    ],
                    Signing::Valid { skew } => vec![
                        ("x-slack-request-timestamp", (ts + skew).to_string()),
                        ("x-slack-signature", sign(SIGNING_SECRET, ts + skew, &body)),
                    ],
                };
                // Headers that are not valid HTTP header values cannot be sent at all.
                if headers
                    .iter()
                    .any(|(_, value)| hyper::header::HeaderValue::from_str(value).is_err())
                {
                    return Ok(());
                }
                let answer = bot.post(path, body.clone().into_bytes(), &headers).await;
                prop_assert!(
                    answer.status < 500,
                    "{path} {how:?} {body:?}: {} {}",
                    answer.status,
                    answer.body
                );
                if how.must_be_refused() {
                    prop_assert_eq!(answer.status, 401, "{} {:?} {:?}", path, how, body);
                }
                if !(200..300).contains(&answer.status) {
                    prop_assert_eq!(slack_deals(bot).await, before, "refused, yet stored");
                }
                Ok(())
            }
        },
    );
    runtime.block_on(async {
        // Still serving, and nothing reached Slack from a refused request.
        assert_eq!(bot.command(TEAM, "U0FUZZ", "help").await.status, 200);
        drop(bot);
        db.finish().await;
    });
}

#[test]
fn generated_discord_requests_never_get_past_a_bad_signature() {
    let runtime = runtime();
    let (db, app) = runtime.block_on(async {
        let db = dealbot_tests::sqlite().await;
        let app = DiscordApp::spawn(&db.store).await;
        (db, app)
    });
    let stranger = SigningKey::from_bytes(&[9u8; 32]);
    fuzz(&runtime, (discord_body(), signing()), |(body, how)| {
        let app = &app;
        let stranger = &stranger;
        let store = &db.store;
        async move {
            let deals = || async { store.deal_names(GUILD).await.expect("names").len() };
            let before = deals().await;
            let ts = now();
            let (signature, timestamp) = match &how {
                Signing::Missing => (None, None),
                Signing::NoTimestamp => (
                    Some(DiscordApp::sign_with(app.key(), &ts.to_string(), &body)),
                    None,
                ),
                Signing::Garbage(text) => (Some(text.clone()), Some(ts.to_string())),
                Signing::WrongKey => (
                    Some(DiscordApp::sign_with(stranger, &ts.to_string(), &body)),
                    Some(ts.to_string()),
                ),
                Signing::Valid { skew } => {
                    let at = (ts + skew).to_string();
                    (Some(DiscordApp::sign_with(app.key(), &at, &body)), Some(at))
                }
            };
            if signature
                .iter()
                .any(|value| reqwest::header::HeaderValue::from_str(value).is_err())
            {
                return Ok(());
            }
            let answer = app
                .post_raw(&body, signature.as_deref(), timestamp.as_deref())
                .await;
            prop_assert!(
                answer.status < 500,
                "{how:?} {body:?}: {} {}",
                answer.status,
                answer.json
            );
            if how.must_be_refused() {
                prop_assert_eq!(answer.status, 401, "{:?} {:?}", how, body);
            }
            if !(200..300).contains(&answer.status) {
                prop_assert_eq!(deals().await, before, "refused, yet stored");
            }
            Ok(())
        }
    });
    runtime.block_on(async {
        let pong = app
            .send(&serde_json::json!({"id": "1", "application_id": "1", "type": 1, "token": "t", "version": 1}))
            .await;
        assert_eq!(pong.status, 200, "still serving");
        drop(app);
        db.finish().await;
    });
}
