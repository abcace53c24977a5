//! Generated requests to the Slack and Discord routes: bodies, content types,
//! timestamps and signatures, the corpus (`tests/fuzz-corpus/*.jsonl`) first.
//! Never a panic, never a 5xx, never a 2xx without a valid signature, nothing
//! committed to the database by a refused request; and for each request the
//! status the route owes it: 413 over the size limit, else 401 unless signed
//! with a fresh timestamp, else 415 unless the platform's content type, else
//! 401 for a replay of a request served before, else 200 or 400 (with a body
//! in the platform's format).
//!
//! Most requests call the router in-process (`DEALBOT_TEST_REQUEST_FUZZ_CASES`
//! per platform: 2,000 by default, 100,000 under CI); a few go through the
//! real server over TCP, so through hyper's HTTP parsing and the body limit on
//! a real `Content-Length` (`DEALBOT_TEST_REQUEST_FUZZ_TCP_CASES`: 200, or
//! 2,000 under CI). All on SQLite: the database is checked after every
//! request, through SQLite's cheap commit counter.

mod discord;
mod slack;

use std::cell::RefCell;
use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::net::SocketAddr;

use axum::Router;
use dealbot_tests::contents::Version;
use dealbot_tests::raw_http::{RawRequest, Response, SendError};
use dealbot_tests::Contents;
use proptest::prelude::*;
use proptest::test_runner::TestCaseResult;

use super::corpus::RequestSeed;
use super::runner::Run;

/// How a generated request is signed.
#[derive(Debug, Clone, PartialEq)]
pub enum Signing {
    Missing,
    NoTimestamp,
    Garbage(String),
    WrongKey,
    /// Correctly signed, `skew` seconds away from now.
    Valid {
        skew: i64,
    },
}

/// How the route must answer a signature, given the 300 s window. Within 20 s
/// of its edge the clock may tip either way, so generated skews keep out.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Trust {
    Refused,
    Fresh,
    AtTheEdge,
}

impl Signing {
    fn trust(&self) -> Trust {
        match self {
            Signing::Valid { skew } if skew.abs() <= 280 => Trust::Fresh,
            Signing::Valid { skew } if skew.abs() < 320 => Trust::AtTheEdge,
            _ => Trust::Refused,
        }
    }

    /// The corpus spelling: `valid`, `valid:-400`, `missing`, `no-timestamp`,
    /// `wrong-key`, `garbage:<text>`.
    fn parse(text: &str) -> Signing {
        match text.split_once(':') {
            None if text == "valid" => Signing::Valid { skew: 0 },
            None if text == "missing" => Signing::Missing,
            None if text == "no-timestamp" => Signing::NoTimestamp,
            None if text == "wrong-key" => Signing::WrongKey,
            Some(("valid", skew)) => Signing::Valid {
                skew: skew.parse().expect("valid:<seconds>"),
            },
            Some(("garbage", text)) => Signing::Garbage(text.to_string()),
            _ => panic!("not a signing: {text}"),
        }
    }
}

/// Signatures of every kind, a little under half fresh and valid.
fn signing() -> impl Strategy<Value = Signing> {
    prop_oneof![
        1 => Just(Signing::Missing),
        1 => Just(Signing::NoTimestamp),
        1 => ".{0,80}".prop_map(Signing::Garbage),
        1 => Just(Signing::WrongKey),
        1 => prop_oneof![320i64..5_000, -5_000i64..=-320].prop_map(|skew| Signing::Valid { skew }),
        4 => prop_oneof![-280i64..=280, -2i64..=2].prop_map(|skew| Signing::Valid { skew }),
    ]
}

/// The raw body, shown as text where it is text.
#[derive(Clone, PartialEq)]
pub struct Body(pub Vec<u8>);

impl fmt::Debug for Body {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match std::str::from_utf8(&self.0) {
            Ok(text) if text.len() > 300 => {
                let start: String = text.chars().take(300).collect();
                write!(f, "{start:?}… ({} bytes)", text.len())
            }
            Ok(text) => write!(f, "{text:?}"),
            Err(_) => write!(f, "b\"{}\"", self.0.escape_ascii()),
        }
    }
}

/// One generated request.
#[derive(Debug, Clone, PartialEq)]
pub struct Generated {
    pub path: &'static str,
    pub content_type: Option<String>,
    pub signing: Signing,
    pub body: Body,
}

/// What a platform's routes expect, and how it signs.
pub trait Platform {
    /// The routes it serves.
    const ROUTES: &'static [&'static str];
    /// The media type of its requests.
    const MEDIA_TYPE: &'static str;
    /// The largest body its routes read.
    const BODY_LIMIT: usize;
    /// The header that carries the signature (a replay repeats it).
    const SIGNATURE_HEADER: &'static str;

    /// Requests shaped like this platform's, and others.
    fn requests(&self) -> BoxedStrategy<Generated>;
    /// The signature headers for `body` signed as `signing` says, at `now`.
    fn sign(&self, signing: &Signing, now: i64, body: &[u8]) -> Vec<(&'static str, String)>;
    /// Why a 200 answer to `path` is not what the platform expects, if it is not.
    fn served_wrongly(&self, path: &str, answer: &Response) -> Option<String>;
}

/// Whether `content_type` names `media_type` (parameters and case aside).
fn is_media_type(content_type: Option<&str>, media_type: &str) -> bool {
    content_type
        .and_then(|given| given.split(';').next())
        .is_some_and(|given| given.trim().eq_ignore_ascii_case(media_type))
}

