-- The counsellor's decision on a suggestion of the registration panel
-- (assisted coding): accepted or rejected, per conversation, field and value,
-- with who decided and when (audited like the registration). Holds codes only,
-- never the visitor's words; a reload or another browser shows it as decided.
CREATE TABLE suggestion_decisions (
    conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    field           TEXT NOT NULL,
    value           TEXT NOT NULL,
    decision        TEXT NOT NULL CHECK (decision IN ('accepted', 'rejected')),
    user_id         INTEGER REFERENCES users (id),
    at              TEXT NOT NULL,
    PRIMARY KEY (conversation_id, field, value)
);
