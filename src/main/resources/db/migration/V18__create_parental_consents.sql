-- Which method proved the parent an adult, on a parental_consent result (never the parent's data).
ALTER TABLE verification_result ADD COLUMN parent_verified_by text;

-- A request for a parent's consent to a minor's session. The parent's address and the link's token are kept only as
-- keyed hashes; the link decides once (consent or decline) and then only withdraws.
CREATE TABLE parental_consent (
    id                 text COLLATE "C" PRIMARY KEY,
    session_id         text        NOT NULL REFERENCES verification_session (id),
    livemode           boolean     NOT NULL,
    parent_hash        text        NOT NULL,
    token_hash         text        NOT NULL UNIQUE,
    status             text        NOT NULL
        CHECK (status IN ('pending', 'consented', 'declined', 'expired', 'withdrawn', 'replaced')),
    -- The parent's own age check, a session of the same organization.
    parent_session_id  text REFERENCES verification_session (id),
    parent_verified_by text,
    expires_at         timestamptz NOT NULL,
    decided_at         timestamptz,
    created_at         timestamptz NOT NULL
);
CREATE INDEX parental_consent_session_idx ON parental_consent (session_id, created_at DESC);
CREATE INDEX parental_consent_parent_idx ON parental_consent (livemode, parent_hash, created_at);
CREATE INDEX parental_consent_due_idx ON parental_consent (expires_at) WHERE status = 'pending';
