//! One transaction per command on PostgreSQL: what a command writes is
//! committed together when it ends, seen by the command itself at once and by
//! everyone else only then. A command that fails in the database stores none
//! of its writes and is told so; the commands beside it are stored; a command
//! dropped midway stores nothing and holds no lock. Through the store, and
//! through the app as `dealbot run` assembles it.

use std::time::Duration;

use dealbot_storage::{DealEdit, HistoryAction, NewHistory, Store, StoreError};
use dealbot_tests::slack_bot::{text_of, SlackBot};
use dealbot_tests::{
    acme_deal, monday_9am, next_step_and_lines, postgres, slack_workspace, TestDb,
};
use sqlx::{Connection, Executor, PgConnection};

const WORKSPACE: &str = "T-scope";
const TEAM: &str = "T0SCOPES";
const REP: &str = "U0SCOPEREP";
/// Deals D-1 … D-DEALS of the app-level test, each moved by its own command.
const DEALS: i64 = 40;
/// The deal whose move fails in the database (an injected trigger).
const FAILING: i64 = 13;

/// A deal of the store-level tests: D-1 in Qualifying, no next step.
async fn one_deal(store: &Store) -> i64 {
    acme_deal(store, WORKSPACE).await.number
}

/// A fresh PostgreSQL store holding [`one_deal`], and its number; `None`
/// where no PostgreSQL is configured.
async fn postgres_with_one_deal() -> Option<(TestDb, i64)> {
    let db = postgres().await?;
    let number = one_deal(&db.store).await;
    Some((db, number))
}

/// The deal as stored.
async fn stored(store: &Store, number: i64) -> dealbot_storage::Deal {
    store
        .deal_by_number(WORKSPACE, number)
        .await
        .expect("read")
        .expect("the deal exists")
}

/// Sets the deal's next step to `step`, as `/deal next` does.
async fn set_next(store: &Store, number: i64, step: &str) -> Result<(), StoreError> {
    store
        .modify_deal(WORKSPACE, number, "rep1", monday_9am(), |deal| {
            let mut after = deal.clone();
            after.next_step = Some(step.to_string());
            Ok::<_, ()>(DealEdit {
                deal: after,
                history: vec![NewHistory::new(HistoryAction::Next)],
            })
        })
        .await
        .map(|_| ())
        .map_err(|rejected| match rejected {
            dealbot_storage::Rejected::Store(error) => error,
            dealbot_storage::Rejected::Refused(()) => unreachable!("the edit never refuses"),
        })
}

/// The deal's next step and how many next-step lines its history holds.
async fn next_and_lines(store: &Store, number: i64) -> (Option<String>, usize) {
    next_step_and_lines(store, WORKSPACE, number).await
}

/// A connection of the test's own to the bot's database.
async fn own_connection(db: &TestDb) -> PgConnection {
    PgConnection::connect(&db.url)
        .await
        .expect("the test connects")
}

