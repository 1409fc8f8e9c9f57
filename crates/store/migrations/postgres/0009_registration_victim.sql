-- 0009 (PostgreSQL twin): the victim's age and the form of exploitation as the
-- counsellor registers them, sealed (bytea), empty when not registered.
ALTER TABLE registrations ADD COLUMN victim_age BYTEA NOT NULL DEFAULT '';
ALTER TABLE registrations ADD COLUMN exploitation BYTEA NOT NULL DEFAULT '';
