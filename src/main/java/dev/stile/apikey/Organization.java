package dev.stile.apikey;

import java.time.Instant;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.stile.api.Ids;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A merchant account: everything else belongs to exactly one organization.
 */
@Entity
@Table(name = "organization")
class Organization {

	@Id
	private String id;

	@Column(nullable = false)
	private String name;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	@JdbcTypeCode(SqlTypes.ARRAY)
	@Column(name = "allowed_origins", nullable = false, columnDefinition = "text[]")
	private String[] allowedOrigins = new String[0];

	protected Organization() {
	}

	Organization(String name, Instant now) {
		this.id = Ids.newId("org");
		this.name = name;
		this.createdAt = now;
	}

	String id() {
		return this.id;
	}

	String name() {
		return this.name;
	}

	Instant createdAt() {
		return this.createdAt;
	}

	/** Origins as {@link AllowedOrigins#originOf} writes them. */
	List<String> allowedOrigins() {
		return List.of(this.allowedOrigins);
	}

	void allowOrigins(List<String> origins) {
		this.allowedOrigins = origins.toArray(String[]::new);
	}

}
