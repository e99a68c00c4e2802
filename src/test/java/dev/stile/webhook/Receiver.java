package dev.stile.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;

import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP receiver on localhost for tests: records every request and answers with the
 * status a test chooses, optionally after a delay.
 */
final class Receiver implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpServer server;

	private final List<Request> requests = new CopyOnWriteArrayList<>();

	private final AtomicInteger count = new AtomicInteger();

	private volatile IntUnaryOperator status = (n) -> 200;

	private volatile Duration delay = Duration.ZERO;

	private volatile CountDownLatch gate = new CountDownLatch(0);

	private Receiver() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.setExecutor(Executors.newCachedThreadPool());
		this.server.createContext("/", (exchange) -> {
			Instant received = Instant.now();
			byte[] body;
			try (InputStream in = exchange.getRequestBody()) {
				body = in.readAllBytes();
			}
			int n = this.count.incrementAndGet();
			this.requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
					exchange.getRequestHeaders(), new String(body, StandardCharsets.UTF_8), received));
			try {
				Thread.sleep(this.delay.toMillis());
				this.gate.await(2, TimeUnit.MINUTES);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			int answer = this.status.applyAsInt(n);
			if (answer / 100 == 3) {
				exchange.getResponseHeaders().add("Location", "http://localhost:1/elsewhere");
			}
			exchange.sendResponseHeaders(answer, -1);
			exchange.close();
		});
		this.server.start();
	}

	static Receiver start() {
		try {
			return new Receiver();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Answers each request with the status for its number, counting from 1. */
	Receiver answering(IntUnaryOperator status) {
		this.status = status;
		return this;
	}

	Receiver delaying(Duration delay) {
		this.delay = delay;
		return this;
	}

	/** Holds every request, unanswered, until {@link #release()}. */
	Receiver holding() {
		this.gate = new CountDownLatch(1);
		return this;
	}

	/** Answers the held requests and every later one at once. */
	void release() {
		this.gate.countDown();
	}

	int port() {
		return this.server.getAddress().getPort();
	}

	String url() {
		return "http://localhost:" + port() + "/hooks";
	}

	List<Request> requests() {
		return List.copyOf(this.requests);
	}

	/** The requests carrying the event of the given type about the given session. */
	List<Request> eventsOf(String sessionId, String type) {
		return this.requests.stream()
			.filter((request) -> request.event().get("type").asString().equals(type)
					&& request.event().get("data").get("object").get("id").asString().equals(sessionId))
			.toList();
	}

	@Override
	public void close() {
		release();
		this.server.stop(0);
	}

	/** One request as received. */
	record Request(String method, String path, Map<String, List<String>> headers, String body, Instant received) {

		String header(String name) {
			return this.headers.entrySet()
				.stream()
				.filter((entry) -> entry.getKey().equalsIgnoreCase(name))
				.map((entry) -> entry.getValue().get(0))
				.findFirst()
				.orElse(null);
		}

		JsonNode event() {
			return JSON.readTree(this.body);
		}

	}

}
