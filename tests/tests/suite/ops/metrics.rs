//! A scripted session, then a scrape of `GET /metrics` on the admin server of
//! the app `dealbot run` builds: every command counted by platform, subcommand
//! and outcome, its latency observed, and the open deals counted by stage. The
//! public server does not serve the metrics.

use dealbot::clock::Clock;
use dealbot::config::Secrets;
use dealbot::core::env::Invocation;
use dealbot_tests::{get, monday_9am, on_both_backends, shipped_settings, Served, TestDb};

/// The value of the sample `name` whose labels are exactly `labels`.
fn sample(scrape: &str, name: &str, labels: &[(&str, &str)]) -> Option<f64> {
    let mut wanted: Vec<String> = labels.iter().map(|(k, v)| format!("{k}=\"{v}\"")).collect();
    wanted.sort();
    scrape.lines().find_map(|line| {
        let (series, value) = line.rsplit_once(' ')?;
        let (metric, rest) = series.split_once('{').unwrap_or((series, "}"));
        let mut found: Vec<String> = rest
            .trim_end_matches('}')
            .split(',')
            .filter(|pair| !pair.is_empty())
            .map(str::to_string)
            .collect();
        found.sort();
        (metric == name && found == wanted).then(|| value.parse().ok())?
    })
}

async fn metrics_after_a_scripted_session(db: &TestDb) {
    let served = Served::start(
        shipped_settings(),
        Secrets::default(),
        &db.store,
        Clock::system(),
    )
    .await;
    let core = served.core();
    // Counters live for the whole test process: a platform name of this test's
    // own keeps its counts apart from every other test's.
    let platform = format!("scripted-{}", db.store.backend_name());
    let invocation = Invocation {
        platform: platform.clone(),
        workspace: "T-metrics".to_string(),
        user: "rep1".to_string(),
        channel: Some("pipeline".to_string()),
        channel_private: false,
        timezone: None,
        now: monday_9am(),
        people: dealbot::core::people::Operator::shared(),
    };
    for command in [
        "new \"Acme Corp\" 50k",
        "new Globex $1.2M",
        "new Initech",
        "stage acme qualifying",
        "won globex",
        "amount acme 50kk",
        "frobnicate D-1",
        "show D-99",
        "help",
    ] {
        core.handle(&invocation, command).await;
    }

    let (status, _) = get(&served.url(), "/metrics").await;
    assert_eq!(status, 404, "metrics stay off the public server");
    let (status, scrape) = get(&served.admin_url(), "/metrics").await;
    assert_eq!(status, 200);
    let commands = |subcommand: &str, outcome: &str| {
        sample(
            &scrape,
            "dealbot_commands_total",
            &[
                ("platform", &platform),
                ("subcommand", subcommand),
                ("outcome", outcome),
            ],
        )
    };
    assert_eq!(commands("new", "ok"), Some(3.0), "{scrape}");
    assert_eq!(commands("stage", "ok"), Some(1.0), "{scrape}");
    assert_eq!(commands("won", "ok"), Some(1.0), "{scrape}");
    assert_eq!(commands("help", "ok"), Some(1.0), "{scrape}");
    assert_eq!(commands("amount", "user_error"), Some(1.0), "{scrape}");
    assert_eq!(commands("unknown", "user_error"), Some(1.0), "{scrape}");
    assert_eq!(commands("show", "user_error"), Some(1.0), "{scrape}");
    assert_eq!(commands("new", "user_error"), None, "{scrape}");
    assert!(
        !scrape.contains("frobnicate"),
        "what people type never becomes a label"
    );

    let latency = |subcommand: &str| {
        sample(
            &scrape,
            "dealbot_command_duration_seconds_count",
            &[("platform", &platform), ("subcommand", subcommand)],
        )
    };
    assert_eq!(latency("new"), Some(3.0), "{scrape}");
    assert_eq!(latency("amount"), Some(1.0), "{scrape}");
    let under_ten_seconds = sample(
        &scrape,
        "dealbot_command_duration_seconds_bucket",
        &[("platform", &platform), ("subcommand", "new"), ("le", "10")],
    );
    assert_eq!(under_ten_seconds, Some(3.0), "{scrape}");

    let open = |stage: &str| {
        sample(
            &scrape,
            "dealbot_open_deals",
            &[("pipeline", "new-business"), ("stage", stage)],
        )
    };
    assert_eq!(open("Prospecting"), Some(1.0), "{scrape}");
    assert_eq!(open("Qualifying"), Some(1.0), "{scrape}");
    assert_eq!(open("Closing"), Some(0.0), "{scrape}");
    assert!(
        scrape.contains("# TYPE dealbot_commands_total counter"),
        "{scrape}"
    );
}

on_both_backends!(metrics_after_a_scripted_session);
