-- A version per workspace of the settings every command reads (users' time
-- zones and hours, channels' notify modes), so that each replica can keep
-- them in memory: it reads this row once per command and drops what it kept
-- of the workspace when the version moved. The triggers bump it in the same
-- transaction as any change to those settings, whichever replica wrote it.

CREATE TABLE settings_versions (
    workspace TEXT PRIMARY KEY,
    version   BIGINT NOT NULL
);

CREATE FUNCTION bump_settings_version() RETURNS trigger AS $$
DECLARE
    changed TEXT;
BEGIN
    IF TG_OP = 'DELETE' THEN
        changed := OLD.workspace;
    ELSE
        changed := NEW.workspace;
    END IF;
    INSERT INTO settings_versions (workspace, version) VALUES (changed, 1)
    ON CONFLICT (workspace) DO UPDATE SET version = settings_versions.version + 1;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER settings_version_of_user_settings
AFTER INSERT OR UPDATE OR DELETE ON user_settings
FOR EACH ROW EXECUTE FUNCTION bump_settings_version();

CREATE TRIGGER settings_version_of_channel_notify
AFTER INSERT OR UPDATE OR DELETE ON channel_notify
FOR EACH ROW EXECUTE FUNCTION bump_settings_version();
