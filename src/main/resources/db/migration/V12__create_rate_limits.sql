-- The API's per-key rate limits, shared by every instance: one GCRA bucket per key, updated by a
-- single upsert per request. UNLOGGED because the state is worth less than the WAL it would cost: after
-- a crash the buckets are simply empty (full) again.
CREATE UNLOGGED TABLE rate_limit_bucket (
    key_id           text COLLATE "C" PRIMARY KEY,
    -- The limit the last request was checked against.
    limit_per_minute integer NOT NULL,
    -- Theoretical arrival time in Unix microseconds: the bucket is full again at this instant.
    tat_us           bigint  NOT NULL,
    touched_us       bigint  NOT NULL,
    -- Whether the last request was let through.
    allowed          boolean NOT NULL
);

-- A limit an operator set for one key instead of its type's default.
CREATE TABLE api_key_rate_limit (
    key_id     text COLLATE "C" PRIMARY KEY REFERENCES api_key (id),
    per_minute integer NOT NULL CHECK (per_minute > 0)
);
