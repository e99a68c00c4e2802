package dev.stile.webhook;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How webhooks are delivered.
 *
 * @param pollInterval how often a dispatcher looks for due deliveries
 * @param concurrency how many deliveries one server instance makes at once
 * @param timeout how long one attempt may take, connecting included
 * @param lease how long a claimed delivery stays with its dispatcher; another instance
 * takes it over once this passes, so it must exceed {@code timeout}
 * @param initialRetryInterval the wait after the first failed attempt, doubled after each
 * further failure
 * @param maxRetryInterval the longest wait between two attempts
 * @param retryPeriod how long a delivery is retried before it is marked failed
 * @param disableAfter how long an endpoint may fail every attempt before it is disabled
 * @param secretRollGracePeriod how long a rolled secret keeps signing unless the roll
 * names another period
 * @param testPrivateTargets whether test-mode endpoints may be on loopback or private
 * addresses (a receiver on the developer's machine); live mode never may. Off wherever
 * test keys are given to people who must not probe the server's network
 */
@ConfigurationProperties("stile.webhooks")
record WebhookProperties(@DefaultValue("1s") Duration pollInterval, @DefaultValue("16") int concurrency,
		@DefaultValue("30s") Duration timeout, @DefaultValue("2m") Duration lease,
		@DefaultValue("1m") Duration initialRetryInterval, @DefaultValue("12h") Duration maxRetryInterval,
		@DefaultValue("3d") Duration retryPeriod, @DefaultValue("3d") Duration disableAfter,
		@DefaultValue("24h") Duration secretRollGracePeriod, @DefaultValue("true") boolean testPrivateTargets) {

	WebhookProperties {
		if (concurrency < 1) {
			throw new IllegalArgumentException("stile.webhooks.concurrency must be at least 1");
		}
		if (lease.compareTo(timeout) <= 0) {
			throw new IllegalArgumentException("stile.webhooks.lease must be longer than stile.webhooks.timeout, "
					+ "or a slow delivery would be taken over and sent twice");
		}
	}

}
