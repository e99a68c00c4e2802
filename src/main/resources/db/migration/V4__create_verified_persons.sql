-- A person who completed a verification, known only by keyed hashes of their email and phone.
CREATE TABLE verified_person (
    id          text COLLATE "C" PRIMARY KEY,
    livemode    boolean     NOT NULL,
    email_hash  text,
    phone_hash  text,
    created_at  timestamptz NOT NULL,
    version     integer     NOT NULL DEFAULT 0,
    CHECK (email_hash IS NOT NULL OR phone_hash IS NOT NULL)
);
CREATE UNIQUE INDEX verified_person_email_idx ON verified_person (livemode, email_hash) WHERE email_hash IS NOT NULL;
CREATE UNIQUE INDEX verified_person_phone_idx ON verified_person (livemode, phone_hash) WHERE phone_hash IS NOT NULL;

-- One proof a person gave: which method, what it proved, for which organization, until when.
CREATE TABLE verified_credential (
    id               text COLLATE "C" PRIMARY KEY,
    person_id        text        NOT NULL REFERENCES verified_person (id) ON DELETE CASCADE,
    organization_id  text        NOT NULL REFERENCES organization (id),
    session_id       text        NOT NULL,
    method           text        NOT NULL,
    age_tier         text,
    jurisdiction     text,
    -- The customer agreed that other organizations may rely on this verification.
    shareable        boolean     NOT NULL DEFAULT false,
    verified_at      timestamptz NOT NULL,
    expires_at       timestamptz NOT NULL
);
CREATE INDEX verified_credential_person_idx ON verified_credential (person_id, verified_at DESC);
CREATE INDEX verified_credential_session_idx ON verified_credential (session_id);

-- Every reuse, as the accepting organization sees it.
CREATE TABLE credential_reuse (
    id                        text COLLATE "C" PRIMARY KEY,
    accepting_organization_id text        NOT NULL REFERENCES organization (id),
    livemode                  boolean     NOT NULL,
    source_organization_id    text        NOT NULL,
    credential_id             text        NOT NULL,
    session_id                text        NOT NULL,
    method                    text        NOT NULL,
    created_at                timestamptz NOT NULL
);
CREATE INDEX credential_reuse_accepting_idx ON credential_reuse (accepting_organization_id, created_at DESC, id DESC);

-- A one-time code proving the customer owns the email or phone.
CREATE TABLE reuse_challenge (
    id            text COLLATE "C" PRIMARY KEY,
    session_id    text        NOT NULL REFERENCES verification_session (id),
    credential_id text        NOT NULL,
    channel       text        NOT NULL CHECK (channel IN ('email', 'phone')),
    code_hash     text        NOT NULL,
    attempts      integer     NOT NULL DEFAULT 0,
    expires_at    timestamptz NOT NULL,
    consumed_at   timestamptz,
    created_at    timestamptz NOT NULL
);
CREATE INDEX reuse_challenge_session_idx ON reuse_challenge (session_id, created_at DESC);

-- Lookups per email or phone hash, for the 5-per-15-minutes limit shared by all instances.
CREATE TABLE person_lookup (
    anchor_hash text        NOT NULL,
    at          timestamptz NOT NULL
);
CREATE INDEX person_lookup_idx ON person_lookup (anchor_hash, at);

-- What an organization accepts from other organizations' verifications (off by default).
CREATE TABLE reuse_settings (
    organization_id     text PRIMARY KEY REFERENCES organization (id),
    accept_reuse        boolean     NOT NULL DEFAULT false,
    max_age_days        integer     NOT NULL DEFAULT 365,
    same_jurisdiction   boolean     NOT NULL DEFAULT true,
    accepted_methods    text,
    updated_at          timestamptz NOT NULL
);

ALTER TABLE verification_session ADD COLUMN share_verification boolean NOT NULL DEFAULT false;
ALTER TABLE verification_session ADD COLUMN reuse_credential_id text;
