package dev.stile.apikey;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Organizations, keys and the operator endpoints.
 *
 * @param admin the operator endpoints' bearer token; they are disabled when it is empty
 * @param bootstrap the values of the first organization's test keys, random when empty
 * @param apiKeys how rolled keys retire and how long an authenticated key is remembered
 */
@ConfigurationProperties("stile")
record ApiKeyProperties(@DefaultValue Admin admin, @DefaultValue Bootstrap bootstrap, @DefaultValue ApiKeys apiKeys) {

	/**
	 * The operator token.
	 *
	 * @param token the bearer token of {@code /admin/v1}; empty disables it, otherwise at
	 * least {@value #MIN_TOKEN_LENGTH} characters so that it cannot be guessed
	 */
	record Admin(@DefaultValue("") String token) {

		static final int MIN_TOKEN_LENGTH = 32;

		Admin {
			if (!token.isBlank() && token.trim().length() < MIN_TOKEN_LENGTH) {
				throw new IllegalArgumentException("STILE_ADMIN_TOKEN must be at least " + MIN_TOKEN_LENGTH
						+ " characters (it has " + token.trim().length()
						+ "); generate one with: openssl rand -hex 32. Leave it empty to disable the operator API.");
			}
		}

		boolean enabled() {
			return !this.token.isBlank();
		}

	}

	/**
	 * The default organization's test keys, fixed by configuration for scripts and tests.
	 * Only test keys: a live key in an environment variable would be a production
	 * credential in every shell, log and image that sees it.
	 */
	record Bootstrap(@DefaultValue("") String secretKey, @DefaultValue("") String publishableKey) {

		Bootstrap {
			refuseLive(secretKey, "STILE_BOOTSTRAP_SECRET_KEY", "vk");
			refuseLive(publishableKey, "STILE_BOOTSTRAP_PUBLISHABLE_KEY", "pk");
		}

		private static void refuseLive(String value, String variable, String prefix) {
			if (value.trim().startsWith(prefix + "_live_")) {
				throw new IllegalArgumentException(variable + " must be a test key (" + prefix
						+ "_test_...): the bootstrap never creates live keys; issue them through the operator API.");
			}
		}

	}

	/**
	 * Keys' lifecycle and authentication.
	 *
	 * @param rollGracePeriod how long a rolled key keeps working
	 * @param cacheTtl how long an authenticated key is remembered without asking the
	 * database; a revoke or roll on this instance applies at once, one on another
	 * instance within this time; zero asks the database on every request
	 */
	record ApiKeys(@DefaultValue("24h") Duration rollGracePeriod, @DefaultValue("0s") Duration cacheTtl) {
	}

}
