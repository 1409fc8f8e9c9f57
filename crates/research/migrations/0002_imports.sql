-- 0002: the audit of imports. Every import into the workspace (a
-- conversations.jsonl from another platform, or a copy from the chat's own
-- store) is one row: who, when, what (the source, with the file name), and
-- how many conversations were read, added and already present. A rejected
-- import changes nothing and writes no row.
CREATE TABLE r_imports (
    id          INTEGER PRIMARY KEY,
    source      TEXT NOT NULL,
    read        INTEGER NOT NULL,
    added       INTEGER NOT NULL,
    unchanged   INTEGER NOT NULL,
    imported_by TEXT NOT NULL,
    imported_at TEXT NOT NULL
);
