//! A platform half set up by the environment is reported at once, with the
//! fix, by `check-config` and by `dealbot run` (which refuses to start), not
//! discovered at the first digest.

use std::process::Output;

const PUBLIC_KEY: &str = "4bd4d6e8fc1c6e2ee7d3f1bdb56c0e4e1b3b2f5f9b8c7a6d5e4f3a2b1c0d9e8f";

fn run(subcommand: &str, env: &[(&str, &str)]) -> Output {
    let dir = tempfile::tempdir().expect("temporary folder");
    let mut command = dealbot_tests::dealbot_command!();
    command
        .arg(subcommand)
        .env(
            "DATABASE_URL",
            format!("sqlite://{}", dir.path().join("dealbot.db").display()),
        )
        .env("DEALBOT_SERVER_BIND", "127.0.0.1:0")
        .env("DEALBOT_SERVER_ADMIN_BIND", "127.0.0.1:0");
    for name in dealbot::config::Secrets::ENV_VARS {
        command.env_remove(name);
    }
    for (name, value) in env {
        command.env(name, value);
    }
    command.output().expect("dealbot runs")
}

#[test]
fn a_discord_key_without_a_token_is_reported_with_the_fix() {
    for subcommand in ["check-config", "run"] {
        let output = run(subcommand, &[("DISCORD_PUBLIC_KEY", PUBLIC_KEY)]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{subcommand}: {stderr}");
        assert!(
            stderr.contains("DISCORD_TOKEN: is not set")
                && stderr.contains("set it to the bot's token"),
            "{subcommand}: {stderr}"
        );
    }
}

#[test]
fn http_interactions_without_an_application_id_and_slack_without_a_bot_token() {
    let output = run(
        "check-config",
        &[
            ("DISCORD_PUBLIC_KEY", PUBLIC_KEY),
            ("DISCORD_TOKEN", "a-token"),
            ("SLACK_SIGNING_SECRET", "a-secret"),
        ],
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "{stderr}");
    assert!(
        stderr.contains("the configuration has 2 problem(s)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("DISCORD_APPLICATION_ID: is not set"),
        "{stderr}"
    );
    assert!(stderr.contains("SLACK_BOT_TOKEN: is not set"), "{stderr}");
    assert!(
        !stderr.contains("a-token") && !stderr.contains("a-secret"),
        "no secret shown"
    );
}

#[test]
fn whole_setups_check_out_and_say_which_platforms_are_on() {
    let output = run(
        "check-config",
        &[
            ("DISCORD_TOKEN", "a-token"),
            ("SLACK_SIGNING_SECRET", "a-secret"),
            ("SLACK_BOT_TOKEN", "xoxb-1"),
        ],
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains("Slack over HTTP, Discord over the gateway."),
        "{stdout}"
    );
}
