//! `GET /readyz` on a real server: 503 with the reason while the database is
//! gone, unmigrated, or an adapter is not connected, and 200 again once it is back.

use dealbot::core::Core;
use dealbot::readiness::Readiness;
use dealbot_storage::Store;
use dealbot_tests::{get, postgres, shipped_settings, spawn_server};
use sqlx::{Connection, Executor, PgConnection};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readyz_is_503_while_postgres_refuses_connections_and_200_once_it_is_back() {
    let Some(db) = postgres().await else {
        return;
    };
    let core = Core::new(db.store.clone(), shipped_settings()).expect("core");
    let base = spawn_server(core, Readiness::with_database(db.store.clone())).await;
    let (status, body) = get(&base, "/readyz").await;
    assert_eq!((status, body.as_str()), (200, "database: ok\nready\n"));

    // The database goes away: no new connections, and every open one is killed.
    let (server, name) = db.postgres_server().expect("a PostgreSQL database");
    let mut admin = PgConnection::connect(server)
        .await
        .expect("admin connection");
    admin
        .execute(format!("ALTER DATABASE \"{name}\" ALLOW_CONNECTIONS false").as_str())
        .await
        .expect("connections refused");
    let killed: Vec<bool> = sqlx::query_scalar(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1",
    )
    .bind(name)
    .fetch_all(&mut admin)
    .await
    .expect("connections terminated");
    assert!(!killed.is_empty(), "the bot had a connection open");

    let (status, body) = get(&base, "/readyz").await;
    assert_eq!(status, 503, "{body}");
    assert!(
        body.starts_with("database: database not reachable or not migrated: "),
        "{body}"
    );
    assert!(
        body.contains("not currently accepting connections"),
        "{body}"
    );
    assert!(!body.contains("ready\n"), "{body}");
    let (status, _) = get(&base, "/healthz").await;
    assert_eq!(status, 200, "the process is still alive");

    admin
        .execute(format!("ALTER DATABASE \"{name}\" ALLOW_CONNECTIONS true").as_str())
        .await
        .expect("connections allowed again");
    admin.close().await.ok();
    let (status, body) = get(&base, "/readyz").await;
    assert_eq!((status, body.as_str()), (200, "database: ok\nready\n"));
    db.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readyz_is_503_until_the_migrations_are_applied() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let url = format!("sqlite://{}", dir.path().join("dealbot.db").display());
    let store = Store::connect(&url).await.expect("store opens");
    let core = Core::new(store.clone(), shipped_settings()).expect("core");
    let base = spawn_server(core, Readiness::with_database(store.clone())).await;

    let (status, body) = get(&base, "/readyz").await;
    assert_eq!(status, 503, "{body}");
    assert!(
        body.contains("database: database not reachable or not migrated"),
        "{body}"
    );

    store.migrate().await.expect("migrations apply");
    let (status, body) = get(&base, "/readyz").await;
    assert_eq!((status, body.as_str()), (200, "database: ok\nready\n"));
    store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readyz_reports_an_adapter_until_it_connects() {
    let db = dealbot_tests::sqlite().await;
    let core = Core::new(db.store.clone(), shipped_settings()).expect("core");
    let readiness = Readiness::with_database(db.store.clone());
    let base = spawn_server(core, readiness.clone()).await;
    // Added after the server started, as an adapter starting up would.
    let slack = readiness.connection("slack");

    let (status, body) = get(&base, "/readyz").await;
    assert_eq!(
        (status, body.as_str()),
        (503, "database: ok\nslack: not connected yet\n")
    );
    slack.set_connected();
    let (status, body) = get(&base, "/readyz").await;
    assert_eq!(
        (status, body.as_str()),
        (200, "database: ok\nslack: ok\nready\n")
    );
    slack.set_disconnected("Socket Mode connection closed");
    let (status, body) = get(&base, "/readyz").await;
    assert_eq!(status, 503);
    assert!(
        body.contains("slack: Socket Mode connection closed"),
        "{body}"
    );
    db.finish().await;
}
