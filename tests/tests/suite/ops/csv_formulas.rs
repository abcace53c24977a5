//! Exports that a spreadsheet cannot run: a deal named
//! `=HYPERLINK("http://evil.example","x")`, next steps and reasons that begin
//! with `+`, `-` or `@`, are exported with a `'` in front, in `export` and in
//! `export-history`; imported back, every value is exactly what it was, text
//! that itself begins with `'` included, and the second export is the same
//! bytes.

use std::path::Path;
use std::process::Output;

use dealbot_tests::slack_bot::SlackBot;
use dealbot_tests::{on_both_backends, slack_workspace, TestDb};

const TEAM: &str = "T0FORMULA";
const REP: &str = "U0FORMULA";

/// The names given in chat, each a cell a spreadsheet would run or misread.
const NAMES: [&str; 5] = [
    "=HYPERLINK(\"http://evil.example\",\"x\")",
    "+1 upsell",
    "-=Acme=-",
    "@home Office",
    "'Tis the season",
];

fn dealbot(url: &str, args: &[&str]) -> Output {
    let output = crate::binary::dealbot(url, args);
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

fn export(url: &str, command: &str, workspace: &str) -> String {
    let output = dealbot(url, &[command, "--workspace", workspace]);
    String::from_utf8(output.stdout).expect("UTF-8")
}

/// Every cell of `csv` after its header.
fn cells(csv: &str) -> Vec<String> {
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    reader
        .records()
        .flat_map(|record| {
            record
                .expect("a CSV record")
                .iter()
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Must show: the formula cells are exported safely and imported back identical.
async fn formula_cells_are_exported_as_text_and_imported_back_identical(db: &TestDb) {
    let bot = SlackBot::start(&db.store).await;
    for name in NAMES {
        bot.ok(TEAM, REP, &format!("new “{name}” 5k")).await;
    }
    bot.ok(TEAM, REP, "next D-1 -call them back, +49 30 1234 fri")
        .await;
    bot.ok(TEAM, REP, "lost D-2 @competitor was cheaper").await;
    bot.ok(TEAM, REP, "note D-3 =1+1 is what they said").await;

    let first = export(&db.url, "export", &slack_workspace(TEAM));
    assert!(
        first.contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",5000,"),
        "{first}"
    );
    let history = export(&db.url, "export-history", &slack_workspace(TEAM));
    for csv in [&first, &history] {
        for cell in cells(csv) {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "a cell a spreadsheet would run: {cell:?} in\n{csv}"
            );
        }
    }
    assert!(
        cells(&first).contains(&"'-call them back, +49 30 1234".to_string()),
        "{first}"
    );
    assert!(
        cells(&first).contains(&"''Tis the season".to_string()),
        "{first}"
    );
    assert!(
        cells(&history).contains(&"'=1+1 is what they said".to_string()),
        "{history}"
    );

    let fresh = db.another().await;
    let dir = tempfile::tempdir().expect("temporary folder");
    let file = dir.path().join("deals.csv");
    std::fs::write(&file, &first).expect("file written");
    import(&fresh.url, &file, "T-COPY");
    let copied = fresh.store.all_deals("shell:T-COPY").await.expect("deals");
    let names: Vec<&str> = copied.iter().map(|deal| deal.name.as_str()).collect();
    assert_eq!(names, NAMES, "every name exactly as given");
    assert_eq!(
        copied[0].next_step.as_deref(),
        Some("-call them back, +49 30 1234")
    );
    assert_eq!(
        copied[1].lost_reason.as_deref(),
        Some("@competitor was cheaper")
    );
    assert_eq!(
        export(&fresh.url, "export", "T-COPY"),
        first,
        "the same bytes"
    );
    fresh.finish().await;
}

fn import(url: &str, file: &Path, workspace: &str) {
    let path = file.to_str().expect("a UTF-8 path");
    dealbot(
        url,
        &["import", path, "--workspace", workspace, "--as", "ops"],
    );
}

on_both_backends!(formula_cells_are_exported_as_text_and_imported_back_identical);
