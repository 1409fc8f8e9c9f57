-- 0008 (PostgreSQL twin): the counsellor's accepted or rejected suggestions, per conversation, field and value.
CREATE TABLE suggestion_decisions (
    conversation_id BIGINT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    field           TEXT NOT NULL,
    value           TEXT NOT NULL,
    decision        TEXT NOT NULL CHECK (decision IN ('accepted', 'rejected')),
    user_id         BIGINT REFERENCES users (id),
    at              TEXT NOT NULL,
    PRIMARY KEY (conversation_id, field, value)
);
