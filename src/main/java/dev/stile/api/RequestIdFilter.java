package dev.stile.api;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request an id, sends it back in {@code Request-Id} on every response
 * (errors and authentication failures included) and puts it in the logs.
 */
class RequestIdFilter extends OncePerRequestFilter {

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String requestId = RequestIds.of(request);
		response.setHeader(RequestIds.HEADER, requestId);
		MDC.put("request_id", requestId);
		try {
			chain.doFilter(request, response);
		}
		finally {
			MDC.remove("request_id");
		}
	}

}
