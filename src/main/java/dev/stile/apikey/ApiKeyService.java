package dev.stile.apikey;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.stile.api.ApiException;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Organizations and their keys: issuing, authenticating, rolling and revoking.
 */
@Service
class ApiKeyService {

	private final OrganizationRepository organizations;

	private final ApiKeyRepository keys;

	private final Clock clock;

	/** Keys found by {@link #authenticate}, by the hex of their hash; never a miss. */
	private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

	/**
	 * Counts invalidations, so that a lookup racing a revoke never caches the old row.
	 */
	private final AtomicLong invalidations = new AtomicLong();

	private final long cacheTtlNanos;

	private static final int CACHE_MAX_SIZE = 10_000;

	ApiKeyService(OrganizationRepository organizations, ApiKeyRepository keys, Clock clock,
			ApiKeyProperties properties) {
		this.organizations = organizations;
		this.keys = keys;
		this.clock = clock;
		this.cacheTtlNanos = properties.apiKeys().cacheTtl().toNanos();
	}

	/**
	 * The caller of a presented key. A key found in the database is remembered for
	 * {@code stile.api-keys.cache-ttl}; its revocation and expiry are still checked on
	 * every request against the remembered row, and a revoke or roll here evicts it.
	 */
	Optional<ApiKeyPrincipal> authenticate(KeyValue presented) {
		byte[] hash = presented.hash();
		Optional<ApiKey> key = (this.cacheTtlNanos > 0) ? cached(HexFormat.of().formatHex(hash), hash)
				: this.keys.findBySecretHash(hash);
		Instant now = now();
		return key.filter((found) -> found.isUsableAt(now))
			// The value's own prefix must agree with the stored key, so a key can never
			// change mode.
			.filter((found) -> found.type() == presented.type() && found.livemode() == presented.livemode())
			.map(ApiKey::principal);
	}

	private Optional<ApiKey> cached(String cacheKey, byte[] hash) {
		Cached hit = this.cache.get(cacheKey);
		if (hit != null && System.nanoTime() - hit.loadedAt() < this.cacheTtlNanos) {
			return Optional.of(hit.key());
		}
		long epoch = this.invalidations.get();
		// Read-only transaction of the repository itself.
		Optional<ApiKey> found = this.keys.findBySecretHash(hash);
		if (found.isPresent()) {
			if (this.cache.size() >= CACHE_MAX_SIZE) {
				this.cache.clear();
			}
			Cached loaded = new Cached(found.get(), System.nanoTime());
			this.cache.put(cacheKey, loaded);
			if (this.invalidations.get() != epoch) {
				// A revoke or roll committed meanwhile: the row read may be the old one.
				this.cache.remove(cacheKey, loaded);
			}
		}
		else {
			this.cache.remove(cacheKey);
		}
		return found;
	}

	/** Forgets a key once the transaction changing it has committed. */
	private void evictAfterCommit(ApiKey key) {
		String cacheKey = HexFormat.of().formatHex(key.secretHash());
		Runnable evict = () -> {
			this.invalidations.incrementAndGet();
			this.cache.remove(cacheKey);
		};
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCompletion(int status) {
					evict.run();
				}
			});
		}
		else {
			evict.run();
		}
	}

	/** A key as read from the database, and when. */
	private record Cached(ApiKey key, long loadedAt) {
	}

	@Transactional
	Organization createOrganization(String name) {
		return this.organizations.save(new Organization(name, now()));
	}

	@Transactional(readOnly = true)
	Organization organization(String id) {
		return this.organizations.findById(id).orElseThrow(() -> ApiException.notFound("organization", id, "id"));
	}

	@Transactional
	IssuedKey issue(String organizationId, KeyType type, boolean livemode) {
		return store(organization(organizationId).id(), KeyValue.generate(type, livemode));
	}

	IssuedKey store(String organizationId, KeyValue value) {
		ApiKey key = this.keys.save(new ApiKey(organizationId, value, now()));
		return new IssuedKey(key, value);
	}

	@Transactional(readOnly = true)
	List<ApiKey> list(String organizationId) {
		organization(organizationId);
		return this.keys.findByOrganizationIdOrderByCreatedAtDescIdDesc(organizationId);
	}

	@Transactional
	IssuedKey roll(String organizationId, String keyId, Duration grace) {
		ApiKey key = find(organizationId, keyId);
		Instant now = now();
		if (!key.isUsableAt(now)) {
			throw ApiException.invalid("id", "The key " + keyId + " is already revoked or expired.");
		}
		key.expireAfter(now, grace);
		evictAfterCommit(key);
		return store(organizationId, KeyValue.generate(key.type(), key.livemode()));
	}

	/** Pins a publishable key to use cases, or (null) lets it ask for any again. */
	@Transactional
	ApiKey allowUseCases(String organizationId, String keyId, List<String> useCases) {
		ApiKey key = find(organizationId, keyId);
		if (key.type() != KeyType.PUBLISHABLE && useCases != null) {
			throw ApiException.invalid("allowed_use_cases",
					"Only publishable keys are pinned to use cases; a secret key may create any session.");
		}
		key.allowUseCases(useCases);
		evictAfterCommit(key);
		return key;
	}

	@Transactional
	Organization allowOrigins(String organizationId, List<String> origins) {
		Organization organization = organization(organizationId);
		organization.allowOrigins(origins);
		return organization;
	}

	@Transactional
	ApiKey revoke(String organizationId, String keyId) {
		ApiKey key = find(organizationId, keyId);
		key.revoke(now());
		evictAfterCommit(key);
		return key;
	}

	private ApiKey find(String organizationId, String keyId) {
		organization(organizationId);
		return this.keys.findByIdAndOrganizationId(keyId, organizationId)
			.orElseThrow(() -> ApiException.notFound("api_key", keyId, "id"));
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MICROS);
	}

}
