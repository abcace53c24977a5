//! The CSV bugs of a two-week trial, each as it was met: the bot's own export
//! of two deals with the same name imports; a re-import of it adds no history;
//! Created Date and the close date of closed deals are kept, in the deal and
//! its history; owners named by name or email map through `[users]`, and the
//! ones that do not are listed together; HubSpot's stage names import as
//! shipped; CRLF files are reported by their real line numbers; an empty cell
//! leaves its field alone.

use chrono::{NaiveDate, TimeZone, Utc};
use dealbot::transfer::{import_deals, ImportError};
use dealbot_storage::{DealStatus, HistoryAction};
use dealbot_tests::{on_both_backends, shipped_settings, stored_deal, Session, TestDb};

use super::csv_import::{export, import, options, snapshot};

fn day(month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, month, day).expect("valid")
}

/// rep1 types `commands` in T1, each of which must succeed.
async fn rep1_types(db: &TestDb, commands: &[&str]) {
    let rep1 = Session::new(&db.store, "T1", "rep1").await;
    for command in commands {
        rep1.ok(command).await;
    }
}

async fn the_own_export_of_two_deals_with_one_name_imports_and_changes_nothing(db: &TestDb) {
    rep1_types(
        db,
        &["new Initrode 10k", "new Initrode 20k", "new Hooli 5k"],
    )
    .await;
    let file = export(db, "T1").await;
    assert!(file.contains("\nD-1,Initrode,10000,"), "{file}");
    assert!(file.contains("\nD-2,Initrode,20000,"), "{file}");
    let before = snapshot(db, "T1").await;

    let report = import(db, "T1", &file)
        .await
        .expect("the own export imports");
    assert_eq!(
        (report.created, report.updated, report.unchanged),
        (0, 0, 3)
    );
    assert_eq!(snapshot(db, "T1").await, before, "no history line added");

    // One Initrode changes, by its id: only that one.
    let edited = file.replace("D-2,Initrode,20000,", "D-2,Initrode,25000,");
    let report = import(db, "T1", &edited).await.expect("import");
    assert_eq!(
        (report.created, report.updated, report.unchanged),
        (0, 1, 2)
    );
    let d1 = stored_deal(&db.store, "T1", 1).await;
    let d2 = stored_deal(&db.store, "T1", 2).await;
    assert_eq!(
        (d1.amount_minor, d2.amount_minor),
        (Some(1_000_000), Some(2_500_000))
    );

    // Without ids the row cannot say which: refused, pointing at the column.
    let Err(ImportError::Invalid(problems)) =
        import(db, "T1", "Deal Name,Amount\nInitrode,1k\n").await
    else {
        panic!("an ambiguous name must be refused");
    };
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(problems[0].message.contains("(D-1, D-2)"), "{problems:#?}");
    assert!(problems[0].message.contains("Deal ID"), "{problems:#?}");
}

on_both_backends!(the_own_export_of_two_deals_with_one_name_imports_and_changes_nothing);

async fn created_and_closed_dates_are_kept_in_the_deal_and_its_history(db: &TestDb) {
    let csv = "Deal Name,Amount,Deal Stage,Created Date,Closed Date,Lost Reason\n\
               Acme,50k,Closed Won,2026-03-02,2026-06-30,\n\
               Globex,10k,Lost,2026-04-01,2026-05-15,price\n\
               Initech,5k,Qualifying,2026-09-10,,\n";
    import(db, "T1", csv).await.expect("import");
    let acme = stored_deal(&db.store, "T1", 1).await;
    let midnight = |d: NaiveDate| Utc.from_utc_datetime(&d.and_hms_opt(0, 0, 0).expect("valid"));
    assert_eq!(acme.status, DealStatus::Won);
    assert_eq!(acme.created_at, midnight(day(3, 2)));
    assert_eq!(
        acme.won_at,
        Some(midnight(day(6, 30))),
        "not the import time"
    );
    let history = db.store.history("T1", 1, None).await.expect("history");
    let lines: Vec<(&str, _)> = history
        .iter()
        .map(|line| (line.action.as_str(), line.at))
        .collect();
    assert_eq!(
        lines,
        [
            ("created", midnight(day(3, 2))),
            ("won", midnight(day(6, 30)))
        ]
    );
    let globex = db.store.history("T1", 2, None).await.expect("history");
    assert_eq!(globex[1].action, HistoryAction::Lost);
    assert_eq!(globex[1].at, midnight(day(5, 15)));
    let initech = stored_deal(&db.store, "T1", 3).await;
    assert_eq!(initech.created_at, midnight(day(9, 10)));

    let file = export(db, "T1").await;
    assert!(file.contains(",2026-03-02,2026-06-30\n"), "{file}");
    assert!(file.contains(",price,2026-04-01,2026-05-15\n"), "{file}");

    // A CRM's Close Date of a closed deal is when it closed.
    import(
        db,
        "T2",
        "Deal Name,Deal Stage,Close Date\nUmbrella,closedwon,2026-02-11\n",
    )
    .await
    .expect("import");
    let umbrella = stored_deal(&db.store, "T2", 1).await;
    assert_eq!(umbrella.won_at, Some(midnight(day(2, 11))));
}

on_both_backends!(created_and_closed_dates_are_kept_in_the_deal_and_its_history);

