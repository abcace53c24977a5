//! Bad input: every refusal is private, says what was wrong and how to do it
//! right, and changes nothing.

use dealbot_storage::{Deal, DealFilter, HistoryEntry};
use dealbot_tests::{on_both_backends, Session, TestDb};

async fn snapshot(db: &TestDb) -> (Vec<Deal>, Vec<Vec<HistoryEntry>>) {
    let deals = db
        .store
        .list_deals("T1", &DealFilter::default())
        .await
        .expect("list");
    let mut histories = Vec::new();
    for deal in &deals {
        histories.push(
            db.store
                .history("T1", deal.number, None)
                .await
                .expect("history"),
        );
    }
    (deals, histories)
}

async fn bad_input_is_explained_and_changes_nothing(db: &TestDb) {
    let rep1 = Session::new(&db.store, "T1", "rep1").await;
    rep1.ok("new \"Acme Corp\" 50k").await;
    rep1.ok("new \"Acme Labs\" 20k").await;
    rep1.ok("new Globex 5k").await;
    rep1.ok("next globex call them tomorrow").await;
    let before = snapshot(db).await;

    let cases: &[(&str, &[&str])] = &[
        (
            "show D-99",
            &["There is no deal \"D-99\"", "Did you mean `D-3` Globex"],
        ),
        (
            "show D-4",
            &["There is no deal \"D-4\"", "Did you mean `D-3` Globex"],
        ),
        (
            "show glbex",
            &["There is no deal \"glbex\"", "Did you mean `D-3` Globex?"],
        ),
        (
            "stage acme closing",
            &[
                "\"acme\" matches 2 deals",
                "`D-1` Acme Corp",
                "`D-2` Acme Labs",
            ],
        ),
        (
            "stage D-1 negotiating",
            &[
                "\"negotiating\" is not a stage",
                "Prospecting, Building Rapport, Qualifying, Presenting, Closing, Won, Lost",
                "Usage: `stage <deal> <stage> [note] [--force]`",
            ],
        ),
        ("stage D-1", &["Which stage?"]),
        (
            "stage D-1 lost",
            &["say why", "Usage: `lost <deal> <reason>`"],
        ),
        (
            "amount D-1 50kk",
            &[
                "\"50kk\" is not an amount",
                "50k",
                "Usage: `amount <deal> <amount>`",
            ],
        ),
        ("amount D-1", &["How much?"]),
        (
            "next D-1 send it",
            &[
                "When is it due?",
                "tomorrow",
                "Usage: `next <deal> <what> <when>`",
            ],
        ),
        ("next D-1 send it 2026-13-45", &["2026-13-45"]),
        ("next D-1 send it 2020-01-01", &["past"]),
        ("next D-1", &["What is the next step"]),
        ("close-date D-1 someday", &["someday"]),
        ("snooze D-1 forever", &["forever"]),
        ("snooze D-1", &["no next step to snooze"]),
        ("done D-1", &["has no open next step"]),
        ("lost D-1", &["Say why it was lost"]),
        ("owner D-1 rep2", &["Usage: `owner <deal> <@someone>`"]),
        ("owner D-1 @everyone", &["Usage: `owner"]),
        ("owner D-1", &["Who should own it?"]),
        ("new", &["Give the deal a name"]),
        ("new \"\"", &["empty"]),
        ("new \"   \"", &["empty"]),
        (&format!("new \"{}\"", "x".repeat(201)), &["201", "200"]),
        ("new \"Acme\u{7}Corp\"", &["control"]),
        ("new Acme 5k 7k", &["I don't know what to do with \"7k\""]),
        ("note D-1", &["What's the note?"]),
        ("show", &["Which deal?", "Usage: `show <deal>`"]),
        (
            "show D-1 now",
            &[
                "I don't know what to do with \"now\"",
                "Usage: `show <deal>`",
            ],
        ),
        (
            "frobnicate D-1",
            &["There is no subcommand \"frobnicate\"", "help"],
        ),
        ("shwo D-1", &["Did you mean `show`?"]),
        ("list nonsense", &["\"nonsense\" is not a filter"]),
        ("tz Mars/Olympus", &["not a time zone", "Europe/Berlin"]),
        ("help frobnicate", &["no subcommand \"frobnicate\""]),
        ("new \"Acme", &["A quote is not closed"]),
        // Found by the fuzzer: a multi-byte last character once split a string mid-char.
        ("report since ß", &["is not a day to count from"]),
    ];
    for (command, expected) in cases {
        let text = rep1.refused(command).await;
        for phrase in *expected {
            assert!(
                text.to_lowercase().contains(&phrase.to_lowercase()),
                "`{command}` should say {phrase:?}; it said:\n{text}"
            );
        }
    }
    assert_eq!(
        snapshot(db).await,
        before,
        "no refused command changed anything"
    );
}

on_both_backends!(bad_input_is_explained_and_changes_nothing);
