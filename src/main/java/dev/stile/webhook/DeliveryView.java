package dev.stile.webhook;

import java.util.List;

/**
 * The delivery of one event to one endpoint, with every attempt made so far.
 * {@code status} is {@code pending} until an attempt succeeds ({@code delivered}) or the
 * retry period runs out ({@code failed}).
 */
record DeliveryView(String id, String object, String event, String eventType, String webhookEndpoint, String status,
		int attemptCount, Long nextAttemptAt, Integer lastStatusCode, String lastError, boolean livemode, long created,
		Long completedAt, List<Attempt> attempts) {

	/**
	 * One try: the HTTP status the endpoint answered (none if it could not be reached),
	 * how long it took, and what went wrong.
	 */
	record Attempt(long attemptedAt, Integer statusCode, long durationMs, String error) {
	}

}
