-- Each person's own working hours and time off, and the nags held until their
-- owner is at work again (outside their hours, on a holiday, away).

-- `08:00-16:00` and `Mon,Tue,Wed,Thu`; NULL keeps the workspace's `[nags]`.
ALTER TABLE user_settings ADD COLUMN working_hours TEXT;
ALTER TABLE user_settings ADD COLUMN working_days TEXT;
-- The last calendar day away, in the person's own zone; NULL: not away.
ALTER TABLE user_settings ADD COLUMN away_until DATE;
ALTER TABLE user_settings ADD COLUMN away_note TEXT;

-- One row per owner whose nag waits: written by the sweep that found it, once,
-- and gone when the nag goes out (or nothing needs the owner any more).
CREATE TABLE nag_holds (
    workspace  TEXT NOT NULL,
    owner      TEXT NOT NULL,
    -- hours, holiday or away
    reason     TEXT NOT NULL,
    -- What the reason says more: the holiday's name, the away note.
    detail     TEXT,
    held_since DATETIME NOT NULL,
    -- When the owner's next working window opens; NULL: not known (an away
    -- status without an end).
    resumes_at DATETIME,
    PRIMARY KEY (workspace, owner)
);
