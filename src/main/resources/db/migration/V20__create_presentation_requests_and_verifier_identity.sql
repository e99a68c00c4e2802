-- The certificate and key test mode signs OpenID4VP requests with when the operator configured none,
-- generated at first start so that every instance and every restart signs with the same one.
CREATE TABLE verifier_identity (
    id          text COLLATE "C" PRIMARY KEY,
    certificate text        NOT NULL,
    private_key text        NOT NULL,
    created     timestamptz NOT NULL
);
COMMENT ON COLUMN verifier_identity.certificate IS 'PEM X.509 certificate (self-signed, test mode only)';
COMMENT ON COLUMN verifier_identity.private_key IS 'AES-GCM sealed PKCS#8 private key (base64 nonce+ciphertext)';

-- One OpenID4VP request a wallet answers: single use, short lived; its encryption key is dropped as soon as
-- the request is answered or expires.
CREATE TABLE presentation_request (
    id                 text COLLATE "C" PRIMARY KEY,
    session_id         text        NOT NULL REFERENCES verification_session (id),
    livemode           boolean     NOT NULL,
    method             text        NOT NULL,
    status             text        NOT NULL,
    response_mode      text        NOT NULL,
    client_id          text        NOT NULL,
    response_uri       text        NOT NULL,
    nonce              text        NOT NULL,
    state              text        NOT NULL,
    dcql_query         text        NOT NULL,
    encryption_key     text,
    response_code_hash text,
    response_code_confirmed boolean NOT NULL DEFAULT false,
    result_id          text,
    error_code         text,
    created            timestamptz NOT NULL,
    expires_at         timestamptz NOT NULL,
    answered_at        timestamptz,
    version            bigint      NOT NULL DEFAULT 0
);
COMMENT ON COLUMN presentation_request.encryption_key IS 'AES-GCM sealed private JWK of the response encryption key; null once answered or expired';
COMMENT ON COLUMN presentation_request.response_code_hash IS 'keyed hash of the response_code given to a same-device wallet';
CREATE INDEX presentation_request_session ON presentation_request (session_id, created DESC, id DESC);
