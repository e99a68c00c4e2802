package dev.stile.widget;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import dev.stile.api.ApiException;
import dev.stile.api.ErrorType;
import dev.stile.method.AttemptInput;
import dev.stile.session.AttemptResponse;
import dev.stile.session.ClientFlow;
import dev.stile.session.ClientSessionView;
import dev.stile.session.ReuseResponse;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * The client-secret API: the widget's only way in. The secret travels as a bearer token,
 * never in a URL, and opens exactly one session.
 */
@Tag(name = "Client (client_secret)")
@RestController
@RequestMapping("/v1/client/session")
class ClientController {

	private static final Set<String> ATTEMPT_FIELDS = Set.of("method", "test_outcome", "test_age", "birth_date",
			"confirm", "presentation", "test_handover", "code");

	private static final Set<String> IMAGE_TYPES = Set.of("image/png", "image/jpeg");

	private final ClientFlow flow;

	ClientController(ClientFlow flow) {
		this.flow = flow;
	}

	@Operation(operationId = "retrieveClientSession", summary = "The session as the widget sees it")
	@GetMapping
	ClientSessionView session(HttpServletRequest request) {
		return this.flow.view(clientSecret(request));
	}

	@Operation(operationId = "startClientSession", summary = "Start the current method")
	@PostMapping("/start")
	ClientSessionView start(HttpServletRequest request) {
		return this.flow.start(clientSecret(request));
	}

	@Operation(operationId = "skipClientMethod", summary = "Skip to the next method of the waterfall")
	@PostMapping("/skip")
	ClientSessionView skip(HttpServletRequest request) {
		return this.flow.skip(clientSecret(request));
	}

	@Operation(operationId = "cancelClientSession", summary = "Cancel the session from the widget")
	@PostMapping("/cancel")
	ClientSessionView cancel(HttpServletRequest request) {
		return this.flow.cancel(clientSecret(request));
	}

	@Operation(operationId = "consentClientSession", summary = "Consent to share a verification for reuse")
	@PostMapping("/consent")
	ClientSessionView consent(HttpServletRequest request, @RequestBody ConsentRequest body) {
		if (!Boolean.TRUE.equals(body.shareVerification())) {
			throw ApiException.invalid("share_verification", "share_verification must be true to give consent.");
		}
		return this.flow.consent(clientSecret(request));
	}

	@Operation(operationId = "sendReuseCode", summary = "Send a one-time code to reuse an earlier verification")
	@PostMapping("/reuse/send_code")
	ClientSessionView sendReuseCode(HttpServletRequest request, @RequestBody SendCodeRequest body) {
		return this.flow.sendReuseCode(clientSecret(request), body.channel());
	}

	@Operation(operationId = "verifyReuseCode", summary = "Check the one-time code and reuse the earlier verification")
	@PostMapping("/reuse/verify")
	ReuseResponse verifyReuseCode(HttpServletRequest request, @RequestBody VerifyCodeRequest body) {
		return this.flow.verifyReuseCode(clientSecret(request), body.code());
	}

	record ConsentRequest(Boolean shareVerification) {
	}

	record SendCodeRequest(String channel) {
	}

	record VerifyCodeRequest(String code) {
	}

