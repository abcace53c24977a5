//! Errors the store reports to its callers.

/// What went wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No deal with that number in this workspace.
    #[error("no such deal")]
    NotFound,
    /// The database URL names no backend this build supports.
    #[error("unsupported database URL {0:?}: use sqlite://PATH or postgres://USER@HOST/DB")]
    UnsupportedUrl(String),
    /// The database refused or could not be reached.
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    /// The store was closed (the bot is shutting down).
    #[error("the store is closed")]
    Closed,
    /// Applying the embedded migrations failed.
    #[error("database migration failed")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}
