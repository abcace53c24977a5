//! Fixtures for dealbot's integration tests: a fresh database on each backend,
//! a core configured as shipped, and a fixed clock.
//!
//! PostgreSQL tests run when `DEALBOT_TEST_POSTGRES` holds a server URL (each test
//! gets its own database there, dropped afterwards). Without it they are skipped
//! with a notice, except under CI (`CI` set), where a missing or unreachable
//! server fails the run. Fault tests that stop and start PostgreSQL run their
//! own private server instead ([`postgres_cluster`]), under the same rule.

pub mod bench;
pub mod child_bot;
pub mod contents;
pub mod database;
pub mod discord_app;
pub mod fake_discord;
pub mod fake_gateway;
pub mod fake_slack;
pub mod faked_platforms;
pub mod http;
pub mod json_text;
pub mod postgres_cluster;
pub mod raw_http;
pub mod replicas;
pub mod scenario;
pub mod served;
pub mod session;
pub mod slack_bot;
pub mod store_deal;
pub mod stored;

pub use contents::Contents;
pub use database::{
    postgres, postgres_unmigrated, sqlite, sqlite_unmigrated, TestDb, POSTGRES_ENV,
};
pub use faked_platforms::FakedPlatforms;
pub use http::get;
pub use replicas::{Delivery, Replicas};
pub use served::Served;
pub use session::{member, monday_9am, shipped_settings, Session};
pub use store_deal::acme_deal;
pub use stored::{next_step_and_lines, stored_deal};

/// Runs an async test body once on SQLite and once on PostgreSQL, as two tests
/// named `sqlite` and `postgres` inside a module named after the body.
#[macro_export]
macro_rules! on_both_backends {
    ($name:ident) => {
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let db = $crate::sqlite().await;
                super::$name(&db).await;
                db.finish().await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let Some(db) = $crate::postgres().await else {
                    return;
                };
                super::$name(&db).await;
                db.finish().await;
            }
        }
    };
}

/// The configuration file the project ships, `config/dealbot.toml`.
pub const SHIPPED_CONFIG: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../config/dealbot.toml");

/// `dealbot-under-test --config config/dealbot.toml`, as a
/// `std::process::Command` to add a subcommand, variables and pipes to. A macro
/// because `CARGO_BIN_EXE_…` is set only while compiling a test target.
#[macro_export]
macro_rules! dealbot_command {
    () => {{
        let mut command = ::std::process::Command::new(env!("CARGO_BIN_EXE_dealbot-under-test"));
        command.arg("--config").arg($crate::SHIPPED_CONFIG);
        command
    }};
}

/// The stored workspace key of Slack team `team`, as the Slack adapter makes it.
pub fn slack_workspace(team: &str) -> String {
    dealbot_storage::workspace_key(dealbot::adapters::slack::PLATFORM, team)
}

/// The stored workspace key of Discord guild `guild`, as the Discord adapter
/// makes it.
pub fn discord_workspace(guild: &str) -> String {
    dealbot_storage::workspace_key(dealbot::adapters::discord::PLATFORM, guild)
}

/// A loopback port no one listens on now, for a server a test starts in a
/// child process (which must be told its port before it binds).
pub fn free_port() -> std::io::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}
