//! Running the `dealbot` binary this suite builds, as an operator would: on a
//! database, or checking a configuration file.

use std::process::Output;

/// Runs the `dealbot` binary with the shipped configuration on `url`.
pub(crate) fn dealbot(url: &str, args: &[&str]) -> Output {
    dealbot_tests::dealbot_command!()
        .args(args)
        .env("DATABASE_URL", url)
        .env_remove("DEALBOT_LOG")
        .output()
        .expect("dealbot runs")
}

/// Bytes a process wrote, as text.
pub(crate) fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Runs `dealbot --config <file> check-config` on a file holding `config`,
/// with no configuration or database from the environment.
pub(crate) fn check_config(config: &str) -> Output {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("dealbot.toml");
    std::fs::write(&path, config).expect("config written");
    std::process::Command::new(env!("CARGO_BIN_EXE_dealbot-under-test"))
        .arg("--config")
        .arg(&path)
        .arg("check-config")
        .env_remove("DEALBOT_CONFIG")
        .env_remove("DATABASE_URL")
        .output()
        .expect("dealbot runs")
}
