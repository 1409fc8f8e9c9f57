-- 0005: transcripts encrypted at rest.
--
-- Every conversation has its own random data key, stored here wrapped
-- (encrypted) by the master key, which lives outside the data folder.
-- `master_id` names the master key that wrapped it, so `zicht key rotate` can
-- tell old wrappings from new. The nickname (`conversations.username`), each
-- message (`messages.body`), the registration's `notes` and `referral_other`
-- and a transfer's note (`conversation_events.note`) hold sealed values
-- (BLOB: version, nonce, ciphertext and tag) instead of text. Retention
-- deletes the row here, which makes any copy of the ciphertext unreadable.
CREATE TABLE conversation_keys (
    conversation_id INTEGER PRIMARY KEY REFERENCES conversations (id) ON DELETE CASCADE,
    master_id       TEXT NOT NULL,
    wrapped         BLOB NOT NULL
);
CREATE INDEX conversation_keys_master ON conversation_keys (master_id);

-- The counsellor's note on a transfer (sealed), shown to the receiving counsellor.
ALTER TABLE conversation_events ADD COLUMN note BLOB;
