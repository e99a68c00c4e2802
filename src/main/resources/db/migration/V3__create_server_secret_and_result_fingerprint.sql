-- One random key per deployment, shared by all instances, for keyed hashes (document fingerprints,
-- verified-person anchors). Generated on first start; never leaves the database.
CREATE TABLE server_secret (
    name       text PRIMARY KEY,
    value      bytea       NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- A keyed hash of the credential an attempt used (e.g. issuer and document number), never the value itself.
ALTER TABLE verification_result ADD COLUMN document_fingerprint text;
