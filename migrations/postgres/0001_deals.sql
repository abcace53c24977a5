-- Deals, their append-only history, and per-user settings. Every row carries its workspace.

CREATE TABLE workspaces (
    id               TEXT PRIMARY KEY,
    last_deal_number BIGINT NOT NULL
);

CREATE TABLE deals (
    id               BIGSERIAL PRIMARY KEY,
    workspace        TEXT NOT NULL,
    number           BIGINT NOT NULL,
    name             TEXT NOT NULL,
    name_folded      TEXT NOT NULL,
    pipeline         TEXT NOT NULL,
    stage            TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('open', 'won', 'lost')),
    owner            TEXT NOT NULL,
    amount_minor     BIGINT,
    currency         TEXT,
    close_date       DATE,
    next_step        TEXT,
    next_step_due    TIMESTAMPTZ,
    lost_reason      TEXT,
    channel          TEXT,
    created_by       TEXT NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL,
    stage_entered_at TIMESTAMPTZ NOT NULL,
    version          BIGINT NOT NULL DEFAULT 0,
    UNIQUE (workspace, number)
);

CREATE INDEX deals_by_owner ON deals (workspace, owner, status);
CREATE INDEX deals_by_due ON deals (status, next_step_due);

CREATE TABLE deal_history (
    id          BIGSERIAL PRIMARY KEY,
    workspace   TEXT NOT NULL,
    deal_id     BIGINT NOT NULL REFERENCES deals (id),
    at          TIMESTAMPTZ NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    from_value  TEXT,
    to_value    TEXT,
    note        TEXT
);

CREATE INDEX deal_history_by_deal ON deal_history (workspace, deal_id, id);

-- History is append-only: the database refuses to rewrite it.
CREATE FUNCTION deal_history_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'deal_history is append-only';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER deal_history_no_rewrite BEFORE UPDATE OR DELETE ON deal_history
    FOR EACH ROW EXECUTE FUNCTION deal_history_append_only();

CREATE TABLE user_settings (
    workspace TEXT NOT NULL,
    user_id   TEXT NOT NULL,
    timezone  TEXT,
    PRIMARY KEY (workspace, user_id)
);
