//! Which workspace the command line works on, against the real binary:
//! without `--workspace`, `export`, `export-history` and `import` use the only
//! workspace there is (a Slack install's team, not an empty `local`); with
//! several they refuse and list each, as `dealbot workspaces` does.

use crate::binary::{dealbot, text};

#[test]
fn without_a_workspace_the_only_one_is_used_and_several_are_listed() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let url = format!("sqlite://{}", dir.path().join("dealbot.db").display());
    let file = dir.path().join("deals.csv");
    std::fs::write(&file, "Deal Name,Amount\nAcme,50k\nGlobex,2k\n").expect("file written");
    let file = file.to_str().expect("path");

    let run = dealbot(&url, &["workspaces"]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    assert_eq!(text(&run.stdout), "No workspace has deals yet.\n");

    // A Slack install: its deals live under the team's key.
    let run = dealbot(&url, &["import", file, "--workspace", "slack:T0SLACK"]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    for command in ["export", "export-history"] {
        let run = dealbot(&url, &[command]);
        assert!(run.status.success(), "{}", text(&run.stderr));
        let out = text(&run.stdout);
        assert_eq!(out.lines().count(), 3, "{command}: the team's deals: {out}");
        assert!(out.contains("Acme"), "{out}");
    }
    // The next file goes there too.
    let more = dir.path().join("more.csv");
    std::fs::write(&more, "Deal Name\nInitech\n").expect("file written");
    let run = dealbot(&url, &["import", more.to_str().expect("path")]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    assert!(
        text(&run.stdout).contains("into workspace slack:T0SLACK: 1 new"),
        "{}",
        text(&run.stdout)
    );

    // A second workspace: now each command must be told which.
    let run = dealbot(&url, &["import", file, "--workspace", "ops"]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    let listing = "KEY            PLATFORM  NAME     DEALS\n\
                   shell:ops      shell     ops      2\n\
                   slack:T0SLACK  slack     T0SLACK  3\n";
    let run = dealbot(&url, &["workspaces"]);
    assert_eq!(text(&run.stdout), listing);
    for args in [&["export"][..], &["export-history"], &["import", file]] {
        let run = dealbot(&url, args);
        assert!(!run.status.success(), "{args:?}");
        assert!(run.stdout.is_empty(), "{args:?}: {}", text(&run.stdout));
        let stderr = text(&run.stderr);
        assert!(
            stderr.starts_with(
                "dealbot: this database has 2 workspaces; say which with --workspace KEY:\n"
            ),
            "{args:?}: {stderr}"
        );
        assert!(stderr.ends_with(listing), "{args:?}: {stderr}");
    }
    let run = dealbot(&url, &["export", "--workspace", "slack:T0SLACK"]);
    assert_eq!(text(&run.stdout).lines().count(), 4);
    let run = dealbot(&url, &["--help"]);
    assert!(
        text(&run.stdout).contains("workspaces"),
        "{}",
        text(&run.stdout)
    );
}
