-- 0006 (PostgreSQL twin): `ended_by` gains 'quick_exit'. PostgreSQL changes
-- a CHECK constraint in place (SQLite rebuilds the table).
ALTER TABLE conversations DROP CONSTRAINT conversations_ended_by_check;
ALTER TABLE conversations ADD CONSTRAINT conversations_ended_by_check
    CHECK (ended_by IN ('visitor', 'quick_exit', 'counsellor', 'system'));
