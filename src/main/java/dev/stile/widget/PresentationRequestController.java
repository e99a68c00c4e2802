package dev.stile.widget;

import jakarta.servlet.http.HttpServletRequest;

import dev.stile.oid4vp.PresentationRequestView;
import dev.stile.oid4vp.PresentationRequests;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The widget asks for an OpenID4VP request for the session's current wallet method, shows
 * its link or QR code, and follows its status while a wallet answers.
 */
@Tag(name = "Client (client_secret)")
@RestController
@RequestMapping("/v1/client/session/presentation_requests")
class PresentationRequestController {

	private final PresentationRequests requests;

	PresentationRequestController(PresentationRequests requests) {
		this.requests = requests;
	}

	@Operation(operationId = "createPresentationRequest",
			summary = "Ask a wallet for a presentation: a signed OpenID4VP 1.0 request for the current method, valid 5 minutes")
	@PostMapping
	PresentationRequestView create(HttpServletRequest request, @RequestBody NewPresentationRequest body) {
		return this.requests.create(ClientController.clientSecret(request), body.method(), body.responseMode());
	}

	@Operation(operationId = "retrievePresentationRequest",
			summary = "A presentation request's status: pending, verified, failed or expired")
	@GetMapping("/{id}")
	PresentationRequestView retrieve(HttpServletRequest request, @PathVariable String id) {
		return this.requests.retrieve(ClientController.clientSecret(request), id);
	}

	@Operation(operationId = "confirmPresentationResponseCode",
			summary = "Hand back the response_code a same-device wallet returned the browser with")
	@PostMapping("/{id}/response_code")
	PresentationRequestView confirm(HttpServletRequest request, @PathVariable String id,
			@RequestBody PresentationResponseCode body) {
		return this.requests.confirmResponseCode(ClientController.clientSecret(request), id, body.responseCode());
	}

	/**
	 * What a presentation request is for.
	 *
	 * @param method the session's current method: mdl, mid or eudi_pid
	 * @param responseMode direct_post.jwt (default, encrypted to a key of this request)
	 * or direct_post for wallets that cannot encrypt
	 */
	record NewPresentationRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = {
			"mdl", "mid", "eudi_pid" }) String method,
			@Schema(allowableValues = { "direct_post.jwt", "direct_post" },
					defaultValue = "direct_post.jwt") String responseMode){
	}

	/** The code from the redirect_uri's fragment. */
	record PresentationResponseCode(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String responseCode) {
	}

}
