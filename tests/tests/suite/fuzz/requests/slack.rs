//! Slack's routes under generated requests: forms shaped like slash commands
//! and interaction payloads (some of them real commands the core runs), and
//! anything else, signed with HMAC-SHA256 as Slack signs.

use dealbot_tests::raw_http::Response;
use dealbot_tests::slack_bot::{sign_bytes, SlackBot, SIGNING_SECRET};
use dealbot_tests::Contents;
use proptest::prelude::*;
use serde_json::json;

use super::{content_type, fuzz, in_process_run, over_tcp_run, runtime, signing, Body};
use super::{Generated, Platform, Signing, Transport};
use crate::fuzz::corpus;
use crate::fuzz::runner::Run;

const TEAM: &str = "T0FUZZ";
const COMMANDS: &str = "/slack/commands";
const INTERACTIONS: &str = "/slack/interactions";

struct Slack {
    /// Where replies too long for one message go: the fake's hook.
    response_url: String,
}

/// Words that make generated bodies look like what Slack sends.
const PIECES: &[&str] = &[
    "team_id=T0FUZZ",
    "user_id=U0FUZZ",
    "channel_id=C-PIPELINE",
    "command=%2Fdeal",
    "text=new+Fuzz+1k",
    "text=help",
    "text=stage+D-1+won",
    "trigger_id=t",
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

/// What people type after `/deal`, more or less.
fn command_text() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        4 => proptest::sample::select(&[
            "new", "stage", "next", "done", "help", "list", "show", "D-1", "D-2", "acme",
            "\"Fuzz Co\"", "1k", "won", "lost", "tomorrow", "<@U0FUZZ>", "&amp;", "&lt;", "<!channel>",
        ][..]).prop_map(str::to_string),
        1 => "\\PC{0,12}",
    ];
    proptest::collection::vec(word, 0..6).prop_map(|words| words.join(" "))
}

impl Slack {
    /// A slash command's form as Slack posts it, `text` typed, `i` making it unique.
    fn command_form(&self, text: &str, i: u32) -> String {
        serde_urlencoded::to_string([
            ("team_id", TEAM),
            ("team_domain", "fuzz"),
            ("channel_id", "C-PIPELINE"),
            ("user_id", "U0FUZZ"),
            ("command", "/deal"),
            ("text", text),
            ("response_url", &self.response_url),
            ("trigger_id", &format!("t.{i}")),
        ])
        .unwrap_or_default()
    }

    /// An interaction form: a payload of `kind`, a click carrying `value` when
    /// `with_action`, without the fields whose bits are set in `drop`.
    fn interaction_form(&self, kind: &str, value: &str, with_action: bool, drop: u16) -> String {
        let mut payload = json!({
            "type": kind,
            "team": {"id": TEAM},
            "user": {"id": "U0FUZZ", "team_id": TEAM},
            "api_app_id": "A0FUZZ",
            "container": {"type": "message", "message_ts": "1.2", "channel_id": "C-PIPELINE"},
            "trigger_id": "t",
            "channel": {"id": "C-PIPELINE"},
            "response_url": self.response_url,
            "actions": [{"type": "button", "action_id": "button-0", "block_id": "b", "value": value, "action_ts": "1.3"}],
        });
        if !with_action {
            payload["actions"] = json!([]);
        }
        if let Some(object) = payload.as_object_mut() {
            let keys: Vec<String> = object.keys().cloned().collect();
            for (i, key) in keys.iter().enumerate() {
                if drop & (1 << i) != 0 {
                    object.remove(key);
                }
            }
        }
        serde_urlencoded::to_string([("payload", payload.to_string())]).unwrap_or_default()
    }
}

