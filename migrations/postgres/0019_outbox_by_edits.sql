-- The edits of a batched post, found by the post they edit: the delivery of
-- each edit looks up the message id the platform gave the post (or its newest
-- delivered edit). Without this index that lookup read every delivered
-- message, so each edit cost more the longer the bot had run.
CREATE INDEX outbox_by_edits ON outbox (edits, id) WHERE edits IS NOT NULL;
