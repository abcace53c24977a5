//! `dealbot run` as deployed: it says where it listens (in JSON logs), serves
//! `/healthz`, `/readyz` and `/metrics`, and stops cleanly on SIGTERM.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use dealbot_tests::get;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_daemon_serves_health_readiness_and_metrics_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let url = format!("sqlite://{}", dir.path().join("dealbot.db").display());
    let mut child = dealbot_tests::dealbot_command!()
        .arg("run")
        .env("DATABASE_URL", &url)
        .env("DEALBOT_SERVER_BIND", "127.0.0.1:0")
        .env("DEALBOT_LOG_FORMAT", "json")
        .env_remove("DEALBOT_LOG")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("dealbot starts");
    let mut stderr = BufReader::new(child.stderr.take().expect("stderr"));
    let address = loop {
        let mut line = String::new();
        let read = stderr.read_line(&mut line).expect("a log line");
        assert!(read > 0, "dealbot ended before listening");
        let event: serde_json::Value =
            serde_json::from_str(&line).unwrap_or_else(|_| panic!("not JSON: {line}"));
        if event["fields"]["message"] == "dealbot is listening" {
            break event["fields"]["address"]
                .as_str()
                .expect("the address")
                .to_string();
        }
    };
    let base = format!("http://{address}");

    assert_eq!(get(&base, "/healthz").await, (200, "ok\n".to_string()));
    assert_eq!(
        get(&base, "/readyz").await,
        (200, "database: ok\nready\n".to_string())
    );
    let (status, scrape) = get(&base, "/metrics").await;
    assert_eq!(status, 200);
    assert!(
        scrape.contains("dealbot_open_deals{pipeline=\"new-business\",stage=\"Prospecting\"} 0"),
        "{scrape}"
    );

    let term = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(term.success());
    let status = child.wait().expect("dealbot ends");
    assert!(status.success(), "a clean stop: {status}");
    let rest: Vec<String> = stderr.lines().map_while(Result::ok).collect();
    assert!(
        rest.iter().any(|line| line.contains("dealbot stopped")),
        "{rest:?}"
    );
}
