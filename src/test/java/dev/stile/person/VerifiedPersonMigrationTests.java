package dev.stile.person;

import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import dev.stile.support.IntegrationTest;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * V13 splits persons that earlier versions merged across organizations: each organization
 * keeps a person of its own with its own credentials.
 */
@IntegrationTest
class VerifiedPersonMigrationTests {

	private static final String SCHEMA = "migration_v13";

	@Autowired
	DataSource dataSource;

	@AfterEach
	void dropSchema() {
		new JdbcTemplate(this.dataSource).execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
	}

	private Flyway flyway(String target) {
		return Flyway.configure()
			.dataSource(this.dataSource)
			.schemas(SCHEMA)
			.defaultSchema(SCHEMA)
			.target(target)
			.load();
	}

	@Test
	void aPersonMergedAcrossOrganizationsIsSplitPerOrganization() {
		flyway("12").migrate();
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		jdbc.execute("SET search_path TO " + SCHEMA);
		try {
			jdbc.update("INSERT INTO organization (id, name, created_at) VALUES ('org_a', 'A', now()), "
					+ "('org_b', 'B', now())");
			jdbc.update("INSERT INTO verified_person (id, livemode, email_hash, created_at) "
					+ "VALUES ('vp_merged', false, 'hash-e', now())");
			jdbc.update("INSERT INTO verified_credential (id, person_id, organization_id, session_id, method, "
					+ "verified_at, expires_at) VALUES "
					+ "('vc_a', 'vp_merged', 'org_a', 'vks_a', 'mdl', now() - interval '2 days', now() + interval '1 year'), "
					+ "('vc_b', 'vp_merged', 'org_b', 'vks_b', 'mdl', now() - interval '1 day', now() + interval '1 year')");
		}
		finally {
			jdbc.execute("RESET search_path");
		}

		flyway("13").migrate();

		List<Map<String, Object>> persons = jdbc
			.queryForList("SELECT p.id, p.organization_id, p.email_hash, c.id AS credential FROM " + SCHEMA
					+ ".verified_person p JOIN " + SCHEMA
					+ ".verified_credential c ON c.person_id = p.id ORDER BY p.organization_id");
		assertThat(persons).hasSize(2);
		assertThat(persons.get(0)).containsEntry("id", "vp_merged")
			.containsEntry("organization_id", "org_a")
			.containsEntry("credential", "vc_a");
		assertThat(persons.get(1)).containsEntry("organization_id", "org_b")
			.containsEntry("email_hash", "hash-e")
			.containsEntry("credential", "vc_b");
		assertThat((String) persons.get(1).get("id")).matches("vp_[0-9A-Za-z]{23}");
	}

}
