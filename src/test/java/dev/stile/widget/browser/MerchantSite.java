package dev.stile.widget.browser;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A merchant's site on another origin than the Stile server: checkout pages embedding
 * {@code <stile-button>} under a strict CSP of their own, and a webhook receiver.
 */
final class MerchantSite implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpServer server;

	private final String stileOrigin;

	private final Map<String, String> pages = new ConcurrentHashMap<>();

	private final List<JsonNode> webhooks = new CopyOnWriteArrayList<>();

	private final AtomicInteger pageCount = new AtomicInteger();

	MerchantSite(String stileOrigin) throws IOException {
		this.stileOrigin = stileOrigin;
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.setExecutor(Executors.newCachedThreadPool());
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	/** The merchant's origin: 127.0.0.1, another site than the server's localhost. */
	String origin() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	/** Where test-mode webhooks are sent; test mode accepts http on localhost. */
	String webhookUrl() {
		return "http://localhost:" + this.server.getAddress().getPort() + "/webhook";
	}

	/**
	 * Publishes a checkout page whose {@code <stile-button>} has these attributes, and
	 * answers its URL.
	 */
	String checkout(Map<String, String> attributes) {
		StringBuilder html = new StringBuilder();
		attributes.forEach((name, value) -> html.append(name)
			.append("=\"")
			.append(value.replace("&", "&amp;").replace("\"", "&quot;"))
			.append("\" "));
		String path = "/checkout/" + this.pageCount.incrementAndGet();
		this.pages.put(path, resource("merchant.html").replace("{{server}}", this.stileOrigin)
			.replace("{{attributes}}", html.toString().trim()));
		return origin() + path;
	}

	/** The webhook deliveries received so far, as events. */
	List<JsonNode> webhooks() {
		return List.copyOf(this.webhooks);
	}

	private void handle(HttpExchange exchange) throws IOException {
		String path = exchange.getRequestURI().getPath();
		try (InputStream in = exchange.getRequestBody()) {
			byte[] body = in.readAllBytes();
			if ("POST".equals(exchange.getRequestMethod()) && path.equals("/webhook")) {
				this.webhooks.add(JSON.readTree(body));
				send(exchange, 200, "text/plain", "ok");
			}
			else if (path.equals("/merchant.js")) {
				send(exchange, 200, "text/javascript", resource("merchant.js"));
			}
			else if (path.equals("/merchant.css")) {
				send(exchange, 200, "text/css", resource("merchant.css"));
			}
			else if (this.pages.containsKey(path)) {
				// The merchant's own strict policy: the widget must work without inline
				// code.
				exchange.getResponseHeaders()
					.add("Content-Security-Policy", "default-src 'self'; script-src 'self' " + this.stileOrigin
							+ "; style-src 'self'; frame-src " + this.stileOrigin);
				send(exchange, 200, "text/html; charset=utf-8", this.pages.get(path));
			}
			else {
				send(exchange, 404, "text/plain", "not found");
			}
		}
	}

	private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", type);
		exchange.getResponseHeaders().add("Cache-Control", "no-store");
		exchange.sendResponseHeaders(status, bytes.length);
		exchange.getResponseBody().write(bytes);
		exchange.close();
	}

	private static String resource(String name) {
		try (InputStream in = MerchantSite.class.getResourceAsStream("/widget/" + name)) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
