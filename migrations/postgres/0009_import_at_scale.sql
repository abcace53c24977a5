-- Imports at scale.
--
-- Finding a workspace's deal by name is an index lookup, not a scan of the
-- workspace: imports and `new` look names up for every row.
CREATE INDEX deals_by_name ON deals (workspace, name_folded);

-- An import writes its new deals in batches, each its own short transaction,
-- so chat commands are not held up behind it. Until the last batch is in, the
-- deals are hidden (deleted_at set) and carry the import's token; the import
-- then shows them all at once, or, if it fails, removes them with their
-- history: a file is still imported whole or not at all.
ALTER TABLE deals ADD COLUMN import_pending TEXT;
CREATE INDEX deals_by_import ON deals (import_pending) WHERE import_pending IS NOT NULL;

-- History stays append-only, except the lines of deals an unfinished import
-- is taking back.
CREATE OR REPLACE FUNCTION deal_history_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND EXISTS (
        SELECT 1 FROM deals WHERE id = OLD.deal_id AND import_pending IS NOT NULL
    ) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'deal_history is append-only';
END;
$$ LANGUAGE plpgsql;
