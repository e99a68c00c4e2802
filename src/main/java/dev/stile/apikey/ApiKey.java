package dev.stile.apikey;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import dev.stile.api.Ids;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A stored API key: its hash, never its value. A rolled key works until its grace period
 * ends; a revoked key stops at once.
 */
@Entity
@Table(name = "api_key")
class ApiKey {

	@Id
	private String id;

	@Column(name = "organization_id", nullable = false)
	private String organizationId;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false)
	private KeyType type;

	@Column(nullable = false)
	private boolean livemode;

	@Column(name = "secret_hash", nullable = false)
	private byte[] secretHash;

	@Column(nullable = false)
	private String last4;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	@Column(name = "expires_at")
	private Instant expiresAt;

	@Column(name = "revoked_at")
	private Instant revokedAt;

	// Null: every use case.
	@JdbcTypeCode(SqlTypes.ARRAY)
	@Column(name = "allowed_use_cases", columnDefinition = "text[]")
	private String[] allowedUseCases;

	// A wrapper type, so that a new aggregate (null) is persisted rather than merged.
	@Version
	private Integer version;

	protected ApiKey() {
	}

	ApiKey(String organizationId, KeyValue value, Instant now) {
		this.id = Ids.newId("key");
		this.organizationId = organizationId;
		this.type = value.type();
		this.livemode = value.livemode();
		this.secretHash = value.hash();
		this.last4 = value.last4();
		this.createdAt = now;
	}

	boolean isUsableAt(Instant now) {
		return this.revokedAt == null && (this.expiresAt == null || now.isBefore(this.expiresAt));
	}

	/** Ends this key after a grace period; the caller issues its replacement. */
	void expireAfter(Instant now, Duration grace) {
		requireUsable(now);
		Instant end = now.plus(grace);
		if (this.expiresAt == null || end.isBefore(this.expiresAt)) {
			this.expiresAt = end;
		}
	}

	void revoke(Instant now) {
		if (this.revokedAt == null) {
			this.revokedAt = now;
		}
	}

	private void requireUsable(Instant now) {
		if (!isUsableAt(now)) {
			throw new IllegalStateException("key " + this.id + " is no longer usable");
		}
	}

	/**
	 * Pins a publishable key to these use cases; null lets it ask for any again.
	 */
	void allowUseCases(List<String> useCases) {
		if (this.type != KeyType.PUBLISHABLE && useCases != null) {
			throw new IllegalStateException("only publishable keys are pinned to use cases");
		}
		this.allowedUseCases = (useCases != null) ? useCases.toArray(String[]::new) : null;
	}

	/** The use cases this key may ask for; null for any. */
	List<String> allowedUseCases() {
		return (this.allowedUseCases != null) ? List.of(this.allowedUseCases) : null;
	}

	ApiKeyPrincipal principal() {
		return new ApiKeyPrincipal(this.organizationId, this.id, this.type, this.livemode, allowedUseCases());
	}

	String id() {
		return this.id;
	}

	String organizationId() {
		return this.organizationId;
	}

	KeyType type() {
		return this.type;
	}

	boolean livemode() {
		return this.livemode;
	}

	String last4() {
		return this.last4;
	}

	Instant createdAt() {
		return this.createdAt;
	}

	Instant expiresAt() {
		return this.expiresAt;
	}

	byte[] secretHash() {
		return this.secretHash;
	}

	Instant revokedAt() {
		return this.revokedAt;
	}

}
