-- 0004: the login throttle, kept across restarts.
--
-- One row per staff account with failed logins since its last successful one:
-- how many, and when the last failed. The server waits longer after every
-- failure (exponentially, up to a few minutes) and never locks an account.
-- Keyed by account id: names that are not accounts are throttled in memory
-- only, so nothing a person typed into the name field reaches the disk.
CREATE TABLE login_throttle (
    user_id      INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    failures     INTEGER NOT NULL,
    last_failure TEXT NOT NULL
);
