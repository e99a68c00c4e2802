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

	record Admin(@DefaultValue("") String token) {

		boolean enabled() {
			return !this.token.isBlank();
		}

	}

	record Bootstrap(@DefaultValue("") String secretKey, @DefaultValue("") String publishableKey) {
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
