//! A command the shell acknowledged survives `kill -9` of the process.

use std::io::{BufRead, BufReader, Write};
use std::process::Stdio;

use dealbot_storage::{DealStatus, Store};

#[test]
fn acknowledged_commands_survive_kill_9() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let url = format!("sqlite://{}", dir.path().join("dealbot.db").display());
    let mut child = dealbot_tests::dealbot_command!()
        .args(["shell", "--as", "rep1"])
        .env("DATABASE_URL", &url)
        // Real time runs here: keep the nag sweep from talking in between.
        .env("DEALBOT_NAGS_ENABLED", "false")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("dealbot starts");
    let mut stdin = child.stdin.take().expect("stdin");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let commands = [
        ("new \"Acme Corp\" 50k", "opened `D-1`"),
        ("stage D-1 qualifying", "moved Acme Corp"),
        (
            "next D-1 send the proposal tomorrow",
            "Next step for Acme Corp",
        ),
        ("won D-1", "won Acme Corp"),
    ];
    for (command, acknowledgement) in commands {
        writeln!(stdin, "{command}").expect("command sent");
        stdin.flush().expect("flushed");
        // The answer, after any post to the channel printed before it (the
        // announcement of the command before, delivered from the outbox).
        let reply = loop {
            let mut block = String::new();
            loop {
                let mut line = String::new();
                let read = stdout.read_line(&mut line).expect("reply read");
                assert!(read > 0, "dealbot ended early; so far: {block}");
                if line == "\n" {
                    break;
                }
                block.push_str(&line);
            }
            if !block.starts_with("── ") {
                break block;
            }
        };
        assert!(
            reply.contains(acknowledgement),
            "`{command}` answered:\n{reply}"
        );
    }
    // SIGKILL: no clean shutdown, no flush, stdin still open.
    child.kill().expect("killed");
    child.wait().expect("reaped");

    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let store = Store::connect(&url).await.expect("store reopens");
        let deal = store
            .deal_by_number("shell:local", 1)
            .await
            .expect("read")
            .expect("the acknowledged deal is there");
        assert_eq!(deal.name, "Acme Corp");
        assert_eq!(deal.status, DealStatus::Won);
        let actions: Vec<&str> = store
            .history("shell:local", 1, None)
            .await
            .expect("history")
            .into_iter()
            .map(|h| h.action.as_str())
            .collect();
        assert_eq!(actions, vec!["created", "stage", "next", "won"]);
        store.close().await;
    });
}
