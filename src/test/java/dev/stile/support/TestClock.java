package dev.stile.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The server's clock in tests: real time, plus whatever a test has moved it forward by.
 */
public final class TestClock extends Clock {

	private volatile Duration offset = Duration.ZERO;

	/** Moves the server's time forward. */
	public void advance(Duration duration) {
		this.offset = this.offset.plus(duration);
	}

	/** Sets the server's time to {@code instant}; it runs on from there. */
	public void set(Instant instant) {
		this.offset = Duration.between(Instant.now(), instant);
	}

	/** Moves the server's time back, so that it sees nothing that became due just now. */
	public void rewind(Duration duration) {
		this.offset = this.offset.minus(duration);
	}

	/**
	 * The server's date: the day in UTC, whatever the zone of the machine running the
	 * tests.
	 */
	public LocalDate today() {
		return LocalDate.now(this);
	}

	/** Today's date as the server judges it, for tests that have no clock at hand. */
	public static LocalDate utcToday() {
		return LocalDate.now(ZoneOffset.UTC);
	}

	/** Back to real time. */
	public void reset() {
		this.offset = Duration.ZERO;
	}

	@Override
	public Instant instant() {
		return Instant.now().plus(this.offset);
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		throw new UnsupportedOperationException("the server clock is always UTC");
	}

	@TestConfiguration(proxyBeanMethods = false)
	public static class Configuration {

		@Bean
		TestClock clock() {
			return new TestClock();
		}

	}

}