impl Platform for Slack {
    const ROUTES: &'static [&'static str] = &[COMMANDS, INTERACTIONS];
    const MEDIA_TYPE: &'static str = "application/x-www-form-urlencoded";
    const BODY_LIMIT: usize = dealbot::adapters::slack::BODY_LIMIT;
    const SIGNATURE_HEADER: &'static str = "x-slack-signature";

    fn requests(&self) -> BoxedStrategy<Generated> {
        let commands = {
            let this = Slack {
                response_url: self.response_url.clone(),
            };
            (command_text(), any::<u32>()).prop_map(move |(text, i)| this.command_form(&text, i))
        };
        let clicks = {
            let this = Slack {
                response_url: self.response_url.clone(),
            };
            let kinds = proptest::sample::select(
                &[
                    "block_actions",
                    "view_submission",
                    "shortcut",
                    "message_action",
                    "frobnicate",
                    "",
                ][..],
            );
            let drop = prop_oneof![3 => Just(0u16), 1 => any::<u16>()];
            (kinds, command_text(), any::<bool>(), drop).prop_map(
                move |(kind, value, with_action, drop)| {
                    this.interaction_form(kind, &value, with_action, drop)
                },
            )
        };
        // Mostly to the route each shape belongs to, sometimes to the other.
        let route = |usual: &'static str, other: &'static str| prop_oneof![9 => Just(usual), 1 => Just(other)];
        let routed_body = prop_oneof![
            30 => (route(COMMANDS, INTERACTIONS), commands.prop_map(String::into_bytes)),
            20 => (route(INTERACTIONS, COMMANDS), clicks.prop_map(String::into_bytes)),
            20 => (
                proptest::sample::select(Self::ROUTES),
                proptest::collection::vec(proptest::sample::select(PIECES), 0..8)
                    .prop_map(|pieces| pieces.join("&").into_bytes()),
            ),
            15 => (proptest::sample::select(Self::ROUTES), ".{0,200}".prop_map(String::into_bytes)),
            10 => (
                proptest::sample::select(Self::ROUTES),
                proptest::collection::vec(any::<u8>(), 0..200),
            ),
            1 => (
                proptest::sample::select(Self::ROUTES),
                Just(vec![b'x'; Self::BODY_LIMIT + 1]),
            ),
        ];
        (content_type(Self::MEDIA_TYPE), signing(), routed_body)
            .prop_map(|(content_type, signing, (path, body))| Generated {
                path,
                content_type,
                signing,
                body: Body(body),
            })
            .boxed()
    }

    fn sign(&self, signing: &Signing, now: i64, body: &[u8]) -> Vec<(&'static str, String)> {
        let ts = now.to_string();
        match signing {
            Signing::Missing => vec![],
            Signing::NoTimestamp => {
                vec![(
                    Self::SIGNATURE_HEADER,
                    sign_bytes(SIGNING_SECRET, &ts, body),
                )]
            }
            Signing::Garbage(text) => vec![
                ("x-slack-request-timestamp", ts),
                (Self::SIGNATURE_HEADER, text.clone()),
            ],
            Signing::WrongKey => vec![
                ("x-slack-request-timestamp", ts.clone()),
                (
                    Self::SIGNATURE_HEADER,
                    sign_bytes("not-the-secret", &ts, body),
                ),
            ],
            Signing::Valid { skew } => {
                let at = (now + skew).to_string();
                vec![
                    (
                        Self::SIGNATURE_HEADER,
                        sign_bytes(SIGNING_SECRET, &at, body),
                    ),
                    ("x-slack-request-timestamp", at),
                ]
            }
        }
    }

    fn served_wrongly(&self, path: &str, answer: &Response) -> Option<String> {
        match path {
            COMMANDS if !answer.is("application/json") => {
                Some(format!("a command's answer is not JSON: {answer:?}"))
            }
            COMMANDS => serde_json::from_str::<serde_json::Value>(&answer.body)
                .err()
                .map(|error| format!("a command's answer is not JSON ({error}): {answer:?}")),
            _ if !answer.body.is_empty() => {
                Some(format!("an interaction is acknowledged empty: {answer:?}"))
            }
            _ => None,
        }
    }
}

fn fuzz_slack(run: &Run, over_tcp: bool) {
    let runtime = runtime();
    let (db, bot, contents) = runtime.block_on(async {
        let db = dealbot_tests::sqlite().await;
        let bot = SlackBot::start_quiet(&db.store).await;
        let contents = Contents::of(&db).await;
        (db, bot, contents)
    });
    let slack = Slack {
        response_url: bot.fake.response_url("fuzz"),
    };
    let transport = if over_tcp {
        Transport::Tcp(bot.addr)
    } else {
        Transport::InProcess(bot.router.clone())
    };
    fuzz(run, &slack, corpus::SLACK, &transport, &contents, &runtime);
    runtime.block_on(async {
        assert_eq!(
            bot.command(TEAM, "U0FUZZ", "help").await.status,
            200,
            "still serving"
        );
        contents.close().await;
        drop(bot);
        db.finish().await;
    });
}

#[test]
fn slack_in_process() {
    let run = in_process_run("fuzz::requests::slack::slack_in_process");
    fuzz_slack(&run, false);
}

#[test]
fn slack_over_tcp() {
    let run = over_tcp_run("fuzz::requests::slack::slack_over_tcp");
    fuzz_slack(&run, true);
}
