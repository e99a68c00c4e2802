package dev.stile.webhook;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Posts one webhook over HTTP/1.1. It resolves the host itself, checks every address
 * against the caller's rule and connects only to a checked address, so a name that
 * resolves to a private address (at any time, DNS rebinding included) is never reached.
 * TLS still verifies the certificate against the host name. Redirects are never followed:
 * a 3xx is a failed attempt. The whole attempt, connecting included, has one deadline.
 * <p>
 * A failure is described by its class only (timeout, refused, TLS, not HTTP, the HTTP
 * status), never by what the target sent or the exception's text: the error is shown to
 * whoever owns the endpoint, and a test key aimed at a port of this server's network must
 * not learn what answers there.
 */
class WebhookSender {

	static final String UNRESOLVED = "The host could not be resolved to a public address.";

	static final String REFUSED = "Connection refused.";

	static final String FAILED = "Connection failed.";

	static final String TLS = "TLS handshake failed.";

	static final String NOT_HTTP = "The endpoint did not answer with an HTTP response.";

	private static final int MAX_HEADER_BYTES = 16 * 1024;

	private final Resolver resolver;

	private final SSLSocketFactory tls;

	WebhookSender(Resolver resolver, SSLSocketFactory tls) {
		this.resolver = resolver;
		this.tls = tls;
	}

	/** A sender using the system's DNS and trust store. */
	static WebhookSender standard() {
		try {
			return new WebhookSender(InetAddress::getAllByName, SSLContext.getDefault().getSocketFactory());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("No default TLS context", ex);
		}
	}

	/**
	 * Sends {@code body} to {@code url}.
	 * @param allowed which addresses may be connected to
	 * @param timeout the deadline of the whole attempt
	 */
	Outcome post(URI url, byte[] body, Map<String, String> headers, Predicate<InetAddress> allowed, Duration timeout) {
		long start = System.nanoTime();
		long deadline = start + timeout.toNanos();
		try {
			Integer status = send(url, body, headers, allowed, deadline);
			String error = null;
			if (status / 100 == 3) {
				error = "Redirect (" + status + ") not followed; point the endpoint at the final URL.";
			}
			else if (status / 100 != 2) {
				error = "The endpoint answered " + status + ".";
			}
			return new Outcome(status, elapsedMillis(start), error);
		}
		catch (IOException ex) {
			return new Outcome(null, elapsedMillis(start), describe(ex, timeout));
		}
	}

	/**
	 * The class of a failure. A name that does not resolve and one that resolves to an
	 * address not allowed read the same, so that the error does not tell which names
	 * exist in this server's network.
	 */
	private static String describe(IOException failure, Duration timeout) {
		if (failure instanceof RefusedException || failure instanceof UnknownHostException) {
			return UNRESOLVED;
		}
		if (failure instanceof SocketTimeoutException) {
			return "Timed out after " + timeout.toSeconds() + "s.";
		}
		if (failure instanceof ConnectException) {
			return REFUSED;
		}
		if (failure instanceof SSLException) {
			return TLS;
		}
		if (failure instanceof ProtocolException) {
			return NOT_HTTP;
		}
		return FAILED;
	}

	private Integer send(URI url, byte[] body, Map<String, String> headers, Predicate<InetAddress> allowed,
			long deadline) throws IOException {
		boolean https = "https".equalsIgnoreCase(url.getScheme());
		String host = url.getHost();
		String bareHost = (host.startsWith("[") && host.endsWith("]")) ? host.substring(1, host.length() - 1) : host;
		int port = (url.getPort() != -1) ? url.getPort() : (https ? 443 : 80);
		InetAddress[] addresses = this.resolver.resolve(bareHost);
		// Every address must pass, not just the one tried first: otherwise a name with
		// one public and one private address would reach the private one on a retry.
		for (InetAddress address : addresses) {
			if (!allowed.test(address)) {
				throw new RefusedException();
			}
		}
		IOException last = new UnknownHostException(bareHost);
		for (InetAddress address : addresses) {
			Socket socket = new Socket();
			try {
				socket.connect(new InetSocketAddress(address, port), remainingMillis(deadline));
			}
			catch (IOException ex) {
				socket.close();
				last = ex;
				continue;
			}
			try (Socket connected = https ? tls(socket, bareHost, port, deadline) : socket) {
				return exchange(connected, url, host, port, https, body, headers, deadline);
			}
		}
		throw last;
	}

