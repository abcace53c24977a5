//! Generated command lines never panic the parser, and a refused command never
//! changes what is stored. The number of generated inputs is
//! `DEALBOT_TEST_FUZZ_CASES` (a million under CI, 20,000 otherwise); the corpus
//! `tests/fuzz-corpus/commands.txt` is replayed first.

use chrono::NaiveDate;
use dealbot::core::command::{parse, ParseContext};
use dealbot::core::env::CoreSettings;
use dealbot::core::reply::Tone;
use dealbot_storage::{DealFilter, DealStatus};
use dealbot_tests::{shipped_settings, Session};
use proptest::prelude::*;

use super::corpus;
use super::runner::Run;

/// Words people (and attackers) put in commands.
const VOCABULARY: &[&str] = &[
    "D-1",
    "d-2",
    "#3",
    "D-99999999999999999999",
    "D-",
    "acme",
    "\"Acme Corp\"",
    "“Acme”",
    "'x",
    "\"",
    "@rep1",
    "@everyone",
    "<@U123ABC>",
    "<@U1|name>",
    "<@!1234567890>",
    "<!channel>",
    "<#C1>",
    "50k",
    "$1.2M",
    "30,000",
    "EUR",
    "€30k",
    "1,00",
    "-5",
    "1e309",
    "0",
    "99999999999999999",
    "today",
    "tomorrow",
    "fri",
    "in",
    "3d",
    "2w",
    "next",
    "week",
    "2026-12-01",
    "2026-13-45",
    "2020-01-01",
    "qualifying",
    "building-rapport",
    "won",
    "lost",
    "mine",
    "overdue",
    "all",
    "Europe/Berlin",
    "Mars/Olympus",
    "\"0 9 * * 1-5\"",
    "\"* * *\"",
    "pipeline",
    "--force",
    "\u{0}",
    "\u{7}",
    "\n",
    "\t",
    "😀",
    "ß",
    "İ",
    "\u{202e}",
    "<",
    ">",
    "&amp;",
    "%",
    "_",
];

fn command_line() -> impl Strategy<Value = String> {
    let names: Vec<&'static str> = dealbot::core::command::SPECS
        .iter()
        .map(|spec| spec.name)
        .chain(["/deal", "deal", "", "frobnicate"])
        .collect();
    let word = prop_oneof![
        4 => proptest::sample::select(VOCABULARY),
        1 => "\\PC{0,12}".prop_map(|s| Box::leak(s.into_boxed_str()) as &'static str),
    ];
    (
        proptest::sample::select(names),
        proptest::collection::vec(word, 0..7),
    )
        .prop_map(|(name, words)| format!("{name} {}", words.join(" ")))
}

/// The run sized by `DEALBOT_TEST_FUZZ_CASES`.
fn run(test: &'static str) -> Run {
    Run::new(test, "DEALBOT_TEST_FUZZ_CASES", 1_000_000, 20_000)
}

#[test]
fn the_parser_never_panics_on_generated_input() {
    let config = CoreSettings::new(shipped_settings()).expect("settings");
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
    let cx = ParseContext {
        config: &config,
        today,
    };
    let run = run("fuzz::parser::the_parser_never_panics_on_generated_input");
    let parses = |line: String| {
        let _ = parse(&line, &cx);
        Ok(())
    };
    // Half shaped like commands, half any text at all.
    let shaped = run.cases / 2;
    run.check(corpus::command_lines(), shaped, &command_line(), parses);
    run.check(Vec::new(), run.cases - shaped, &any::<String>(), parses);
}

#[test]
fn refused_commands_change_nothing() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let db = runtime.block_on(dealbot_tests::sqlite());
    let session = runtime.block_on(Session::new(&db.store, "T1", "rep1"));
    runtime.block_on(async {
        session.ok("new \"Acme Corp\" 50k").await;
        session.ok("new Globex 20k @rep2").await;
        session.ok("next acme send it fri").await;
        session.ok("new Initech 1k").await;
        session.ok("lost initech no budget").await;
    });
    let snapshot = || {
        runtime.block_on(async {
            let deals = db
                .store
                .list_deals("T1", &DealFilter::default())
                .await
                .expect("deals");
            let mut history = 0;
            for deal in &deals {
                history += db
                    .store
                    .history("T1", deal.number, None)
                    .await
                    .expect("history")
                    .len();
            }
            let outbox = db.store.outbox_report("T1").await.expect("outbox");
            let subscriptions = db.store.subscriptions("T1").await.expect("subscriptions");
            let open = deals
                .iter()
                .filter(|d| d.status == DealStatus::Open)
                .count();
            (deals, history, outbox.waiting, subscriptions, open)
        })
    };
    // Each case goes through the whole core and the database: fewer of them.
    let run = run("fuzz::parser::refused_commands_change_nothing").at_most(2_000);
    run.check(
        corpus::command_lines(),
        run.cases,
        &command_line(),
        |line| {
            let before = snapshot();
            let reply = runtime.block_on(session.reply(&line));
            if reply.tone == Tone::Error {
                prop_assert_eq!(
                    &snapshot(),
                    &before,
                    "`{}` was refused but changed something",
                    line
                );
            }
            Ok(())
        },
    );
    runtime.block_on(db.finish());
}
