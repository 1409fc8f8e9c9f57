-- 0004 (PostgreSQL twin): the login throttle per account, shared by every
-- instance and kept across restarts (names that are not accounts stay in memory).
CREATE TABLE login_throttle (
    user_id      BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    failures     BIGINT NOT NULL,
    last_failure TEXT COLLATE "C" NOT NULL
);
