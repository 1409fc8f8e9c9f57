-- 0005 (PostgreSQL twin): transcripts encrypted at rest.
--
-- Every conversation's random data key, wrapped by the master key (which
-- lives outside the database). The sealed columns are already `bytea` (0001).
-- Retention deletes the row here, which makes any copy of the ciphertext
-- (in dead tuples, the WAL or a backup) unreadable.
CREATE TABLE conversation_keys (
    conversation_id BIGINT PRIMARY KEY REFERENCES conversations (id) ON DELETE CASCADE,
    master_id       TEXT COLLATE "C" NOT NULL,
    wrapped         BYTEA NOT NULL
);
CREATE INDEX conversation_keys_master ON conversation_keys (master_id);

-- The counsellor's note on a transfer (sealed).
ALTER TABLE conversation_events ADD COLUMN note BYTEA;
