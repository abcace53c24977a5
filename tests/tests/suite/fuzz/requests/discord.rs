//! Discord's route under generated requests: interactions of every type with
//! generated subcommands, options and button commands (many of them real
//! commands the core runs), and anything else, signed with Ed25519 as Discord
//! signs.

use dealbot_tests::discord_app::{click, command, DiscordApp};
use dealbot_tests::fake_discord::check_interaction_answer;
use dealbot_tests::raw_http::Response;
use dealbot_tests::Contents;
use ed25519_dalek::SigningKey;
use proptest::prelude::*;
use serde_json::{json, Value};

use super::{content_type, fuzz, in_process_run, over_tcp_run, runtime, signing, Body};
use super::{Generated, Platform, Signing, Transport};
use crate::fuzz::corpus;
use crate::fuzz::runner::Run;

const GUILD: &str = "100000000000000001";
const USER: &str = "200000000000000001";
const ROUTE: &str = "/discord/interactions";

struct Discord {
    key: SigningKey,
    stranger: SigningKey,
}

/// Words for option values and button commands.
fn words() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        4 => proptest::sample::select(&[
            "new", "stage", "next", "done", "lost", "D-1", "D-2", "acme", "Fuzz Co", "1k",
            "Qualifying", "won", "tomorrow", "in 3d", "@everyone", "<@1>", "**bold**",
        ][..]).prop_map(str::to_string),
        1 => "\\PC{0,12}",
    ];
    proptest::collection::vec(word, 0..5).prop_map(|words| words.join(" "))
}

fn option_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        6 => words().prop_map(Value::from),
        1 => any::<i64>().prop_map(Value::from),
        1 => any::<f64>().prop_map(|n| json!(n)),
        1 => any::<bool>().prop_map(Value::from),
        1 => Just(Value::Null),
    ]
}

/// `/deal` commands and autocompletes, and interactions of other types, from
/// `GUILD` or from nowhere.
fn interaction() -> impl Strategy<Value = Value> {
    let subcommand = prop_oneof![
        4 => proptest::sample::select(&[
            "new", "stage", "next", "done", "snooze", "lost", "won", "amount", "owner", "note",
            "show", "list", "history", "report", "digest", "subscribe", "tz", "help", "qualify",
        ][..]).prop_map(str::to_string),
        1 => "[a-z-]{0,12}",
    ];
    let option_name = prop_oneof![
        4 => proptest::sample::select(&[
            "name", "amount", "deal", "stage", "note", "what", "when", "who", "status",
            "reason", "owner", "pipeline", "since", "zone", "cron", "for",
        ][..]).prop_map(str::to_string),
        1 => "[a-z]{0,8}",
    ];
    let options = proptest::collection::vec((option_name, option_value()), 0..4);
    let kind = prop_oneof![5 => Just(2u8), 2 => Just(4u8), 1 => Just(5u8), 1 => 0u8..12];
    (kind, subcommand, options, any::<u64>(), any::<u8>()).prop_map(
        |(kind, subcommand, options, id, shape)| {
            let options: Vec<(&str, Value)> = options
                .iter()
                .map(|(name, value)| (name.as_str(), value.clone()))
                .collect();
            let mut value = command(GUILD, USER, &subcommand, &options);
            value["id"] = json!(id.to_string());
            value["type"] = json!(kind);
            if kind == 4 {
                if let Some(first) = value["data"]["options"][0]["options"].get_mut(0) {
                    first["focused"] = json!(true);
                }
            }
            if shape & 1 != 0 {
                value["data"]["name"] = json!("other");
            }
            if shape & 2 != 0 {
                if let Some(object) = value.as_object_mut() {
                    object.remove("guild_id");
                }
            }
            if shape & 4 != 0 {
                value["data"]["options"] = json!(null);
            }
            value
        },
    )
}

/// A click on a button carrying a command, or a choice in the stage menu.
fn component() -> impl Strategy<Value = Value> {
    (any::<bool>(), words(), any::<u64>()).prop_map(|(menu, command, id)| {
        let mut value = if menu {
            let mut value = click(GUILD, USER, "deal-menu");
            value["data"]["values"] = json!([command]);
            value
        } else {
            click(GUILD, USER, &command)
        };
        value["id"] = json!(id.to_string());
        value
    })
}

