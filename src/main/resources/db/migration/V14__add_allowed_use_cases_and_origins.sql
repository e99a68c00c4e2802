-- The use cases a publishable key may start widget sessions for, set by the operator; NULL allows every use case.
ALTER TABLE api_key ADD COLUMN allowed_use_cases text[];

-- Origins (scheme://host[:port]) of the organization's sites: where its publishable-key sessions may redirect, and
-- the CSP frame-ancestors of its hosted verification pages. Empty: test mode redirects anywhere, live mode refuses
-- redirects of publishable-key sessions, and the page takes the deployment's frame-ancestors.
ALTER TABLE organization ADD COLUMN allowed_origins text[] NOT NULL DEFAULT '{}';
