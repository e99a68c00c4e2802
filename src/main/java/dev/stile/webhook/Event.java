package dev.stile.webhook;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

/**
 * Something that happened to a session, as merchants read it and as webhooks carry it.
 * Written once by {@link EventRecorder} and never changed.
 */
@Entity
@Immutable
@Table(name = "event")
class Event {

	@Id
	private String id;

	@Column(insertable = false, updatable = false)
	private Long seq;

	@Column(name = "organization_id", nullable = false)
	private String organizationId;

	@Column(nullable = false)
	private boolean livemode;

	@Column(nullable = false)
	private String type;

	@Column(name = "session_id", nullable = false)
	private String sessionId;

	@Column(name = "data_object", nullable = false, columnDefinition = "json")
	private String dataObject;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	protected Event() {
	}

	String id() {
		return this.id;
	}

	long seq() {
		return this.seq;
	}

	String organizationId() {
		return this.organizationId;
	}

	boolean livemode() {
		return this.livemode;
	}

	String type() {
		return this.type;
	}

	String sessionId() {
		return this.sessionId;
	}

	String dataObject() {
		return this.dataObject;
	}

	Instant createdAt() {
		return this.createdAt;
	}

}
