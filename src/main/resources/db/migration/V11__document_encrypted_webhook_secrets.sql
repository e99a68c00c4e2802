-- Signing secrets are sealed with the deployment's key (AES-GCM) before they are stored; values
-- written in clear before this change (they start with whsec_) are still read as they are.
COMMENT ON COLUMN webhook_endpoint.secret IS 'AES-GCM sealed signing secret (base64 nonce+ciphertext)';
COMMENT ON COLUMN webhook_endpoint.previous_secret IS 'AES-GCM sealed previous signing secret during a roll';
