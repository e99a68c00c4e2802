package dev.stile.api;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies larger than the configured limit, whether announced by
 * {@code Content-Length} or streamed in chunks, before anything reads them into memory.
 */
class BodySizeLimitFilter extends OncePerRequestFilter {

	/**
	 * The one place a large body is expected: a document photo or a credential
	 * presentation sent to the widget's API.
	 */
	static final String UPLOAD_PATH = "/v1/client/session/attempts";

	/** Room for the multipart framing around an upload's photo. */
	static final long MULTIPART_FRAMING_BYTES = 16 * 1024;

	// A wallet's response carries a presentation as an attempt does (encrypted, it is
	// larger by a third: the attempt limit covers an ordinary credential either way).
	static final String WALLET_RESPONSE_PATH = "/v1/oid4vp/responses/";

	private final long maxBytes;

	private final long maxUploadBytes;

	private final long maxAttemptBytes;

	private final ErrorWriter errorWriter;

	BodySizeLimitFilter(long maxBytes, long maxUploadBytes, long maxAttemptBytes, ErrorWriter errorWriter) {
		this.maxBytes = maxBytes;
		this.maxUploadBytes = maxUploadBytes;
		this.maxAttemptBytes = maxAttemptBytes;
		this.errorWriter = errorWriter;
	}

	static ApiException tooLarge(long maxBytes) {
		return new ApiException(HttpStatus.BAD_REQUEST, ErrorType.INVALID_REQUEST_ERROR, "body_too_large",
				"The request body is larger than " + maxBytes + " bytes.", "body");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String contentType = request.getContentType();
		boolean attempt = (UPLOAD_PATH.equals(request.getRequestURI())
				|| request.getRequestURI().startsWith(WALLET_RESPONSE_PATH)) && contentType != null;
		boolean upload = attempt && UPLOAD_PATH.equals(request.getRequestURI())
				&& contentType.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data");
		// An upload's limit is on its photo: the multipart framing around it (boundaries,
		// part headers, the method field) comes on top, and Spring's max-file-size holds
		// the photo part itself to the same limit.
		long limit = upload ? this.maxUploadBytes + MULTIPART_FRAMING_BYTES
				: attempt ? Math.max(this.maxBytes, this.maxAttemptBytes) : this.maxBytes;
		if (request.getContentLengthLong() > limit) {
			this.errorWriter.write(request, response, tooLarge(upload ? this.maxUploadBytes : limit));
			return;
		}
		chain.doFilter(new LimitedRequest(request, limit), response);
	}

	/** Raised while reading a chunked body that grows past the limit. */
	static final class BodyTooLargeException extends IOException {

		private final long maxBytes;

		BodyTooLargeException(long maxBytes) {
			super("request body too large");
			this.maxBytes = maxBytes;
		}

		long maxBytes() {
			return this.maxBytes;
		}

	}

	private static final class LimitedRequest extends HttpServletRequestWrapper {

		private final long maxBytes;

		private ServletInputStream stream;

		LimitedRequest(HttpServletRequest request, long maxBytes) {
			super(request);
			this.maxBytes = maxBytes;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.stream == null) {
				this.stream = new LimitedInputStream(super.getInputStream(), this.maxBytes);
			}
			return this.stream;
		}

	}

	private static final class LimitedInputStream extends ServletInputStream {

		private final ServletInputStream delegate;

		private final long maxBytes;

		private long read;

		LimitedInputStream(ServletInputStream delegate, long maxBytes) {
			this.delegate = delegate;
			this.maxBytes = maxBytes;
		}

		@Override
		public int read() throws IOException {
			int b = this.delegate.read();
			if (b >= 0) {
				count(1);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = this.delegate.read(buffer, offset, length);
			if (n > 0) {
				count(n);
			}
			return n;
		}

		private void count(int n) throws BodyTooLargeException {
			this.read += n;
			if (this.read > this.maxBytes) {
				throw new BodyTooLargeException(this.maxBytes);
			}
		}

		@Override
		public boolean isFinished() {
			return this.delegate.isFinished();
		}

		@Override
		public boolean isReady() {
			return this.delegate.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			this.delegate.setReadListener(listener);
		}

	}

}
