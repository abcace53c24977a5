//! Commands that arrive together share one commit on SQLite (group commit),
//! through the app as `dealbot run` assembles it: a command refused or failed
//! inside a group changes nothing and the others are stored, and a commit that
//! fails tells every command it held that it cannot tell whether it was saved,
//! never that it was.

use dealbot_storage::{HistoryAction, Store};
use dealbot_tests::slack_bot::{text_of, Answer, SlackBot};
use dealbot_tests::{slack_workspace, sqlite, TestDb};
use sqlx::{Connection, Executor, SqliteConnection};

const TEAM: &str = "T0GROUPS";
const REP: &str = "U0GROUPREP";
/// Deals D-1 … D-DEALS, each moved by one of the concurrent commands.
const DEALS: i64 = 60;
/// The deal whose move is refused inside the group: it was deleted.
const DELETED: i64 = 7;
/// The deal whose move fails in the database (an injected trigger).
const FAILING: i64 = 13;

/// A bot over a fresh SQLite store holding D-1 … D-DEALS in Prospecting, D-7 deleted.
async fn bot_with_deals() -> (TestDb, SlackBot) {
    let db = sqlite().await;
    let bot = SlackBot::start_quiet(&db.store).await;
    for number in 1..=DEALS {
        bot.ok(TEAM, REP, &format!("new \"Deal {number}\" 10k"))
            .await;
    }
    bot.ok(TEAM, REP, &format!("delete D-{DELETED}")).await;
    (db, bot)
}

/// Runs `sql` on the bot's SQLite file over a connection of the test's own.
async fn inject(db: &TestDb, sql: &str) {
    let mut connection = SqliteConnection::connect(&db.url)
        .await
        .expect("the test opens the database");
    connection.execute(sql).await.expect("injected");
    connection.close().await.expect("closed");
}

/// Every deal moved to Qualifying at once, each by its own signed request.
async fn move_all_at_once(bot: &SlackBot) -> Vec<(i64, Answer)> {
    let commands = (1..=DEALS).map(|number| async move {
        let answer = bot
            .command(TEAM, REP, &format!("stage D-{number} qualifying"))
            .await;
        (number, answer)
    });
    futures_util::future::join_all(commands).await
}

/// The deal's stage and how many stage moves its history holds.
async fn stage_and_moves(store: &Store, number: i64) -> (String, usize) {
    let workspace = slack_workspace(TEAM);
    let deal = store
        .deal_by_number(&workspace, number)
        .await
        .expect("read")
        .expect("the deal exists");
    let history = store
        .history(&workspace, number, None)
        .await
        .expect("history");
    let moves = history
        .iter()
        .filter(|line| line.action == HistoryAction::Stage)
        .count();
    (deal.stage, moves)
}

fn said(answer: &Answer) -> String {
    assert_eq!(answer.status, 200, "{}", answer.body);
    text_of(&answer.json())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_command_failing_inside_a_group_leaves_the_others_stored() {
    let (db, bot) = bot_with_deals().await;
    inject(
        &db,
        &format!(
            "CREATE TRIGGER injected_failure BEFORE UPDATE OF stage ON deals \
             WHEN NEW.name = 'Deal {FAILING}' \
             BEGIN SELECT RAISE(ABORT, 'injected failure'); END"
        ),
    )
    .await;
    let (groups_before, writes_before) = db.store.commit_groups().expect("SQLite counts");
    let answers = move_all_at_once(&bot).await;
    let (groups_after, writes_after) = db.store.commit_groups().expect("SQLite counts");
    let (groups, writes) = (groups_after - groups_before, writes_after - writes_before);
    assert!(
        groups < writes,
        "{DEALS} commands arriving together shared commits: {writes} writes in {groups} commits"
    );
    for (number, answer) in &answers {
        let text = said(answer);
        let (stage, moves) = stage_and_moves(&db.store, *number).await;
        match *number {
            DELETED => {
                assert!(text.contains("is deleted"), "D-{number}: {text}");
                assert_eq!((stage.as_str(), moves), ("Prospecting", 0), "D-{number}");
            }
            FAILING => {
                assert!(text.contains(":warning:"), "D-{number} failed: {text}");
                assert_eq!((stage.as_str(), moves), ("Prospecting", 0), "D-{number}");
            }
            _ => {
                assert!(!text.contains(":warning:"), "D-{number}: {text}");
                assert!(text.contains("Qualifying"), "D-{number}: {text}");
                assert_eq!((stage.as_str(), moves), ("Qualifying", 1), "D-{number}");
            }
        }
    }
    db.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_group_commit_answers_every_command_it_held_honestly() {
    let (db, bot) = bot_with_deals().await;
    // A deferred foreign key is checked at COMMIT: the move of D-13 makes the
    // commit of whatever group holds it fail.
    inject(
        &db,
        &format!(
            "CREATE TABLE injected_refs (deal_id INTEGER \
                 REFERENCES deals (id) DEFERRABLE INITIALLY DEFERRED); \
             CREATE TRIGGER injected_commit_failure AFTER UPDATE OF stage ON deals \
             WHEN NEW.name = 'Deal {FAILING}' \
             BEGIN INSERT INTO injected_refs (deal_id) VALUES (-1); END"
        ),
    )
    .await;
    let answers = move_all_at_once(&bot).await;
    let mut unknown = Vec::new();
    for (number, answer) in &answers {
        let text = said(answer);
        let (stage, moves) = stage_and_moves(&db.store, *number).await;
        if *number == DELETED {
            assert!(text.contains("is deleted"), "D-{number}: {text}");
            continue;
        }
        if text.contains("cannot tell whether a change was saved") {
            // The group was rolled back: nothing of it is stored.
            assert_eq!((stage.as_str(), moves), ("Prospecting", 0), "D-{number}");
            unknown.push(*number);
        } else {
            assert!(!text.contains(":warning:"), "D-{number}: {text}");
            assert_eq!(
                (stage.as_str(), moves),
                ("Qualifying", 1),
                "D-{number} was answered as moved, so it is stored"
            );
        }
    }
    assert!(
        unknown.contains(&FAILING),
        "the command whose commit failed is told so: {unknown:?}"
    );
    // The writer recovers: once the fault is gone, the same move goes through.
    inject(&db, "DROP TRIGGER injected_commit_failure").await;
    for number in unknown {
        let message = bot
            .ok(TEAM, REP, &format!("stage D-{number} qualifying"))
            .await;
        assert!(text_of(&message).contains("Qualifying"));
        assert_eq!(
            stage_and_moves(&db.store, number).await,
            ("Qualifying".to_string(), 1)
        );
    }
    db.finish().await;
}
