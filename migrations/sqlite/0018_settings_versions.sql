-- A version per workspace of the settings every command reads (users' time
-- zones and hours, channels' notify modes), so that each replica can keep
-- them in memory: it reads this row once per command and drops what it kept
-- of the workspace when the version moved. The triggers bump it in the same
-- transaction as any change to those settings, whoever wrote it.

CREATE TABLE settings_versions (
    workspace TEXT PRIMARY KEY,
    version   INTEGER NOT NULL
);

CREATE TRIGGER settings_version_on_new_user_setting AFTER INSERT ON user_settings
BEGIN
    INSERT INTO settings_versions (workspace, version) VALUES (NEW.workspace, 1)
    ON CONFLICT (workspace) DO UPDATE SET version = settings_versions.version + 1;
END;

CREATE TRIGGER settings_version_on_changed_user_setting AFTER UPDATE ON user_settings
BEGIN
    INSERT INTO settings_versions (workspace, version) VALUES (NEW.workspace, 1)
    ON CONFLICT (workspace) DO UPDATE SET version = settings_versions.version + 1;
END;

CREATE TRIGGER settings_version_on_removed_user_setting AFTER DELETE ON user_settings
BEGIN
    INSERT INTO settings_versions (workspace, version) VALUES (OLD.workspace, 1)
    ON CONFLICT (workspace) DO UPDATE SET version = settings_versions.version + 1;
END;

CREATE TRIGGER settings_version_on_new_channel_mode AFTER INSERT ON channel_notify
BEGIN
    INSERT INTO settings_versions (workspace, version) VALUES (NEW.workspace, 1)
    ON CONFLICT (workspace) DO UPDATE SET version = settings_versions.version + 1;
END;

CREATE TRIGGER settings_version_on_changed_channel_mode AFTER UPDATE ON channel_notify
BEGIN
    INSERT INTO settings_versions (workspace, version) VALUES (NEW.workspace, 1)
    ON CONFLICT (workspace) DO UPDATE SET version = settings_versions.version + 1;
END;

CREATE TRIGGER settings_version_on_removed_channel_mode AFTER DELETE ON channel_notify
BEGIN
    INSERT INTO settings_versions (workspace, version) VALUES (OLD.workspace, 1)
    ON CONFLICT (workspace) DO UPDATE SET version = settings_versions.version + 1;
END;
