//! CSV import and export on both backends: bad files change nothing and every bad
//! line is reported; an export imported into an empty database exports to the
//! same bytes; importing a file again adds nothing.

use dealbot::core::Core;
use dealbot::transfer::{export_deals, import_deals, ImportError, ImportOptions, ImportReport};
use dealbot_storage::{
    DealEdit, DealStatus, HistoryAction, ImportStep, ImportedDeal, NewDeal, NewHistory, Rejected,
};
use dealbot_tests::{monday_9am, on_both_backends, stored_deal, Session, TestDb};

pub(super) fn options(workspace: &str) -> ImportOptions {
    ImportOptions {
        workspace: workspace.to_string(),
        actor: "ops".to_string(),
        source: "deals.csv".to_string(),
        now: monday_9am(),
    }
}

/// The core of the app `dealbot import` builds, over `db`.
pub(super) async fn core(db: &TestDb) -> Core {
    Session::new(&db.store, "ops", "ops").await.core
}

pub(super) async fn import(
    db: &TestDb,
    workspace: &str,
    csv: &str,
) -> Result<ImportReport, ImportError> {
    import_deals(&core(db).await, csv.as_bytes(), &options(workspace)).await
}

pub(super) async fn export(db: &TestDb, workspace: &str) -> String {
    let core = core(db).await;
    let mut out = Vec::new();
    export_deals(core.store(), workspace, &mut out)
        .await
        .expect("export");
    String::from_utf8(out).expect("UTF-8")
}

/// Every deal and history line of the workspace, to compare before and after.
pub(super) async fn snapshot(db: &TestDb, workspace: &str) -> (usize, usize) {
    let deals = db.store.all_deals(workspace).await.expect("deals").len();
    let history = db
        .store
        .all_history(workspace)
        .await
        .expect("history")
        .len();
    (deals, history)
}

async fn a_file_with_bad_rows_is_rejected_whole(db: &TestDb) {
    let rep1 = Session::new(&db.store, "T1", "rep1").await;
    rep1.ok("new \"Acme Corp\" 50k").await;
    let before = snapshot(db, "T1").await;

    let csv =
        "Deal Name,Amount,Deal Stage,Deal Owner,Close Date,Next Step,Next Step Due,Create Date\n\
               Globex,\"1,200,000\",Qualifying,rep2,2026-12-31,,,2026-01-01\n\
               Initech,50kk,Prospecting,rep1,,,,\n\
               Umbrella,10k,Negotiating,rep1,,,,\n\
               Hooli,$5k,presenting,rep1,,call Gavin,2026-12-01,\n\
               Stark,1k,,Tony Stark,12/31/2026,,,\n\
               GLOBEX,2k,,,,,,\n\
               ,3k,,,,,,\n\
               Wayne,4k,Won,rep1,,send invoice,2026-12-01,\n";
    let Err(ImportError::Invalid(problems)) = import(db, "T1", csv).await else {
        panic!("the file should be refused");
    };
    let reported: Vec<(u64, &str)> = problems
        .iter()
        .map(|problem| (problem.line, problem.message.as_str()))
        .collect();
    let lines: Vec<u64> = reported.iter().map(|(line, _)| *line).collect();
    assert_eq!(lines, [3, 4, 6, 6, 7, 8, 9], "{reported:#?}");
    assert!(
        reported[0]
            .1
            .starts_with("amount: \"50kk\" is not an amount"),
        "{reported:#?}"
    );
    assert!(
        reported[1]
            .1
            .contains("\"Negotiating\" is not a stage of the new-business pipeline"),
        "{reported:#?}"
    );
    assert!(
        reported[3]
            .1
            .starts_with("owner: 1 owner match no user: \"Tony Stark\" (line 6)"),
        "{reported:#?}"
    );
    assert!(
        reported[2]
            .1
            .starts_with("close date: \"12/31/2026\" is not a date"),
        "{reported:#?}"
    );
    assert!(
        reported[4].1.contains("is already on line 2"),
        "{reported:#?}"
    );
    assert!(
        reported[5]
            .1
            .starts_with("name: A deal name can't be empty"),
        "{reported:#?}"
    );
    assert!(
        reported[6]
            .1
            .contains("a won or lost deal has no next step"),
        "{reported:#?}"
    );

    assert_eq!(snapshot(db, "T1").await, before, "nothing was stored");
    assert!(db
        .store
        .deals_named_like("T1", "Globex")
        .await
        .expect("read")
        .is_empty());
}

