//! `/discord/interactions`: 401 for anything the application's key did not sign
//! just now (and for a replay), as Discord requires; 413 over 256 KiB; 415 for
//! a signed request that is not JSON; 400 for signed JSON that is not an
//! interaction. A signed PING is answered PONG.

use chrono::Utc;
use dealbot_tests::discord_app::{click, command, DiscordApp};
use dealbot_tests::raw_http::RawRequest;
use dealbot_tests::{discord_workspace, on_both_backends, Contents, TestDb};
use ed25519_dalek::SigningKey;
use serde_json::{json, Value};

use super::{assert_refused, Case};

const GUILD: &str = "100000000000000001";
const REP1: &str = "200000000000000001";
const REP2: &str = "200000000000000002";
const ROUTE: &str = "/discord/interactions";
const JSON: &str = "application/json";

/// `body` with these signature headers (either may be absent) and `content_type`.
fn request(
    body: &[u8],
    signature: Option<String>,
    timestamp: Option<String>,
    content_type: Option<&str>,
) -> RawRequest {
    let mut request = RawRequest::post(ROUTE, body);
    if let Some(content_type) = content_type {
        request = request.header("content-type", content_type);
    }
    if let Some(signature) = signature {
        request = request.header("x-signature-ed25519", signature);
    }
    if let Some(timestamp) = timestamp {
        request = request.header("x-signature-timestamp", timestamp);
    }
    request
}

/// `body` signed `ago` seconds ago by the application's key, sent as
/// `content_type`. The good body is signed a different second for each case:
/// headers are not signed, so the same body and second would be a replay.
fn signed_as(app: &DiscordApp, body: &[u8], ago: i64, content_type: Option<&str>) -> RawRequest {
    let ts = (Utc::now().timestamp() - ago).to_string();
    let signature = DiscordApp::sign_bytes(app.key(), &ts, body);
    request(body, Some(signature), Some(ts), content_type)
}

fn signed(app: &DiscordApp, body: &[u8]) -> RawRequest {
    signed_as(app, body, 0, Some(JSON))
}

