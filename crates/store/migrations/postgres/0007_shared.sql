-- 0007 (PostgreSQL): what several instances must share besides the chat, so
-- that any instance can serve any request.
--
-- The token buckets of the rate limits (per conversation and side, and the
-- global ones) and the intake challenges already used. UNLOGGED: no WAL, so
-- a take costs no fsync; after a crash of the database they start empty
-- (full buckets), and a standby does not have them. Nothing here names a
-- visitor: a key is a conversation's id and side, or a global name.
CREATE UNLOGGED TABLE rate_buckets (
    key        TEXT COLLATE "C" PRIMARY KEY,
    tokens     DOUBLE PRECISION NOT NULL,
    per_minute BIGINT NOT NULL,
    burst      BIGINT NOT NULL,
    at         TIMESTAMPTZ NOT NULL
);

-- Takes a token from bucket `k` (`per_minute` on average, bursts of
-- `burst`), the refill computed from the stored time by the database's
-- clock, so every instance agrees. Returns 0 when taken, else the
-- milliseconds until a token is there.
CREATE FUNCTION zicht_take(k TEXT, per_minute BIGINT, burst BIGINT) RETURNS BIGINT
LANGUAGE plpgsql AS $$
DECLARE
    rate DOUBLE PRECISION := GREATEST(per_minute, 0) / 60.0;
    now_ TIMESTAMPTZ := clock_timestamp();
    have DOUBLE PRECISION;
BEGIN
    INSERT INTO rate_buckets AS b (key, tokens, per_minute, burst, at)
        VALUES (k, GREATEST(burst, 1), per_minute, GREATEST(burst, 1), now_)
    ON CONFLICT (key) DO UPDATE SET
        tokens = LEAST(GREATEST(excluded.burst, 1),
                       b.tokens + GREATEST(0, EXTRACT(EPOCH FROM now_ - b.at)) * rate),
        per_minute = excluded.per_minute, burst = excluded.burst, at = now_
    RETURNING tokens INTO have;
    IF have >= 1 THEN
        UPDATE rate_buckets SET tokens = have - 1 WHERE key = k;
        RETURN 0;
    END IF;
    RETURN GREATEST(1, CEIL((1 - have) / GREATEST(rate, 1e-9) * 1000))::BIGINT;
END $$;

-- Challenges used (one solution opens one conversation), until they expire.
CREATE UNLOGGED TABLE spent_challenges (
    nonce      BYTEA PRIMARY KEY,
    expires_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX spent_challenges_expires ON spent_challenges (expires_at);

-- Admits an intake: the challenge's nonce must be new (-1 when it was used),
-- then a token of bucket `k` is taken (the wait in milliseconds when there
-- is none; the nonce is then not spent, so the visitor may try again).
CREATE FUNCTION zicht_admit(nonce_ BYTEA, expires BIGINT, k TEXT, per_minute BIGINT, burst BIGINT)
RETURNS BIGINT LANGUAGE plpgsql AS $$
DECLARE
    wait BIGINT;
BEGIN
    DELETE FROM spent_challenges WHERE expires_at < clock_timestamp();
    INSERT INTO spent_challenges (nonce, expires_at) VALUES (nonce_, to_timestamp(expires))
        ON CONFLICT (nonce) DO NOTHING;
    IF NOT FOUND THEN
        RETURN -1;
    END IF;
    wait := zicht_take(k, per_minute, burst);
    IF wait > 0 THEN
        DELETE FROM spent_challenges WHERE nonce = nonce_;
    END IF;
    RETURN wait;
END $$;

-- Secrets every instance uses (the key of the intake challenges): random,
-- sealed by a data key that the master key wraps, as a conversation's text.
CREATE TABLE shared_secrets (
    name      TEXT COLLATE "C" PRIMARY KEY,
    master_id TEXT COLLATE "C" NOT NULL,
    wrapped   BYTEA NOT NULL,
    sealed    BYTEA NOT NULL
);

-- The running instances: each beats every few seconds; presence held by an
-- instance whose beat is stale counts as gone.
CREATE TABLE instances (
    id      TEXT COLLATE "C" PRIMARY KEY,
    beat_at TIMESTAMPTZ NOT NULL
);

-- Which staff member has a console open on which instance (a warm transfer
-- may go to a colleague on another instance).
CREATE TABLE staff_consoles (
    instance TEXT COLLATE "C" NOT NULL REFERENCES instances (id) ON DELETE CASCADE,
    user_id  BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (instance, user_id)
);

-- A warm transfer offered and not yet answered (one per conversation): the
-- counsellor who offers, the colleague, the note sealed by the
-- conversation's data key.
CREATE TABLE transfer_offers (
    conversation_id BIGINT PRIMARY KEY REFERENCES conversations (id) ON DELETE CASCADE,
    from_user       BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    to_user         BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    note            BYTEA,
    offered_at      TIMESTAMPTZ NOT NULL
);
