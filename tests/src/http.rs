//! The bot's HTTP server on a real socket: bound to port 0 on localhost, served
//! in the background for the rest of the test.

use dealbot::core::Core;
use dealbot::readiness::Readiness;

/// Serves dealbot's router for `core` and `readiness`; the base URL, such as
/// `http://127.0.0.1:41234`.
pub async fn spawn_server(core: Core, readiness: Readiness) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a free port on localhost");
    let address = listener.local_addr().expect("bound address");
    let router = dealbot::server::router(core, readiness);
    tokio::spawn(async move {
        axum::serve(listener, router).await.expect("server runs");
    });
    format!("http://{address}")
}

/// `GET base + path`: the status code and the body.
pub async fn get(base: &str, path: &str) -> (u16, String) {
    let response = reqwest::get(format!("{base}{path}"))
        .await
        .unwrap_or_else(|error| panic!("GET {path}: {error}"));
    let status = response.status().as_u16();
    let body = response.text().await.expect("a text body");
    (status, body)
}
