package dev.stile.session;

import java.time.Instant;

/**
 * A session changed status: published inside the transaction that made the change, so a
 * listener that writes it down commits or rolls back with the change itself.
 *
 * @param type the event type, e.g. {@code verification_session.verified}
 * @param sessionId the session's id
 * @param organizationId the organization the session belongs to
 * @param livemode the session's mode
 * @param occurredAt when the change happened
 * @param session the session as retrieve shows it, without its client secret, ready to be
 * rendered as JSON
 */
public record SessionEvent(String type, String sessionId, String organizationId, boolean livemode, Instant occurredAt,
		Object session) {

	/** Every event type a session can produce. */
	public static final java.util.List<String> TYPES = java.util.List.of("verification_session.created",
			"verification_session.processing", "verification_session.requires_input", "verification_session.verified",
			"verification_session.failed", "verification_session.cancelled", "verification_session.expired",
			"verification_session.consent_withdrawn");

}
