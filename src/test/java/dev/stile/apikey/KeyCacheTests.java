package dev.stile.apikey;

import java.sql.SQLException;
import java.time.Duration;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.stile.ops.ServerInstance;
import dev.stile.support.Api;
import dev.stile.support.Api.Response;
import dev.stile.support.IntegrationTest;
import dev.stile.support.TestOrganization;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code STILE_API_KEY_CACHE_TTL} on two instances of one database, as the README says: a
 * revoke applies at once on the instance that made it, and on the other only once the key
 * it remembers is older than the TTL.
 */
@IntegrationTest
class KeyCacheTests {

	private static final String SESSIONS = "/v1/verification_sessions";

	// Long enough that the other instance surely still remembers the key right after the
	// revoke, even on a busy machine; short enough to wait for.
	private static final Duration TTL = Duration.ofSeconds(8);

	@Autowired
	Api api;

	@Autowired
	DataSource dataSource;

	@Test
	void aRevokeAppliesAtOnceWhereItWasMadeAndWithinTheTtlOnAnotherInstance() throws Exception {
		TestOrganization organization = TestOrganization.create(this.api);
		JsonNode key = organization.issueKey("secret", "test");
		String secret = key.get("secret").asString();
		try (ServerInstance revoking = start(); ServerInstance other = start()) {
			Api onRevoking = revoking.api();
			Api onOther = other.api();
			// Both instances remember the key.
			assertThat(onRevoking.get(secret, SESSIONS).status()).isEqualTo(200);
			long remembered = System.nanoTime();
			assertThat(onOther.get(secret, SESSIONS).status()).isEqualTo(200);

			Response revoked = onRevoking
				.call("POST", organization.keysPath() + "/" + key.get("id").asString() + "/revoke")
				.key(Api.ADMIN_TOKEN)
				.send();
			assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);

			assertThat(onRevoking.get(secret, SESSIONS).status()).isEqualTo(401);
			Response stillRemembered = onOther.get(secret, SESSIONS);
			assertThat(Duration.ofNanos(System.nanoTime() - remembered)).as("time the key was remembered")
				.isLessThan(TTL);
			assertThat(stillRemembered.status()).isEqualTo(200);
			await().atMost(TTL.plusSeconds(10)).until(() -> onOther.get(secret, SESSIONS).status() == 401);
			assertThat(Duration.ofNanos(System.nanoTime() - remembered)).isGreaterThanOrEqualTo(TTL);
		}
	}

	private ServerInstance start() throws SQLException {
		HikariDataSource database = this.dataSource.unwrap(HikariDataSource.class);
		return ServerInstance.start("spring.datasource.url=" + database.getJdbcUrl(),
				"spring.datasource.username=" + database.getUsername(),
				"spring.datasource.password=" + ((database.getPassword() != null) ? database.getPassword() : ""),
				"stile.api-keys.cache-ttl=" + TTL.toSeconds() + "s");
	}

}
