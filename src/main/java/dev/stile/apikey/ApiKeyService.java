package dev.stile.apikey;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import dev.stile.api.ApiException;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Organizations and their keys: issuing, authenticating, rolling and revoking.
 */
@Service
class ApiKeyService {

	private final OrganizationRepository organizations;

	private final ApiKeyRepository keys;

	private final Clock clock;

	ApiKeyService(OrganizationRepository organizations, ApiKeyRepository keys, Clock clock) {
		this.organizations = organizations;
		this.keys = keys;
		this.clock = clock;
	}

	@Transactional(readOnly = true)
	Optional<ApiKeyPrincipal> authenticate(KeyValue presented) {
		Instant now = now();
		return this.keys.findBySecretHash(presented.hash())
			.filter((key) -> key.isUsableAt(now))
			// The value's own prefix must agree with the stored key, so a key can never
			// change mode.
			.filter((key) -> key.type() == presented.type() && key.livemode() == presented.livemode())
			.map(ApiKey::principal);
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
		return store(organizationId, KeyValue.generate(key.type(), key.livemode()));
	}

	@Transactional
	ApiKey revoke(String organizationId, String keyId) {
		ApiKey key = find(organizationId, keyId);
		key.revoke(now());
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
