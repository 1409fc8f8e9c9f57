-- Two optional fields of the counsellor's registration, when the chat tells them:
-- the victim's age (years) and the form of exploitation (a code of the
-- codebook's variable, checked by the server). Sealed like the notes (BLOB:
-- version, nonce, ciphertext and tag, bound to column and row), empty when not
-- registered; retention empties them with the notes. Not exported: the
-- research side codes the victim's age and the form from the transcript.
ALTER TABLE registrations ADD COLUMN victim_age BLOB NOT NULL DEFAULT '';
ALTER TABLE registrations ADD COLUMN exploitation BLOB NOT NULL DEFAULT '';
