-- 0006: a quick exit is told apart from a calm end by the visitor.
--
-- `ended_by` gains 'quick_exit' (the visitor left by "Snel weg" or Shift x3).
-- SQLite cannot change a CHECK constraint in place, so the table is rebuilt
-- (SQLite's twelve steps; the migration runner switches foreign keys off
-- around it and checks them before the commit). Every value is copied as it
-- is: ids, the sealed nickname (BLOB) and the times stay byte for byte.
CREATE TABLE conversations_new (
    id            INTEGER PRIMARY KEY,
    public_id     TEXT NOT NULL UNIQUE,
    token_hash    BLOB NOT NULL UNIQUE,
    channel       TEXT NOT NULL,
    username      TEXT NOT NULL,
    age           INTEGER,
    gender        TEXT CHECK (gender IN ('female', 'male', 'neutral')),
    lang          TEXT NOT NULL DEFAULT 'nl',
    state         TEXT NOT NULL CHECK (state IN ('waiting', 'active', 'ended')),
    counsellor_id INTEGER REFERENCES users (id),
    created_at    TEXT NOT NULL,
    taken_at      TEXT,
    ended_at      TEXT,
    ended_by      TEXT CHECK (ended_by IN ('visitor', 'quick_exit', 'counsellor', 'system')),
    purged_at     TEXT
);
INSERT INTO conversations_new (id, public_id, token_hash, channel, username, age, gender, lang,
                               state, counsellor_id, created_at, taken_at, ended_at, ended_by, purged_at)
    SELECT id, public_id, token_hash, channel, username, age, gender, lang,
           state, counsellor_id, created_at, taken_at, ended_at, ended_by, purged_at
    FROM conversations;
DROP TABLE conversations;
ALTER TABLE conversations_new RENAME TO conversations;
CREATE INDEX conversations_state ON conversations (state, created_at);
CREATE INDEX conversations_created ON conversations (created_at);
