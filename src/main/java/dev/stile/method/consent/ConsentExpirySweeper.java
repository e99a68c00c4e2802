package dev.stile.method.consent;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Expires consent requests nobody answered in time, so that the minor's session moves on
 * even when nobody opens the link again.
 */
@Component
class ConsentExpirySweeper {

	private final ParentalConsents consents;

	ConsentExpirySweeper(ParentalConsents consents) {
		this.consents = consents;
	}

	@Scheduled(fixedDelayString = "${stile.consent.expiry-sweep-interval:60s}", initialDelayString = "PT10S")
	void sweep() {
		while (this.consents.expireDue() > 0) {
			// Batches of 100 until none is due.
		}
	}

}
