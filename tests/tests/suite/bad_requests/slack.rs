//! `/slack/commands` and `/slack/interactions`: 401 for anything Slack did not
//! sign just now (and for a replay), 413 over 64 KiB, 415 for a signed request
//! that is not a form, 400 for a signed form that is not a slash command or an
//! interaction payload.

use dealbot_tests::fake_slack::check_message;
use dealbot_tests::raw_http::RawRequest;
use dealbot_tests::slack_bot::{click_body, now, sign, sign_bytes, SlackBot, SIGNING_SECRET};
use dealbot_tests::{on_both_backends, slack_workspace, Contents, TestDb};

use super::{assert_refused, Case};

const TEAM: &str = "T0ACME";
const REP1: &str = "U0REP1";
const REP2: &str = "U0REP2";
const COMMANDS: &str = "/slack/commands";
const INTERACTIONS: &str = "/slack/interactions";
const FORM: &str = "application/x-www-form-urlencoded";

/// `body` as Slack would post it, signed at `timestamp` (seconds, as text).
fn signed_at(path: &str, body: &[u8], timestamp: &str) -> RawRequest {
    RawRequest::post(path, body)
        .header("content-type", FORM)
        .header("x-slack-request-timestamp", timestamp)
        .header(
            "x-slack-signature",
            sign_bytes(SIGNING_SECRET, timestamp, body),
        )
}

fn signed(path: &str, body: &[u8]) -> RawRequest {
    signed_at(path, body, &now().to_string())
}

/// Signed `ago` seconds ago, with this content type (or none). The good body is
/// signed a different second for each case: headers are not signed, so the
/// same body and second would be a replay.
fn signed_as(path: &str, body: &[u8], ago: i64, content_type: Option<&str>) -> RawRequest {
    let ts = (now() - ago).to_string();
    let mut request = RawRequest::post(path, body)
        .header("x-slack-request-timestamp", &ts)
        .header("x-slack-signature", sign_bytes(SIGNING_SECRET, &ts, body));
    if let Some(content_type) = content_type {
        request = request.header("content-type", content_type);
    }
    request
}

/// A form with these headers and no others.
fn form(path: &str, body: &str, headers: &[(&str, String)]) -> RawRequest {
    headers.iter().fold(
        RawRequest::post(path, body).header("content-type", FORM),
        |request, (name, value)| request.header(name, value.clone()),
    )
}

/// Every wrong version of `body`, a request Slack would send to `path`;
/// `other` is a well-formed request for the other route.
/// `round` keeps the signed requests of one call apart from another's: the path
/// is not signed, so the same body signed the same second is a replay.
fn cases(path: &str, body: &str, other: &str, round: i64) -> Vec<Case> {
    let ts = now();
    let at = |skew: i64| (ts + skew).to_string();
    let unsigned = [
        ("no signature headers", vec![]),
        (
            "a timestamp but no signature",
            vec![("x-slack-request-timestamp", at(0))],
        ),
        (
            "a signature but no timestamp",
            vec![("x-slack-signature", sign(SIGNING_SECRET, ts, body))],
        ),
        (
            "signed with another secret",
            vec![
                ("x-slack-request-timestamp", at(0)),
                ("x-slack-signature", sign("not-the-secret", ts, body)),
            ],
        ),
        (
            "signed for another body",
            vec![
                ("x-slack-request-timestamp", at(0)),
                ("x-slack-signature", sign(SIGNING_SECRET, ts, "text=help")),
            ],
        ),
        (
            "a signature that is not hex",
            vec![
                ("x-slack-request-timestamp", at(0)),
                ("x-slack-signature", format!("v0={}", "zz".repeat(32))),
            ],
        ),
        (
            "a signature without its v0= prefix",
            vec![
                ("x-slack-request-timestamp", at(0)),
                (
                    "x-slack-signature",
                    sign(SIGNING_SECRET, ts, body).replace("v0=", ""),
                ),
            ],
        ),
        (
            "stale: signed 10 minutes ago",
            vec![
                ("x-slack-request-timestamp", at(-600)),
                ("x-slack-signature", sign(SIGNING_SECRET, ts - 600, body)),
            ],
        ),
        (
            "stale: signed 310 s ago, just outside the window",
            vec![
                ("x-slack-request-timestamp", at(-310)),
                ("x-slack-signature", sign(SIGNING_SECRET, ts - 310, body)),
            ],
        ),
        (
            "signed 10 minutes in the future",
            vec![
                ("x-slack-request-timestamp", at(600)),
                ("x-slack-signature", sign(SIGNING_SECRET, ts + 600, body)),
            ],
        ),
        (
            "an old signature under a fresh timestamp",
            vec![
                ("x-slack-request-timestamp", at(0)),
                ("x-slack-signature", sign(SIGNING_SECRET, ts - 310, body)),
            ],
        ),
        (
            "a timestamp that is not a number",
            vec![
                ("x-slack-request-timestamp", "yesterday".to_string()),
                (
                    "x-slack-signature",
                    sign_bytes(SIGNING_SECRET, "yesterday", body.as_bytes()),
                ),
            ],
        ),
    ];
    let mut cases: Vec<Case> = unsigned
        .into_iter()
        .map(|(what, headers)| Case::new(what, 401, form(path, body, &headers)))
        .collect();
    let oversize = format!("{body}&padding={}", "x".repeat(65 * 1024));
    let not_utf8: &[u8] = b"team_id=T0ACME&text=\xff\xfe&payload=\xc3";
    let readable_elsewhere: &[(&str, u16, &[u8])] = &[
        ("over 64 KiB, signed", 413, oversize.as_bytes()),
        ("signed, an empty body", 400, b""),
        ("signed, a malformed form", 400, b"%ZZ&&==&text=%&=x"),
        ("signed, a body that is not UTF-8", 400, not_utf8),
        ("signed, `payload=` that is not JSON", 400, b"payload=not-json"),
        (
            "signed, `payload=` JSON of the wrong shape",
            400,
            b"payload=%7B%22type%22%3A%22block_actions%22%2C%22actions%22%3A7%7D",
        ),
        (
            "signed, an unknown payload type",
            400,
            b"payload=%7B%22type%22%3A%22frobnicate%22%2C%22team%22%3A%7B%22id%22%3A%22T0ACME%22%7D%2C%22user%22%3A%7B%22id%22%3A%22U0REP2%22%7D%7D",
        ),
        (
            "signed, a JSON body instead of a form",
            400,
            br#"{"team_id":"T0ACME","user_id":"U0REP2","text":"new Forged 1M"}"#,
        ),
        ("signed, the other route's request", 400, other.as_bytes()),
    ];
    for (what, status, bad) in readable_elsewhere {
        cases.push(Case::new(
            what,
            *status,
            signed_as(path, bad, 10 * round + 4, Some(FORM)),
        ));
    }
    let body = body.as_bytes();
    cases.push(Case::new(
        "signed, sent as JSON",
        415,
        signed_as(path, body, 10 * round + 1, Some("application/json")),
    ));
    cases.push(Case::new(
        "signed, no content type",
        415,
        signed_as(path, body, 10 * round + 2, None),
    ));
    cases.push(Case::new(
        "signed, sent as multipart",
        415,
        signed_as(
            path,
            body,
            10 * round + 3,
            Some("multipart/form-data; boundary=x"),
        ),
    ));
    cases
}

