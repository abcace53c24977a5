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
    /// The commit of a group of writes failed: whether each was saved is unknown.
    #[error("the database failed to commit ({0}): the change may or may not be saved")]
    CommitFailed(String),
    /// A statement of a command failed inside the command's transaction
    /// ([`crate::Store::in_command`]), which was then rolled back: nothing
    /// the command wrote was saved. `unreachable` when the statement failed
    /// because the database could not be reached.
    #[error("the command's transaction was rolled back ({why}): nothing it wrote was saved")]
    RolledBack { why: String, unreachable: bool },
    /// Every connection tried for a write was broken (the database is down or
    /// restarting): nothing was sent, so nothing was changed.
    #[error("no live connection to the database: nothing was sent")]
    NoLiveConnection,
    /// The store was closed (the bot is shutting down).
    #[error("the store is closed")]
    Closed,
    /// Applying the embedded migrations failed.
    #[error("database migration failed")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}
