//! Bad requests to the platform routes, one table per platform: every way a
//! request can be untrustworthy (forged, unsigned, stale, replayed) or
//! unreadable (oversize, wrong content type, malformed, of an unknown type)
//! gets the status the platform expects, and nothing is stored, queued or sent.
//! Each table ends with the same request signed properly, served: the refusals
//! were about what was wrong, not about the request.

mod discord;
mod slack;

use dealbot_tests::raw_http::RawRequest;
use dealbot_tests::Contents;

/// One way a request can be wrong, and the status that answers it.
pub struct Case {
    pub what: String,
    pub status: u16,
    pub request: RawRequest,
}

impl Case {
    pub fn new(what: &str, status: u16, request: RawRequest) -> Case {
        Case {
            what: what.to_string(),
            status,
            request,
        }
    }
}

/// Sends each case to the server at `addr` over HTTP: the exact status, a short
/// plain-text reason, and the database exactly as `before`.
pub async fn assert_refused(
    addr: std::net::SocketAddr,
    cases: &[Case],
    contents: &Contents,
    before: &str,
) {
    for case in cases {
        let answer = case
            .request
            .send_over_tcp(addr)
            .await
            .unwrap_or_else(|error| panic!("{} {}: {error:?}", case.request.path, case.what));
        assert_eq!(
            answer.status, case.status,
            "{} {}: {}",
            case.request.path, case.what, answer.body
        );
        assert!(
            answer.is("text/plain") && answer.body.len() < 200,
            "{} {}: a short reason, as text: {answer:?}",
            case.request.path,
            case.what
        );
        assert_eq!(
            contents.now().await,
            before,
            "{} {}: refused, yet the database changed",
            case.request.path,
            case.what
        );
    }
}
