package dev.stile.ratelimit;

import dev.stile.api.ApiException;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator's view of one key's rate limit: its type's default unless the operator set
 * another with {@code POST} ({@code {"per_minute": null}} goes back to the default).
 */
@RestController
@RequestMapping("/admin/v1/organizations/{organizationId}/api_keys/{keyId}/rate_limit")
class RateLimitAdminController {

	private static final int MAX_PER_MINUTE = 60_000_000;

	private final JdbcTemplate jdbc;

	private final RateLimitProperties properties;

	RateLimitAdminController(JdbcTemplate jdbc, RateLimitProperties properties) {
		this.jdbc = jdbc;
		this.properties = properties;
	}

	@GetMapping
	@Transactional(readOnly = true)
	RateLimitView rateLimit(@PathVariable String organizationId, @PathVariable String keyId) {
		return view(organizationId, keyId);
	}

	@PostMapping
	@Transactional
	RateLimitView setRateLimit(@PathVariable String organizationId, @PathVariable String keyId,
			@RequestBody SetRateLimit request) {
		view(organizationId, keyId);
		if (request.perMinute() == null) {
			this.jdbc.update("DELETE FROM api_key_rate_limit WHERE key_id = ?", keyId);
		}
		else {
			if (request.perMinute() < 1 || request.perMinute() > MAX_PER_MINUTE) {
				throw ApiException.invalid("per_minute",
						"per_minute must be between 1 and " + MAX_PER_MINUTE + ", or null for the default.");
			}
			this.jdbc.update("""
					INSERT INTO api_key_rate_limit (key_id, per_minute) VALUES (?, ?)
					ON CONFLICT (key_id) DO UPDATE SET per_minute = excluded.per_minute
					""", keyId, request.perMinute());
		}
		return view(organizationId, keyId);
	}

	private RateLimitView view(String organizationId, String keyId) {
		return this.jdbc.query("""
				SELECT k.type, l.per_minute FROM api_key k LEFT JOIN api_key_rate_limit l ON l.key_id = k.id
				WHERE k.id = ? AND k.organization_id = ?
				""", (rs) -> {
			if (!rs.next()) {
				throw ApiException.notFound("api_key", keyId, "id");
			}
			int defaultLimit = "SECRET".equals(rs.getString(1)) ? this.properties.secretPerMinute()
					: this.properties.publishablePerMinute();
			int override = rs.getInt(2);
			boolean custom = !rs.wasNull();
			return new RateLimitView("rate_limit", keyId, custom ? override : defaultLimit, !custom);
		}, keyId, organizationId);
	}

	record SetRateLimit(Integer perMinute) {
	}

	/**
	 * @param isDefault whether the key has its type's default limit
	 */
	record RateLimitView(String object, String apiKey, int perMinute, boolean isDefault) {
	}

}
