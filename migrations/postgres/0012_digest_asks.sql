-- When each person last had a digest posted on request in a channel, shared by
-- every replica, so one person can ask at most once per cooldown whichever
-- replica answers.

CREATE TABLE digest_asks (
    workspace TEXT NOT NULL,
    channel   TEXT NOT NULL,
    user_id   TEXT NOT NULL,
    asked_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (workspace, channel, user_id)
);
