package dev.stile.person;

import java.time.Duration;

import dev.stile.support.Api;
import dev.stile.support.Api.Response;
import dev.stile.support.IntegrationTest;
import dev.stile.support.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static dev.stile.person.ReuseFixture.RIGHT_CODE;
import static dev.stile.person.ReuseFixture.WRONG_CODE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one-time code cannot be guessed: wrong codes count per email and per session across
 * sends, a lockout refuses even the right code and grows with each lockout, and sends are
 * limited per session and per email.
 */
@IntegrationTest
class VerifiedPersonCodeLimitTests {

	@Autowired
	Api api;

	@Autowired
	TestClock clock;

	private ReuseFixture persons;

	@BeforeEach
	void fixture() {
		this.persons = new ReuseFixture(this.api);
	}

	@AfterEach
	void backToRealTime() {
		this.clock.reset();
	}

	@Test
	void resendingACodeDoesNotGiveFreshGuesses() {
		String key = this.persons.organizationKey();
		String email = ReuseFixture.email();
		this.persons.verify(key, email, false);
		JsonNode session = this.persons.reuseSession(key, email);
		this.persons.sendCode(session);
		for (int i = 0; i < 4; i++) {
			this.persons.verifyCode(session, WRONG_CODE);
		}

		Response resent = this.persons.sendCode(session);
		JsonNode fifth = this.persons.verifyCode(session, WRONG_CODE).json();
		Response rightAfterwards = this.persons.verifyCode(session, RIGHT_CODE);

		assertThat(resent.status()).isEqualTo(200);
		assertThat(fifth.get("verified").asBoolean()).isFalse();
		assertThat(fifth.get("attempts_left").asInt()).isZero();
		assertThat(fifth.get("session").get("reuse_offer").isNull()).isTrue();
		assertThat(rightAfterwards.status()).isEqualTo(409);
	}

	@Test
	void wrongCodesAcrossSessionsLockTheEmailOutEvenForTheRightCode() {
		String key = this.persons.organizationKey();
		String email = ReuseFixture.email();
		this.persons.verify(key, email, false);
		JsonNode guessing = this.persons.reuseSession(key, email);
		JsonNode waiting = this.persons.reuseSession(key, email);
		this.persons.sendCode(waiting);
		this.persons.sendCode(guessing);
		// Three wrong codes in one session, two in the next: five for the email.
		for (int i = 0; i < 3; i++) {
			this.persons.verifyCode(guessing, WRONG_CODE);
		}
		JsonNode another = this.persons.reuseSession(key, email);
		this.persons.sendCode(another);
		this.persons.verifyCode(another, WRONG_CODE);
		Response fifth = this.persons.verifyCode(another, WRONG_CODE);

		Response right = this.persons.verifyCode(waiting, RIGHT_CODE);
		Response send = this.persons.sendCode(waiting);

		assertThat(fifth.status()).isEqualTo(429);
		assertThat(right.status()).isEqualTo(429);
		assertThat(right.error().get("type").asString()).isEqualTo("rate_limit_error");
		assertThat(right.error().get("code").asString()).isEqualTo("too_many_attempts");
		assertThat(right.error().get("param").asString()).isEqualTo("code");
		assertThat(Long.parseLong(right.header("Retry-After"))).isBetween(14 * 60L, 15 * 60L);
		assertThat(send.status()).isEqualTo(429);
		assertThat(send.error().get("code").asString()).isEqualTo("too_many_attempts");
		assertThat(this.persons.offer(waiting).isNull()).isFalse();
	}

	@Test
	void eachLockoutLastsLongerThanTheLast() {
		String key = this.persons.organizationKey();
		String email = ReuseFixture.email();
		this.persons.verify(key, email, false);
		lockOut(key, email);
		this.clock.advance(Duration.ofMinutes(16));
		JsonNode afterFirst = this.persons.reuseSession(key, email);
		Response sentAfterFirst = this.persons.sendCode(afterFirst);
		lockOut(key, email);
		this.clock.advance(Duration.ofMinutes(16));
		JsonNode stillLocked = this.persons.reuseSession(key, email);
		Response refused = this.persons.sendCode(stillLocked);
		this.clock.advance(Duration.ofMinutes(15));
		Response sentAfterSecond = this.persons.sendCode(stillLocked);
		JsonNode proven = this.persons.verifyCode(stillLocked, RIGHT_CODE).json();

		assertThat(sentAfterFirst.status()).isEqualTo(200);
		assertThat(refused.status()).isEqualTo(429);
		assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(13 * 60L, 14 * 60L);
		assertThat(sentAfterSecond.status()).isEqualTo(200);
		assertThat(proven.get("verified").asBoolean()).isTrue();
	}

	@Test
	void aSessionSendsAtMostThreeCodes() {
		String key = this.persons.organizationKey();
		String email = ReuseFixture.email();
		this.persons.verify(key, email, false);
		JsonNode session = this.persons.reuseSession(key, email);
		for (int i = 0; i < 3; i++) {
			assertThat(this.persons.sendCode(session).status()).isEqualTo(200);
		}

		Response fourth = this.persons.sendCode(session);

		assertThat(fourth.status()).isEqualTo(429);
		assertThat(fourth.error().get("code").asString()).isEqualTo("too_many_codes");
		assertThat(fourth.error().get("param").asString()).isEqualTo("channel");
		assertThat(this.persons.verifyCode(session, RIGHT_CODE).json().get("verified").asBoolean()).isTrue();
	}

	@Test
	void anEmailGetsAtMostTenCodesADay() {
		String key = this.persons.organizationKey();
		String email = ReuseFixture.email();
		this.persons.verify(key, email, false);
		for (int i = 0; i < 3; i++) {
			JsonNode session = this.persons.reuseSession(key, email);
			for (int j = 0; j < 3; j++) {
				assertThat(this.persons.sendCode(session).status()).isEqualTo(200);
			}
		}
		JsonNode last = this.persons.reuseSession(key, email);
		assertThat(this.persons.sendCode(last).status()).isEqualTo(200);

		Response eleventh = this.persons.sendCode(last);
		this.clock.advance(Duration.ofHours(24));
		JsonNode nextDay = this.persons.reuseSession(key, email);
		Response sentNextDay = this.persons.sendCode(nextDay);

		assertThat(eleventh.status()).isEqualTo(429);
		assertThat(eleventh.error().get("code").asString()).isEqualTo("too_many_codes");
		assertThat(Long.parseLong(eleventh.header("Retry-After"))).isBetween(23 * 3600L, 24 * 3600L);
		assertThat(sentNextDay.status()).isEqualTo(200);
	}

	/** Five wrong codes for {@code email}, in a fresh session. */
	private void lockOut(String key, String email) {
		JsonNode session = this.persons.reuseSession(key, email);
		assertThat(this.persons.sendCode(session).status()).isEqualTo(200);
		for (int i = 0; i < 5; i++) {
			this.persons.verifyCode(session, WRONG_CODE);
		}
	}

}