	private Socket tls(Socket socket, String host, int port, long deadline) throws IOException {
		SSLSocket ssl = (SSLSocket) this.tls.createSocket(socket, host, port, true);
		SSLParameters parameters = ssl.getSSLParameters();
		// Connecting to an address rather than a name: have TLS check the certificate
		// against the name all the same, and tell the server which name is meant.
		parameters.setEndpointIdentificationAlgorithm("HTTPS");
		if (!host.contains(":") && !host.matches("[0-9.]+")) {
			parameters.setServerNames(List.of(new SNIHostName(host)));
		}
		ssl.setSSLParameters(parameters);
		ssl.setSoTimeout(remainingMillis(deadline));
		ssl.startHandshake();
		return ssl;
	}

	private static int exchange(Socket socket, URI url, String host, int port, boolean https, byte[] body,
			Map<String, String> headers, long deadline) throws IOException {
		String path = (url.getRawPath() == null || url.getRawPath().isEmpty()) ? "/" : url.getRawPath();
		if (url.getRawQuery() != null) {
			path += "?" + url.getRawQuery();
		}
		boolean defaultPort = port == (https ? 443 : 80);
		StringBuilder head = new StringBuilder();
		head.append("POST ").append(path).append(" HTTP/1.1\r\n");
		head.append("Host: ").append(host).append(defaultPort ? "" : ":" + port).append("\r\n");
		head.append("Content-Length: ").append(body.length).append("\r\n");
		head.append("Connection: close\r\n");
		headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
		head.append("\r\n");
		socket.setSoTimeout(remainingMillis(deadline));
		OutputStream out = socket.getOutputStream();
		out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
		out.write(body);
		out.flush();
		InputStream in = new BufferedInputStream(socket.getInputStream());
		while (true) {
			String statusLine = readLine(socket, in, deadline);
			int status = parseStatus(statusLine);
			// Skip the headers; the body is not read, only the status matters.
			String line;
			int total = 0;
			do {
				line = readLine(socket, in, deadline);
				total += line.length();
				if (total > MAX_HEADER_BYTES) {
					throw new ProtocolException();
				}
			}
			while (!line.isEmpty());
			if (status >= 200 || status == 101) {
				return status;
			}
			// 1xx interim responses precede the real one.
		}
	}

	private static int parseStatus(String line) throws IOException {
		String[] parts = line.split(" ", 3);
		if (parts.length < 2 || !parts[0].toUpperCase(Locale.ROOT).startsWith("HTTP/")
				|| !parts[1].matches("[1-5][0-9][0-9]")) {
			throw new ProtocolException();
		}
		return Integer.parseInt(parts[1]);
	}

	private static String readLine(Socket socket, InputStream in, long deadline) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		while (true) {
			// Each read may wait only for what is left of the deadline, so a server that
			// trickles bytes cannot stretch the attempt.
			socket.setSoTimeout(remainingMillis(deadline));
			int b = in.read();
			if (b == -1) {
				throw new ProtocolException();
			}
			if (b == '\n') {
				String text = line.toString(StandardCharsets.ISO_8859_1);
				return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
			}
			line.write(b);
			if (line.size() > MAX_HEADER_BYTES) {
				throw new ProtocolException();
			}
		}
	}

	private static int remainingMillis(long deadline) throws SocketTimeoutException {
		long remaining = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
		if (remaining <= 0) {
			throw new SocketTimeoutException("deadline passed");
		}
		return (int) Math.min(remaining, Integer.MAX_VALUE);
	}

	private static long elapsedMillis(long start) {
		return Duration.ofNanos(System.nanoTime() - start).toMillis();
	}

	/**
	 * What one attempt came to.
	 *
	 * @param statusCode the endpoint's HTTP status, {@code null} if none was received
	 * @param durationMs how long the attempt took
	 * @param error what went wrong, {@code null} on success
	 */
	record Outcome(Integer statusCode, long durationMs, String error) {

		boolean succeeded() {
			return this.statusCode != null && this.statusCode / 100 == 2;
		}

	}

	/** Looks a host name up; a literal address resolves to itself. */
	@FunctionalInterface
	interface Resolver {

		InetAddress[] resolve(String host) throws UnknownHostException;

	}

	/** The host resolves to an address the caller's rule does not allow. */
	private static final class RefusedException extends IOException {

	}

	/**
	 * The endpoint answered something other than an HTTP response: another protocol,
	 * nothing, or headers beyond the limit.
	 */
	private static final class ProtocolException extends IOException {

	}

}
