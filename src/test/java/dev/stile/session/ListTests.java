package dev.stile.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.stile.support.Api;
import dev.stile.support.TestOrganization;
import dev.stile.support.Api.Response;
import dev.stile.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Listing sessions: newest first, cursors both ways, filtered by status.
 */
@IntegrationTest
class ListTests {

	private static final String SESSIONS = "/v1/verification_sessions";

	@Autowired
	Api api;

	private String key;

	/** Oldest first, as created. */
	private final List<String> created = new ArrayList<>();

	@BeforeEach
	void fiveSessions() {
		this.key = TestOrganization.create(this.api).testSecretKey();
		for (int i = 0; i < 5; i++) {
			this.created.add(this.api.post(this.key, SESSIONS, Map.of("type", "age", "client_reference_id", "n" + i))
				.json()
				.get("id")
				.asString());
		}
	}

	private static List<String> ids(JsonNode list) {
		List<String> ids = new ArrayList<>();
		list.get("data").forEach((session) -> ids.add(session.get("id").asString()));
		return ids;
	}

	@Test
	void theListEnvelopeHasTheNewestSessionsFirst() {
		JsonNode list = this.api.get(this.key, SESSIONS + "?limit=20").json();

		assertThat(list.get("object").asString()).isEqualTo("list");
		assertThat(list.get("url").asString()).isEqualTo(SESSIONS);
		assertThat(list.get("has_more").asBoolean()).isFalse();
		assertThat(ids(list)).containsExactly(this.created.get(4), this.created.get(3), this.created.get(2),
				this.created.get(1), this.created.get(0));
	}

	@Test
	void theDefaultLimitIsTen() {
		for (int i = 0; i < 7; i++) {
			this.api.post(this.key, SESSIONS, Map.of("type", "age"));
		}

		JsonNode list = this.api.get(this.key, SESSIONS).json();

		assertThat(list.get("data")).hasSize(10);
		assertThat(list.get("has_more").asBoolean()).isTrue();
	}

	@Test
	void startingAfterPagesTowardsOlderSessions() {
		JsonNode first = this.api.get(this.key, SESSIONS + "?limit=2").json();
		JsonNode second = this.api.get(this.key, SESSIONS + "?limit=2&starting_after=" + this.created.get(3)).json();
		JsonNode last = this.api.get(this.key, SESSIONS + "?limit=2&starting_after=" + this.created.get(1)).json();

		assertThat(ids(first)).containsExactly(this.created.get(4), this.created.get(3));
		assertThat(first.get("has_more").asBoolean()).isTrue();
		assertThat(ids(second)).containsExactly(this.created.get(2), this.created.get(1));
		assertThat(ids(last)).containsExactly(this.created.get(0));
		assertThat(last.get("has_more").asBoolean()).isFalse();
	}

	@Test
	void endingBeforePagesTowardsNewerSessions() {
		JsonNode page = this.api.get(this.key, SESSIONS + "?limit=2&ending_before=" + this.created.get(1)).json();
		JsonNode top = this.api.get(this.key, SESSIONS + "?limit=2&ending_before=" + this.created.get(3)).json();

		assertThat(ids(page)).containsExactly(this.created.get(3), this.created.get(2));
		assertThat(page.get("has_more").asBoolean()).isTrue();
		assertThat(ids(top)).containsExactly(this.created.get(4));
		assertThat(top.get("has_more").asBoolean()).isFalse();
	}

	@Test
	void statusFiltersTheList() {
		this.api.post(this.key, SESSIONS + "/" + this.created.get(2) + "/cancel", null);

		JsonNode cancelled = this.api.get(this.key, SESSIONS + "?status=cancelled").json();
		JsonNode open = this.api.get(this.key, SESSIONS + "?status=created&limit=100").json();

		assertThat(ids(cancelled)).containsExactly(this.created.get(2));
		assertThat(ids(open)).hasSize(4).doesNotContain(this.created.get(2));
	}

	@Test
	void listsNeverShowClientSecrets() {
		JsonNode list = this.api.get(this.key, SESSIONS).json();

		list.get("data").forEach((session) -> assertThat(session.get("client_secret").isNull()).isTrue());
	}

	@Test
	void anUnknownCursorIsRefused() {
		Response response = this.api.get(this.key, SESSIONS + "?starting_after=vks_unknown");

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.error().get("param").asString()).isEqualTo("starting_after");
	}

	@Test
	void anotherOrganizationsSessionIsNotACursor() {
		String mine = this.api.createSession(Map.of("type", "age")).get("id").asString();

		Response response = this.api.get(this.key, SESSIONS + "?ending_before=" + mine);

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.error().get("param").asString()).isEqualTo("ending_before");
	}

}
