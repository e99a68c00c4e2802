package dev.stile.widget;

import jakarta.servlet.http.HttpServletRequest;

import dev.stile.api.GeoJurisdiction;
import dev.stile.apikey.ApiKeyPrincipal;
import dev.stile.session.WidgetSessions;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The one thing a publishable key may start: a widget session for a cart of products,
 * where the customer is.
 */
@Tag(name = "Widget")
@RestController
class WidgetController {

	private final WidgetSessions sessions;

	private final GeoJurisdiction geo;

	WidgetController(WidgetSessions sessions, GeoJurisdiction geo) {
		this.sessions = sessions;
		this.geo = geo;
	}

	@Operation(operationId = "createWidgetSession",
			summary = "Start a session for a cart from the browser with a publishable key")
	@PostMapping("/v1/widget/sessions")
	WidgetSessionResponse create(@AuthenticationPrincipal ApiKeyPrincipal caller, @RequestBody CreateRequest body,
			HttpServletRequest request) {
		WidgetSessions.Started started = this.sessions.start(caller,
				new WidgetSessions.Cart(body.products(), body.email(), body.returnUrl(), body.cancelUrl()),
				this.geo.of(request, caller.livemode()).orElse(null));
		return WidgetSessionResponse.of(started);
	}

	/**
	 * The body of {@code POST /v1/widget/sessions}; unknown fields are refused while
	 * reading.
	 */
	record CreateRequest(String products, String email, String returnUrl, String cancelUrl) {
	}

	/** The answer: what the hosted page needs to open the session. */
	record WidgetSessionResponse(String id, String object, String clientSecret, String verificationPath,
			boolean livemode, String useCase, String ageTier, String jurisdiction, long expiresAt) {

		static WidgetSessionResponse of(WidgetSessions.Started started) {
			return new WidgetSessionResponse(started.id(), "widget_session", started.clientSecret(),
					started.verificationPath(), started.livemode(), started.useCase(), started.ageTier(),
					started.jurisdiction(), started.expiresAt());
		}

	}

}