impl Platform for Discord {
    const ROUTES: &'static [&'static str] = &[ROUTE];
    const MEDIA_TYPE: &'static str = "application/json";
    const BODY_LIMIT: usize = dealbot::adapters::discord::endpoint::BODY_LIMIT;
    const SIGNATURE_HEADER: &'static str = "x-signature-ed25519";

    fn requests(&self) -> BoxedStrategy<Generated> {
        let odd = proptest::sample::select(
            &[
                "{}",
                "[]",
                "null",
                "{\"type\":1",
                "{\"type\":\"1\"}",
                "{\"type\":-1}",
                "{\"type\":256}",
                "{\"type\":1.5}",
                "{\"type\":2,\"data\":null}",
                "{\"type\":3,\"data\":{\"custom_id\":null}}",
                "{\"type\":2,\"guild_id\":\"1\",\"member\":{\"user\":{\"id\":\"1\"}},\"data\":{\"name\":\"deal\",\"options\":[{\"name\":\"new\",\"options\":[{\"name\":\"name\"}]}]}}",
            ][..],
        );
        let body = prop_oneof![
            40 => interaction().prop_map(|value| value.to_string().into_bytes()),
            20 => component().prop_map(|value| value.to_string().into_bytes()),
            10 => odd.prop_map(|text| text.as_bytes().to_vec()),
            15 => ".{0,200}".prop_map(String::into_bytes),
            10 => proptest::collection::vec(any::<u8>(), 0..200),
            1 => Just(vec![b' '; Self::BODY_LIMIT + 1]),
        ];
        (content_type(Self::MEDIA_TYPE), signing(), body)
            .prop_map(|(content_type, signing, body)| Generated {
                path: ROUTE,
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
            Signing::NoTimestamp => vec![(
                Self::SIGNATURE_HEADER,
                DiscordApp::sign_bytes(&self.key, &ts, body),
            )],
            Signing::Garbage(text) => vec![
                ("x-signature-timestamp", ts),
                (Self::SIGNATURE_HEADER, text.clone()),
            ],
            Signing::WrongKey => vec![
                (
                    Self::SIGNATURE_HEADER,
                    DiscordApp::sign_bytes(&self.stranger, &ts, body),
                ),
                ("x-signature-timestamp", ts),
            ],
            Signing::Valid { skew } => {
                let at = (now + skew).to_string();
                vec![
                    (
                        Self::SIGNATURE_HEADER,
                        DiscordApp::sign_bytes(&self.key, &at, body),
                    ),
                    ("x-signature-timestamp", at),
                ]
            }
        }
    }

    fn served_wrongly(&self, _path: &str, answer: &Response) -> Option<String> {
        if !answer.is("application/json") {
            return Some(format!("not JSON: {answer:?}"));
        }
        let json: Value = match serde_json::from_str(&answer.body) {
            Ok(json) => json,
            Err(error) => return Some(format!("not JSON ({error}): {answer:?}")),
        };
        // PONG, a message, an update of the clicked message, autocomplete
        // choices, a modal (a form).
        let known = [1, 4, 7, 8, 9].map(Value::from);
        if !known.contains(&json["type"]) {
            return Some(format!("not a response Discord knows: {json}"));
        }
        check_interaction_answer(&json)
            .err()
            .map(|problems| format!("Discord would refuse it: {problems}: {json}"))
    }
}

fn fuzz_discord(run: &Run, over_tcp: bool) {
    let runtime = runtime();
    let (db, app, contents) = runtime.block_on(async {
        let db = dealbot_tests::sqlite().await;
        let app = DiscordApp::spawn_quiet(&db.store).await;
        let contents = Contents::of(&db).await;
        (db, app, contents)
    });
    let discord = Discord {
        key: app.key().clone(),
        stranger: SigningKey::from_bytes(&[9u8; 32]),
    };
    let transport = if over_tcp {
        Transport::Tcp(app.addr)
    } else {
        Transport::InProcess(app.router.clone())
    };
    fuzz(
        run,
        &discord,
        corpus::DISCORD,
        &transport,
        &contents,
        &runtime,
    );
    runtime.block_on(async {
        let ping = json!({"id": "1", "application_id": "1", "type": 1, "token": "t", "version": 1});
        assert_eq!(app.send(&ping).await.status, 200, "still serving");
        contents.close().await;
        drop(app);
        db.finish().await;
    });
}

#[test]
fn discord_in_process() {
    let run = in_process_run("fuzz::requests::discord::discord_in_process");
    fuzz_discord(&run, false);
}

#[test]
fn discord_over_tcp() {
    let run = over_tcp_run("fuzz::requests::discord::discord_over_tcp");
    fuzz_discord(&run, true);
}
