//! Filling a database with a large pipeline in one statement, so a million deals
//! take seconds rather than a million commands.

use chrono::{DateTime, Utc};
use sqlx::{Connection, Executor};

/// `total` open deals in the Slack workspace `bench`, spread over 1,000 owners and the
/// five stages of the default pipeline, of which the first `overdue` have an
/// overdue next step and the rest one due next week.
pub async fn fill(url: &str, total: u64, overdue: u64, now: DateTime<Utc>) -> anyhow::Result<()> {
    let key = crate::slack_workspace(super::load::TEAM);
    let stamp = |at: DateTime<Utc>| at.format("%Y-%m-%dT%H:%M:%S+00:00").to_string();
    // Due dates are calendar days.
    let day = |at: DateTime<Utc>| at.format("%Y-%m-%d").to_string();
    let past = day(now - chrono::Duration::days(2));
    let future = day(now + chrono::Duration::days(7));
    let entered = stamp(now - chrono::Duration::days(1));
    let columns = "workspace, number, name, name_folded, pipeline, stage, status, owner, \
                   next_step, next_step_due, created_by, created_at, updated_at, stage_entered_at";
    let stages = "CASE i % 5 WHEN 0 THEN 'Prospecting' WHEN 1 THEN 'Building Rapport' \
                  WHEN 2 THEN 'Qualifying' WHEN 3 THEN 'Presenting' ELSE 'Closing' END";
    if url.starts_with("sqlite:") {
        let mut connection = sqlx::SqliteConnection::connect(url).await?;
        let sql = format!(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {total}) \
             INSERT INTO deals ({columns}) SELECT '{key}', i, 'Deal ' || i, 'deal ' || i, \
             'new-business', {stages}, 'open', 'rep' || (i % 1000), 'call them', \
             CASE WHEN i <= {overdue} THEN '{past}' ELSE '{future}' END, 'bench', '{entered}', \
             '{entered}', '{entered}' FROM n"
        );
        connection.execute(sql.as_str()).await?;
        let workspace = format!(
            "INSERT INTO workspaces (id, last_deal_number, platform) VALUES ('{key}', {total}, 'slack')"
        );
        connection.execute(workspace.as_str()).await?;
        connection.execute("ANALYZE").await?;
    } else {
        let mut connection = sqlx::PgConnection::connect(url).await?;
        let sql = format!(
            "INSERT INTO deals ({columns}) SELECT '{key}', i, 'Deal ' || i, 'deal ' || i, \
             'new-business', {stages}, 'open', 'rep' || (i % 1000), 'call them', \
             CASE WHEN i <= {overdue} THEN DATE '{past}' ELSE DATE '{future}' END, \
             'bench', TIMESTAMPTZ '{entered}', TIMESTAMPTZ '{entered}', TIMESTAMPTZ '{entered}' \
             FROM generate_series(1, {total}) AS i"
        );
        connection.execute(sql.as_str()).await?;
        let workspace = format!(
            "INSERT INTO workspaces (id, last_deal_number, platform) VALUES ('{key}', {total}, 'slack')"
        );
        connection.execute(workspace.as_str()).await?;
        connection.execute("ANALYZE").await?;
    }
    Ok(())
}
