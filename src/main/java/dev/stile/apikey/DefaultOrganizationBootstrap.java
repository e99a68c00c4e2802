package dev.stile.apikey;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * On the first start with an empty database, creates a default organization with a test
 * secret key and a test publishable key and prints them once. Keys given by configuration
 * are used instead of random ones, and are added to the default organization if a later
 * start lacks them.
 */
@Component
class DefaultOrganizationBootstrap implements ApplicationRunner {

	private static final Logger logger = LoggerFactory.getLogger(DefaultOrganizationBootstrap.class);

	// Several instances may start at once on one empty database: only one may create the
	// organization.
	private static final long BOOTSTRAP_LOCK = 0x5374696c65L;

	private final ApiKeyService service;

	private final OrganizationRepository organizations;

	private final ApiKeyRepository keys;

	private final ApiKeyProperties.Bootstrap configured;

	private final TransactionTemplate transaction;

	private final JdbcTemplate jdbc;

	DefaultOrganizationBootstrap(ApiKeyService service, OrganizationRepository organizations, ApiKeyRepository keys,
			ApiKeyProperties properties, TransactionTemplate transaction, JdbcTemplate jdbc) {
		this.service = service;
		this.organizations = organizations;
		this.keys = keys;
		this.configured = properties.bootstrap();
		this.transaction = transaction;
		this.jdbc = jdbc;
	}

	@Override
	public void run(ApplicationArguments args) {
		KeyValue secret = configuredKey(this.configured.secretKey(), KeyType.SECRET, "STILE_BOOTSTRAP_SECRET_KEY");
		KeyValue publishable = configuredKey(this.configured.publishableKey(), KeyType.PUBLISHABLE,
				"STILE_BOOTSTRAP_PUBLISHABLE_KEY");
		this.transaction.executeWithoutResult((status) -> {
			this.jdbc.queryForList("SELECT pg_advisory_xact_lock(?)", BOOTSTRAP_LOCK);
			Organization organization = this.organizations.findFirstByOrderByCreatedAtAscIdAsc().orElse(null);
			if (organization == null) {
				organization = this.service.createOrganization("Default organization");
				IssuedKey secretKey = this.service.store(organization.id(),
						(secret != null) ? secret : KeyValue.generate(KeyType.SECRET, false));
				IssuedKey publishableKey = this.service.store(organization.id(),
						(publishable != null) ? publishable : KeyValue.generate(KeyType.PUBLISHABLE, false));
				announce(organization, secretKey, publishableKey);
				return;
			}
			for (KeyValue key : new KeyValue[] { secret, publishable }) {
				if (key != null && this.keys.findBySecretHash(key.hash()).isEmpty()) {
					this.service.store(organization.id(), key);
					logger.info("Added the configured {} key {} to organization {}", key.type().apiName(),
							key.redacted(), organization.id());
				}
			}
		});
	}

	private static KeyValue configuredKey(String value, KeyType type, String variable) {
		if (value == null || value.isBlank()) {
			return null;
		}
		KeyValue key = KeyValue.parse(value.trim())
			.orElseThrow(() -> new IllegalStateException(
					variable + " must look like " + type.prefix() + "_test_<at least 16 letters or digits>"));
		if (key.type() != type) {
			throw new IllegalStateException(variable + " must start with " + type.prefix() + "_");
		}
		return key;
	}

	private static void announce(Organization organization, IssuedKey secret, IssuedKey publishable) {
		logger.info("""

				============================================================
				 Created the default organization {} with test keys.
				 They are shown only this once; keep them somewhere safe.

				   secret key:      {}
				   publishable key: {}
				============================================================
				""", organization.id(), secret.value().value(), publishable.value().value());
	}

}
