//! Fresh, migrated databases for tests: a temporary SQLite file, or a uniquely
//! named database on the PostgreSQL server given by `DEALBOT_TEST_POSTGRES`.

use dealbot_storage::Store;
use sqlx::{Connection, Executor, PgConnection};

/// The variable naming the PostgreSQL server for tests.
pub const POSTGRES_ENV: &str = "DEALBOT_TEST_POSTGRES";

/// A database made for one test.
pub struct TestDb {
    pub url: String,
    pub store: Store,
    /// The temporary folder of a SQLite file, removed on drop.
    _dir: Option<tempfile::TempDir>,
    /// The server URL and database name to drop, for PostgreSQL.
    postgres: Option<(String, String)>,
}

impl TestDb {
    /// For PostgreSQL, the server's URL and this test's database name on it.
    pub fn postgres_server(&self) -> Option<(&str, &str)> {
        self.postgres
            .as_ref()
            .map(|(server, name)| (server.as_str(), name.as_str()))
    }

    /// A fresh, empty database on the same backend as this one.
    pub async fn another(&self) -> TestDb {
        if self.postgres.is_some() {
            postgres().await.expect("PostgreSQL is configured")
        } else {
            sqlite().await
        }
    }

    /// Closes the store and drops the database.
    pub async fn finish(self) {
        self.store.close().await;
        if let Some((admin_url, name)) = &self.postgres {
            let mut admin = PgConnection::connect(admin_url)
                .await
                .expect("PostgreSQL server reachable for clean-up");
            admin
                .execute(format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)").as_str())
                .await
                .expect("test database dropped");
        }
    }
}

/// A migrated store on a new SQLite file in a temporary folder.
pub async fn sqlite() -> TestDb {
    let db = sqlite_unmigrated().await;
    db.store.migrate().await.expect("SQLite migrations apply");
    db
}

/// A store on a new SQLite file with no schema yet, for tests of the
/// migrations themselves.
pub async fn sqlite_unmigrated() -> TestDb {
    let dir = tempfile::tempdir().expect("temporary folder");
    let url = format!("sqlite://{}", dir.path().join("dealbot.db").display());
    let store = Store::connect(&url).await.expect("SQLite store opens");
    TestDb {
        url,
        store,
        _dir: Some(dir),
        postgres: None,
    }
}

/// A migrated store on a new PostgreSQL database, or `None` (with a notice) when
/// no server is configured outside CI.
pub async fn postgres() -> Option<TestDb> {
    let db = postgres_unmigrated().await?;
    db.store
        .migrate()
        .await
        .expect("PostgreSQL migrations apply");
    Some(db)
}

/// A store on a new PostgreSQL database with no schema yet, or `None` as for
/// [`postgres`].
pub async fn postgres_unmigrated() -> Option<TestDb> {
    let Some(admin_url) = std::env::var(POSTGRES_ENV).ok().filter(|u| !u.is_empty()) else {
        if std::env::var_os("CI").is_some() {
            panic!("CI must run the PostgreSQL tests: set {POSTGRES_ENV}=postgres://USER@HOST/DB");
        }
        // Written to stderr directly: the test harness only captures print macros,
        // so the notice shows even though the test passes.
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED (PostgreSQL): set {POSTGRES_ENV}=postgres://postgres@127.0.0.1:5432/test to run it"
        );
        return None;
    };
    let name = format!("dealbot_test_{}", uuid::Uuid::new_v4().simple());
    let mut admin = PgConnection::connect(&admin_url)
        .await
        .unwrap_or_else(|error| panic!("cannot reach PostgreSQL at {POSTGRES_ENV}: {error}"));
    admin
        .execute(format!("CREATE DATABASE \"{name}\"").as_str())
        .await
        .expect("test database created");
    admin.close().await.ok();
    let url = with_database(&admin_url, &name);
    let store = Store::connect(&url).await.expect("PostgreSQL store opens");
    Some(TestDb {
        url,
        store,
        _dir: None,
        postgres: Some((admin_url, name)),
    })
}

/// The server URL with its database replaced by `name` (query parameters kept).
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (url, None),
    };
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let host_end = base[scheme_end..]
        .find('/')
        .map_or(base.len(), |i| scheme_end + i);
    let mut result = format!("{}/{name}", &base[..host_end]);
    if let Some(query) = query {
        result.push('?');
        result.push_str(query);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::with_database;

    #[test]
    fn only_the_database_of_the_url_changes() {
        assert_eq!(
            with_database("postgres://postgres@127.0.0.1:5432/test", "x"),
            "postgres://postgres@127.0.0.1:5432/x"
        );
        assert_eq!(
            with_database("postgres://u:p@h/test?sslmode=disable", "x"),
            "postgres://u:p@h/x?sslmode=disable"
        );
        assert_eq!(with_database("postgres://h", "x"), "postgres://h/x");
    }
}
