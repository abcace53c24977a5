//! A change's last history line, written in one round trip with what follows
//! it: the actor's undo point (when undo can reverse the change) and the
//! owner's nag reset (when the owner acted: their unanswered nags start
//! again from zero). Written as three statements, a
//! one-line change cost three round trips to the database after its update;
//! now it costs one.
//!
//! PostgreSQL runs the three as data-modifying parts of one statement (each is
//! run once, to completion, whatever the main query reads). SQLite has no
//! data-modifying `WITH`, so it gets the three statements in one query text,
//! which its driver runs in one round trip, binding each `$N` in every
//! statement to the same value.
//!
//! Both bind, in order: `$1` workspace, `$2` deal id, `$3` time, `$4` actor,
//! `$5` action, `$6` from, `$7` to, `$8` note (the line); `$9` the deal's
//! version after the change, `$10` its state before (the undo point);
//! `$11` whether to record the undo point, `$12` whether to reset the
//! owner's nags; `$13` the id of the change's first line when it has several
//! (none: this line is also the first). Either returns the line's id.

/// The SQL of [`LastHistoryLine`] for a backend.
pub(crate) trait LastHistoryLine {
    const SQL: &'static str;
}

impl LastHistoryLine for sqlx::Postgres {
    const SQL: &'static str = "WITH line AS ( \
           INSERT INTO deal_history \
           (workspace, deal_id, at, actor, action, from_value, to_value, note) \
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id), \
         undo AS ( \
           INSERT INTO deal_undo \
           (workspace, actor, deal_id, first_history_id, last_history_id, version, \
            before_state, at) \
           SELECT $1, $4, $2, COALESCE($13, line.id), line.id, $9, $10, $3 FROM line WHERE $11 \
           ON CONFLICT (workspace, actor) DO UPDATE SET deal_id = excluded.deal_id, \
           first_history_id = excluded.first_history_id, \
           last_history_id = excluded.last_history_id, version = excluded.version, \
           before_state = excluded.before_state, at = excluded.at), \
         nags AS ( \
           UPDATE nag_state SET unanswered = 0 \
           WHERE workspace = $1 AND owner = $4 AND unanswered > 0 AND $12) \
         SELECT id FROM line";
}

impl LastHistoryLine for sqlx::Sqlite {
    // `last_insert_rowid()` is the line's id in the statements after its
    // insert: the triggers that insert on a history line restore it when they
    // end, and the undo point's upsert runs after it is read. The `WHERE` of
    // the upsert's `SELECT` is also what SQLite's parser needs there.
    const SQL: &'static str = "INSERT INTO deal_history \
           (workspace, deal_id, at, actor, action, from_value, to_value, note) \
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id; \
         INSERT INTO deal_undo \
           (workspace, actor, deal_id, first_history_id, last_history_id, version, \
            before_state, at) \
           SELECT $1, $4, $2, COALESCE($13, last_insert_rowid()), last_insert_rowid(), \
            $9, $10, $3 WHERE $11 \
           ON CONFLICT (workspace, actor) DO UPDATE SET deal_id = excluded.deal_id, \
           first_history_id = excluded.first_history_id, \
           last_history_id = excluded.last_history_id, version = excluded.version, \
           before_state = excluded.before_state, at = excluded.at; \
         UPDATE nag_state SET unanswered = 0 \
           WHERE workspace = $1 AND owner = $4 AND unanswered > 0 AND $12";
}

/// The SQL for the backend `tx` runs on.
pub(crate) fn last_history_line_sql<DB>(_tx: &sqlx::Transaction<'_, DB>) -> &'static str
where
    DB: sqlx::Database + LastHistoryLine,
{
    DB::SQL
}