async fn owners_map_through_users_and_the_unmatched_are_listed_together(db: &TestDb) {
    let mut settings = shipped_settings();
    settings.users.insert("Jane Doe".into(), "U0JANE".into());
    settings.users.insert("bob@acme.com".into(), "U0BOB".into());
    let core = Session::with_settings(&db.store, settings, "T1", "ops")
        .await
        .core;
    let import = |csv: &'static str| {
        let core = core.clone();
        async move { import_deals(&core, csv.as_bytes(), &options("T1")).await }
    };

    let Err(ImportError::Invalid(problems)) = import(
        "Deal Name,Deal Owner\nAcme,jane doe\nGlobex,John Smith\nInitech,john@acme.com\nHooli,John Smith\n",
    )
    .await
    else {
        panic!("unknown owners must be refused");
    };
    assert_eq!(problems.len(), 1, "one refusal for all: {problems:#?}");
    assert_eq!(problems[0].line, 3);
    let message = &problems[0].message;
    assert!(
        message.starts_with(
            "owner: 2 owners match no user: \"John Smith\" (lines 3, 5), \"john@acme.com\" (line 4)."
        ),
        "{message}"
    );
    assert!(message.contains("[users]"), "{message}");
    assert_eq!(snapshot(db, "T1").await, (0, 0), "nothing was stored");

    import("Deal Name,Deal Owner\nAcme,jane doe\nGlobex,BOB@acme.com\nInitech,rep1\n")
        .await
        .expect("import");
    let owners: Vec<String> = db
        .store
        .all_deals("T1")
        .await
        .expect("deals")
        .into_iter()
        .map(|deal| deal.owner)
        .collect();
    assert_eq!(owners, ["U0JANE", "U0BOB", "rep1"]);
}

on_both_backends!(owners_map_through_users_and_the_unmatched_are_listed_together);

async fn hubspot_stage_names_import_as_shipped(db: &TestDb) {
    let csv = "Deal Name,Deal Stage,Pipeline\n\
               Acme,Qualified To Buy,\n\
               Globex,Closed Won,\n\
               Initech,Contract Sent,\n\
               Hooli,appointmentscheduled,pilot\n\
               Umbrella,Negotiation,\n";
    let Err(ImportError::Invalid(problems)) = import(db, "T1", csv).await else {
        panic!("an unknown stage must be refused");
    };
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert_eq!(problems[0].line, 6);
    assert!(
        problems[0]
            .message
            .contains("\"Negotiation\" is not a stage of the new-business pipeline"),
        "{problems:#?}"
    );
    assert!(
        problems[0].message.contains("import_names"),
        "{problems:#?}"
    );

    import(db, "T1", &csv.replace("Umbrella,Negotiation,\n", ""))
        .await
        .expect("import");
    let stages: Vec<(String, DealStatus)> = db
        .store
        .all_deals("T1")
        .await
        .expect("deals")
        .into_iter()
        .map(|deal| (deal.stage, deal.status))
        .collect();
    assert_eq!(
        stages,
        [
            ("Qualifying".to_string(), DealStatus::Open),
            ("Won".to_string(), DealStatus::Won),
            ("Closing".to_string(), DealStatus::Open),
            ("Discovery".to_string(), DealStatus::Open),
        ]
    );
}

on_both_backends!(hubspot_stage_names_import_as_shipped);

async fn a_crlf_file_is_reported_by_its_real_line_numbers(db: &TestDb) {
    let csv = "Deal Name,Amount\r\nAcme,lots\r\nGlobex,1k\r\nInitech,50kk\r\n";
    let Err(ImportError::Invalid(problems)) = import(db, "T1", csv).await else {
        panic!("bad amounts must be refused");
    };
    let lines: Vec<u64> = problems.iter().map(|problem| problem.line).collect();
    assert_eq!(lines, [2, 4], "{problems:#?}");
    assert!(
        problems[0]
            .message
            .starts_with("amount: \"lots\" is not an amount"),
        "{problems:#?}"
    );
}

on_both_backends!(a_crlf_file_is_reported_by_its_real_line_numbers);

async fn an_empty_cell_leaves_its_field_alone(db: &TestDb) {
    rep1_types(
        db,
        &[
            "new Acme 120k",
            "close-date acme 2026-12-15",
            "next acme \"send the proposal\" 2026-11-27",
        ],
    )
    .await;
    let before = snapshot(db, "T1").await;

    let report = import(
        db,
        "T1",
        "Deal Name,Amount,Close Date,Next Step,Next Step Due,Deal Stage\nAcme,,,,,Qualifying\n",
    )
    .await
    .expect("import");
    assert_eq!((report.updated, report.unchanged), (1, 0));
    let acme = stored_deal(&db.store, "T1", 1).await;
    assert_eq!(acme.amount_minor, Some(12_000_000), "the amount stays");
    assert_eq!(acme.close_date, Some(day(12, 15)));
    assert_eq!(acme.next_step.as_deref(), Some("send the proposal"));
    assert_eq!(acme.stage, "Qualifying");
    assert_eq!(
        snapshot(db, "T1").await,
        (before.0, before.1 + 1),
        "the stage only"
    );
    let history = db.store.all_history("T1").await.expect("history");
    assert!(
        history
            .iter()
            .all(|line| line.action == HistoryAction::Created || line.to_value.is_some()),
        "no blank \"to\": {history:#?}"
    );
}

on_both_backends!(an_empty_cell_leaves_its_field_alone);
