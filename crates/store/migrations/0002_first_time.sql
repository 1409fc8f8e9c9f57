-- Whether the visitor is a first-time visitor of the helpline, as the
-- counsellor registers it: 1 = first time, 0 = returning (has chatted before),
-- NULL = not registered. The research side selects the conversations of
-- first-time visitors; the export writes it as `flags.first_time`.
ALTER TABLE registrations ADD COLUMN first_time INTEGER CHECK (first_time IN (0, 1));