/// The deal's next step as another connection sees it.
async fn next_seen_elsewhere(connection: &mut PgConnection, number: i64) -> Option<String> {
    sqlx::query_scalar("SELECT next_step FROM deals WHERE workspace = $1 AND number = $2")
        .bind(WORKSPACE)
        .bind(number)
        .fetch_one(connection)
        .await
        .expect("read elsewhere")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_commands_writes_are_its_own_until_it_ends_then_everyones() {
    let Some((db, number)) = postgres_with_one_deal().await else {
        return;
    };
    let mut elsewhere = own_connection(&db).await;
    let store = &db.store;
    let seen_inside = store
        .in_command(async {
            set_next(store, number, "call back").await?;
            set_next(store, number, "send the quote").await?;
            let inside = next_and_lines(store, number).await;
            let outside = next_seen_elsewhere(&mut elsewhere, number).await;
            Ok::<_, StoreError>((inside, outside))
        })
        .await
        .expect("the command commits");
    assert_eq!(
        seen_inside,
        ((Some("send the quote".to_string()), 2), None),
        "inside, the command reads both its writes; no one else sees them yet"
    );
    assert_eq!(
        next_seen_elsewhere(&mut elsewhere, number).await.as_deref(),
        Some("send the quote"),
        "once the command ended, both are committed"
    );
    assert_eq!(next_and_lines(store, number).await.1, 2);
    db.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_refused_inside_a_command_writes_nothing_and_the_rest_is_stored() {
    let Some((db, number)) = postgres_with_one_deal().await else {
        return;
    };
    let store = &db.store;
    let version_before = stored(store, number).await.version;
    let refused = store
        .in_command(async {
            let refused = store
                .modify_deal(WORKSPACE, number, "rep1", monday_9am(), |_| {
                    Err::<DealEdit, _>("not allowed")
                })
                .await;
            assert!(
                matches!(
                    refused,
                    Err(dealbot_storage::Rejected::Refused("not allowed"))
                ),
                "{refused:?}"
            );
            // The same deal, changed after the refusal in the same command.
            set_next(store, number, "call back").await?;
            Ok::<_, StoreError>(())
        })
        .await;
    assert!(
        refused.is_ok(),
        "a refusal does not fail the command: {refused:?}"
    );
    let deal = stored(store, number).await;
    assert_eq!(
        (deal.next_step.as_deref(), deal.version),
        (Some("call back"), version_before + 1),
        "the refusal wrote nothing; the change after it is stored, its version raised once"
    );
    assert_eq!(next_and_lines(store, number).await.1, 1);
    db.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_command_dropped_midway_stores_nothing_and_holds_no_lock() {
    let Some((db, number)) = postgres_with_one_deal().await else {
        return;
    };
    let store = &db.store;
    let dropped = tokio::time::timeout(
        Duration::from_millis(300),
        store.in_command(async {
            set_next(store, number, "never told").await?;
            // The request goes away while the command still runs.
            std::future::pending::<()>().await;
            Ok::<_, StoreError>(())
        }),
    )
    .await;
    assert!(dropped.is_err(), "the command was dropped before its end");
    // Its row lock went with it: the next change of the deal is not held up.
    tokio::time::timeout(Duration::from_secs(5), set_next(store, number, "told"))
        .await
        .expect("the deal's row is not locked by the dropped command")
        .expect("stored");
    assert_eq!(
        next_and_lines(store, number).await,
        (Some("told".to_string()), 1),
        "nothing of the dropped command is stored"
    );
    // Every connection of the pool is usable: none was left inside a transaction.
    for round in 0..25 {
        set_next(store, number, &format!("step {round}"))
            .await
            .expect("stored");
    }
    assert_eq!(next_and_lines(store, number).await.1, 26);
    db.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_statement_failing_inside_a_command_fails_it_and_stores_none_of_it() {
    let Some((db, number)) = postgres_with_one_deal().await else {
        return;
    };
    own_connection(&db)
        .await
        .execute(
            "CREATE FUNCTION injected_failure() RETURNS trigger LANGUAGE plpgsql AS \
             $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$; \
             CREATE TRIGGER injected_failure BEFORE UPDATE ON deals FOR EACH ROW \
             WHEN (NEW.next_step = 'boom') EXECUTE FUNCTION injected_failure();",
        )
        .await
        .expect("injected");
    let store = &db.store;
    let answered = store
        .in_command(async {
            set_next(store, number, "call back").await?;
            // A failure the command shrugs off, as it does an announcement
            // that could not be queued: it must not be answered as done.
            let failed = set_next(store, number, "boom").await;
            assert!(failed.is_err(), "the injected failure happened");
            Ok::<_, StoreError>(())
        })
        .await;
    assert!(
        matches!(answered, Err(StoreError::RolledBack { .. })),
        "the command is failed, not answered as done: {answered:?}"
    );
    assert_eq!(
        next_and_lines(store, number).await,
        (None, 0),
        "none of its writes is stored"
    );
    set_next(store, number, "after").await.expect("stored");
    assert_eq!(next_and_lines(store, number).await.1, 1);
    db.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_command_failing_in_the_database_stores_nothing_and_the_others_are_stored() {
    let Some(db) = postgres().await else { return };
    let bot = SlackBot::start_quiet(&db.store).await;
    for number in 1..=DEALS {
        bot.ok(TEAM, REP, &format!("new \"Deal {number}\" 10k"))
            .await;
    }
    // The move of D-13 is written, then its history line fails.
    own_connection(&db)
        .await
        .execute(
            format!(
                "CREATE FUNCTION injected_failure() RETURNS trigger LANGUAGE plpgsql AS $$ \
                 BEGIN \
                   IF NEW.action = 'stage' AND NEW.deal_id = \
                     (SELECT id FROM deals WHERE name = 'Deal {FAILING}') THEN \
                     RAISE EXCEPTION 'injected failure'; \
                   END IF; \
                   RETURN NEW; \
                 END $$; \
                 CREATE TRIGGER injected_failure BEFORE INSERT ON deal_history FOR EACH ROW \
                 EXECUTE FUNCTION injected_failure();"
            )
            .as_str(),
        )
        .await
        .expect("injected");
    let commands = (1..=DEALS).map(|number| {
        let bot = &bot;
        async move {
            let answer = bot
                .command(TEAM, REP, &format!("stage D-{number} qualifying"))
                .await;
            (number, answer)
        }
    });
    let answers = futures_util::future::join_all(commands).await;
    let workspace = slack_workspace(TEAM);
    for (number, answer) in &answers {
        assert_eq!(answer.status, 200, "{}", answer.body);
        let text = text_of(&answer.json());
        let deal = db
            .store
            .deal_by_number(&workspace, *number)
            .await
            .expect("read")
            .expect("the deal exists");
        let moves = db
            .store
            .history(&workspace, *number, None)
            .await
            .expect("history")
            .iter()
            .filter(|line| line.action == HistoryAction::Stage)
            .count();
        if *number == FAILING {
            assert!(text.contains(":warning:"), "D-{number} failed: {text}");
            assert!(!text.contains("Qualifying"), "D-{number}: {text}");
            assert_eq!(
                (deal.stage.as_str(), moves),
                ("Prospecting", 0),
                "D-{number}"
            );
        } else {
            assert!(!text.contains(":warning:"), "D-{number}: {text}");
            assert!(text.contains("Qualifying"), "D-{number}: {text}");
            assert_eq!(
                (deal.stage.as_str(), moves),
                ("Qualifying", 1),
                "D-{number}"
            );
        }
    }
    db.finish().await;
}