/// Must show: each bad request to each Slack route is refused with its status
/// and changes nothing (no deal, no history, no outbox row, no call to Slack);
/// the good request is then served once, and its replay refused.
async fn slack_refuses_what_it_cannot_trust_or_read(db: &TestDb) {
    let bot = SlackBot::start_quiet(&db.store).await;
    bot.ok(TEAM, REP1, "new Initech 5k").await;
    bot.ok(TEAM, REP1, "next D-1 demo tomorrow").await;
    // A next step is answered in one line: the card with its buttons is `show`.
    let card = bot.ok(TEAM, REP1, "show D-1").await;
    let contents = Contents::of(db).await;

    let (_, url) = bot.new_hook();
    let command = bot.command_body(TEAM, REP2, "new \"Forged Deal\" 1M", &url);
    let (hook, url) = bot.new_hook();
    let click = click_body(TEAM, REP1, &card, "Done", Some(&url));
    let routes = [
        (COMMANDS, &command, &click),
        (INTERACTIONS, &click, &command),
    ];
    for (round, (path, body, other)) in (0..).zip(routes) {
        let before = contents.now().await;
        let calls = bot.fake.calls().len();
        assert_refused(
            bot.addr,
            &cases(path, body, other, round),
            &contents,
            &before,
        )
        .await;
        assert_eq!(bot.fake.calls().len(), calls, "nothing reached Slack");

        // Signed properly, the same request is served, once.
        let good = signed(path, body.as_bytes());
        let served = good.send_over_tcp(bot.addr).await.expect("answered");
        assert_eq!(served.status, 200, "{path}: {}", served.body);
        let after = contents.now().await;
        assert_ne!(after, before, "{path}: the good request changed the deal");
        let replayed = good.send_over_tcp(bot.addr).await.expect("answered");
        assert_eq!(replayed.status, 401, "{path} replayed: {}", replayed.body);
        assert_eq!(
            contents.now().await,
            after,
            "{path}: the replay changed nothing"
        );
        if path == COMMANDS {
            assert!(served.is("application/json"), "{served:?}");
            check_message(&served.json()).expect("a message Slack accepts");
        }
    }
    let answers = bot.fake.responses(&hook);
    assert_eq!(answers.len(), 1, "the click was answered once: {answers:?}");
    let deal = db
        .store
        .deal_by_number(&slack_workspace(TEAM), 1)
        .await
        .expect("read")
        .expect("D-1");
    assert_eq!(deal.next_step, None, "the one good click marked it done");
    contents.close().await;
}
on_both_backends!(slack_refuses_what_it_cannot_trust_or_read);
