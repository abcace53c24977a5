//! `dealbot run` as deployed: it says where its two servers listen (in JSON
//! logs); the public one serves `/healthz` and a bare `/readyz`, the admin one
//! `/metrics` and the detailed `/readyz`; it stops cleanly on SIGTERM.

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
        .env("DEALBOT_SERVER_ADMIN_BIND", "127.0.0.1:0")
        .env("DEALBOT_LOG_FORMAT", "json")
        .env_remove("DEALBOT_LOG")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("dealbot starts");
    let mut stderr = BufReader::new(child.stderr.take().expect("stderr"));
    let (mut public, mut admin) = (None, None);
    while public.is_none() || admin.is_none() {
        let mut line = String::new();
        let read = stderr.read_line(&mut line).expect("a log line");
        assert!(read > 0, "dealbot ended before listening");
        let event: serde_json::Value =
            serde_json::from_str(&line).unwrap_or_else(|_| panic!("not JSON: {line}"));
        if event["fields"]["message"] == "dealbot is listening" {
            let address = event["fields"]["address"].as_str().expect("the address");
            let base = Some(format!("http://{address}"));
            match event["fields"]["server"].as_str() {
                Some("public") => public = base,
                Some("admin") => admin = base,
                other => panic!("an unknown server {other:?}: {line}"),
            }
        }
    }
    let (base, admin) = (public.expect("public"), admin.expect("admin"));

    assert_eq!(get(&base, "/healthz").await, (200, "ok\n".to_string()));
    assert_eq!(get(&base, "/readyz").await, (200, "ready\n".to_string()));
    assert_eq!(get(&base, "/metrics").await.0, 404, "no metrics in public");
    assert_eq!(
        get(&admin, "/readyz").await,
        (200, "database: ok\nready\n".to_string())
    );
    let (status, scrape) = get(&admin, "/metrics").await;
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
