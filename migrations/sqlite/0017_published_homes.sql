-- The homes the bot keeps on someone's screen (Slack's App Home tab), and the
-- changes that make one stale, shared by every replica.
--
-- `published_homes` has a row per person whose home the bot published. The
-- triggers below note, in the same transaction as any change to a deal, whose
-- home it touches: the deal's owner (before and after) and whoever made the
-- change (the history line's actor). They fire whatever wrote the change (a
-- command on any replica, a click, the scheduler, `dealbot import`, the
-- shell), and only for people who have a home. A replica claims a person's
-- noted changes by deleting them, and publishes their home once.

CREATE TABLE published_homes (
    workspace    TEXT NOT NULL,
    user_id      TEXT NOT NULL,
    published_at DATETIME NOT NULL,
    PRIMARY KEY (workspace, user_id)
);

CREATE TABLE home_changes (
    id        INTEGER PRIMARY KEY,
    workspace TEXT NOT NULL,
    user_id   TEXT NOT NULL
);

CREATE INDEX home_changes_by_person ON home_changes (workspace, user_id);

CREATE TRIGGER home_changes_on_new_deal AFTER INSERT ON deals
BEGIN
    INSERT INTO home_changes (workspace, user_id)
    SELECT workspace, user_id FROM published_homes
    WHERE workspace = NEW.workspace AND user_id = NEW.owner;
END;

-- Any update: two changes within one second keep the same `updated_at`, so
-- it cannot tell. A change that turns out to change nothing (a repeated
-- click) republishes the same home, which is harmless.
CREATE TRIGGER home_changes_on_changed_deal AFTER UPDATE ON deals
BEGIN
    INSERT INTO home_changes (workspace, user_id)
    SELECT workspace, user_id FROM published_homes
    WHERE workspace = NEW.workspace AND user_id IN (NEW.owner, OLD.owner);
END;

CREATE TRIGGER home_changes_on_history AFTER INSERT ON deal_history
BEGIN
    INSERT INTO home_changes (workspace, user_id)
    SELECT workspace, user_id FROM published_homes
    WHERE workspace = NEW.workspace AND user_id = NEW.actor;
END;
