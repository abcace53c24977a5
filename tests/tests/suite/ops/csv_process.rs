//! `dealbot import`, `dealbot export` and `dealbot export-history` as an
//! operator runs them: files in, CSV out, problems on standard error.

use crate::binary::{dealbot, text};

#[test]
fn the_command_line_imports_exports_and_reports_every_bad_line() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let url = format!("sqlite://{}", dir.path().join("dealbot.db").display());
    let bad = dir.path().join("deals.csv");
    std::fs::write(
        &bad,
        "Deal Name,Amount,Deal Stage\nAcme,50k,Prospecting\nGlobex,lots,Qualifying\nInitech,1k,Nowhere\n",
    )
    .expect("file written");
    let run = dealbot(
        &url,
        &["import", bad.to_str().expect("path"), "--as", "ops"],
    );
    assert!(!run.status.success());
    let stderr = text(&run.stderr);
    assert!(
        stderr.contains("deals.csv:3: amount: \"lots\" is not an amount"),
        "{stderr}"
    );
    assert!(
        stderr.contains("deals.csv:4: stage: \"Nowhere\" is not a stage"),
        "{stderr}"
    );
    assert!(
        stderr.contains("Nothing was imported: 2 problem(s)."),
        "{stderr}"
    );
    let run = dealbot(&url, &["export"]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    assert_eq!(
        text(&run.stdout).lines().count(),
        1,
        "only the header: nothing was stored"
    );

    let good = dir.path().join("good.csv");
    std::fs::write(
        &good,
        "Deal Name,Amount,Deal Stage,Notes\nAcme,50k,Prospecting,x\nGlobex,2k,Qualifying,y\n",
    )
    .expect("file written");
    for expected in [
        "2 new, 0 updated, 0 unchanged",
        "0 new, 0 updated, 2 unchanged",
    ] {
        let run = dealbot(
            &url,
            &["import", good.to_str().expect("path"), "--as", "ops"],
        );
        assert!(run.status.success(), "{}", text(&run.stderr));
        assert!(
            text(&run.stdout).contains(expected),
            "{}",
            text(&run.stdout)
        );
        assert!(text(&run.stderr).contains("Ignored columns dealbot does not keep: Notes."));
    }
    let run = dealbot(&url, &["export"]);
    let today = chrono::Utc::now().date_naive();
    assert_eq!(
        text(&run.stdout),
        format!(
            "Deal ID,Deal Name,Amount,Currency,Deal Stage,Pipeline,Deal Owner,Close Date,Next Step,Next Step Due,Lost Reason,Created Date,Closed Date\n\
             D-1,Acme,50000,USD,Prospecting,new-business,ops,,,,,{today},\n\
             D-2,Globex,2000,USD,Qualifying,new-business,ops,,,,,{today},\n"
        )
    );
    let run = dealbot(&url, &["export-history"]);
    let history = text(&run.stdout);
    let mut lines = history.lines();
    assert_eq!(
        lines.next(),
        Some("Deal ID,Deal Name,At (UTC),Actor,Action,From,To,Note")
    );
    let first = lines.next().expect("a history line");
    assert!(first.starts_with("D-1,Acme,"), "{history}");
    assert!(
        first.ends_with(",ops,created,,Prospecting,imported from good.csv"),
        "{history}"
    );
    assert_eq!(history.lines().count(), 3, "{history}");
}
