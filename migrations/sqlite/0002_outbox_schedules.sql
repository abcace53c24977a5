-- The outbox (every message the bot sends on its own), digest subscriptions,
-- claimed schedule slots, per-channel pacing and nag bookkeeping.

-- Which adapter a workspace belongs to, so bot-initiated messages find their sender.
ALTER TABLE workspaces ADD COLUMN platform TEXT NOT NULL DEFAULT 'shell';

-- The nag sweep finds deals needing attention through these, so it costs what
-- it finds rather than the size of the pipeline.
CREATE INDEX deals_without_next_step ON deals (status) WHERE next_step IS NULL;
CREATE INDEX deals_by_stage_entry ON deals (status, pipeline, stage, stage_entered_at);

CREATE TABLE outbox (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    dedup_key     TEXT NOT NULL UNIQUE,
    platform      TEXT NOT NULL,
    workspace     TEXT NOT NULL,
    -- Messages to one destination are delivered in order and paced together.
    channel_key   TEXT NOT NULL,
    payload       TEXT NOT NULL,
    -- A channel to mention the user in if a direct message cannot be delivered.
    fallback_channel TEXT,
    -- A user to tell, by direct message, if a channel post is refused for good.
    notify_user   TEXT,
    status        TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'delivered', 'failed')),
    attempts      BIGINT NOT NULL DEFAULT 0,
    not_before    DATETIME NOT NULL,
    claimed_by    TEXT,
    claimed_until DATETIME,
    created_at    DATETIME NOT NULL,
    delivered_at  DATETIME,
    message_id    TEXT,
    last_error    TEXT
);

CREATE INDEX outbox_claimable ON outbox (status, not_before, id);
CREATE INDEX outbox_by_channel ON outbox (channel_key, status, id);
CREATE INDEX outbox_by_workspace ON outbox (workspace, status);

-- No message to a destination before this instant (platform pacing, Retry-After).
CREATE TABLE channel_pace (
    channel_key     TEXT PRIMARY KEY,
    next_allowed_at DATETIME NOT NULL
);

CREATE TABLE digest_subscriptions (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    workspace   TEXT NOT NULL,
    platform    TEXT NOT NULL,
    channel     TEXT NOT NULL,
    cron        TEXT NOT NULL,
    timezone    TEXT NOT NULL,
    pipeline    TEXT,
    owner       TEXT,
    created_by  TEXT NOT NULL,
    created_at  DATETIME NOT NULL,
    last_digest_at DATETIME,
    UNIQUE (workspace, platform, channel)
);

-- A slot is one firing of one job; claiming it twice is impossible.
CREATE TABLE schedule_slots (
    job        TEXT NOT NULL,
    slot       TEXT NOT NULL,
    slot_at    DATETIME NOT NULL,
    claimed_at DATETIME NOT NULL,
    claimed_by TEXT NOT NULL,
    PRIMARY KEY (job, slot)
);

CREATE TABLE nag_state (
    workspace   TEXT NOT NULL,
    owner       TEXT NOT NULL,
    last_nag_at DATETIME NOT NULL,
    unanswered  BIGINT NOT NULL,
    PRIMARY KEY (workspace, owner)
);