on_both_backends!(a_file_with_bad_rows_is_rejected_whole);

/// A workspace with every kind of deal: open with a next step, in another
/// currency, won, lost with a reason, and a name that needs quoting.
async fn varied_workspace(db: &TestDb, workspace: &str) {
    let rep1 = Session::new(&db.store, workspace, "rep1").await;
    rep1.ok("new \"Acme Corp\" 50k").await;
    rep1.ok("stage acme qualifying").await;
    rep1.ok("next acme \"send the proposal\" fri").await;
    rep1.ok("close-date acme 2026-12-15").await;
    rep1.ok("new \"Globex, Inc.\" 30,000 EUR @rep2").await;
    rep1.ok("new Initech 1234.50").await;
    rep1.ok("won initech").await;
    rep1.ok("new Umbrella").await;
    rep1.ok("lost umbrella \"went with a competitor\"").await;
    rep1.ok("new Hooli 5k").await;
}

async fn export_then_import_into_an_empty_database_exports_the_same_bytes(db: &TestDb) {
    varied_workspace(db, "T1").await;
    let first = export(db, "T1").await;
    assert_eq!(first.lines().count(), 6, "{first}");
    assert!(first.starts_with(
        "Deal ID,Deal Name,Amount,Currency,Deal Stage,Pipeline,Deal Owner,Close Date,Next Step,Next Step Due,Lost Reason,Created Date,Closed Date\n"
    ), "{first}");
    assert!(first.contains("D-1,Acme Corp,50000,USD,Qualifying,new-business,rep1,2026-12-15,send the proposal,2026-11-27,,2026-11-23,\n"), "{first}");
    assert!(
        first.contains("D-4,Umbrella,,,Lost,new-business,rep1,,,,went with a competitor,2026-11-23,2026-11-23\n"),
        "{first}"
    );

    let fresh = db.another().await;
    let report = import(&fresh, "T9", &first).await.expect("import");
    assert_eq!(
        (report.created, report.updated, report.unchanged),
        (5, 0, 0)
    );
    let second = export(&fresh, "T9").await;
    assert_eq!(second, first, "the round trip changed the file");

    let umbrella = &fresh
        .store
        .deals_named_like("T9", "umbrella")
        .await
        .expect("read")[0];
    assert_eq!(umbrella.status, DealStatus::Lost);
    assert_eq!(
        umbrella.lost_reason.as_deref(),
        Some("went with a competitor")
    );
    let history = fresh
        .store
        .history("T9", umbrella.number, None)
        .await
        .expect("history");
    let actions: Vec<&str> = history.iter().map(|line| line.action.as_str()).collect();
    assert_eq!(
        actions,
        ["created", "lost"],
        "as `new` and `lost` write them"
    );
    assert_eq!(history[0].actor, "ops");
    assert_eq!(history[0].note.as_deref(), Some("imported from deals.csv"));
    assert_eq!(
        history[1].note.as_deref(),
        Some("went with a competitor"),
        "the reason, as `lost` writes it"
    );
    fresh.finish().await;
}

on_both_backends!(export_then_import_into_an_empty_database_exports_the_same_bytes);

