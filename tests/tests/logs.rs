//! The JSON log of a session: each command in a span with its platform,
//! workspace and subcommand; a fault logged with its cause and the id the person
//! was shown; and nothing anyone typed (message bodies, a pasted token) in it.
//!
//! A test binary of its own: `tracing` caches, per process, which log sites any
//! subscriber wants, so other tests running beside it could hide its events.

use std::io::Write;
use std::sync::{Arc, Mutex};

use dealbot::config::{LogFormat, LogSettings};
use dealbot_tests::slack_bot::{text_of, SlackBot};
use serde_json::Value;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::EnvFilter;

/// Log output kept in memory.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("log buffer").extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'w> MakeWriter<'w> for Captured {
    type Writer = Captured;

    fn make_writer(&'w self) -> Self::Writer {
        self.clone()
    }
}

const BODY: &str = "CFO-confided-budget-figure";
const TOKEN: &str = "xoxb-1234-5678-SECRETVALUE";

// One thread: the capturing subscriber is this thread's default.
#[tokio::test(flavor = "current_thread")]
async fn json_logs_name_the_command_and_the_cause_but_never_what_was_typed() {
    let db = dealbot_tests::sqlite().await;
    let captured = Captured::default();
    let settings = LogSettings {
        level: "info".to_string(),
        format: LogFormat::Json,
    };
    let subscriber =
        dealbot::logging::subscriber(&settings, EnvFilter::new("info"), captured.clone());
    let _default = tracing::subscriber::set_default(subscriber);
    // The bot as `dealbot run` assembles it for Slack, on this thread.
    let bot = SlackBot::start(&db.store).await;

    let typed = [
        format!("new \"{BODY} deal\" 50k"),
        format!("note D-1 the {BODY} is 40k, token {TOKEN}"),
        format!("next D-1 {TOKEN}"),
        format!("{TOKEN} {BODY}"),
    ];
    for command in &typed {
        assert_eq!(bot.command("T-logs", "U123ABC", command).await.status, 200);
    }
    // A fault on our side: the table the next command reads first is gone.
    sqlx::query("DROP TABLE user_settings")
        .execute(&sqlx::SqlitePool::connect(&db.url).await.expect("pool"))
        .await
        .expect("table dropped");
    let failed = bot
        .command("T-logs", "U123ABC", &format!("note D-1 {BODY} again"))
        .await;
    let shown = text_of(&failed.json());
    assert!(shown.contains(":warning:"), "refused: {shown}");

    let output = String::from_utf8(captured.0.lock().expect("log buffer").clone()).expect("UTF-8");
    assert!(
        !output.contains(BODY),
        "a message body was logged:\n{output}"
    );
    assert!(
        !output.contains("SECRETVALUE"),
        "a token was logged:\n{output}"
    );
    assert!(!output.contains("xoxb"), "a token was logged:\n{output}");

    let events: Vec<Value> = output
        .lines()
        .map(|line| serde_json::from_str(line).expect("each line is one JSON object"))
        .collect();
    let handled: Vec<&Value> = events
        .iter()
        .filter(|event| event["fields"]["message"] == "command handled")
        .collect();
    assert_eq!(handled.len(), 5, "{output}");
    let subcommands: Vec<&str> = handled
        .iter()
        .map(|event| event["span"]["command"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(subcommands, ["new", "note", "next", "unknown", "note"]);
    for event in &handled {
        assert_eq!(event["span"]["platform"], "slack", "{event}");
        assert_eq!(event["span"]["workspace"], "slack:T-logs", "{event}");
        assert_eq!(event["span"]["user"], "U123ABC", "{event}");
    }
    let outcomes: Vec<&str> = handled
        .iter()
        .map(|event| event["fields"]["outcome"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(
        outcomes,
        ["ok", "ok", "user_error", "user_error", "internal_error"]
    );

    let failure = events
        .iter()
        .find(|event| event["fields"]["message"] == "command failed")
        .unwrap_or_else(|| panic!("the fault is logged:\n{output}"));
    assert_eq!(failure["level"], "ERROR");
    let error_id = failure["fields"]["error_id"].as_str().expect("an error id");
    assert!(shown.contains(error_id), "the person sees {shown:?}");
    let cause = failure["fields"]["error"].as_str().expect("the error");
    assert!(cause.contains("no such table: user_settings"), "{cause}");
    db.finish().await;
}

/// What a subscriber with `filter` (as `[log] level` or `DEALBOT_LOG`) writes
/// of one `info` and one `warn` line from serenity and one `info` line of ours.
fn written_with(filter: &str) -> String {
    let captured = Captured::default();
    let settings = LogSettings {
        level: filter.to_string(),
        format: LogFormat::Text,
    };
    let subscriber = dealbot::logging::subscriber(
        &settings,
        dealbot::logging::filter(filter),
        captured.clone(),
    );
    tracing::subscriber::with_default(subscriber, || {
        tracing::info!(target: "serenity::gateway::shard", "serenity-info-line");
        tracing::warn!(target: "serenity::gateway::shard", "serenity-warn-line");
        tracing::info!(target: "dealbot::daemon", "dealbot-info-line");
    });
    let output = captured.0.lock().expect("log buffer").clone();
    String::from_utf8(output).expect("UTF-8")
}

#[test]
fn serenity_logs_warnings_only_unless_the_filter_names_it() {
    for filter in ["info", "debug", "trace", "dealbot=debug,info"] {
        let output = written_with(filter);
        assert!(!output.contains("serenity-info-line"), "{filter}: {output}");
        assert!(output.contains("serenity-warn-line"), "{filter}: {output}");
        assert!(output.contains("dealbot-info-line"), "{filter}: {output}");
    }
    let output = written_with("info,serenity=info");
    assert!(output.contains("serenity-info-line"), "{output}");
    let output = written_with("warn");
    assert!(!output.contains("dealbot-info-line"), "{output}");
    assert!(output.contains("serenity-warn-line"), "{output}");
}
