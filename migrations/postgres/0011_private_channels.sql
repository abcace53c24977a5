-- Where a deal was opened, as far as who may see it: a deal opened in a
-- private channel (a private Slack channel or DM, a Discord channel the
-- everyone role cannot see) is shown only in that channel (`deals.channel`)
-- and to its owner, unless its pipeline shares such deals
-- (`private_channel_deals = "shared"`). Deals opened before this migration
-- were visible to everyone, and stay so.
ALTER TABLE deals ADD COLUMN private_channel BOOLEAN NOT NULL DEFAULT FALSE;
