package dev.stile.ops;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * One log line per request: method, path, status and duration. Never the query string or
 * headers, which may carry keys, secrets or personal data; the request id comes from the
 * logging context.
 */
class RequestLogFilter extends OncePerRequestFilter {

	private static final Logger logger = LoggerFactory.getLogger("dev.stile.request");

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long start = System.nanoTime();
		try {
			chain.doFilter(request, response);
		}
		finally {
			if (logger.isInfoEnabled()) {
				logger.info("{} {} {} {}ms", request.getMethod(), request.getRequestURI(), response.getStatus(),
						(System.nanoTime() - start) / 1_000_000);
			}
		}
	}

}
