-- Noise control per channel: which deal changes post to a channel between
-- digests (`/deal notify`), and batching, where a person's quick changes to
-- one deal update the post already made instead of adding another.

CREATE TABLE channel_notify (
    workspace  TEXT NOT NULL,
    channel    TEXT NOT NULL,
    -- 'all', 'stages', 'wins' or 'digest-only'.
    mode       TEXT NOT NULL,
    set_by     TEXT NOT NULL,
    set_at     DATETIME NOT NULL,
    PRIMARY KEY (workspace, channel)
);

-- The announcements of one person's changes to one deal in one channel share a
-- batch key; a later one within the batch window edits the first post.
ALTER TABLE outbox ADD COLUMN batch_key TEXT;
-- For an edit: the dedup key of the post it edits (whose message_id names it).
ALTER TABLE outbox ADD COLUMN edits TEXT;

CREATE INDEX outbox_by_batch ON outbox (batch_key, id) WHERE batch_key IS NOT NULL;