/// Every wrong version of `body`, an interaction Discord would send. `round`
/// keeps the signed requests of one call apart from another's: the same body
/// signed the same second is a replay.
fn cases(app: &DiscordApp, body: &str, round: i64) -> Vec<Case> {
    let now = Utc::now().timestamp();
    let at = |skew: i64| (now + skew).to_string();
    let sign = |key: &SigningKey, ts: &str, body: &str| DiscordApp::sign_with(key, ts, body);
    let key = app.key();
    let stranger = SigningKey::from_bytes(&[9u8; 32]);
    let tampered = body
        .replacen("Forged", "Tampered", 1)
        .replacen("done", "lost", 1);
    let unsigned: Vec<(&str, Option<String>, Option<String>)> = vec![
        ("no signature headers", None, None),
        ("a timestamp but no signature", None, Some(at(0))),
        (
            "a signature but no timestamp",
            Some(sign(key, &at(0), body)),
            None,
        ),
        (
            "signed by another key",
            Some(sign(&stranger, &at(0), body)),
            Some(at(0)),
        ),
        (
            "signed for another body",
            Some(sign(key, &at(0), &tampered)),
            Some(at(0)),
        ),
        (
            "a signature that is not hex",
            Some("zz".repeat(64)),
            Some(at(0)),
        ),
        (
            "a signature of the wrong length",
            Some("ab".repeat(32)),
            Some(at(0)),
        ),
        (
            "stale: signed 301 s ago",
            Some(sign(key, &at(-301), body)),
            Some(at(-301)),
        ),
        (
            "stale: signed 10 minutes ago",
            Some(sign(key, &at(-600), body)),
            Some(at(-600)),
        ),
        (
            // Ten seconds past the edge: one second past it would come within
            // the window if the clock ticked before the bot read it.
            "signed 310 s in the future",
            Some(sign(key, &at(310), body)),
            Some(at(310)),
        ),
        (
            "a timestamp that is not a number",
            Some(sign(key, "yesterday", body)),
            Some("yesterday".to_string()),
        ),
    ];
    let mut cases: Vec<Case> = unsigned
        .into_iter()
        .map(|(what, signature, timestamp)| {
            Case::new(
                what,
                401,
                request(body.as_bytes(), signature, timestamp, Some(JSON)),
            )
        })
        .collect();
    let mut oversize: Value = serde_json::from_str(body).expect("an interaction");
    oversize["padding"] = json!("x".repeat(257 * 1024));
    let oversize = oversize.to_string();
    let unreadable: &[(&str, u16, &[u8])] = &[
        ("over 256 KiB, signed", 413, oversize.as_bytes()),
        ("signed, an empty body", 400, b""),
        ("signed, malformed JSON", 400, br#"{"type":2,"data":{"#),
        ("signed, a body that is not UTF-8", 400, b"{\"type\":\xff}"),
        ("signed, a JSON array", 400, b"[]"),
        (
            "signed, JSON without a type",
            400,
            br#"{"id":"1","token":"t"}"#,
        ),
        (
            "signed, a type that is not a number",
            400,
            br#"{"type":"2"}"#,
        ),
        ("signed, interaction type 0", 400, br#"{"type":0,"id":"1"}"#),
        (
            "signed, interaction type 99",
            400,
            br#"{"type":99,"id":"1"}"#,
        ),
        ("signed, a form", 400, b"type=1&token=t"),
    ];
    for (what, status, bad) in unreadable {
        cases.push(Case::new(
            what,
            *status,
            signed_as(app, bad, 10 * round + 4, Some(JSON)),
        ));
    }
    let body = body.as_bytes();
    cases.push(Case::new(
        "signed, sent as a form",
        415,
        signed_as(
            app,
            body,
            10 * round + 1,
            Some("application/x-www-form-urlencoded"),
        ),
    ));
    cases.push(Case::new(
        "signed, no content type",
        415,
        signed_as(app, body, 10 * round + 2, None),
    ));
    cases.push(Case::new(
        "signed, sent as text",
        415,
        signed_as(app, body, 10 * round + 3, Some("text/plain")),
    ));
    cases
}

/// Must show: each bad request is refused with its status and changes nothing;
/// PING is answered PONG and a modal submission (which the bot never asks
/// for) a private refusal, both changing nothing; the good request is then
/// served once, and its replay refused.
async fn discord_refuses_what_it_cannot_trust_or_read(db: &TestDb) {
    let app = DiscordApp::spawn_quiet(&db.store).await;
    let setup = app
        .send(&command(GUILD, REP1, "new", &[("name", json!("Initech"))]))
        .await;
    assert_eq!(setup.status, 200, "{:?}", setup.json);
    let next = command(
        GUILD,
        REP1,
        "next",
        &[
            ("deal", json!("D-1")),
            ("what", json!("demo")),
            ("when", json!("tomorrow")),
        ],
    );
    assert_eq!(app.send(&next).await.status, 200);
    let contents = Contents::of(db).await;

    let create = command(GUILD, REP2, "new", &[("name", json!("Forged Deal"))]).to_string();
    let done = click(GUILD, REP1, "done D-1").to_string();
    for (round, body) in (0..).zip([create, done]) {
        let before = contents.now().await;
        assert_refused(app.addr, &cases(&app, &body, round), &contents, &before).await;

        let ping = json!({"id": round.to_string(), "application_id": "1", "type": 1, "token": "t", "version": 1});
        let pong = signed(&app, ping.to_string().as_bytes())
            .send_over_tcp(app.addr)
            .await;
        let pong = pong.expect("answered");
        assert_eq!((pong.status, pong.json()), (200, json!({"type": 1})));
        assert!(pong.is(JSON), "{pong:?}");
        let mut modal: Value = serde_json::from_str(&body).expect("an interaction");
        modal["type"] = json!(5);
        let answer = signed(&app, modal.to_string().as_bytes())
            .send_over_tcp(app.addr)
            .await;
        let answer = answer.expect("answered");
        assert_eq!(answer.status, 200, "{}", answer.body);
        let refusal = answer.json();
        assert_eq!(
            (refusal["type"].clone(), refusal["data"]["flags"].clone()),
            (json!(4), json!(64))
        );
        assert_eq!(
            contents.now().await,
            before,
            "PING and a modal changed nothing"
        );

        // Signed properly, the same request is served, once.
        let good = signed(&app, body.as_bytes());
        let served = good.send_over_tcp(app.addr).await.expect("answered");
        assert_eq!(served.status, 200, "{}", served.body);
        assert!(served.is(JSON), "{served:?}");
        let after = contents.now().await;
        assert_ne!(after, before, "the good request changed a deal");
        let replayed = good.send_over_tcp(app.addr).await.expect("answered");
        assert_eq!(replayed.status, 401, "replayed: {}", replayed.body);
        assert_eq!(contents.now().await, after, "the replay changed nothing");
    }
    let names = db
        .store
        .deal_names(&discord_workspace(GUILD))
        .await
        .expect("names");
    assert_eq!(
        names.len(),
        2,
        "Initech and the one good Forged Deal: {names:?}"
    );
    let deal = db
        .store
        .deal_by_number(&discord_workspace(GUILD), 1)
        .await
        .expect("read")
        .expect("D-1");
    assert_eq!(deal.next_step, None, "the one good click marked it done");
    contents.close().await;
}
on_both_backends!(discord_refuses_what_it_cannot_trust_or_read);