/// Content types: mostly the platform's, sometimes another or none.
fn content_type(media_type: &'static str) -> impl Strategy<Value = Option<String>> {
    const OTHERS: &[&str] = &[
        "application/json",
        "application/x-www-form-urlencoded",
        "text/plain",
        "multipart/form-data; boundary=x",
        "",
        ";",
        "application/json, text/plain",
        "application/x-www-form-urlencodedx",
    ];
    prop_oneof![
        12 => Just(Some(media_type.to_string())),
        1 => Just(Some(format!("{media_type}; charset=utf-8"))),
        1 => Just(Some(media_type.to_uppercase())),
        1 => Just(None),
        2 => proptest::sample::select(OTHERS).prop_map(|other| Some(other.to_string())),
    ]
}

/// The corpus seeds of one platform as generated requests.
fn seeds<P: Platform>(file: (&str, &str)) -> Vec<(String, Generated)> {
    super::corpus::requests(file)
        .into_iter()
        .map(|(from, seed): (String, RequestSeed)| {
            let path = P::ROUTES
                .iter()
                .copied()
                .find(|route| *route == seed.path)
                .unwrap_or_else(|| panic!("{from}: {} is not a route", seed.path));
            let generated = Generated {
                path,
                content_type: seed.content_type.clone(),
                signing: Signing::parse(&seed.signing),
                body: Body(seed.body()),
            };
            (from, generated)
        })
        .collect()
}

/// Where requests go: the router itself, or the server over TCP.
pub enum Transport {
    InProcess(Router),
    Tcp(SocketAddr),
}

impl Transport {
    async fn send(&self, request: &RawRequest) -> Result<Response, SendError> {
        match self {
            Transport::InProcess(router) => request.send_to(router).await,
            Transport::Tcp(addr) => request.send_over_tcp(*addr).await,
        }
    }
}

/// The status a route owes `generated`, or `None` where only the invariants hold.
fn owed<P: Platform>(generated: &Generated, replayed: bool) -> Option<Vec<u16>> {
    if generated.body.0.len() > P::BODY_LIMIT {
        return Some(vec![413]);
    }
    match generated.signing.trust() {
        Trust::Refused => Some(vec![401]),
        Trust::AtTheEdge => None,
        Trust::Fresh if !is_media_type(generated.content_type.as_deref(), P::MEDIA_TYPE) => {
            Some(vec![415])
        }
        // The same signature means the same body: it reads as it did, and is
        // refused as one already served.
        Trust::Fresh if replayed => Some(vec![401]),
        Trust::Fresh => Some(vec![200, 400]),
    }
}

/// Sends the corpus of `platform`, then the run's generated requests, through
/// `transport`, checking each answer and the database after it.
pub fn fuzz<P: Platform>(
    run: &Run,
    platform: &P,
    corpus: (&str, &str),
    transport: &Transport,
    contents: &Contents,
    runtime: &tokio::runtime::Runtime,
) {
    let accepted: RefCell<HashSet<String>> = RefCell::default();
    let statuses: RefCell<BTreeMap<u16, u32>> = RefCell::default();
    let last: RefCell<Version> = RefCell::new(runtime.block_on(contents.version()));
    let check = |generated: Generated| -> TestCaseResult {
        runtime.block_on(async {
            let now = chrono::Utc::now().timestamp();
            let headers = platform.sign(&generated.signing, now, &generated.body.0);
            let mut request = RawRequest::post(generated.path, generated.body.0.clone());
            if let Some(content_type) = &generated.content_type {
                request = request.header("content-type", content_type.clone());
            }
            for (name, value) in headers {
                request = request.header(name, value);
            }
            let signature = request
                .header_value(P::SIGNATURE_HEADER)
                .map(str::to_string);
            let replayed = signature
                .as_ref()
                .is_some_and(|signature| accepted.borrow().contains(signature));
            // A click is acknowledged after two seconds at most and its work
            // goes on: what an earlier click committed since is not this
            // request's doing.
            *last.borrow_mut() = contents.version().await;
            let answer = match transport.send(&request).await {
                Ok(answer) => answer,
                // A header no client could send: nothing to learn.
                Err(SendError::Unsendable(_)) => return Ok(()),
                Err(SendError::NoAnswer(why)) => {
                    return Err(TestCaseError::fail(format!("no answer: {why}")))
                }
            };
            if answer.status == 200 {
                // A request served is remembered; a refused one is not.
                accepted.borrow_mut().extend(signature);
            }
            *statuses.borrow_mut().entry(answer.status).or_default() += 1;
            prop_assert!(answer.status < 500, "a 5xx: {:?}", answer);
            if let Some(owed) = owed::<P>(&generated, replayed) {
                prop_assert!(
                    owed.contains(&answer.status),
                    "owed {:?}, answered {:?}",
                    owed,
                    answer
                );
            }
            if answer.status == 200 {
                if let Some(why) = platform.served_wrongly(generated.path, &answer) {
                    return Err(TestCaseError::fail(why));
                }
            }
            let version = contents.version().await;
            if !(200..300).contains(&answer.status) {
                prop_assert_eq!(
                    &version,
                    &*last.borrow(),
                    "refused, yet something was committed"
                );
            }
            *last.borrow_mut() = version;
            Ok(())
        })
    };
    run.check(seeds::<P>(corpus), run.cases, &platform.requests(), check);
    eprintln!(
        "{}: answered {:?} (status: count)",
        run.test,
        statuses.borrow()
    );
}

/// A run of in-process cases.
pub fn in_process_run(test: &'static str) -> Run {
    Run::new(test, "DEALBOT_TEST_REQUEST_FUZZ_CASES", 100_000, 2_000)
}

/// A run of cases over TCP.
pub fn over_tcp_run(test: &'static str) -> Run {
    Run::new(test, "DEALBOT_TEST_REQUEST_FUZZ_TCP_CASES", 2_000, 200)
}

/// A runtime with workers for the bot's server and spawned work.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime")
}
