-- Delivery errors used to quote the low-level failure (exception class and text, the address a name
-- resolved to), which told a test key what answers on this server's network. They now name only the
-- class of the failure; the errors recorded before are rewritten the same way.
CREATE FUNCTION pg_temp.redacted_delivery_error(error text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE
        WHEN error IS NULL THEN NULL
        WHEN error LIKE 'Refused to connect: %' OR error LIKE 'Could not resolve %'
            THEN 'The host could not be resolved to a public address.'
        WHEN error LIKE 'Connection failed: ConnectException%' THEN 'Connection refused.'
        WHEN error ~ '^Connection failed: SSL[A-Za-z]*Exception' THEN 'TLS handshake failed.'
        WHEN error IN ('Connection failed: IOException: Not an HTTP response',
                       'Connection failed: IOException: Connection closed before a complete response',
                       'Connection failed: IOException: Response headers too large',
                       'Connection failed: IOException: Response line too long')
            THEN 'The endpoint did not answer with an HTTP response.'
        WHEN error LIKE 'Connection failed: %' THEN 'Connection failed.'
        ELSE error
    END
$$;

UPDATE webhook_attempt SET error = pg_temp.redacted_delivery_error(error)
WHERE error LIKE 'Refused to connect: %' OR error LIKE 'Could not resolve %' OR error LIKE 'Connection failed: %';

UPDATE webhook_delivery SET last_error = pg_temp.redacted_delivery_error(last_error)
WHERE last_error LIKE 'Refused to connect: %' OR last_error LIKE 'Could not resolve %'
   OR last_error LIKE 'Connection failed: %';

-- An endpoint disabled automatically quotes its last error between "Last error: " and " Fix the endpoint".
UPDATE webhook_endpoint
SET disabled_reason = substring(disabled_reason FROM '^(.*Last error: )')
        || pg_temp.redacted_delivery_error(substring(disabled_reason FROM 'Last error: (.*) Fix the endpoint'))
        || substring(disabled_reason FROM '( Fix the endpoint.*)$')
WHERE disabled_reason ~ 'Last error: (Refused to connect: |Could not resolve |Connection failed: ).* Fix the endpoint';

DROP FUNCTION pg_temp.redacted_delivery_error(text);
