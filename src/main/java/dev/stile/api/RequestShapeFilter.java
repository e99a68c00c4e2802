package dev.stile.api;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.Charset;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses, on every path and before any other code reads the request, what no endpoint
 * takes and what would otherwise fail deep inside the framework: a method HTTP does not
 * define for us (the container answers those with 501, and TRACE echoes headers), an
 * {@code Origin} that is not an origin (CORS processing refuses it with a bare 403), a
 * {@code Content-Type} that is not one concrete media type with a known charset (Spring
 * asserts on wildcards, the JDK throws on charset names), and a form-encoded body (the
 * container decodes one as request parameters the first time any code asks for a
 * parameter, and an undecodable one then fails far from the API's error handling).
 */
class RequestShapeFilter extends OncePerRequestFilter {

	// OpenID4VP has wallets post forms to the request and response URIs; those endpoints
	// read the bytes themselves, strictly. Every other path refuses form bodies.
	private static final Pattern WALLET_FORM_PATHS = Pattern
		.compile("/v1/oid4vp/(requests|responses)/[A-Za-z0-9_]{1,64}");

	private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

	private final ErrorWriter errorWriter;

	RequestShapeFilter(ErrorWriter errorWriter) {
		this.errorWriter = errorWriter;
	}

	/** The answer to a body in a format the API does not read. */
	static ApiException unsupportedMediaType() {
		return new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, ErrorType.INVALID_REQUEST_ERROR,
				"unsupported_media_type", "Request bodies must be JSON, sent with Content-Type: application/json.",
				null);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		ApiException refusal = check(request);
		if (refusal != null) {
			this.errorWriter.write(request, response, refusal);
			return;
		}
		chain.doFilter(request, response);
	}

	private static ApiException check(HttpServletRequest request) {
		if (!METHODS.contains(request.getMethod())) {
			return new ApiException(HttpStatus.METHOD_NOT_ALLOWED, ErrorType.INVALID_REQUEST_ERROR,
					"method_not_allowed", "The " + request.getMethod() + " method is not allowed on this server.",
					null);
		}
		String origin = request.getHeader("Origin");
		if (origin != null && !isOrigin(origin)) {
			return new ApiException(HttpStatus.BAD_REQUEST, ErrorType.INVALID_REQUEST_ERROR, "header_invalid",
					"The Origin header is not an origin (scheme://host[:port] or null).", null);
		}
		String header = request.getHeader("Content-Type");
		if (header == null) {
			return null;
		}
		MediaType type;
		try {
			type = MediaType.parseMediaType(header);
			if (type.isWildcardType() || type.isWildcardSubtype()) {
				return invalidContentType();
			}
			// Resolves the charset parameter, which must name one this JVM has.
			Charset charset = type.getCharset();
			if (charset == null && type.getParameter("charset") != null) {
				return invalidContentType();
			}
		}
		catch (IllegalArgumentException ex) {
			return invalidContentType();
		}
		if (MediaType.APPLICATION_FORM_URLENCODED.equalsTypeAndSubtype(type) && hasBody(request)
				&& !("POST".equals(request.getMethod())
						&& WALLET_FORM_PATHS.matcher(request.getRequestURI()).matches())) {
			return unsupportedMediaType();
		}
		return null;
	}

	private static boolean isOrigin(String origin) {
		if (origin.equals("null")) {
			return true;
		}
		try {
			URI uri = new URI(origin);
			return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
					&& uri.getHost() != null && uri.getRawPath().isEmpty() && uri.getRawQuery() == null
					&& uri.getRawFragment() == null && uri.getRawUserInfo() == null;
		}
		catch (URISyntaxException ex) {
			return false;
		}
	}

	private static ApiException invalidContentType() {
		return new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, ErrorType.INVALID_REQUEST_ERROR,
				"unsupported_media_type",
				"The Content-Type header is not a media type this API reads; send JSON with Content-Type: application/json.",
				null);
	}

	private static boolean hasBody(HttpServletRequest request) {
		return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
	}

}
