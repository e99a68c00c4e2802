-- Verified persons per organization: an email or phone joins another organization's records only once its owner
-- proved it with a one-time code in a session of that organization (anchor_proof).
ALTER TABLE verified_person ADD COLUMN organization_id text REFERENCES organization (id);
DROP INDEX verified_person_email_idx;
DROP INDEX verified_person_phone_idx;

-- A fresh id of the same shape as the server's (prefix, then 23 base62 characters), from PostgreSQL's
-- cryptographically random UUIDs.
CREATE OR REPLACE FUNCTION pg_temp.new_person_id() RETURNS text LANGUAGE sql VOLATILE AS $$
    SELECT 'vp_' || string_agg(substr('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
        1 + get_byte(uuid_send(gen_random_uuid()), 0) % 62, 1), '')
    FROM generate_series(1, 23)
$$;

-- An existing person stays with the organization of its first credential; every other organization that verified
-- it gets a person of its own, with the same hashes, and its credentials move there.
UPDATE verified_person p SET organization_id = (
    SELECT c.organization_id FROM verified_credential c WHERE c.person_id = p.id ORDER BY c.verified_at, c.id LIMIT 1);
DELETE FROM verified_person WHERE organization_id IS NULL;
CREATE TEMPORARY TABLE person_split ON COMMIT DROP AS
    SELECT pairs.person_id, pairs.organization_id, pg_temp.new_person_id() AS new_id
    FROM (SELECT DISTINCT c.person_id, c.organization_id FROM verified_credential c
          JOIN verified_person p ON p.id = c.person_id WHERE c.organization_id <> p.organization_id) pairs;
INSERT INTO verified_person (id, livemode, email_hash, phone_hash, created_at, organization_id)
    SELECT s.new_id, p.livemode, p.email_hash, p.phone_hash, p.created_at, s.organization_id
    FROM person_split s JOIN verified_person p ON p.id = s.person_id;
UPDATE verified_credential c SET person_id = s.new_id
    FROM person_split s WHERE c.person_id = s.person_id AND c.organization_id = s.organization_id;
DROP FUNCTION pg_temp.new_person_id();

ALTER TABLE verified_person ALTER COLUMN organization_id SET NOT NULL;
CREATE UNIQUE INDEX verified_person_email_idx ON verified_person (organization_id, livemode, email_hash)
    WHERE email_hash IS NOT NULL;
CREATE UNIQUE INDEX verified_person_phone_idx ON verified_person (organization_id, livemode, phone_hash)
    WHERE phone_hash IS NOT NULL;
-- Other organizations' persons, once the customer proved the email or phone.
CREATE INDEX verified_person_email_any_idx ON verified_person (livemode, email_hash) WHERE email_hash IS NOT NULL;
CREATE INDEX verified_person_phone_any_idx ON verified_person (livemode, phone_hash) WHERE phone_hash IS NOT NULL;

-- The customer proved they own an email or phone (by its keyed hash) with a one-time code in a session of this
-- organization: from then on its lookups may show other organizations' shared credentials.
CREATE TABLE anchor_proof (
    organization_id text        NOT NULL REFERENCES organization (id),
    livemode        boolean     NOT NULL,
    anchor_hash     text        NOT NULL,
    session_id      text        NOT NULL,
    proven_at       timestamptz NOT NULL,
    PRIMARY KEY (organization_id, livemode, anchor_hash)
);
CREATE INDEX anchor_proof_anchor_idx ON anchor_proof (livemode, anchor_hash);

-- Lookup limits per organization, mode and email or phone: one organization (or a test key) cannot exhaust
-- another's.
DROP INDEX person_lookup_idx;
DELETE FROM person_lookup;
ALTER TABLE person_lookup ADD COLUMN organization_id text NOT NULL;
ALTER TABLE person_lookup ADD COLUMN livemode boolean NOT NULL;
CREATE INDEX person_lookup_idx ON person_lookup (organization_id, livemode, anchor_hash, at);

-- One-time codes of every purpose (reuse today), replacing reuse_challenge: only the newest code of a session and
-- purpose works; sends are counted per session and per email or phone.
DROP TABLE reuse_challenge;
CREATE TABLE one_time_code (
    id          text COLLATE "C" PRIMARY KEY,
    purpose     text        NOT NULL,
    session_id  text        NOT NULL REFERENCES verification_session (id),
    livemode    boolean     NOT NULL,
    channel     text        NOT NULL CHECK (channel IN ('email', 'phone')),
    anchor_hash text        NOT NULL,
    -- What the code unlocks for its purpose (reuse: the credential offered).
    subject     text,
    code_hash   text        NOT NULL,
    expires_at  timestamptz NOT NULL,
    -- Matched, or replaced by a newer code.
    used_at     timestamptz,
    created_at  timestamptz NOT NULL
);
CREATE INDEX one_time_code_session_idx ON one_time_code (session_id, purpose, created_at DESC);
CREATE INDEX one_time_code_anchor_idx ON one_time_code (livemode, anchor_hash, created_at);

-- Wrong codes per scope ("session:<id>" or "anchor:<mode>:<hash>"), across sends and instances.
CREATE TABLE one_time_code_failure (
    scope text COLLATE "C" NOT NULL,
    at    timestamptz      NOT NULL
);
CREATE INDEX one_time_code_failure_idx ON one_time_code_failure (scope, at);

-- A scope locked out after too many wrong codes; each lockout within a day of the last lasts twice as long.
CREATE TABLE one_time_code_lockout (
    scope        text COLLATE "C" PRIMARY KEY,
    locked_until timestamptz NOT NULL,
    lockouts     integer     NOT NULL
);
