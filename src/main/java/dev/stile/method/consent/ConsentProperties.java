package dev.stile.method.consent;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code parental_consent} method.
 *
 * @param baseUrl the public address of this server, for the links in consent mails; the
 * method runs only once it is set (and SMTP is)
 * @param linkTimeToLive how long a consent link can consent or decline
 * @param mailsPerSession consent mails one session may send
 * @param mailsPerParent consent mails one parent address may be sent a day
 * @param mailFrom the sender of consent mails
 */
@ConfigurationProperties("stile.consent")
record ConsentProperties(String baseUrl, @DefaultValue("48h") Duration linkTimeToLive,
		@DefaultValue("3") int mailsPerSession, @DefaultValue("10") int mailsPerParent,
		@DefaultValue("no-reply@stile.invalid") String mailFrom) {

	ConsentProperties {
		if (baseUrl != null && baseUrl.isBlank()) {
			baseUrl = null;
		}
		if (baseUrl != null) {
			baseUrl = baseUrl.replaceAll("/+$", "");
			if (!baseUrl.matches("https?://[^/?#\\s]+(/[^?#\\s]*)?")) {
				throw new IllegalArgumentException("stile.consent.base-url must be an http(s) URL: " + baseUrl);
			}
		}
	}

}
