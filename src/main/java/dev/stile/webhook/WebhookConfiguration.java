package dev.stile.webhook;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The HTTP side of webhook delivery.
 */
@Configuration(proxyBeanMethods = false)
class WebhookConfiguration {

	@Bean
	WebhookSender webhookSender() {
		return WebhookSender.standard();
	}

}
