-- The signed platform requests the bot has served, shared by every replica and
-- kept across restarts, so a replay is refused whichever process it reaches:
-- a hash of each request's signature, kept until its timestamp can no longer
-- be inside the window, then swept.

CREATE TABLE replay_guard (
    signature_hash TEXT PRIMARY KEY NOT NULL,
    expires_at     DATETIME NOT NULL
);

CREATE INDEX replay_guard_by_expiry ON replay_guard (expires_at);
