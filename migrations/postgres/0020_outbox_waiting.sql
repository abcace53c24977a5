-- The messages still to deliver, by destination. The delivery worker's claim
-- finds the first waiting message of each destination here, and the depth
-- gauge counts them, without reading a backlog's rows: before it, every claim
-- read every waiting message (tens of milliseconds with 30,000 queued for one
-- slow channel, on the one writing connection), so a backlog slowed every
-- command.
CREATE INDEX outbox_waiting ON outbox (channel_key, id, created_at, status)
    WHERE status IN ('pending', 'sending');
