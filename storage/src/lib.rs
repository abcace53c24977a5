//! dealbot's store: deals, their append-only history and per-user settings, on an
//! embedded SQLite file (the default) or a PostgreSQL database shared by several
//! replicas. The backend is chosen by the URL; both run the same queries.
//!
//! Every method takes the workspace (a Slack team, a Discord guild, the shell's
//! local workspace, by its [`workspace_key`]: platform and id) and never reads
//! or writes another workspace's rows.

mod action;
mod backend;
mod card_extras;
mod change_statement;
mod channel_notify;
mod command_scope;
mod command_start;
mod deals;
mod digest;
mod digest_asks;
mod digest_text;
mod error;
mod event_deliveries;
mod expiring;
mod export;
mod group_commit;
mod history;
mod homes;
mod import;
mod live_connection;
mod merge;
mod model;
mod movements;
mod nag_holds;
mod outbox;
mod outbox_batch;
mod qualification;
mod read_retry;
mod redact;
mod replay;
mod schedules;
mod settings_cache;
mod stats;
mod sweep;
mod text_dates;
mod unavailable;
mod undo;
mod users;
mod workspace_key;
mod workspaces;
mod writing;

pub use action::HistoryAction;
pub use backend::{Durability, Store};
pub use card_extras::CardExtras;
pub use channel_notify::PostingChannel;
pub use deals::{DealEdit, Rejected};
pub use digest::{DigestDeal, DigestFilter, DigestRead};
pub use error::StoreError;
pub use export::HistoryRow;
pub use import::{ImportConflict, ImportStep, ImportedDeal};
pub use model::{Deal, DealFilter, DealStatus, HistoryEntry, NewDeal, NewHistory};
pub use movements::Movements;
pub use nag_holds::NagHold;
pub use outbox::{FailedMessage, NewMessage, OutboxMessage, OutboxReport};
pub use outbox_batch::OpenBatch;
pub use qualification::{NewAnswer, QualificationAnswer};
pub use redact::redact_url;
pub use schedules::{NagState, NewSubscription, SlotClaim, SlotEffects, Subscription};
pub use stats::StageCount;
pub use sweep::{DealChange, StalledCutoff};
pub use unavailable::Unavailable;
pub use undo::{LastChange, UndoPoint};
pub use users::PersonSettings;
pub use workspace_key::{split_workspace_key, workspace_key};
pub use workspaces::WorkspaceSummary;
