-- 0007: nothing on SQLite. Its twin gives several PostgreSQL instances what
-- they share (rate limit buckets, used challenges, heartbeats, consoles,
-- warm-transfer offers); one SQLite process keeps all of that in memory.

