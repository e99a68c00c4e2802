package dev.stile.webhook;

import dev.stile.api.ApiException;
import dev.stile.api.ErrorType;
import dev.stile.apikey.ApiKeyPrincipal;
import dev.stile.session.SessionCreationGuard;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Live sessions need somewhere to report their outcome: the signed webhook is the
 * merchant's source of truth, since the widget's client-side events can be spoofed. As
 * Stile documents, live creation is refused without an enabled endpoint.
 */
@Component
class WebhookRequiredGuard implements SessionCreationGuard {

	private final EndpointService endpoints;

	WebhookRequiredGuard(EndpointService endpoints) {
		this.endpoints = endpoints;
	}

	@Override
	public void check(ApiKeyPrincipal caller) {
		if (caller.livemode() && !this.endpoints.hasEnabledEndpoint(caller)) {
			throw new ApiException(HttpStatus.BAD_REQUEST, ErrorType.INVALID_REQUEST_ERROR, "webhook_required",
					"Live-mode sessions need at least one enabled webhook endpoint; create one with POST /v1/webhook_endpoints.",
					null);
		}
	}

}
