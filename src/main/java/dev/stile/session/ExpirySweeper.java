package dev.stile.session;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Writes the expiry of sessions past {@code expires_at}. Reads never wait for it: a due
 * session already shows as expired. Safe with several instances, which skip each other's
 * locked rows.
 */
@Component
class ExpirySweeper {

	private static final Logger logger = LoggerFactory.getLogger(ExpirySweeper.class);

	private final SessionService sessions;

	private final SessionProperties properties;

	ExpirySweeper(SessionService sessions, SessionProperties properties) {
		this.sessions = sessions;
		this.properties = properties;
	}

	@Scheduled(fixedDelayString = "${stile.sessions.expiry-sweep-interval:30s}", initialDelayString = "PT5S")
	void sweep() {
		int total = 0;
		int expired;
		do {
			expired = this.sessions.expireDue();
			total += expired;
		}
		while (expired == this.properties.expirySweepBatchSize());
		if (total > 0) {
			logger.info("Expired {} verification sessions", total);
		}
	}

}
