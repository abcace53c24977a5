//! A large CSV import: a file of many new deals, as a CRM export would hand
//! over, imported through `dealbot::transfer::import_deals` into an empty
//! workspace, the way `dealbot import` runs it.

use std::time::{Duration, Instant};

use dealbot::transfer::{import_deals, ImportOptions};
use dealbot_storage::Store;

use crate::{monday_9am, Session};

/// A CSV of `rows` new deals with amounts, stages, owners and close dates, a
/// tenth of them won or lost.
pub fn crm_file(rows: usize) -> String {
    let stages = [
        "Prospecting",
        "Qualifying",
        "Presenting",
        "Closing",
        "Closed Won",
        "Lost",
    ];
    let mut csv = String::from("Deal Name,Amount,Deal Stage,Deal Owner,Close Date,Created Date\n");
    for i in 0..rows {
        let stage = if i % 10 == 0 {
            stages[4 + i / 10 % 2]
        } else {
            stages[i % 4]
        };
        csv.push_str(&format!(
            "Deal {i},{},{stage},rep{},2026-12-{:02},2026-{:02}-01\n",
            1_000 + i % 90_000,
            i % 100,
            1 + i % 28,
            1 + i % 11
        ));
    }
    csv
}

/// Imports `csv` into `workspace` of `store`; how long it took.
pub async fn import(store: &Store, workspace: &str, csv: &str) -> anyhow::Result<Duration> {
    let core = Session::new(store, workspace, "ops").await.core;
    let options = ImportOptions {
        workspace: workspace.to_string(),
        actor: "ops".to_string(),
        source: "crm.csv".to_string(),
        now: monday_9am(),
    };
    let started = Instant::now();
    let report = import_deals(&core, csv.as_bytes(), &options).await?;
    let took = started.elapsed();
    anyhow::ensure!(
        report.created == csv.lines().count() - 1,
        "imported {} of the rows",
        report.created
    );
    Ok(took)
}
