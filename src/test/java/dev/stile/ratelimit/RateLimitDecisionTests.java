package dev.stile.ratelimit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitDecisionTests {

	private static final long NOW = 1_700_000_000_000_000L;

	@Test
	void aFreshBucketHasAllButOneRequestLeftAndIsFullAgainAfterOneInterval() {
		RateLimitDecision decision = RateLimitDecision.of(true, 60, NOW, NOW + 1_000_000);

		assertThat(decision.remaining()).isEqualTo(59);
		assertThat(decision.resetEpochSecond()).isEqualTo(NOW / 1_000_000 + 1);
		assertThat(decision.retryAfterSeconds()).isZero();
	}

	@Test
	void aRefusalSaysWhenTheNextRequestFits() {
		// 60 a minute, bucket emptied: the next request fits one second after the minute
		// ahead started.
		RateLimitDecision decision = RateLimitDecision.of(false, 60, NOW, NOW + 60_000_000);

		assertThat(decision.allowed()).isFalse();
		assertThat(decision.remaining()).isZero();
		assertThat(decision.retryAfterSeconds()).isEqualTo(1);
		assertThat(decision.resetEpochSecond()).isEqualTo(NOW / 1_000_000 + 60);
	}

}
