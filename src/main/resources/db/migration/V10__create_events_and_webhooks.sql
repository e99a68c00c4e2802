-- Events are an append-only log, written in the transaction of the change they describe (an outbox).
CREATE TABLE event (
    id              text COLLATE "C" PRIMARY KEY,
    -- Insertion order: events of one transaction share their timestamp, and ids made in the same
    -- millisecond are not ordered, so lists and cursors go by this instead.
    seq             bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    organization_id text COLLATE "C" NOT NULL REFERENCES organization (id),
    livemode        boolean     NOT NULL,
    type            text        NOT NULL,
    session_id      text COLLATE "C" NOT NULL,
    -- data.object exactly as serialized when the change happened; json (not jsonb) keeps its field order.
    data_object     json        NOT NULL,
    created_at      timestamptz NOT NULL
);

CREATE INDEX event_list_idx ON event (organization_id, livemode, seq DESC);
CREATE INDEX event_type_list_idx ON event (organization_id, livemode, type, seq DESC);
CREATE INDEX event_session_list_idx ON event (organization_id, livemode, session_id, seq DESC);
CREATE INDEX event_created_list_idx ON event (organization_id, livemode, created_at);

CREATE TABLE webhook_endpoint (
    id                         text COLLATE "C" PRIMARY KEY,
    organization_id            text COLLATE "C" NOT NULL REFERENCES organization (id),
    livemode                   boolean     NOT NULL,
    url                        text        NOT NULL,
    enabled_events             jsonb       NOT NULL,
    description                text,
    metadata                   jsonb       NOT NULL DEFAULT '{}',
    status                     text        NOT NULL CHECK (status IN ('ENABLED', 'DISABLED')),
    disabled_reason            text,
    -- Kept in clear: signing needs the secret itself, unlike API keys, which are only compared.
    secret                     text        NOT NULL,
    previous_secret            text,
    previous_secret_expires_at timestamptz,
    -- Start of the current run of failed attempts; null after any success.
    failing_since              timestamptz,
    created_at                 timestamptz NOT NULL,
    updated_at                 timestamptz NOT NULL,
    version                    integer     NOT NULL DEFAULT 0
);

CREATE INDEX webhook_endpoint_list_idx ON webhook_endpoint (organization_id, livemode, created_at DESC, id DESC);

CREATE TABLE webhook_delivery (
    id              text COLLATE "C" PRIMARY KEY,
    event_id        text COLLATE "C" NOT NULL REFERENCES event (id),
    endpoint_id     text COLLATE "C" NOT NULL REFERENCES webhook_endpoint (id) ON DELETE CASCADE,
    status          text        NOT NULL CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED')),
    attempt_count   integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz,
    -- A dispatcher's claim: until leased_until passes no other dispatcher takes the delivery, and
    -- only the holder of claim_token may record its outcome. A crashed holder's claim simply lapses.
    leased_until    timestamptz,
    claim_token     text,
    last_status_code integer,
    last_error      text,
    created_at      timestamptz NOT NULL,
    completed_at    timestamptz,
    UNIQUE (event_id, endpoint_id)
);

-- The dispatcher's queue: only deliveries still to be made.
CREATE INDEX webhook_delivery_due_idx ON webhook_delivery (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX webhook_delivery_endpoint_idx ON webhook_delivery (endpoint_id, created_at DESC, id DESC);

CREATE TABLE webhook_attempt (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    delivery_id  text COLLATE "C" NOT NULL REFERENCES webhook_delivery (id) ON DELETE CASCADE,
    attempted_at timestamptz NOT NULL,
    status_code  integer,
    duration_ms  integer     NOT NULL,
    error        text
);

CREATE INDEX webhook_attempt_delivery_idx ON webhook_attempt (delivery_id, id);
