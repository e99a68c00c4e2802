package dev.stile.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.ColumnTransformer;
import org.hibernate.annotations.DynamicUpdate;

import dev.stile.api.EncryptedTextConverter;
import dev.stile.api.Ids;

/**
 * Where an organization wants its events sent, and the secret they are signed with. While
 * a secret is being rolled the previous one keeps signing until it expires.
 */
@Entity
@Table(name = "webhook_endpoint")
// Only changed columns are written, so an API update never puts back a failing_since the
// dispatcher changed meanwhile.
@DynamicUpdate
class WebhookEndpoint {

	static final String SECRET_PREFIX = "whsec_";

	@Id
	private String id;

	@Column(name = "organization_id", nullable = false, updatable = false)
	private String organizationId;

	@Column(nullable = false, updatable = false)
	private boolean livemode;

	@Column(nullable = false)
	private String url;

	@Convert(converter = JsonColumns.StringListConverter.class)
	@ColumnTransformer(write = "?::jsonb")
	@Column(name = "enabled_events", nullable = false, columnDefinition = "jsonb")
	private List<String> enabledEvents;

	private String description;

	@Convert(converter = JsonColumns.MetadataConverter.class)
	@ColumnTransformer(write = "?::jsonb")
	@Column(nullable = false, columnDefinition = "jsonb")
	private Map<String, String> metadata;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false)
	private Status status;

	@Column(name = "disabled_reason")
	private String disabledReason;

	@Column(nullable = false)
	@Convert(converter = EncryptedTextConverter.class)
	private String secret;

	@Convert(converter = EncryptedTextConverter.class)
	@Column(name = "previous_secret")
	private String previousSecret;

	@Column(name = "previous_secret_expires_at")
	private Instant previousSecretExpiresAt;

	@Column(name = "failing_since")
	private Instant failingSince;

	@Column(name = "created_at", nullable = false, updatable = false)
	private Instant createdAt;

	@Column(name = "updated_at", nullable = false)
	private Instant updatedAt;

	// A wrapper type, so that a new aggregate (null) is persisted rather than merged.
	@Version
	private Integer version;

	protected WebhookEndpoint() {
	}

	WebhookEndpoint(String organizationId, boolean livemode, String url, List<String> enabledEvents, String description,
			Map<String, String> metadata, Instant now) {
		this.id = Ids.newId("we");
		this.organizationId = organizationId;
		this.livemode = livemode;
		this.url = url;
		this.enabledEvents = List.copyOf(enabledEvents);
		this.description = description;
		this.metadata = new LinkedHashMap<>(metadata);
		this.status = Status.ENABLED;
		this.secret = newSecret();
		this.createdAt = now;
		this.updatedAt = now;
	}

	private static String newSecret() {
		// 190 bits of base62, as much as Stripe's whsec_ secrets.
		return SECRET_PREFIX + Ids.randomToken(32);
	}

	void changeUrl(String url, Instant now) {
		this.url = url;
		this.updatedAt = now;
	}

	void changeEvents(List<String> enabledEvents, Instant now) {
		this.enabledEvents = List.copyOf(enabledEvents);
		this.updatedAt = now;
	}

	/** Sets the description; an empty one clears it. */
	void describe(String description, Instant now) {
		this.description = description.isEmpty() ? null : description;
		this.updatedAt = now;
	}

	/** Merges {@code changes} into the metadata; an empty value removes its key. */
	void mergeMetadata(Map<String, String> changes, Instant now) {
		Map<String, String> merged = new LinkedHashMap<>(this.metadata);
		changes.forEach((key, value) -> {
			if (value.isEmpty()) {
				merged.remove(key);
			}
			else {
				merged.put(key, value);
			}
		});
		this.metadata = merged;
		this.updatedAt = now;
	}

	void disable(String reason, Instant now) {
		this.status = Status.DISABLED;
		this.disabledReason = reason;
		this.updatedAt = now;
	}

	/** Enables the endpoint again, starting its failure count afresh. */
	void enable(Instant now) {
		this.status = Status.ENABLED;
		this.disabledReason = null;
		this.failingSince = null;
		this.updatedAt = now;
	}

	/**
	 * Replaces the signing secret; the old one keeps signing for {@code grace}.
	 * @return the new secret
	 */
	String rollSecret(Duration grace, Instant now) {
		if (grace.isZero()) {
			this.previousSecret = null;
			this.previousSecretExpiresAt = null;
		}
		else {
			this.previousSecret = this.secret;
			this.previousSecretExpiresAt = now.plus(grace);
		}
		this.secret = newSecret();
		this.updatedAt = now;
		return this.secret;
	}

	/** The secrets that sign a delivery made at {@code now}, the current one first. */
	List<String> signingSecrets(Instant now) {
		List<String> secrets = new ArrayList<>(List.of(this.secret));
		if (this.previousSecret != null && this.previousSecretExpiresAt.isAfter(now)) {
			secrets.add(this.previousSecret);
		}
		return secrets;
	}

	String id() {
		return this.id;
	}

	String organizationId() {
		return this.organizationId;
	}

	boolean livemode() {
		return this.livemode;
	}

	String url() {
		return this.url;
	}

	List<String> enabledEvents() {
		return this.enabledEvents;
	}

	String description() {
		return this.description;
	}

	Map<String, String> metadata() {
		return this.metadata;
	}

	Status status() {
		return this.status;
	}

	String disabledReason() {
		return this.disabledReason;
	}

	String secret() {
		return this.secret;
	}

	Instant previousSecretExpiresAt() {
		return this.previousSecretExpiresAt;
	}

	Instant createdAt() {
		return this.createdAt;
	}

	/** Whether the endpoint receives events. */
	enum Status {

		ENABLED, DISABLED;

		String apiName() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

	}

}