	@Operation(operationId = "submitAttempt",
			summary = "Submit the current method's inputs, as JSON or, for a document photo, as multipart",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
					content = {
							@Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
									schema = @Schema(implementation = AttemptFields.class)),
							@Content(mediaType = MediaType.MULTIPART_FORM_DATA_VALUE,
									schema = @Schema(implementation = UploadFields.class)) }))
	@PostMapping(path = "/attempts", consumes = MediaType.APPLICATION_JSON_VALUE)
	AttemptResponse attempt(HttpServletRequest request, @RequestBody Map<String, Object> body) {
		String secret = clientSecret(request);
		for (String field : body.keySet()) {
			if (!ATTEMPT_FIELDS.contains(field)) {
				throw new ApiException(HttpStatus.BAD_REQUEST, ErrorType.INVALID_REQUEST_ERROR, "parameter_unknown",
						"Received unknown parameter: " + field + ".", field);
			}
		}
		if (!(body.get("method") instanceof String method)) {
			throw body.containsKey("method") ? ApiException.invalid("method", "method must be a method name.")
					: ApiException.missing("method");
		}
		Map<String, Object> fields = new LinkedHashMap<>(body);
		fields.remove("method");
		fields.values().removeIf(java.util.Objects::isNull);
		return this.flow.attempt(secret, method, new AttemptInput(fields, null));
	}

	// Described with submitAttempt: one path, one operation.
	@Operation(hidden = true)
	@PostMapping(path = "/attempts", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	AttemptResponse upload(HttpServletRequest request, @RequestParam("method") String method,
			@RequestPart(name = "image", required = false) MultipartFile image) throws IOException {
		String secret = clientSecret(request);
		if (image == null || image.isEmpty()) {
			throw ApiException.missing("image");
		}
		if (image.getContentType() == null || !IMAGE_TYPES.contains(image.getContentType())) {
			throw ApiException.invalid("image", "image must be image/png or image/jpeg.");
		}
		return this.flow.attempt(secret, method,
				new AttemptInput(Map.of(), new AttemptInput.Upload(image.getBytes(), image.getContentType())));
	}

	/**
	 * The JSON fields of an attempt, for the OpenAPI description; which ones a method
	 * takes is in the session's {@code current_method}.
	 */
	record AttemptFields(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String method, @Schema(
			description = "Test mode, simulated methods: verified, failed or requires_input") String testOutcome,
			@Schema(description = "Test mode, simulated methods: the age established, 0 to 130") Integer testAge,
			@Schema(description = "self_attestation: YYYY-MM-DD", format = "date") String birthDate,
			@Schema(description = "self_attestation: the user confirms the declaration") Boolean confirm,
			@Schema(description = "mdl, mid, eudi_pid: the wallet's presentation, either an ISO/IEC 18013-5 mdoc "
					+ "DeviceResponse as base64url (padding optional) or an SD-JWT VC with its key binding JWT "
					+ "(<issuer-jwt>~<disclosure>~...~<kb-jwt>); at most 256 KiB. A presentation that does not "
					+ "verify, or is larger, writes a failed result with the reason in error_code.") String presentation,
			@Schema(description = "Test mode only (a 400 with a live key): the OpenID4VP request the presentation "
					+ "answers, for presentations made elsewhere.") TestHandover testHandover,
			@Schema(description = "student: the six-digit code mailed by /student/send_code") String code) {
	}

	/**
	 * The request a test-mode presentation answers, for the OpenAPI description.
	 */
	@Schema(description = "The OpenID4VP 1.0 redirect handover (Appendix B, unencrypted response) an mdoc's "
			+ "device signature covers, and the audience and nonce an SD-JWT key binding must carry.")
	record TestHandover(
			@Schema(requiredMode = Schema.RequiredMode.REQUIRED,
					description = "The verifier's client_id: the key binding's aud") String clientId,
			@Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "The request's nonce") String nonce,
			@Schema(description = "The response_uri of the request; required for an mdoc") String responseUri,
			@Schema(description = "Unix seconds: the instant at which validity and key binding freshness are "
					+ "judged (default: now)", format = "int64") Long at) {
	}

	/** The multipart fields of a document photo, for the OpenAPI description. */
	record UploadFields(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String method,
			@Schema(requiredMode = Schema.RequiredMode.REQUIRED, type = "string", format = "binary",
					description = "PNG or JPEG") String image) {
	}

	static String clientSecret(HttpServletRequest request) {
		// From the query string itself: asking the container for a parameter would parse
		// a
		// multipart body, whatever endpoint this is.
		String query = request.getQueryString();
		if (query != null && Arrays.stream(query.split("&"))
			.anyMatch((pair) -> pair.equals("client_secret") || pair.startsWith("client_secret="))) {
			// URLs end up in logs and browser history; a secret there would leak.
			throw ApiException.invalid("client_secret",
					"Never put the client secret in a URL; send it as Authorization: Bearer <client_secret>.");
		}
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
			throw new ApiException(HttpStatus.UNAUTHORIZED, ErrorType.AUTHENTICATION_ERROR, "invalid_client_secret",
					"Send the session's client secret as a bearer token: Authorization: Bearer vks_..._secret_...",
					null);
		}
		return header.substring(7).trim();
	}

}