async fn importing_again_adds_nothing_and_changes_only_what_differs(db: &TestDb) {
    varied_workspace(db, "T1").await;
    let file = export(db, "T1").await;
    let before = snapshot(db, "T1").await;

    // The workspace's own export: every deal is already there as it says.
    let report = import(db, "T1", &file).await.expect("import");
    assert_eq!(
        (report.created, report.updated, report.unchanged),
        (0, 0, 5)
    );
    assert_eq!(snapshot(db, "T1").await, before, "nothing was added");

    // Into another workspace twice: the second time finds them all.
    import(db, "T2", &file).await.expect("first import");
    let once = snapshot(db, "T2").await;
    let report = import(db, "T2", &file).await.expect("second import");
    assert_eq!(
        (report.created, report.updated, report.unchanged),
        (0, 0, 5)
    );
    assert_eq!(snapshot(db, "T2").await, once, "no duplicates");

    // One cell differs (and the name's case, which only matches): one change.
    let file = export(db, "T2").await;
    let edited = file.replace("Hooli,5000,USD,Prospecting", "HOOLI,5000,USD,Presenting");
    assert_ne!(edited, file);
    let report = import(db, "T2", &edited).await.expect("import");
    assert_eq!(
        (report.created, report.updated, report.unchanged),
        (0, 1, 4)
    );
    let hooli = &db
        .store
        .deals_named_like("T2", "hooli")
        .await
        .expect("read")[0];
    assert_eq!(
        (hooli.name.as_str(), hooli.stage.as_str()),
        ("Hooli", "Presenting")
    );
    let history = db
        .store
        .history("T2", hooli.number, None)
        .await
        .expect("history");
    let last = history.last().expect("a history line");
    assert_eq!(
        (
            last.action.as_str(),
            last.from_value.as_deref(),
            last.to_value.as_deref()
        ),
        ("stage", Some("Prospecting"), Some("Presenting"))
    );
    assert_eq!(last.note.as_deref(), Some("imported from deals.csv"));
    assert_eq!(snapshot(db, "T2").await, (once.0, once.1 + 1));
}

on_both_backends!(importing_again_adds_nothing_and_changes_only_what_differs);

async fn an_import_planned_against_a_deal_that_changed_stores_nothing(db: &TestDb) {
    let rep1 = Session::new(&db.store, "T1", "rep1").await;
    rep1.ok("new \"Acme Corp\" 50k").await;
    let planned_against = stored_deal(&db.store, "T1", 1).await;
    let mut moved = planned_against.clone();
    moved.stage = "Qualifying".to_string();
    let steps = [
        ImportStep::Create(ImportedDeal {
            new: NewDeal {
                platform: "shell".to_string(),
                workspace: "T1".to_string(),
                name: "Globex".to_string(),
                pipeline: "new-business".to_string(),
                stage: "Prospecting".to_string(),
                owner: "ops".to_string(),
                amount_minor: None,
                currency: None,
                close_date: None,
                channel: None,
                private_channel: false,
                created_by: "ops".to_string(),
                at: monday_9am(),
            },
            status: DealStatus::Open,
            next_step: None,
            next_step_due: None,
            lost_reason: None,
            number: None,
            stage_entered_at: monday_9am(),
            history: vec![NewHistory::new(HistoryAction::Created).to("Prospecting")],
        }),
        ImportStep::Update(DealEdit {
            deal: moved,
            history: vec![NewHistory::new(HistoryAction::Stage)
                .from("Prospecting")
                .to("Qualifying")],
        }),
    ];
    // Someone changes the deal between the import's read and its write.
    rep1.ok("amount acme 60k").await;
    let before = snapshot(db, "T1").await;

    let result = db
        .store
        .apply_import("T1", "ops", monday_9am(), "imported from deals.csv", &steps)
        .await;
    let Err(Rejected::Refused(conflict)) = result else {
        panic!("a stale plan must be refused: {result:?}");
    };
    assert_eq!(conflict.name, "Acme Corp");
    assert_eq!(
        snapshot(db, "T1").await,
        before,
        "not even the new deal was kept"
    );
    let acme = stored_deal(&db.store, "T1", 1).await;
    assert_eq!(
        (acme.stage.as_str(), acme.amount_minor),
        ("Prospecting", Some(6_000_000))
    );
}

on_both_backends!(an_import_planned_against_a_deal_that_changed_stores_nothing);
