//! `dealbot run` as a process: it serves its health checks, and SIGTERM stops it
//! cleanly without losing a queued message.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use dealbot::core::outgoing::{queue_message, Destination, Outgoing};
use dealbot::core::reply::Reply;
use dealbot_storage::Store;

#[test]
fn sigterm_stops_the_daemon_and_loses_nothing_queued() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let url = format!("sqlite://{}", dir.path().join("dealbot.db").display());
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let store = Store::connect(&url).await.expect("store");
        store.migrate().await.expect("migrated");
        let message = Outgoing {
            platform: "slack".to_string(),
            workspace: "T1".to_string(),
            destination: Destination::Channel("C1".to_string()),
            reply: Reply::public().line("a digest waiting for Slack"),
            key: "waiting:1".to_string(),
        };
        store
            .enqueue(
                &[queue_message(&message, None).expect("ok")],
                chrono::Utc::now(),
            )
            .await
            .expect("queued");
        store.close().await;
    });

    let mut child = dealbot_tests::dealbot_command!()
        .arg("run")
        .env("DATABASE_URL", &url)
        .env("DEALBOT_SERVER_BIND", "127.0.0.1:0")
        .env("DEALBOT_SERVER_ADMIN_BIND", "127.0.0.1:0")
        .env("DEALBOT_LOG", "info")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("dealbot starts");
    let mut stderr = BufReader::new(child.stderr.take().expect("stderr"));
    let started = Instant::now();
    let mut address = None;
    while address.is_none() && started.elapsed() < Duration::from_secs(30) {
        let mut line = String::new();
        if stderr.read_line(&mut line).expect("log read") == 0 {
            break;
        }
        if line.contains("dealbot is listening") && line.contains("server=\"public\"") {
            address = line.split("address=").nth(1).map(|rest| {
                rest.split_whitespace()
                    .next()
                    .unwrap_or_default()
                    .to_string()
            });
        }
    }
    let address = address.expect("the daemon says where it listens");
    let health = std::net::TcpStream::connect(&address).map(|mut stream| {
        use std::io::{Read, Write};
        stream
            .write_all(b"GET /readyz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            .expect("request");
        let mut response = String::new();
        stream.read_to_string(&mut response).expect("response");
        response
    });
    let health = health.expect("the daemon answers");
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");

    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());
    let exit = child.wait().expect("the daemon exits");
    assert!(exit.success(), "SIGTERM is a clean stop: {exit:?}");

    runtime.block_on(async {
        let store = Store::connect(&url).await.expect("store reopens");
        let report = store.outbox_report("T1").await.expect("report");
        assert_eq!(report.waiting, 1, "the queued message is still there");
        assert!(report.failed.is_empty());
        let claimed = store
            .claim_outbox(
                "next-run",
                chrono::Utc::now() + chrono::Duration::hours(1),
                Duration::from_secs(5),
                10,
            )
            .await
            .expect("claim");
        assert_eq!(claimed.len(), 1, "no worker still holds it");
        store.close().await;
    });
}
