package dev.stile.webhook;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The signature scheme against fixed vectors, the same ones the README's Java, Node and
 * Python snippets use (computed independently with
 * {@code printf '%s' '1741564800.<payload>' | openssl dgst -sha256 -hmac <secret>}).
 */
class WebhookSignatureTests {

	static final String SECRET = "whsec_Ma3kQ9sT2vLr8xYp5nWc7bZd1fGh4jKe";

	static final String PREVIOUS_SECRET = "whsec_previousSecretStillSigning01";

	static final String PAYLOAD = "{\"id\":\"evt_1\",\"object\":\"event\",\"type\":\"verification_session.verified\"}";

	static final long TIMESTAMP = 1741564800;

	static final String SIGNATURE = "453134fa1bba29b200295c64ddd59372a053bdf26b12439563345d978ba6370f";

	static final String PREVIOUS_SIGNATURE = "4e82216284738dfafe3e877138599130df705239af705c6bc66b341f3fb3cd00";

	static final String HEADER = "t=1741564800,v1=" + SIGNATURE;

	static final Instant SENT = Instant.ofEpochSecond(TIMESTAMP);

	static final Duration TOLERANCE = WebhookSignature.DEFAULT_TOLERANCE;

	@Test
	void signsTheTimestampAndRawBodyWithHmacSha256InHex() {
		assertThat(WebhookSignature.sign(PAYLOAD, TIMESTAMP, SECRET)).isEqualTo(HEADER);
	}

	@Test
	void signsWithEverySecretDuringARoll() {
		assertThat(WebhookSignature.sign(PAYLOAD, TIMESTAMP, SECRET, PREVIOUS_SECRET))
			.isEqualTo(HEADER + ",v1=" + PREVIOUS_SIGNATURE);
	}

	@Test
	void verifiesTheVector() {
		assertThatCode(() -> WebhookSignature.verify(PAYLOAD, HEADER, SECRET, TOLERANCE, SENT.plusSeconds(299)))
			.doesNotThrowAnyException();
	}

	@Test
	void eitherSecretVerifiesDuringARoll() {
		String header = WebhookSignature.sign(PAYLOAD, TIMESTAMP, SECRET, PREVIOUS_SECRET);

		assertThatCode(() -> WebhookSignature.verify(PAYLOAD, header, SECRET, TOLERANCE, SENT))
			.doesNotThrowAnyException();
		assertThatCode(() -> WebhookSignature.verify(PAYLOAD, header, PREVIOUS_SECRET, TOLERANCE, SENT))
			.doesNotThrowAnyException();
	}

	@Test
	void ignoresOtherSchemesAndSpaces() {
		String header = "t=1741564800, v0=deadbeef, v1=" + SIGNATURE;

		assertThatCode(() -> WebhookSignature.verify(PAYLOAD, header, SECRET, TOLERANCE, SENT))
			.doesNotThrowAnyException();
	}

	@Test
	void rejectsAChangedBody() {
		assertThatExceptionOfType(WebhookSignature.InvalidSignatureException.class)
			.isThrownBy(() -> WebhookSignature.verify(PAYLOAD + " ", HEADER, SECRET, TOLERANCE, SENT))
			.withMessageContaining("No v1 signature matches");
	}

	@Test
	void rejectsAnotherSecret() {
		assertThatExceptionOfType(WebhookSignature.InvalidSignatureException.class)
			.isThrownBy(() -> WebhookSignature.verify(PAYLOAD, HEADER, PREVIOUS_SECRET, TOLERANCE, SENT));
	}

	@Test
	void rejectsATimestampOutsideTheTolerance() {
		assertThatExceptionOfType(WebhookSignature.InvalidSignatureException.class)
			.isThrownBy(() -> WebhookSignature.verify(PAYLOAD, HEADER, SECRET, TOLERANCE, SENT.plusSeconds(301)))
			.withMessageContaining("tolerance");
		assertThatExceptionOfType(WebhookSignature.InvalidSignatureException.class)
			.isThrownBy(() -> WebhookSignature.verify(PAYLOAD, HEADER, SECRET, TOLERANCE, SENT.minusSeconds(301)));
	}

	@Test
	void rejectsAReplayedSignatureUnderAnotherTimestamp() {
		String header = "t=1741564900,v1=" + SIGNATURE;

		assertThatExceptionOfType(WebhookSignature.InvalidSignatureException.class)
			.isThrownBy(() -> WebhookSignature.verify(PAYLOAD, header, SECRET, TOLERANCE, SENT.plusSeconds(100)));
	}

	@Test
	void rejectsMissingAndMalformedHeaders() {
		for (String header : new String[] { null, "", "v1=" + SIGNATURE, "t=1741564800", "t=soon,v1=" + SIGNATURE }) {
			assertThatExceptionOfType(WebhookSignature.InvalidSignatureException.class).as(String.valueOf(header))
				.isThrownBy(() -> WebhookSignature.verify(PAYLOAD, header, SECRET, TOLERANCE, SENT));
		}
	}

}
