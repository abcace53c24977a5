-- The sales process beside the seller's stage: the buyer's stage on each deal,
-- and each deal's qualification checklist (one row per answered item).

ALTER TABLE deals ADD COLUMN buyer_stage TEXT;

CREATE TABLE deal_qualification (
    workspace  TEXT NOT NULL,
    deal_id    BIGINT NOT NULL REFERENCES deals (id),
    item       TEXT NOT NULL,
    answer     TEXT NOT NULL CHECK (answer IN ('yes', 'no', 'unknown')),
    note       TEXT,
    updated_at TIMESTAMPTZ NOT NULL,
    updated_by TEXT NOT NULL,
    PRIMARY KEY (deal_id, item)
);

CREATE INDEX deal_history_by_workspace ON deal_history (workspace, action);
