-- The deal lifecycle beyond open, won and lost: a win that stands while the
-- deal carries on in the after-sale pipeline, deleted and merged deals (hidden,
-- history kept), and what `undo` needs to put a person's last change back.

-- When the deal was won, while that win stands (cleared when it is reopened).
ALTER TABLE deals ADD COLUMN won_at DATETIME;
-- Set while the deal is deleted or merged away: it is hidden everywhere.
ALTER TABLE deals ADD COLUMN deleted_at DATETIME;
-- The number of the deal it was merged into.
ALTER TABLE deals ADD COLUMN merged_into BIGINT;

-- A win stands if no reopening came after it: won deals, and won deals that
-- rolled into an after-sale pipeline and are open there.
UPDATE deals SET won_at = (
    SELECT MAX(h.at) FROM deal_history h WHERE h.deal_id = deals.id AND h.action = 'won'
) WHERE EXISTS (
    SELECT 1 FROM deal_history w WHERE w.deal_id = deals.id AND w.action = 'won'
      AND NOT EXISTS (
          SELECT 1 FROM deal_history r WHERE r.deal_id = deals.id AND r.action = 'reopened'
            AND r.id > w.id
      )
);

-- Each person's last change that undo can reverse: the deal as it was before
-- (as JSON; NULL when the change opened it), the history lines the change
-- wrote, and the deal's version right after it (a later change bumps it).
-- One row per person: undo only ever reverses the last one.
CREATE TABLE deal_undo (
    workspace        TEXT NOT NULL,
    actor            TEXT NOT NULL,
    deal_id          BIGINT NOT NULL REFERENCES deals (id),
    first_history_id BIGINT NOT NULL,
    last_history_id  BIGINT NOT NULL,
    version          BIGINT NOT NULL,
    before_state     TEXT,
    at               DATETIME NOT NULL,
    PRIMARY KEY (workspace, actor)
);

-- A person's latest history line, for undo.
CREATE INDEX deal_history_by_actor ON deal_history (workspace, actor, id);
