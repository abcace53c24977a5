//! The clock override for demos and training: `dealbot shell --help` shows
//! `--now` and says what it does, and a session started with it answers as of
//! that moment.

use std::io::Write;
use std::process::Stdio;

#[test]
fn the_shell_help_explains_the_clock_override() {
    let output = dealbot_tests::dealbot_command!()
        .args(["shell", "--help"])
        .output()
        .expect("dealbot runs");
    assert!(output.status.success());
    let help = String::from_utf8_lossy(&output.stdout);
    assert!(help.contains("--now <TIME>"), "{help}");
    for words in [
        "demos, training",
        "RFC 3339",
        "as if it were then",
        "later --now",
    ] {
        assert!(help.contains(words), "`{words}` in:\n{help}");
    }
    let short = dealbot_tests::dealbot_command!()
        .args(["shell", "-h"])
        .output()
        .expect("dealbot runs");
    let short = String::from_utf8_lossy(&short.stdout);
    assert!(
        short.contains("--now <TIME>") && short.contains("demos"),
        "{short}"
    );
}

#[test]
fn a_session_with_a_fixed_clock_answers_as_of_that_moment() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let database = dir.path().join("demo.db");
    let mut child = dealbot_tests::dealbot_command!()
        .args(["shell", "--as", "rep1", "--now", "2027-02-26T16:00:00Z"])
        .env("DATABASE_URL", format!("sqlite://{}", database.display()))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("dealbot starts");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(b"new \"Acme Corp\" 50k\nnext D-1 \"send the proposal\" tomorrow\n")
        .expect("script written");
    let output = child.wait_with_output().expect("dealbot finishes");
    assert!(output.status.success());
    let transcript = String::from_utf8_lossy(&output.stdout);
    assert!(
        transcript.contains("Fri 26 Feb 2027 16:00  @rep1 opened it in Prospecting"),
        "{transcript}"
    );
    assert!(
        transcript.contains("send the proposal, due Sat 27 Feb (tomorrow)"),
        "{transcript}"
    );
}
