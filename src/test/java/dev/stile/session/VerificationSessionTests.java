package dev.stile.session;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.stile.method.VerificationMethod;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The session aggregate guards its own life.
 */
class VerificationSessionTests {

	private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

	private static VerificationSession session(VerificationMethod... methods) {
		SessionSpec spec = new SessionSpec(SessionType.AGE, List.of(methods), null, null, null, Map.of(), null, "US-CA",
				"Verify your age to continue.", null, null, null, null, null, null, false, null, null, List.of());
		return new VerificationSession("org_1", false, spec, NOW, NOW.plus(Duration.ofHours(24)));
	}

	@Test
	void aNewSessionIsCreatedWithItsFirstMethodCurrentAndASecret() {
		VerificationSession session = session(VerificationMethod.MDL, VerificationMethod.FACIAL_AGE);

		assertThat(session.status()).isEqualTo(SessionStatus.CREATED);
		assertThat(session.currentMethod()).isEqualTo(VerificationMethod.MDL);
		assertThat(session.id()).startsWith("vks_");
		assertThat(session.clientSecret()).startsWith(session.id() + "_secret_");
	}

	@Test
	void aFailedAttemptMovesToTheNextMethod() {
		VerificationSession session = session(VerificationMethod.MDL, VerificationMethod.FACIAL_AGE);
		session.open(NOW);
		session.beginAttempt(NOW);

		session.attemptFailed(NOW);

		assertThat(session.status()).isEqualTo(SessionStatus.REQUIRES_INPUT);
		assertThat(session.currentMethod()).isEqualTo(VerificationMethod.FACIAL_AGE);
	}

	@Test
	void aFailedAttemptOnTheLastMethodFailsTheSession() {
		VerificationSession session = session(VerificationMethod.FACIAL_AGE);
		session.beginAttempt(NOW);

		session.attemptFailed(NOW.plusSeconds(5));

		assertThat(session.status()).isEqualTo(SessionStatus.FAILED);
		assertThat(session.completedAt()).isEqualTo(NOW.plusSeconds(5));
		assertThat(session.currentMethod()).isNull();
	}

	@Test
	void verifyingSetsCompletedAtAndHidesTheSecret() {
		VerificationSession session = session(VerificationMethod.FACIAL_AGE);
		session.beginAttempt(NOW);

		session.verify(NOW.plusSeconds(3), VerificationMethod.FACIAL_AGE);

		assertThat(session.status()).isEqualTo(SessionStatus.VERIFIED);
		assertThat(session.completedAt()).isEqualTo(NOW.plusSeconds(3));
		assertThat(SessionView.of(session, NOW.plusSeconds(3), true, null).clientSecret()).isNull();
	}

	@Test
	void verifyingWithoutAnAttemptIsRefused() {
		VerificationSession session = session(VerificationMethod.FACIAL_AGE);

		assertThatThrownBy(() -> session.verify(NOW, VerificationMethod.FACIAL_AGE))
			.isInstanceOf(IllegalTransitionException.class);
		assertThat(session.status()).isEqualTo(SessionStatus.CREATED);
	}

	@Test
	void cancellingAProcessingSessionIsRefused() {
		VerificationSession session = session(VerificationMethod.FACIAL_AGE);
		session.beginAttempt(NOW);

		assertThatThrownBy(() -> session.cancel(NOW)).isInstanceOf(IllegalTransitionException.class)
			.hasMessageContaining("processing");
		assertThat(session.cancelledAt()).isNull();
	}

	@Test
	void aSessionPastItsExpiryIsShownExpiredBeforeAnythingIsWritten() {
		VerificationSession session = session(VerificationMethod.FACIAL_AGE);
		Instant expiry = NOW.plus(Duration.ofHours(24));

		assertThat(session.statusAt(expiry.minusMillis(1))).isEqualTo(SessionStatus.CREATED);
		assertThat(session.statusAt(expiry)).isEqualTo(SessionStatus.EXPIRED);
		assertThat(session.status()).isEqualTo(SessionStatus.CREATED);
	}

	@Test
	void expireIfDueWritesTheExpiryOnlyWhenDue() {
		VerificationSession session = session(VerificationMethod.FACIAL_AGE);
		Instant expiry = NOW.plus(Duration.ofHours(24));

		assertThat(session.expireIfDue(expiry.minusSeconds(1))).isFalse();
		assertThat(session.expireIfDue(expiry)).isTrue();
		assertThat(session.status()).isEqualTo(SessionStatus.EXPIRED);
		assertThat(session.expireIfDue(expiry.plusSeconds(1))).isFalse();
	}

	@Test
	void aTerminalSessionDoesNotExpire() {
		VerificationSession session = session(VerificationMethod.FACIAL_AGE);
		session.cancel(NOW);

		assertThat(session.expireIfDue(NOW.plus(Duration.ofDays(2)))).isFalse();
		assertThat(session.statusAt(NOW.plus(Duration.ofDays(2)))).isEqualTo(SessionStatus.CANCELLED);
	}

	@Test
	void mismatchComparesSubdivisionsOnlyWhenBothAreKnown() {
		assertThat(SessionService.isMismatch("US-OR", "US-CA")).isTrue();
		assertThat(SessionService.isMismatch("US-OR", "CA-ON")).isTrue();
		assertThat(SessionService.isMismatch("US-OR", "US")).isFalse();
		assertThat(SessionService.isMismatch("US-OR", "US-OR")).isFalse();
		assertThat(SessionService.isMismatch("US-OR", null)).isFalse();
	}

}
