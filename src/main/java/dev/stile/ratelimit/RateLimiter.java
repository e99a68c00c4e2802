package dev.stile.ratelimit;

import java.util.Optional;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.stile.apikey.ApiKeyPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Checks one request against a bucket (an API key's, or a client address's or session's)
 * in PostgreSQL: a single upsert, so every instance on the database shares the same limit
 * and a check costs one round trip. It runs on a small pool of its own that commits
 * asynchronously: losing the last milliseconds of bucket state in a database crash only
 * forgives a few requests.
 */
class RateLimiter implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(RateLimiter.class);

	// One GCRA step: the bucket's theoretical arrival time moves on by one interval if
	// that stays within a minute of now. The database's clock is the only clock, so that
	// instances whose clocks drift still agree. The limit comes from the WITH clause.
	private static final String GCRA_STEP = """
			INSERT INTO rate_limit_bucket AS b (key_id, limit_per_minute, touched_us, tat_us, allowed)
			SELECT ?, lim, now_us, now_us + 60000000 / lim, true FROM p
			ON CONFLICT (key_id) DO UPDATE SET
			  limit_per_minute = excluded.limit_per_minute,
			  touched_us = excluded.touched_us,
			  allowed = GREATEST(b.tat_us, excluded.touched_us) + 60000000 / excluded.limit_per_minute
			            - excluded.touched_us <= 60000000,
			  tat_us = CASE WHEN GREATEST(b.tat_us, excluded.touched_us) + 60000000 / excluded.limit_per_minute
			                     - excluded.touched_us <= 60000000
			           THEN GREATEST(b.tat_us, excluded.touched_us) + 60000000 / excluded.limit_per_minute
			           ELSE b.tat_us END
			RETURNING allowed, limit_per_minute, touched_us, tat_us
			""";

	// An API key's limit is the operator's override for the key, else its type's default.
	private static final String CHECK = """
			WITH p AS (
			  SELECT COALESCE((SELECT per_minute FROM api_key_rate_limit WHERE key_id = ?), ?) AS lim,
			         (extract(epoch FROM clock_timestamp()) * 1000000)::bigint AS now_us
			)
			""" + GCRA_STEP;

	// Any other bucket's limit is given.
	private static final String CHECK_BUCKET = """
			WITH p AS (SELECT ?::integer AS lim, (extract(epoch FROM clock_timestamp()) * 1000000)::bigint AS now_us)
			""" + GCRA_STEP;

	private static final String PEEK = """
			SELECT (extract(epoch FROM clock_timestamp()) * 1000000)::bigint,
			       (SELECT tat_us FROM rate_limit_bucket WHERE key_id = ?)
			""";

	// A bucket whose theoretical arrival time has passed is full, exactly as if it did
	// not exist: per-address buckets come and go with the addresses.
	private static final String FORGET_FULL = """
			DELETE FROM rate_limit_bucket WHERE tat_us < (extract(epoch FROM clock_timestamp()) * 1000000)::bigint
			""";

	private final RateLimitProperties properties;

	private final HikariDataSource pool;

	private final JdbcTemplate jdbc;

	RateLimiter(RateLimitProperties properties, DataSource application) {
		this.properties = properties;
		this.pool = pool(properties, application);
		this.jdbc = new JdbcTemplate((this.pool != null) ? this.pool : application);
	}

	private static HikariDataSource pool(RateLimitProperties properties, DataSource application) {
		HikariDataSource main;
		try {
			main = application.unwrap(HikariDataSource.class);
		}
		catch (Exception ex) {
			return null;
		}
		HikariDataSource pool = new HikariDataSource();
		pool.setPoolName("stile-rate-limits");
		pool.setJdbcUrl(main.getJdbcUrl());
		pool.setUsername(main.getUsername());
		pool.setPassword(main.getPassword());
		pool.setDataSourceProperties(main.getDataSourceProperties());
		pool.setMaximumPoolSize(properties.poolSize());
		pool.setMinimumIdle(1);
		// A check that cannot get a connection quickly lets the request through rather
		// than hold it.
		pool.setConnectionTimeout(1000);
		pool.setConnectionInitSql("SET synchronous_commit = off");
		return pool;
	}

	/**
	 * Counts one request of {@code key}; empty when the limiter is off or the database
	 * cannot answer, in which case the request is let through.
	 */
	Optional<RateLimitDecision> check(ApiKeyPrincipal key) {
		if (!this.properties.enabled()) {
			return Optional.empty();
		}
		int defaultLimit = key.isSecret() ? this.properties.secretPerMinute() : this.properties.publishablePerMinute();
		try {
			return Optional.ofNullable(this.jdbc.queryForObject(CHECK,
					(rs, row) -> RateLimitDecision.of(rs.getBoolean(1), rs.getInt(2), rs.getLong(3), rs.getLong(4)),
					key.keyId(), defaultLimit, key.keyId()));
		}
		catch (DataAccessException ex) {
			// Fail open: the request's own queries will fail just the same if the
			// database
			// is gone, and a limiter outage must not take the API down.
			logger.warn("Rate limit check failed, request let through: {}", ex.getClass().getSimpleName());
			return Optional.empty();
		}
	}

	/**
	 * Counts one request against {@code bucket}, which allows {@code perMinute}; empty
	 * when the limiter is off or the database cannot answer.
	 */
	Optional<RateLimitDecision> check(String bucket, int perMinute) {
		if (!this.properties.enabled()) {
			return Optional.empty();
		}
		try {
			return Optional.ofNullable(this.jdbc.queryForObject(CHECK_BUCKET,
					(rs, row) -> RateLimitDecision.of(rs.getBoolean(1), rs.getInt(2), rs.getLong(3), rs.getLong(4)),
					perMinute, bucket));
		}
		catch (DataAccessException ex) {
			logger.warn("Rate limit check failed, request let through: {}", ex.getClass().getSimpleName());
			return Optional.empty();
		}
	}

	/**
	 * Whether one more request against {@code bucket} would be refused, without counting
	 * one: the seconds to wait if so.
	 */
	Optional<Long> wouldRefuse(String bucket, int perMinute) {
		if (!this.properties.enabled()) {
			return Optional.empty();
		}
		try {
			return this.jdbc.query(PEEK, (rs) -> {
				rs.next();
				long now = rs.getLong(1);
				long tat = rs.getLong(2);
				if (rs.wasNull()) {
					return Optional.<Long>empty();
				}
				RateLimitDecision next = RateLimitDecision.of(false, perMinute, now, tat);
				long interval = Math.max(1, 60_000_000L / perMinute);
				return (tat + interval - now > 60_000_000L) ? Optional.of(next.retryAfterSeconds())
						: Optional.<Long>empty();
			}, bucket);
		}
		catch (DataAccessException ex) {
			logger.warn("Rate limit check failed, request let through: {}", ex.getClass().getSimpleName());
			return Optional.empty();
		}
	}

	@Scheduled(fixedDelayString = "PT5M", initialDelayString = "PT1M")
	void forgetFullBuckets() {
		try {
			this.jdbc.update(FORGET_FULL);
		}
		catch (DataAccessException ex) {
			logger.warn("Could not remove full rate limit buckets: {}", ex.getClass().getSimpleName());
		}
	}

	@Override
	public void close() {
		if (this.pool != null) {
			this.pool.close();
		}
	}

}
