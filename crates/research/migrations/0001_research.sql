-- 0001: the research workspace (a database of its own, `research.sqlite3`,
-- beside the chat store; the research side never writes the live chat store).
--
-- Portable SQL where possible; times are RFC 3339 UTC text, which sorts
-- chronologically. People are recorded by their account name ("who"), since
-- the accounts live in the chat store. Every decision is a new row: nothing
-- a researcher decided is overwritten without a trace.

-- The conversations selected for research: copied from the chat store or
-- imported from another platform (formats.md section 2). `body` is the whole
-- conversation as one JSON object; the other columns are indexes into it.
CREATE TABLE r_conversations (
    conversation_id TEXT PRIMARY KEY,
    year            INTEGER NOT NULL,
    started_at      TEXT NOT NULL,
    channel         TEXT NOT NULL,
    username        TEXT NOT NULL,
    trafficking     INTEGER NOT NULL CHECK (trafficking IN (0, 1)),
    first_time      INTEGER NOT NULL CHECK (first_time IN (0, 1)),
    source          TEXT NOT NULL,
    body            TEXT NOT NULL,
    added_by        TEXT NOT NULL,
    added_at        TEXT NOT NULL
);
CREATE INDEX r_conversations_year ON r_conversations (year, started_at);

-- Duplicate-linking decisions on pairs of conversations (conv_a < conv_b).
-- The current decision of a pair is its latest row; earlier rows are the history.
CREATE TABLE r_link_decisions (
    id         INTEGER PRIMARY KEY,
    conv_a     TEXT NOT NULL REFERENCES r_conversations (conversation_id),
    conv_b     TEXT NOT NULL REFERENCES r_conversations (conversation_id),
    decision   TEXT NOT NULL CHECK (decision IN ('linked', 'rejected')),
    score      REAL,
    reasons    TEXT NOT NULL DEFAULT '[]',
    decided_by TEXT NOT NULL,
    decided_at TEXT NOT NULL,
    CHECK (conv_a < conv_b)
);
CREATE INDEX r_link_decisions_pair ON r_link_decisions (conv_a, conv_b, id);

-- Coded values per case. A case is identified by its earliest conversation.
-- `version` is 'final' (the value that is exported) or the name of a coder
-- who codes blind in double coding. Absent row = empty cell (unknown).
CREATE TABLE r_values (
    case_id     TEXT NOT NULL,
    version     TEXT NOT NULL,
    column_name TEXT NOT NULL,
    value       TEXT NOT NULL,
    PRIMARY KEY (case_id, version, column_name)
);

-- Every change of a coded value: who, when, old and new, and how
-- (form, suggestion, adjudication, condition, link).
CREATE TABLE r_audit (
    id          INTEGER PRIMARY KEY,
    case_id     TEXT NOT NULL,
    version     TEXT NOT NULL,
    column_name TEXT NOT NULL,
    old_value   TEXT,
    new_value   TEXT,
    via         TEXT NOT NULL,
    changed_by  TEXT NOT NULL,
    changed_at  TEXT NOT NULL
);
CREATE INDEX r_audit_case ON r_audit (case_id, id);

-- Double coding: which coders code a case blind. `slot` 1 and 2 are coder A and B.
CREATE TABLE r_assignments (
    case_id     TEXT NOT NULL,
    slot        INTEGER NOT NULL CHECK (slot IN (1, 2)),
    coder       TEXT NOT NULL,
    assigned_by TEXT NOT NULL,
    assigned_at TEXT NOT NULL,
    done_at     TEXT,
    PRIMARY KEY (case_id, slot)
);

-- Decisions on assisted-coding suggestions (accepted ones also changed a value,
-- which r_audit records with via = 'suggestion').
CREATE TABLE r_suggestion_decisions (
    id              INTEGER PRIMARY KEY,
    case_id         TEXT NOT NULL,
    version         TEXT NOT NULL,
    conversation_id TEXT NOT NULL,
    variable        TEXT NOT NULL,
    value           TEXT NOT NULL,
    decision        TEXT NOT NULL CHECK (decision IN ('accepted', 'rejected')),
    decided_by      TEXT NOT NULL,
    decided_at      TEXT NOT NULL
);
CREATE INDEX r_suggestion_decisions_case ON r_suggestion_decisions (case_id, version);
