package dev.stile.oid4vp;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import dev.stile.api.ApiException;
import dev.stile.api.ErrorType;
import io.swagger.v3.oas.annotations.Hidden;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What a wallet reaches, without an API key: the signed request at {@code request_uri}
 * and the response at {@code response_uri}. Neither ever redirects (OpenID4VP 1.0 §14.8).
 * Form bodies are read here from their bytes: the container's parameter parsing would
 * read them leniently, and other endpoints refuse forms before any code runs.
 */
@Hidden
@RestController
@RequestMapping("/v1/oid4vp")
class WalletEndpointController {

	private static final MediaType REQUEST_OBJECT = MediaType.parseMediaType(PresentationRequests.REQUEST_OBJECT_TYPE);

	private final PresentationRequests requests;

	WalletEndpointController(PresentationRequests requests) {
		this.requests = requests;
	}

	@GetMapping("/requests/{id}")
	ResponseEntity<String> request(@PathVariable String id) {
		return requestObject(this.requests.requestObject(id, null));
	}

	/** {@code request_uri_method=post}: the wallet sends its metadata and a nonce. */
	@PostMapping("/requests/{id}")
	ResponseEntity<String> requestByPost(@PathVariable String id, HttpServletRequest request) {
		FormBody form = form(request);
		return requestObject(this.requests.requestObject(id, form.get("wallet_nonce")));
	}

	@PostMapping(path = "/responses/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
	Map<String, Object> response(@PathVariable String id, HttpServletRequest request) {
		return this.requests.respond(id, form(request));
	}

	private static ResponseEntity<String> requestObject(String jwt) {
		return ResponseEntity.ok().contentType(REQUEST_OBJECT).header(HttpHeaders.CACHE_CONTROL, "no-store").body(jwt);
	}

	private static FormBody form(HttpServletRequest request) {
		String contentType = request.getContentType();
		MediaType type;
		try {
			type = (contentType != null) ? MediaType.parseMediaType(contentType) : null;
		}
		catch (IllegalArgumentException ex) {
			type = null;
		}
		if (type == null || !MediaType.APPLICATION_FORM_URLENCODED.equalsTypeAndSubtype(type)) {
			throw new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, ErrorType.INVALID_REQUEST_ERROR,
					"unsupported_media_type",
					"A wallet posts here as application/x-www-form-urlencoded, as OpenID4VP says.", null);
		}
		if (type.getCharset() != null && !type.getCharset().name().equals("UTF-8")) {
			throw new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, ErrorType.INVALID_REQUEST_ERROR,
					"unsupported_media_type", "Form bodies are read as UTF-8.", null);
		}
		byte[] body;
		try {
			body = request.getInputStream().readAllBytes();
		}
		catch (IOException ex) {
			// The body limit's overflow is mapped to body_too_large like any body's.
			throw new HttpMessageNotReadableException("form body unreadable", ex, null);
		}
		return FormBody.parse(body)
			.orElseThrow(() -> new ApiException(HttpStatus.BAD_REQUEST, ErrorType.INVALID_REQUEST_ERROR, "body_invalid",
					"The form body is not well-formed: bad percent-encoding, bytes that are not UTF-8, or a repeated field.",
					"body"));
	}

}
