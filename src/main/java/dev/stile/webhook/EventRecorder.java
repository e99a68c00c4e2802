package dev.stile.webhook;

import java.sql.Timestamp;
import java.util.List;

import tools.jackson.databind.json.JsonMapper;

import dev.stile.api.Ids;
import dev.stile.session.SessionEvent;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes every session change down as an event, with one delivery per subscribed
 * endpoint, in the transaction of the change itself (a transactional outbox): a committed
 * change always has its event and deliveries, a rolled-back one has none.
 */
@Component
class EventRecorder {

	private final JdbcTemplate jdbc;

	private final JsonMapper json;

	EventRecorder(JdbcTemplate jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	// Synchronous on purpose: an after-commit or asynchronous listener could lose the
	// event in a crash between the commit and the write. MANDATORY makes a change
	// published outside a transaction fail loudly instead of writing half an outbox.
	@EventListener
	@Transactional(propagation = Propagation.MANDATORY)
	public void record(SessionEvent event) {
		String id = Ids.newId("evt");
		Timestamp created = Timestamp.from(event.occurredAt());
		// JDBC rather than JPA: the rows are written at once, so the deliveries' foreign
		// keys find the event without waiting for a flush.
		this.jdbc.update("""
				INSERT INTO event (id, organization_id, livemode, type, session_id, data_object, created_at)
				VALUES (?, ?, ?, ?, ?, ?::json, ?)
				""", id, event.organizationId(), event.livemode(), event.type(), event.sessionId(),
				this.json.writeValueAsString(event.session()), created);
		List<String> endpoints = this.jdbc.queryForList("""
				SELECT id FROM webhook_endpoint
				WHERE organization_id = ? AND livemode = ? AND status = 'ENABLED'
				  AND (enabled_events @> '["*"]' OR enabled_events @> jsonb_build_array(?::text))
				""", String.class, event.organizationId(), event.livemode(), event.type());
		this.jdbc.batchUpdate("""
				INSERT INTO webhook_delivery (id, event_id, endpoint_id, status, next_attempt_at, created_at)
				VALUES (?, ?, ?, 'PENDING', ?, ?)
				""",
				endpoints.stream()
					.map((endpoint) -> new Object[] { Ids.newId("whd"), id, endpoint, created, created })
					.toList());
	}

}
