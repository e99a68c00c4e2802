CREATE TABLE verification_session (
    id                      text COLLATE "C" PRIMARY KEY,
    organization_id         text        NOT NULL REFERENCES organization (id),
    livemode                boolean     NOT NULL,
    status                  text        NOT NULL,
    type                    text        NOT NULL,
    methods                 text        NOT NULL,
    current_method          text,
    client_reference_id     text,
    return_url              text,
    cancel_url              text,
    client_secret           text,
    metadata                jsonb       NOT NULL DEFAULT '{}',
    use_case                text,
    age_tier                text,
    jurisdiction            text,
    physical_check_required boolean,
    user_message            text,
    mdl_acceptance_status   text,
    mdl_legally_recognized  boolean,
    governing_regulator     text,
    rule_version            text,
    compliance_user_message text,
    delivery_jurisdiction   text,
    ip_jurisdiction         text,
    jurisdiction_mismatch   boolean,
    email                   text,
    phone                   text,
    accept_existing         boolean     NOT NULL DEFAULT false,
    min_strength            text,
    max_age                 text,
    required_methods        text,
    created_at              timestamptz NOT NULL,
    updated_at              timestamptz NOT NULL,
    expires_at              timestamptz NOT NULL,
    completed_at            timestamptz,
    cancelled_at            timestamptz,
    version                 integer     NOT NULL DEFAULT 0
);

-- The list endpoint: newest first within an organization and mode, optionally by status.
CREATE INDEX verification_session_list_idx
    ON verification_session (organization_id, livemode, created_at DESC, id DESC);
CREATE INDEX verification_session_status_list_idx
    ON verification_session (organization_id, livemode, status, created_at DESC, id DESC);
-- The expiry sweep only looks at sessions that can still expire.
CREATE INDEX verification_session_expiry_idx
    ON verification_session (expires_at)
    WHERE status IN ('CREATED', 'PENDING', 'PROCESSING', 'REQUIRES_INPUT');

CREATE TABLE verification_result (
    id                 text COLLATE "C" PRIMARY KEY,
    session_id         text        NOT NULL REFERENCES verification_session (id),
    method             text        NOT NULL,
    status             text        NOT NULL,
    confidence         double precision,
    age_estimate       integer,
    age_verified       boolean,
    identity_verified  boolean,
    provider_name      text,
    error_code         text,
    error_message      text,
    processing_time_ms integer,
    created_at         timestamptz NOT NULL
);

CREATE INDEX verification_result_session_idx ON verification_result (session_id, created_at, id);

CREATE TABLE idempotency_key (
    organization_id text        NOT NULL,
    livemode        boolean     NOT NULL,
    key             text        NOT NULL,
    request_hash    bytea       NOT NULL,
    response_status integer,
    response_body   text,
    created_at      timestamptz NOT NULL,
    PRIMARY KEY (organization_id, livemode, key)
);

CREATE INDEX idempotency_key_created_idx ON idempotency_key (created_at);
