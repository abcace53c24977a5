-- The platform events the bot has handled (Slack's Events API and Socket
-- Mode), shared by every replica and kept across restarts, so that a retry of
-- the same event (same workspace and event id, `X-Slack-Retry-Num`) is
-- acknowledged and not handled again, whichever replica it reaches. Kept until
-- no retry can still come, then swept.

CREATE TABLE event_deliveries (
    workspace  TEXT NOT NULL,
    event_id   TEXT NOT NULL,
    expires_at DATETIME NOT NULL,
    PRIMARY KEY (workspace, event_id)
);

CREATE INDEX event_deliveries_by_expiry ON event_deliveries (expires_at);
