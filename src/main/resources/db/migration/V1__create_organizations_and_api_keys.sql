CREATE TABLE organization (
    id          text COLLATE "C" PRIMARY KEY,
    name        text        NOT NULL,
    created_at  timestamptz NOT NULL
);

CREATE TABLE api_key (
    id              text COLLATE "C" PRIMARY KEY,
    organization_id text        NOT NULL REFERENCES organization (id),
    type            text        NOT NULL CHECK (type IN ('SECRET', 'PUBLISHABLE')),
    livemode        boolean     NOT NULL,
    -- SHA-256 of the whole key: keys are high-entropy, so a fast hash is enough and the clear value is never stored.
    secret_hash     bytea       NOT NULL UNIQUE,
    last4           text        NOT NULL,
    created_at      timestamptz NOT NULL,
    expires_at      timestamptz,
    revoked_at      timestamptz,
    version         integer     NOT NULL DEFAULT 0
);

CREATE INDEX api_key_organization_idx ON api_key (organization_id, created_at DESC, id DESC);
