package dev.stile.session;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Session lifetimes.
 *
 * @param timeToLive how long a session stays open before it expires
 * @param expirySweepInterval how often expired sessions are written as such
 * @param expirySweepBatchSize how many sessions one sweep transaction expires
 * @param testFallbackJurisdiction the jurisdiction of a test session that names none and
 * has no trusted geo headers; empty to refuse such sessions
 * @param liveFallbackJurisdiction the same for live sessions; empty by default
 */
@ConfigurationProperties("stile.sessions")
record SessionProperties(@DefaultValue("24h") Duration timeToLive, @DefaultValue("30s") Duration expirySweepInterval,
		@DefaultValue("500") int expirySweepBatchSize, @DefaultValue("US-CA") String testFallbackJurisdiction,
		@DefaultValue("") String liveFallbackJurisdiction) {

	SessionProperties {
		for (String code : new String[] { testFallbackJurisdiction, liveFallbackJurisdiction }) {
			if (!code.isEmpty() && !CreateSessionRequest.JURISDICTION.matcher(code).matches()) {
				throw new IllegalArgumentException(
						"A fallback jurisdiction must be an ISO 3166 code such as US-CA: " + code);
			}
		}
	}

	String fallbackJurisdiction(boolean livemode) {
		String code = livemode ? this.liveFallbackJurisdiction : this.testFallbackJurisdiction;
		return code.isEmpty() ? null : code;
	}

}
