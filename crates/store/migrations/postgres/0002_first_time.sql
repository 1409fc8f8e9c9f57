-- 0002 (PostgreSQL twin): first-time (1) or returning (0) visitor, NULL = not registered.
ALTER TABLE registrations ADD COLUMN first_time SMALLINT CHECK (first_time IN (0, 1));
