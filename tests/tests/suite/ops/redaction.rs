//! A database password never reaches the console: `password=` in the URL's
//! query string is hidden like one after the user name, in `check-config`,
//! in `migrate`'s report, and when the URL cannot be used.

use std::process::Output;

const PASSWORD: &str = "hunter2-in-the-query";

/// `dealbot <subcommand>` with `DATABASE_URL` set to `url`.
fn dealbot_with_database(subcommand: &str, url: &str) -> Output {
    dealbot_tests::dealbot_command!()
        .arg(subcommand)
        .env("DATABASE_URL", url)
        .env_remove("DEALBOT_DATABASE_URL")
        .output()
        .expect("dealbot runs")
}

/// Everything the process wrote, which must not hold the password.
fn console(output: &Output) -> String {
    let written = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        !written.contains(PASSWORD),
        "the password is shown: {written}"
    );
    written
}

#[test]
fn check_config_hides_a_password_given_as_a_query_parameter() {
    let url = format!("postgres://db.internal/deals?user=dealbot&password={PASSWORD}");
    let output = dealbot_with_database("check-config", &url);
    let written = console(&output);
    assert!(output.status.success(), "{written}");
    assert!(
        written.contains("database postgres://db.internal/deals?user=dealbot&password=***"),
        "{written}"
    );
}

#[test]
fn a_database_that_cannot_be_opened_is_named_without_its_password() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let file = dir.path().join("dealbot.db");
    let url = format!("sqlite://{}?password={PASSWORD}", file.display());
    let output = dealbot_with_database("migrate", &url);
    let written = console(&output);
    assert!(!output.status.success(), "{written}");
    assert!(
        written.contains(&format!(
            "cannot open the database sqlite://{}?password=***",
            file.display()
        )),
        "{written}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn migrate_reports_the_postgres_url_without_its_password() {
    let Some(db) = dealbot_tests::postgres().await else {
        return;
    };
    // The test server trusts local connections: the password is not checked.
    let url = format!("{}?password={PASSWORD}", db.url);
    let output = dealbot_with_database("migrate", &url);
    let written = console(&output);
    assert!(output.status.success(), "{written}");
    assert!(
        written.contains(&format!("{}?password=*** is up to date", db.url)),
        "{written}"
    );
    db.finish().await;
}
