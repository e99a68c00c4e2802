package dev.stile.person;

import java.util.List;
import java.util.Map;

import dev.stile.support.Api;
import dev.stile.support.Api.Response;
import dev.stile.support.IntegrationTest;
import dev.stile.support.TestOrganization;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Organizations are kept apart until the customer proves their email with a code: no
 * shared person on an address nobody proved, erasure of one's own records only, no other
 * organization's credential in a lookup without the customer's proof, and lookup limits
 * of one's own.
 */
@IntegrationTest
class VerifiedPersonIsolationTests {

	@Autowired
	Api api;

	private ReuseFixture persons;

	@BeforeEach
	void fixture() {
		this.persons = new ReuseFixture(this.api);
	}

	private String personId(String key, String email) {
		JsonNode lookup = this.persons.lookup(key, email).json();
		assertThat(lookup.get("verified").asBoolean()).as(lookup.toString()).isTrue();
		return lookup.get("verified_person_id").asString();
	}

	@Test
	void namingTheSameEmailDoesNotJoinAnotherOrganizationsPerson() {
		String first = this.persons.organizationKey();
		String intruder = this.persons.organizationKey();
		String email = ReuseFixture.email();
		this.persons.verify(first, email, true);
		this.persons.verify(intruder, email, false);

		String firstPerson = personId(first, email);
		String intrudersPerson = personId(intruder, email);
		Response erasedOthers = this.persons.erase(intruder, firstPerson, null);
		Response erasedOwn = this.persons.erase(intruder, intrudersPerson, null);

		assertThat(intrudersPerson).isNotEqualTo(firstPerson);
		assertThat(erasedOthers.status()).isEqualTo(404);
		assertThat(erasedOwn.status()).isEqualTo(200);
		assertThat(this.persons.lookup(intruder, email).json().get("verified").asBoolean()).isFalse();
		JsonNode firstsView = this.persons.lookup(first, email).json();
		assertThat(firstsView.get("verified").asBoolean()).isTrue();
		assertThat(firstsView.get("verified_person_id").asString()).isEqualTo(firstPerson);
		assertThat(firstsView.get("credentials").get(0).get("source").asString()).isEqualTo("own");
	}

	@Test
	void aGlobalErasureNeedsTheCustomersOwnProof() {
		String first = this.persons.organizationKey();
		String second = this.persons.organizationKey();
		String email = ReuseFixture.email();
		this.persons.verify(first, email, false);
		this.persons.verify(second, email, false);
		String secondsPerson = personId(second, email);

		Response unproven = this.persons.erase(second, secondsPerson, "scope=global");
		this.persons.prove(this.persons.reuseSession(second, email));
		Response proven = this.persons.erase(second, secondsPerson, "scope=global");

		assertThat(unproven.status()).isEqualTo(403);
		assertThat(unproven.error().get("code").asString()).isEqualTo("proof_required");
		assertThat(unproven.error().get("param").asString()).isEqualTo("scope");
		assertThat(proven.status()).as(proven.body()).isEqualTo(200);
		assertThat(this.persons.lookup(first, email).json().get("verified").asBoolean()).isFalse();
		assertThat(this.persons.lookup(second, email).json().get("verified").asBoolean()).isFalse();
	}

	@Test
	void anUnknownErasureScopeIsRefused() {
		String key = this.persons.organizationKey();
		String email = ReuseFixture.email();
		this.persons.verify(key, email, false);

		Response response = this.persons.erase(key, personId(key, email), "scope=everything");

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.error().get("param").asString()).isEqualTo("scope");
	}

	@Test
	void aLookupShowsAnotherOrganizationsCredentialOnlyAfterTheCustomerProvedTheEmailToTheCaller() {
		String first = this.persons.organizationKey();
		String second = this.persons.organizationKey();
		String email = ReuseFixture.email();
		this.persons.verify(first, email, true);
		this.api.post(second, "/v1/reuse_settings", Map.of("accept_reuse", true));

		JsonNode beforeProof = this.persons.lookup(second, email).json();
		JsonNode stranger = this.persons.lookup(second, ReuseFixture.email()).json();
		this.persons.prove(this.persons.reuseSession(second, email));
		JsonNode afterProof = this.persons.lookup(second, email).json();

		assertThat(beforeProof).isEqualTo(stranger);
		assertThat(afterProof.get("verified").asBoolean()).isTrue();
		assertThat(afterProof.get("credentials").get(0).get("source").asString()).isEqualTo("shared");
	}

	@Test
	void consentIsRefusedOnceTheSessionHasEnded() {
		String key = this.persons.organizationKey();
		JsonNode session = this.persons.verify(key, ReuseFixture.email(), false);

		Response consent = this.persons.client("/consent", ReuseFixture.secret(session),
				Map.of("share_verification", true));

		assertThat(consent.status()).isEqualTo(409);
		assertThat(consent.error().get("code").asString()).isEqualTo("session_not_open");
	}

	@Test
	void lookupLimitsAreKeptPerOrganizationAndMode() {
		TestOrganization organization = TestOrganization.create(this.api);
		String test = organization.testSecretKey();
		String live = organization.liveSecretKey();
		String other = this.persons.organizationKey();
		String email = ReuseFixture.email();
		for (int i = 0; i < 5; i++) {
			assertThat(this.persons.lookup(test, email).status()).isEqualTo(200);
		}

		Response sixth = this.persons.lookup(test, email);
		Response liveLookup = this.persons.lookup(live, email);
		Response otherLookup = this.persons.lookup(other, email);
		Response otherSession = this.api.post(other, "/v1/verification_sessions", Map.of("type", "age", "jurisdiction",
				"US-CA", "email", email, "accept_existing", true, "methods", List.of("facial_age")));

		assertThat(sixth.status()).isEqualTo(429);
		assertThat(liveLookup.status()).isEqualTo(200);
		assertThat(otherLookup.status()).isEqualTo(200);
		assertThat(otherSession.status()).isEqualTo(200);
	}

}
