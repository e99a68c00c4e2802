package dev.stile.session;

import java.time.Duration;
import java.util.Map;

import dev.stile.support.Api;
import dev.stile.support.TestOrganization;
import dev.stile.support.Api.Response;
import dev.stile.support.IntegrationTest;
import dev.stile.support.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A session past {@code expires_at} is expired from every client's view, before and after
 * the sweep writes it.
 */
@IntegrationTest
class ExpiryTests {

	private static final String SESSIONS = "/v1/verification_sessions";

	private static final Duration PAST_EXPIRY = Duration.ofHours(24).plusSeconds(1);

	@Autowired
	Api api;

	@Autowired
	TestClock clock;

	@Autowired
	ExpirySweeper sweeper;

	@Autowired
	JdbcTemplate jdbc;

	@AfterEach
	void backToRealTime() {
		this.clock.reset();
	}

	private String storedStatus(String id) {
		return this.jdbc.queryForObject("SELECT status FROM verification_session WHERE id = ?", String.class, id);
	}

	@Test
	void aSessionPastItsExpiryIsRetrievedAsExpired() {
		String key = TestOrganization.create(this.api).testSecretKey();
		JsonNode created = this.api.post(key, SESSIONS, Map.of("type", "age")).json();
		this.clock.advance(PAST_EXPIRY);

		JsonNode fetched = this.api.get(key, SESSIONS + "/" + created.get("id").asString()).json();

		assertThat(fetched.get("status").asString()).isEqualTo("expired");
		assertThat(fetched.get("current_method").isNull()).isTrue();
		assertThat(fetched.get("client_secret").isNull()).isTrue();
		assertThat(fetched.get("expires_at").asLong()).isEqualTo(created.get("expires_at").asLong());
	}

	@Test
	void listsShowDueSessionsAsExpiredBeforeTheSweep() {
		String key = TestOrganization.create(this.api).testSecretKey();
		String id = this.api.post(key, SESSIONS, Map.of("type", "age")).json().get("id").asString();
		this.clock.advance(PAST_EXPIRY);

		JsonNode all = this.api.get(key, SESSIONS).json();
		JsonNode created = this.api.get(key, SESSIONS + "?status=created").json();
		JsonNode expired = this.api.get(key, SESSIONS + "?status=expired").json();

		assertThat(all.get("data").get(0).get("status").asString()).isEqualTo("expired");
		assertThat(created.get("data")).isEmpty();
		assertThat(expired.get("data").get(0).get("id").asString()).isEqualTo(id);
		assertThat(storedStatus(id)).isEqualTo("CREATED");
	}

	@Test
	void cancellingAnExpiredSessionIsAConflictNamingExpired() {
		String key = TestOrganization.create(this.api).testSecretKey();
		String id = this.api.post(key, SESSIONS, Map.of("type", "age")).json().get("id").asString();
		this.clock.advance(PAST_EXPIRY);

		Response response = this.api.post(key, SESSIONS + "/" + id + "/cancel", null);

		assertThat(response.status()).isEqualTo(409);
		assertThat(response.error().get("message").asString()).contains("expired");
		assertThat(this.api.get(key, SESSIONS + "/" + id).json().get("status").asString()).isEqualTo("expired");
	}

	@Test
	void theSweepWritesDueExpiriesAndLeavesOthersAlone() {
		String key = TestOrganization.create(this.api).testSecretKey();
		String open = this.api.post(key, SESSIONS, Map.of("type", "age")).json().get("id").asString();
		String verified = this.api.post(key, SESSIONS, Map.of("type", "age", "skip_verification", true))
			.json()
			.get("id")
			.asString();
		this.clock.advance(Duration.ofHours(23));
		this.sweeper.sweep();
		assertThat(storedStatus(open)).isEqualTo("CREATED");

		this.clock.advance(Duration.ofHours(2));
		this.sweeper.sweep();

		assertThat(storedStatus(open)).isEqualTo("EXPIRED");
		assertThat(storedStatus(verified)).isEqualTo("VERIFIED");
		JsonNode fetched = this.api.get(key, SESSIONS + "/" + open).json();
		assertThat(fetched.get("status").asString()).isEqualTo("expired");
	}

	@Test
	void aSessionJustBeforeItsExpiryIsStillOpen() {
		String key = TestOrganization.create(this.api).testSecretKey();
		String id = this.api.post(key, SESSIONS, Map.of("type", "age")).json().get("id").asString();
		this.clock.advance(Duration.ofHours(23).plusMinutes(59));

		JsonNode fetched = this.api.get(key, SESSIONS + "/" + id).json();

		assertThat(fetched.get("status").asString()).isEqualTo("created");
		assertThat(fetched.get("client_secret").isNull()).isFalse();
	}

}
