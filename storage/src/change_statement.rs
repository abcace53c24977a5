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
//! In the guarded form `$26` is also what guards the write: the deal is
//! written only if its version is still the one before it (`$26 - 1`), and
//! returned only then; otherwise nothing is written and no row comes back.
//! PostgreSQL's statement is always guarded: its row lock writes nothing.

use crate::deals::{deal_columns, set_deal_state};

/// The SQL of the change's last statement for a backend.
pub(crate) trait ChangeStatement {
    /// After the deal's row was taken ([`crate::writing::LockDeal`]).
    const SQL: &'static str;
    /// Without taking the row: written only if the deal's version is still
    /// `$26 - 1`, else nothing is and no row comes back.
    const GUARDED_SQL: &'static str;
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

    /// The statement above guards its write already.
    const GUARDED_SQL: &'static str = Self::SQL;
}

/// SQLite's statements after the deal's own `UPDATE`: the line, the undo
/// point, the nag reset. In the guarded form ([`ChangeStatement::GUARDED_SQL`])
/// the line and the undo point are written only if the statement before them
/// wrote (`changes()`), so that an update that wrote nothing leaves no line
/// pointing at another version and no undo point at a stale line id; the
/// savepoint the change runs in is rolled back then all the same.
macro_rules! sqlite_after_update {
    ($guard:literal) => {
        concat!(
            "; \
             INSERT INTO deal_history \
               (workspace, deal_id, at, actor, action, from_value, to_value, note) \
               SELECT $20, $1, $14, $21, $22, $23, $24, $25 WHERE 1 ",
            $guard,
            "; \
             INSERT INTO deal_undo \
               (workspace, actor, deal_id, first_history_id, last_history_id, version, \
                before_state, at) \
               SELECT $20, $21, $1, COALESCE($30, last_insert_rowid()), last_insert_rowid(), \
                $26, $27, $14 WHERE $28 ",
            $guard,
            " \
               ON CONFLICT (workspace, actor) DO UPDATE SET deal_id = excluded.deal_id, \
               first_history_id = excluded.first_history_id, \
               last_history_id = excluded.last_history_id, version = excluded.version, \
               before_state = excluded.before_state, at = excluded.at; \
             UPDATE nag_state SET unanswered = 0 \
               WHERE workspace = $20 AND owner = $21 AND unanswered > 0 AND $29"
        )
    };
}

impl ChangeStatement for sqlx::Sqlite {
    // `last_insert_rowid()` is the line's id in the statement after its
    // insert: the triggers that insert on a change restore it when they end,
    // and `changes()` counts only what a statement wrote itself, not its
    // triggers. The `WHERE` of the upsert's `SELECT` is also what SQLite's
    // parser needs there.
    //
    // The row was taken first ([`crate::writing::LockDeal`]), which raised
    // the version.
    const SQL: &'static str = concat!(
        "UPDATE deals SET ",
        set_deal_state!(),
        " WHERE id = $1 RETURNING ",
        deal_columns!(),
        sqlite_after_update!("")
    );

    // Not taken ([`crate::Store::modify_seen_deal`]): the version is raised
    // here, from the one the change was decided on only.
    const GUARDED_SQL: &'static str = concat!(
        "UPDATE deals SET version = version + 1, ",
        set_deal_state!(),
        " WHERE id = $1 AND version = $26 - 1 RETURNING ",
        deal_columns!(),
        sqlite_after_update!("AND changes() > 0")
    );
}

/// The SQL for the backend `tx` runs on: [`ChangeStatement::GUARDED_SQL`]
/// if `guarded`, else [`ChangeStatement::SQL`].
pub(crate) fn change_statement_sql<DB>(
    _tx: &crate::writing::Writing<'_, DB>,
    guarded: bool,
) -> &'static str
where
    DB: sqlx::Database + ChangeStatement,
{
    if guarded {
        DB::GUARDED_SQL
    } else {
        DB::SQL
    }
}
