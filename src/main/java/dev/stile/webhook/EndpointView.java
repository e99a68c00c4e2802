package dev.stile.webhook;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A webhook endpoint as the API shows it. {@code secret} appears only in the answers of
 * create and roll_secret; {@code previous_secret_expires_at} only while a rolled secret
 * still signs.
 */
record EndpointView(String id, String object, String url, List<String> enabledEvents, String description,
		Map<String, String> metadata, String status, String disabledReason, boolean livemode, long created,
		@JsonInclude(JsonInclude.Include.NON_NULL) String secret,
		@JsonInclude(JsonInclude.Include.NON_NULL) Long previousSecretExpiresAt) {

	static EndpointView of(WebhookEndpoint endpoint, Instant now) {
		return of(endpoint, now, null);
	}

	static EndpointView withSecret(WebhookEndpoint endpoint, Instant now) {
		return of(endpoint, now, endpoint.secret());
	}

	private static EndpointView of(WebhookEndpoint endpoint, Instant now, String secret) {
		Instant previousExpires = endpoint.previousSecretExpiresAt();
		return new EndpointView(endpoint.id(), "webhook_endpoint", endpoint.url(), endpoint.enabledEvents(),
				endpoint.description(), endpoint.metadata(), endpoint.status().apiName(), endpoint.disabledReason(),
				endpoint.livemode(), endpoint.createdAt().getEpochSecond(), secret,
				(previousExpires != null && previousExpires.isAfter(now)) ? previousExpires.getEpochSecond() : null);
	}

	/** The answer of a delete. */
	record Deleted(String id, String object, boolean deleted) {

		Deleted(String id) {
			this(id, "webhook_endpoint", true);
		}

	}

}
