-- Charts posted as files. An upload that got as far as sending the bytes keeps
-- the platform's file ids on its outbox row, so a retry finishes that upload
-- instead of starting another (no picture posted twice). A digest schedule may
-- carry the pipeline chart.

ALTER TABLE outbox ADD COLUMN upload_ref TEXT;
ALTER TABLE digest_subscriptions ADD COLUMN chart BOOLEAN NOT NULL DEFAULT FALSE;
