//! `GET /readyz` on the app `dealbot run` builds: on the admin server 503 with
//! the reason while the database is gone, unmigrated, or an adapter is not
//! connected, and 200 again once it is back; on the public server the same
//! status with no reason.

use dealbot::clock::Clock;
use dealbot::config::Secrets;
use dealbot_storage::Store;
use dealbot_tests::{get, postgres, shipped_settings, Served};

/// The app with no chat platform over `store`.
async fn served(store: &Store) -> Served {
    Served::start(
        shipped_settings(),
        Secrets::default(),
        store,
        Clock::system(),
    )
    .await
}
use sqlx::{Connection, Executor, PgConnection};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readyz_is_503_while_postgres_refuses_connections_and_200_once_it_is_back() {
    let Some(db) = postgres().await else {
        return;
    };
    let served = served(&db.store).await;
    let base = served.admin_url();
    let (status, body) = get(&base, "/readyz").await;
    assert_eq!((status, body.as_str()), (200, "database: ok\nready\n"));
    let (status, body) = get(&served.url(), "/readyz").await;
    assert_eq!((status, body.as_str()), (200, "ready\n"));

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
    let (status, public) = get(&served.url(), "/readyz").await;
    assert_eq!(
        (status, public.as_str()),
        (503, "not ready\n"),
        "the public server gives no reason"
    );
    let (status, _) = get(&served.url(), "/healthz").await;
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
    let served = served(&store).await;
    let base = served.admin_url();

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
    let served = served(&db.store).await;
    let base = served.admin_url();
    // Added after the server started, as an adapter starting up would.
    let slack = served.app.readiness().connection("slack");

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
        body.contains("slack: Socket Mode connection closed ("),
        "{body}"
    );
    db.finish().await;
}
