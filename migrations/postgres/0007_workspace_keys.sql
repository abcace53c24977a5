-- Workspaces are keyed by platform and id (`slack:T0123ABCD`,
-- `discord:100000000000000001`, `shell:local`), so a Slack team and a Discord
-- guild can never share one. Every row keyed by a bare id gets its
-- workspace's platform in front: the platform its workspace row records, or
-- (for a row the default `shell` of migration 0002 may have mislabelled) the
-- platform its digest schedules or queued messages name.

CREATE TABLE workspace_keys_0007 (
    old      TEXT PRIMARY KEY,
    platform TEXT NOT NULL
);

INSERT INTO workspace_keys_0007 (old, platform)
SELECT every.workspace, COALESCE(
    (SELECT w.platform FROM workspaces w WHERE w.id = every.workspace AND w.platform <> 'shell'),
    (SELECT MIN(d.platform) FROM digest_subscriptions d
      WHERE d.workspace = every.workspace AND d.platform <> 'shell'),
    (SELECT MIN(o.platform) FROM outbox o WHERE o.workspace = every.workspace AND o.platform <> 'shell'),
    'shell')
FROM (
    SELECT id AS workspace FROM workspaces
    UNION SELECT workspace FROM deals
    UNION SELECT workspace FROM deal_history
    UNION SELECT workspace FROM deal_qualification
    UNION SELECT workspace FROM user_settings
    UNION SELECT workspace FROM digest_subscriptions
    UNION SELECT workspace FROM nag_state
) AS every;

UPDATE workspaces SET platform = k.platform, id = k.platform || ':' || workspaces.id
FROM workspace_keys_0007 k WHERE k.old = workspaces.id;

UPDATE deals SET workspace = k.platform || ':' || deals.workspace
FROM workspace_keys_0007 k WHERE k.old = deals.workspace;

UPDATE deal_qualification SET workspace = k.platform || ':' || deal_qualification.workspace
FROM workspace_keys_0007 k WHERE k.old = deal_qualification.workspace;

UPDATE user_settings SET workspace = k.platform || ':' || user_settings.workspace
FROM workspace_keys_0007 k WHERE k.old = user_settings.workspace;

UPDATE digest_subscriptions SET workspace = k.platform || ':' || digest_subscriptions.workspace
FROM workspace_keys_0007 k WHERE k.old = digest_subscriptions.workspace;

UPDATE nag_state SET workspace = k.platform || ':' || nag_state.workspace
FROM workspace_keys_0007 k WHERE k.old = nag_state.workspace;

-- History is append-only; this one rewrite of its keys is the exception.
ALTER TABLE deal_history DISABLE TRIGGER deal_history_no_rewrite;
UPDATE deal_history SET workspace = k.platform || ':' || deal_history.workspace
FROM workspace_keys_0007 k WHERE k.old = deal_history.workspace;
ALTER TABLE deal_history ENABLE TRIGGER deal_history_no_rewrite;

-- A queued message names its own platform, and its destination key
-- (`platform:workspace:destination`) takes the new workspace key, so the
-- messages of a destination stay in order and paced across the upgrade.
UPDATE outbox SET
    workspace = platform || ':' || workspace,
    channel_key = platform || ':' || channel_key;
UPDATE channel_pace SET channel_key = split_part(channel_key, ':', 1) || ':' || channel_key
WHERE position(':' IN channel_key) > 0;

DROP TABLE workspace_keys_0007;

-- Undo points hold the deal as it was, under its old key; an undo reaches back
-- ten minutes only, so they are dropped rather than rewritten.
DELETE FROM deal_undo;
