-- 0001: the first schema of the helpline store.
--
-- Portable SQL where possible (SQLite now, PostgreSQL later): no SQLite-only
-- column types; times are RFC 3339 UTC text ("2022-03-14T20:15:10Z"), which
-- sorts chronologically as text. Nothing here holds a visitor's IP address,
-- user agent, referrer or cookie: the server never receives them into the store.

-- Counsellor, researcher and admin accounts. The password is an argon2 PHC
-- string ($argon2id$v=19$m=...,t=...,p=...$salt$hash), never the password.
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE,
    role          TEXT NOT NULL CHECK (role IN ('counsellor', 'researcher', 'admin')),
    password_hash TEXT NOT NULL,
    created_at    TEXT NOT NULL
);

-- Logged-in staff sessions. Only the SHA-256 of the cookie value is kept, so a
-- copy of the database does not let anyone log in.
CREATE TABLE sessions (
    token_hash BLOB PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);

-- One visitor chat. `token_hash` is the SHA-256 of the visitor's token (held
-- in the visitor's sessionStorage only); `public_id` is what staff and exports
-- see. `state` moves waiting -> active -> ended (or waiting -> ended).
-- `purged_at` is set when retention removed the transcript.
CREATE TABLE conversations (
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
    ended_by      TEXT CHECK (ended_by IN ('visitor', 'counsellor', 'system')),
    purged_at     TEXT
);
CREATE INDEX conversations_state ON conversations (state, created_at);
CREATE INDEX conversations_created ON conversations (created_at);

-- The transcript. `seq` numbers the messages of one conversation 1, 2, 3, ...
-- across both sides; clients resume from the last `seq` they saw. `client_id`
-- is the sender's own id for the message: a message re-sent after a lost
-- connection finds its first copy instead of being stored twice (the store
-- looks it up among the conversation's rows, which lie together).
-- Clustered by (conversation_id, seq) without a rowid: appending a message
-- touches one B-tree, at the end of its conversation; with thousands of
-- conversations open that halves the pages each commit writes.
CREATE TABLE messages (
    conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    seq             INTEGER NOT NULL,
    sender          TEXT NOT NULL CHECK (sender IN ('visitor', 'counsellor')),
    counsellor_id   INTEGER REFERENCES users (id),
    client_id       TEXT NOT NULL,
    at              TEXT NOT NULL,
    body            TEXT NOT NULL,
    PRIMARY KEY (conversation_id, seq)
) WITHOUT ROWID;

-- What the counsellor registered about a conversation (one row per
-- conversation, written from the console's registration panel).
-- `trafficking`: 1 = a help request about human trafficking, 0 = not, NULL = not
-- yet registered. `categories` and `referrals` are JSON arrays of codes.
CREATE TABLE registrations (
    conversation_id INTEGER PRIMARY KEY REFERENCES conversations (id) ON DELETE CASCADE,
    trafficking     INTEGER CHECK (trafficking IN (0, 1)),
    categories      TEXT NOT NULL DEFAULT '[]',
    referrals       TEXT NOT NULL DEFAULT '[]',
    referral_other  TEXT NOT NULL DEFAULT '',
    notes           TEXT NOT NULL DEFAULT '',
    updated_by      INTEGER REFERENCES users (id),
    updated_at      TEXT NOT NULL
);

-- Who did what to a conversation (taken, transferred, ended), for the console
-- and for accountability. Holds staff ids only, never anything about the visitor.
CREATE TABLE conversation_events (
    id              INTEGER PRIMARY KEY,
    conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    at              TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('taken', 'transferred', 'ended', 'purged')),
    user_id         INTEGER REFERENCES users (id),
    to_user_id      INTEGER REFERENCES users (id)
);
CREATE INDEX conversation_events_conv ON conversation_events (conversation_id);
