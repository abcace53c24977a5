//! A scripted shell session: commands piped into `dealbot shell`, covering every
//! subcommand and each kind of bad input, compared line by line with the reviewed
//! transcript in `transcripts/`. Set `UPDATE_TRANSCRIPTS=1` to rewrite the transcript
//! after an intended change, then review the diff.

use std::io::Write;
use std::path::PathBuf;
use std::process::Stdio;

fn transcript_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/suite/transcripts")
        .join(name)
}

/// `dealbot shell` on a fresh SQLite file at a fixed moment, fed `script`.
pub fn run_shell(script: &str, database: &std::path::Path) -> String {
    let mut child = dealbot_tests::dealbot_command!()
        .args(["shell", "--as", "rep1", "--now", "2026-11-23T09:00:00Z"])
        .env("DATABASE_URL", format!("sqlite://{}", database.display()))
        .env_remove("DEALBOT_CONFIG")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("dealbot starts");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(script.as_bytes())
        .expect("script written");
    let output = child.wait_with_output().expect("dealbot finishes");
    assert!(
        output.status.success(),
        "dealbot shell failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.stderr.is_empty(),
        "nothing on stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

#[test]
fn scripted_session_matches_the_reviewed_transcript() {
    let script = std::fs::read_to_string(transcript_path("session.in")).expect("script");
    let dir = tempfile::tempdir().expect("temporary folder");
    let output = run_shell(&script, &dir.path().join("dealbot.db"));
    let expected_path = transcript_path("session.out");
    if std::env::var_os("UPDATE_TRANSCRIPTS").is_some() {
        std::fs::write(&expected_path, &output).expect("transcript written");
        return;
    }
    let expected = std::fs::read_to_string(&expected_path).expect("reviewed transcript");
    for (number, (got, want)) in output.lines().zip(expected.lines()).enumerate() {
        assert_eq!(got, want, "line {} of the transcript differs", number + 1);
    }
    assert_eq!(
        output.lines().count(),
        expected.lines().count(),
        "the transcript has a different length"
    );
}
