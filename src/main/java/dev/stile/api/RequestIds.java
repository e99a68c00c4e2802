package dev.stile.api;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The id of the request being served, as sent in the {@code Request-Id} header.
 */
public final class RequestIds {

	static final String ATTRIBUTE = RequestIds.class.getName();

	/** The response header carrying the request id. */
	public static final String HEADER = "Request-Id";

	private RequestIds() {
	}

	/** The id given to this request, or a fresh one if it somehow has none. */
	public static String of(HttpServletRequest request) {
		Object id = request.getAttribute(ATTRIBUTE);
		if (id instanceof String value) {
			return value;
		}
		String fresh = Ids.newId("req");
		request.setAttribute(ATTRIBUTE, fresh);
		return fresh;
	}

}
