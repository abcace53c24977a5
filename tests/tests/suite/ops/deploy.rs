//! The deployment examples are valid: `dealbot check-config` accepts the
//! replicas' configuration, and it describes what it says it does.

use std::process::Command;

#[test]
fn the_replicas_configuration_checks_out_as_postgres_behind_a_load_balancer() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../deploy/replicas.toml");
    let run = Command::new(env!("CARGO_BIN_EXE_dealbot-under-test"))
        .args(["--config", path, "check-config"])
        .env_remove("DATABASE_URL")
        .env_remove("DEALBOT_DATABASE_URL")
        .output()
        .expect("dealbot runs");
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(
        stdout.contains("OK (2 pipelines, database postgres://dealbot@db.internal/dealbot)"),
        "{stdout}"
    );

    let settings = dealbot::config::Settings::load(std::path::Path::new(path), true)
        .expect("loads")
        .validated()
        .expect("valid");
    assert_eq!(
        settings.server.bind, "0.0.0.0:3000",
        "reachable by the load balancer"
    );
    assert_eq!(settings.log.format, dealbot::config::LogFormat::Json);
}
