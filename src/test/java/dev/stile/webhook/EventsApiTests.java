package dev.stile.webhook;

import java.util.List;
import java.util.Map;

import dev.stile.support.Api;
import dev.stile.support.Api.Response;
import dev.stile.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Events API: every session change is an event, listed newest first, filtered,
 * paginated, and visible only to its organization and mode.
 */
@IntegrationTest
class EventsApiTests {

	@Autowired
	Api api;

	private static List<String> types(JsonNode list) {
		return list.get("data").valueStream().map((event) -> event.get("type").asString()).toList();
	}

	@Test
	void aVerifiedSessionHasItsCreatedProcessingAndVerifiedEventsNewestFirst() {
		Merchant merchant = Merchant.create(this.api);
		String id = merchant.createSession(Map.of("type", "age", "skip_verification", true)).get("id").asString();

		JsonNode list = this.api.get(merchant.key(), Merchant.EVENTS).json();

		assertThat(list.get("object").asString()).isEqualTo("list");
		assertThat(list.get("url").asString()).isEqualTo("/v1/events");
		assertThat(list.get("has_more").asBoolean()).isFalse();
		assertThat(types(list)).containsExactly("verification_session.verified", "verification_session.processing",
				"verification_session.created");
		JsonNode verified = list.get("data").get(0);
		assertThat(verified.propertyNames()).containsExactly("id", "object", "type", "livemode", "created", "data");
		assertThat(verified.get("object").asString()).isEqualTo("event");
		assertThat(verified.get("livemode").asBoolean()).isFalse();
		JsonNode session = verified.get("data").get("object");
		assertThat(session.get("id").asString()).isEqualTo(id);
		assertThat(session.get("status").asString()).isEqualTo("verified");
		assertThat(session.get("client_secret").isNull()).isTrue();
		assertThat(list.get("data").get(2).get("data").get("object").get("status").asString()).isEqualTo("created");
		JsonNode retrieved = this.api.get(merchant.key(), Merchant.EVENTS + "/" + verified.get("id").asString()).json();
		assertThat(retrieved).isEqualTo(verified);
	}

	@Test
	void filtersByTypeSessionAndCreationTime() {
		Merchant merchant = Merchant.create(this.api);
		String verified = merchant.createSession(Map.of("type", "age", "skip_verification", true)).get("id").asString();
		String open = merchant.createSession(Map.of("type", "age")).get("id").asString();
		long created = this.api.get(merchant.key(), Merchant.EVENTS).json().get("data").get(0).get("created").asLong();

		assertThat(types(this.api.get(merchant.key(), Merchant.EVENTS + "?type=verification_session.created").json()))
			.containsExactly("verification_session.created", "verification_session.created");
		assertThat(types(this.api.get(merchant.key(), Merchant.EVENTS + "?session_id=" + open).json()))
			.containsExactly("verification_session.created");
		assertThat(types(this.api.get(merchant.key(), Merchant.EVENTS + "?session_id=" + verified).json())).hasSize(3);
		assertThat(
				this.api.get(merchant.key(), Merchant.EVENTS + "?created_after=" + (created + 10)).json().get("data"))
			.isEmpty();
		assertThat(
				this.api.get(merchant.key(), Merchant.EVENTS + "?created_before=" + (created - 10)).json().get("data"))
			.isEmpty();
		assertThat(this.api
			.get(merchant.key(),
					Merchant.EVENTS + "?created_after=" + (created - 10) + "&created_before=" + (created + 10))
			.json()
			.get("data")).hasSize(4);
	}

	@Test
	void pagesThroughEventsWithCursors() {
		Merchant merchant = Merchant.create(this.api);
		merchant.createSession(Map.of("type", "age", "skip_verification", true));
		merchant.createSession(Map.of("type", "age", "skip_verification", true));
		List<String> all = this.api.get(merchant.key(), Merchant.EVENTS)
			.json()
			.get("data")
			.valueStream()
			.map((event) -> event.get("id").asString())
			.toList();

		JsonNode first = this.api.get(merchant.key(), Merchant.EVENTS + "?limit=4").json();
		JsonNode second = this.api.get(merchant.key(), Merchant.EVENTS + "?limit=4&starting_after=" + all.get(3))
			.json();
		JsonNode back = this.api.get(merchant.key(), Merchant.EVENTS + "?limit=2&ending_before=" + all.get(4)).json();

		assertThat(all).hasSize(6);
		assertThat(first.get("has_more").asBoolean()).isTrue();
		assertThat(second.get("has_more").asBoolean()).isFalse();
		assertThat(second.get("data").valueStream().map((e) -> e.get("id").asString()).toList())
			.containsExactlyElementsOf(all.subList(4, 6));
		assertThat(back.get("data").valueStream().map((e) -> e.get("id").asString()).toList())
			.containsExactlyElementsOf(all.subList(2, 4));
	}

	@ParameterizedTest
	@CsvSource({ "type=verification_session.pending,type", "type=created,type", "created_after=yesterday,created_after",
			"created_before=-5,created_before", "created_after=1.5,created_after", "limit=0,limit",
			"starting_after=evt_nope,starting_after" })
	void refusesBadFiltersNamingTheParameter(String query, String param) {
		Response response = this.api.get(Api.TEST_SECRET_KEY, Merchant.EVENTS + "?" + query);

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.error().get("param").asString()).isEqualTo(param);
	}

	@Test
	void eventsAreScopedToTheirOrganizationAndMode() {
		Merchant merchant = Merchant.create(this.api);
		merchant.createSession(Map.of("type", "age"));
		String id = this.api.get(merchant.key(), Merchant.EVENTS).json().get("data").get(0).get("id").asString();
		Merchant other = Merchant.create(this.api);
		String live = merchant.liveKey();

		for (String key : List.of(other.key(), live)) {
			Response retrieved = this.api.get(key, Merchant.EVENTS + "/" + id);
			assertThat(retrieved.status()).isEqualTo(404);
			assertThat(retrieved.error().get("code").asString()).isEqualTo("resource_missing");
			assertThat(this.api.get(key, Merchant.EVENTS).json().get("data")).isEmpty();
			assertThat(this.api.get(key, Merchant.EVENTS + "/" + id + "/deliveries").status()).isEqualTo(404);
		}
	}

	@Test
	void aRefusedChangeWritesNoEvent() {
		Merchant merchant = Merchant.create(this.api);
		String id = merchant.createSession(Map.of("type", "age", "skip_verification", true)).get("id").asString();

		Response cancel = this.api.post(merchant.key(), Merchant.SESSIONS + "/" + id + "/cancel", null);

		assertThat(cancel.status()).isEqualTo(409);
		assertThat(types(this.api.get(merchant.key(), Merchant.EVENTS + "?session_id=" + id).json()))
			.doesNotContain("verification_session.cancelled");
	}

	@Test
	void eventsNeedASecretKey() {
		assertThat(this.api.get(Api.TEST_PUBLISHABLE_KEY, Merchant.EVENTS).status()).isEqualTo(403);
		assertThat(this.api.get(null, Merchant.EVENTS).status()).isEqualTo(401);
	}

}
