//! A change's last statement: the deal's new state, the change's last history
//! line, the actor's undo point (when undo can reverse the change) and the
//! owner's nag reset (when the owner acted: their unanswered nags start again
//! from zero), in one round trip to the database. Written apart, a one-line
//! change cost four round trips after it took the deal's row; now it costs one.
//!
//! PostgreSQL runs the four as data-modifying parts of one statement (each is
//! run once, to completion, whatever the main query reads). SQLite has no
//! data-modifying `WITH`, so it gets four statements in one query text, which
//! its driver runs in one round trip, binding each `$N` in every statement to
//! the same value.
//!
//! Both bind `$1` to `$19` as [`crate::deals::bind_deal_state`] does (the
//! deal's id, its state, `$14` the time of the change), then `$20` the
//! workspace, `$21` the actor, `$22` the line's action, `$23` from, `$24` to,
//! `$25` its note, `$26` the deal's version, `$27` its state before (the undo
//! point), `$28` whether to record the undo point, `$29` whether to reset the
//! owner's nags, `$30` the id of the change's first line when it has several
//! (none: this line is also the first). Either returns the deal as written.
//! On PostgreSQL `$26` is also what guards the write: the deal is written
//! only if its version is still the one before it (`$26 - 1`), and returned
//! only then; otherwise nothing is written and no row comes back.

use crate::deals::{deal_columns, set_deal_state};

/// The SQL of the change's last statement for a backend.
pub(crate) trait ChangeStatement {
    const SQL: &'static str;
}

impl ChangeStatement for sqlx::Postgres {
    const SQL: &'static str = concat!(
        // The row was taken without a write ([`crate::writing::LockDeal`]),
        // or not taken at all ([`crate::Store::modify_seen_deal`]): the
        // version is raised here, and only from the one the change was
        // decided on. Every other part writes only if the deal was.
        "WITH deal AS (UPDATE deals SET version = version + 1, ",
        set_deal_state!(),
        " WHERE id = $1 AND version = $26 - 1 RETURNING ",
        deal_columns!(),
        "), \
         line AS ( \
           INSERT INTO deal_history \
           (workspace, deal_id, at, actor, action, from_value, to_value, note) \
           SELECT $20, $1, $14, $21, $22, $23, $24, $25 FROM deal RETURNING id), \
         undo AS ( \
           INSERT INTO deal_undo \
           (workspace, actor, deal_id, first_history_id, last_history_id, version, \
            before_state, at) \
           SELECT $20, $21, $1, COALESCE($30, line.id), line.id, $26, $27, $14 \
           FROM line WHERE $28 \
           ON CONFLICT (workspace, actor) DO UPDATE SET deal_id = excluded.deal_id, \
           first_history_id = excluded.first_history_id, \
           last_history_id = excluded.last_history_id, version = excluded.version, \
           before_state = excluded.before_state, at = excluded.at), \
         nags AS ( \
           UPDATE nag_state SET unanswered = 0 \
           WHERE workspace = $20 AND owner = $21 AND unanswered > 0 AND $29 \
           AND EXISTS (SELECT 1 FROM deal)) \
         SELECT ",
        deal_columns!(),
        " FROM deal"
    );
}

impl ChangeStatement for sqlx::Sqlite {
    // `last_insert_rowid()` is the line's id in the statement after its
    // insert: the triggers that insert on a change restore it when they end.
    // The `WHERE` of the upsert's `SELECT` is also what SQLite's parser needs
    // there.
    const SQL: &'static str = concat!(
        "UPDATE deals SET ",
        set_deal_state!(),
        " WHERE id = $1 RETURNING ",
        deal_columns!(),
        "; \
         INSERT INTO deal_history \
           (workspace, deal_id, at, actor, action, from_value, to_value, note) \
           VALUES ($20, $1, $14, $21, $22, $23, $24, $25); \
         INSERT INTO deal_undo \
           (workspace, actor, deal_id, first_history_id, last_history_id, version, \
            before_state, at) \
           SELECT $20, $21, $1, COALESCE($30, last_insert_rowid()), last_insert_rowid(), \
            $26, $27, $14 WHERE $28 \
           ON CONFLICT (workspace, actor) DO UPDATE SET deal_id = excluded.deal_id, \
           first_history_id = excluded.first_history_id, \
           last_history_id = excluded.last_history_id, version = excluded.version, \
           before_state = excluded.before_state, at = excluded.at; \
         UPDATE nag_state SET unanswered = 0 \
           WHERE workspace = $20 AND owner = $21 AND unanswered > 0 AND $29"
    );
}

/// The SQL for the backend `tx` runs on.
pub(crate) fn change_statement_sql<DB>(_tx: &crate::writing::Writing<'_, DB>) -> &'static str
where
    DB: sqlx::Database + ChangeStatement,
{
    DB::SQL
}
