package dev.stile.fuzz;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What one organization has in the database, as one comparable string: its rows in every
 * main table (and the versions of its aggregates, so that an update shows too), plus the
 * global tables of verified persons, whose rows belong to no single organization. Webhook
 * deliveries of other organizations change in the background and are left out.
 */
public final class DatabaseSnapshot {

	private static final String QUERY = """
			WITH o AS (SELECT ?::text AS org)
			SELECT concat_ws(' | ',
			  'sessions=' || (SELECT count(*) || '/v' || coalesce(sum(version), 0) || '/' || coalesce(string_agg(status, ',' ORDER BY id), '')
			                  FROM verification_session, o WHERE organization_id = o.org),
			  'results=' || (SELECT count(*) FROM verification_result r JOIN verification_session s ON s.id = r.session_id, o
			                 WHERE s.organization_id = o.org),
			  'idempotency_keys=' || (SELECT count(*) FROM idempotency_key, o WHERE organization_id = o.org),
			  'events=' || (SELECT count(*) FROM event, o WHERE organization_id = o.org),
			  'endpoints=' || (SELECT count(*) || '/v' || coalesce(sum(version), 0) FROM webhook_endpoint, o WHERE organization_id = o.org),
			  'deliveries=' || (SELECT count(*) FROM webhook_delivery d JOIN webhook_endpoint e ON e.id = d.endpoint_id, o
			                    WHERE e.organization_id = o.org),
			  'api_keys=' || (SELECT count(*) || '/v' || coalesce(sum(version), 0) FROM api_key, o WHERE organization_id = o.org),
			  'reuse_settings=' || (SELECT count(*) || '/' || coalesce(max(updated_at)::text, '') FROM reuse_settings, o WHERE organization_id = o.org),
			  'credentials=' || (SELECT count(*) FROM verified_credential),
			  'persons=' || (SELECT count(*) FROM verified_person),
			  'reuses=' || (SELECT count(*) FROM credential_reuse),
			  'codes=' || (SELECT count(*) FROM one_time_code),
			  'code_failures=' || (SELECT count(*) FROM one_time_code_failure),
			  'proofs=' || (SELECT count(*) FROM anchor_proof),
			  'lookups=' || (SELECT count(*) FROM person_lookup),
			  'organizations=' || (SELECT count(*) FROM organization))
			""";

	private final JdbcTemplate jdbc;

	private final String organizationId;

	public DatabaseSnapshot(JdbcTemplate jdbc, String organizationId) {
		this.jdbc = jdbc;
		this.organizationId = organizationId;
	}

	/** The organization's data now. */
	public String take() {
		return this.jdbc.queryForObject(QUERY, String.class, this.organizationId);
	}

}
