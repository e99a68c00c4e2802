package dev.stile.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a query string that cannot be decoded ({@code %zz}) or that decodes to text the
 * API never accepts (a NUL, an unpaired surrogate), naming the parameter, before the
 * container's lazy parameter parsing or the database trips over it.
 */
class QueryStringFilter extends OncePerRequestFilter {

	private final ErrorWriter errorWriter;

	QueryStringFilter(ErrorWriter errorWriter) {
		this.errorWriter = errorWriter;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String query = request.getQueryString();
		ApiException refusal = (query != null) ? check(query) : null;
		if (refusal != null) {
			this.errorWriter.write(request, response, refusal);
			return;
		}
		chain.doFilter(request, response);
	}

	static ApiException check(String query) {
		for (String pair : query.split("&", -1)) {
			if (pair.isEmpty()) {
				continue;
			}
			int equals = pair.indexOf('=');
			String name = decode((equals >= 0) ? pair.substring(0, equals) : pair);
			if (name == null) {
				return ApiException.invalid(null, "The query string is not correctly percent-encoded UTF-8.");
			}
			if (name.isEmpty()) {
				return ApiException.invalid(null, "A query parameter has no name.");
			}
			if (!StrictText.isAcceptable(name)) {
				return ApiException.invalid(null, "A query parameter name contains a NUL character.");
			}
			String value = decode((equals >= 0) ? pair.substring(equals + 1) : "");
			if (value == null) {
				return ApiException.invalid(name, "Invalid " + name + ": it is not correctly percent-encoded UTF-8.");
			}
			if (!StrictText.isAcceptable(value)) {
				return ApiException.invalid(name, "Invalid " + name + ": it contains a NUL character.");
			}
		}
		return null;
	}

	/**
	 * Percent-decodes strict UTF-8 ({@code +} is a space); {@code null} when it is not.
	 */
	private static String decode(String raw) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
		for (int i = 0; i < raw.length(); i++) {
			char c = raw.charAt(i);
			if (c == '%') {
				if (i + 2 >= raw.length()) {
					return null;
				}
				int high = Character.digit(raw.charAt(i + 1), 16);
				int low = Character.digit(raw.charAt(i + 2), 16);
				if (high < 0 || low < 0) {
					return null;
				}
				bytes.write((high << 4) | low);
				i += 2;
			}
			else if (c == '+') {
				bytes.write(' ');
			}
			else if (c < 0x80) {
				bytes.write(c);
			}
			else {
				return null;
			}
		}
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes.toByteArray()))
				.toString();
		}
		catch (CharacterCodingException ex) {
			return null;
		}
	}

}
