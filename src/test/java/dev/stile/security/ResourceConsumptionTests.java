package dev.stile.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.stile.support.Api;
import dev.stile.support.Api.Response;
import dev.stile.support.IntegrationTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OWASP API4, unrestricted resource consumption: every body, metadata map and list is
 * bounded, and a client that sends slowly or stops sending cannot keep the server's
 * threads.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResourceConsumptionTests {

	private static final int MAX_BODY = 64 * 1024;

	// The widget's attempts carry credential presentations of up to 256 KiB as base64url.
	private static final int MAX_ATTEMPT_BODY = 384 * 1024;

	@Autowired
	Api api;

	@Autowired
	WebServerApplicationContext server;

	@Autowired
	Environment environment;

	Tenant tenant;

	@BeforeAll
	void tenant() {
		this.tenant = Tenant.create(this.api);
	}

	static Stream<Arguments> bodyEndpoints() {
		return Stream.of(Arguments.of("POST", Tenant.SESSIONS + "/{session}/cancel"),
				Arguments.of("POST", "/v1/webhook_endpoints"), Arguments.of("POST", "/v1/webhook_endpoints/{endpoint}"),
				Arguments.of("POST", "/v1/webhook_endpoints/{endpoint}/roll_secret"),
				Arguments.of("DELETE", "/v1/webhook_endpoints/{endpoint}"),
				Arguments.of("POST", "/v1/verified_person/lookup"), Arguments.of("POST", "/v1/reuse_settings"),
				Arguments.of("POST", Tenant.CLIENT + "/attempts"), Arguments.of("POST", Tenant.CLIENT + "/consent"),
				Arguments.of("POST", Tenant.CLIENT + "/reuse/send_code"),
				Arguments.of("POST", Tenant.CLIENT + "/reuse/verify"));
	}

	@ParameterizedTest(name = "{0} {1}")
	@MethodSource("bodyEndpoints")
	void aBodyOverTheLimitIsRefusedOnEveryEndpoint(String method, String template) {
		String path = template.replace("{session}", this.tenant.sessionId)
			.replace("{endpoint}", this.tenant.endpointId);
		String key = path.startsWith(Tenant.CLIENT) ? this.tenant.clientSecret : this.tenant.secretKey;
		int limit = path.endsWith("/attempts") ? MAX_ATTEMPT_BODY : MAX_BODY;
		String body = "{\"description\": \"" + "x".repeat(limit + 1) + "\"}";

		Response response = this.api.call(method, path).key(key).raw(body, "application/json").send();

		assertThat(response.status()).as(response.body()).isEqualTo(400);
		assertThat(response.error().get("code").asString()).isEqualTo("body_too_large");
		assertThat(response.error().get("param").asString()).isEqualTo("body");
		assertThat(Tenant.ok(this.api.get(this.tenant.secretKey, Tenant.SESSIONS + "/" + this.tenant.sessionId))
			.get("status")
			.asString()).isEqualTo("created");
	}

	static Stream<String> lists() {
		return Stream.of(Tenant.SESSIONS, "/v1/events", "/v1/webhook_endpoints",
				"/v1/webhook_endpoints/{endpoint}/deliveries", "/v1/events/{event}/deliveries",
				"/v1/credential_reuses");
	}

	static Stream<Arguments> listsAndLimits() {
		List<Arguments> arguments = new ArrayList<>();
		lists().forEach((list) -> {
			for (String limit : List.of("0", "101", "1000000", "-1", "99999999999999999999", "1e2", "abc", "")) {
				arguments.add(Arguments.of(list, limit));
			}
		});
		return arguments.stream();
	}

	@ParameterizedTest(name = "{0}?limit={1}")
	@MethodSource("listsAndLimits")
	void everyListRefusesALimitOutsideOneToAHundred(String template, String limit) {
		Response response = this.api.get(this.tenant.secretKey, path(template) + "?limit=" + limit);

		assertThat(response.status()).as(response.body()).isEqualTo(400);
		assertThat(response.error().get("param").asString()).isEqualTo("limit");
	}

	@ParameterizedTest
	@MethodSource("lists")
	void everyListAnswersAtMostTheLargestLimit(String template) {
		Response response = this.api.get(this.tenant.secretKey, path(template) + "?limit=100");

		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(response.json().get("data").size()).isLessThanOrEqualTo(100);
	}

	@Test
	void metadataIsBoundedOnEveryBodyThatTakesIt() {
		Map<String, String> tooManyKeys = new HashMap<>();
		for (int i = 0; i < 51; i++) {
			tooManyKeys.put("k" + i, "v");
		}
		List<Map<String, Object>> bad = List.of(Map.of("metadata", tooManyKeys),
				Map.of("metadata", Map.of("k".repeat(41), "v")), Map.of("metadata", Map.of("", "v")),
				Map.of("metadata", Map.of("k", "v".repeat(501))));
		for (String path : List.of(Tenant.SESSIONS, "/v1/webhook_endpoints",
				"/v1/webhook_endpoints/" + this.tenant.endpointId)) {
			for (Map<String, Object> metadata : bad) {
				Map<String, Object> body = new HashMap<>(metadata);
				if (path.equals(Tenant.SESSIONS)) {
					body.put("type", "age");
				}
				else if (path.equals("/v1/webhook_endpoints")) {
					body.put("url", "https://hooks.example.com/x");
					body.put("enabled_events", List.of("*"));
				}

				Response response = this.api.post(this.tenant.secretKey, path, body);

				assertThat(response.status()).as(path + " " + response.body()).isEqualTo(400);
				assertThat(response.error().get("param").asString()).startsWith("metadata");
			}
		}
	}

	@Test
	void aComplianceCheckTakesAtMostTenUseCases() {
		String elevenUseCases = String.join(",", java.util.Collections.nCopies(11, "alcohol_delivery"));

		Response response = this.api.get(this.tenant.secretKey,
				"/v1/compliance/check?jurisdiction=US-CA&use_cases=" + elevenUseCases);

		assertThat(response.status()).as(response.body()).isEqualTo(400);
		assertThat(response.error().get("param").asString()).isEqualTo("use_cases");
	}

	@Test
	void responsesAnnounceTheRateLimitOfTheKey() {
		// Spec §1: rate limits per key, with X-RateLimit-* headers on every response.
		Response response = this.api.get(this.tenant.secretKey, Tenant.SESSIONS);

		assertThat(response.header("X-RateLimit-Limit")).as("X-RateLimit-Limit").isNotNull();
		assertThat(response.header("X-RateLimit-Remaining")).as("X-RateLimit-Remaining").isNotNull();
	}

	@Test
	void slowClientsTricklingHeadersDoNotHoldRequestThreads() throws Exception {
		List<Socket> trickling = new ArrayList<>();
		String request = "POST " + Tenant.SESSIONS + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
				+ this.tenant.secretKey + "\r\nContent-Type: application/json\r\nX-Slow: ";
		try {
			for (int i = 0; i < 60; i++) {
				Socket socket = new Socket("localhost", port());
				socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
				trickling.add(socket);
			}
			// A request stuck behind the trickling clients would wait for their
			// connection
			// timeout, which each trickled byte renews; half of it is far beyond what a
			// busy machine needs to answer.
			Duration bound = connectionTimeout().dividedBy(2);
			for (int round = 0; round < 10; round++) {
				for (Socket socket : trickling) {
					socket.getOutputStream().write('a');
					socket.getOutputStream().flush();
				}
				long started = System.nanoTime();
				Response response = this.api.get(this.tenant.secretKey, Tenant.SESSIONS + "?limit=1");
				assertThat(response.status()).isEqualTo(200);
				assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(bound);
			}
		}
		finally {
			for (Socket socket : trickling) {
				socket.close();
			}
		}
	}

	@Test
	void aConnectionTimeoutIsConfigured() {
		// Tomcat's own default is 60 s per read, which a trickling client renews forever.
		assertThat(this.environment.getProperty("server.tomcat.connection-timeout"))
			.as("server.tomcat.connection-timeout in application.yaml")
			.isNotNull();
		assertThat(connectionTimeout()).isLessThanOrEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void aClientThatStopsSendingItsHeadersIsDisconnectedWithinTheConnectionTimeout() throws Exception {
		assertSilentClientIsDisconnected(
				"GET " + Tenant.SESSIONS + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ");
	}

	@Test
	void aClientThatStopsSendingItsBodyIsDisconnectedWithinTheConnectionTimeout() throws Exception {
		assertSilentClientIsDisconnected("POST " + Tenant.SESSIONS
				+ " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + this.tenant.secretKey
				+ "\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"type\": \"a");
	}

	/**
	 * Sends the start of a request byte by byte, then nothing: the server must let go of
	 * the connection (closing it, or answering an error) within its connection timeout.
	 */
	private void assertSilentClientIsDisconnected(String start) throws Exception {
		Duration timeout = connectionTimeout();
		assertThat(timeout).as("configured connection timeout").isLessThanOrEqualTo(Duration.ofSeconds(30));
		try (Socket socket = new Socket("localhost", port())) {
			OutputStream out = socket.getOutputStream();
			for (byte b : start.getBytes(StandardCharsets.US_ASCII)) {
				out.write(b);
				out.flush();
				if (b == '\n') {
					Thread.sleep(20);
				}
			}
			long silentSince = System.nanoTime();
			socket.setSoTimeout((int) timeout.plusSeconds(5).toMillis());
			InputStream in = socket.getInputStream();
			try {
				// The first byte of an error answer, or the close: either way the request
				// thread is
				// free again. (The container may then keep the idle socket a while
				// longer, to swallow
				// the rest of the body, without holding a thread.)
				in.read();
			}
			catch (SocketTimeoutException ex) {
				throw new AssertionError("the server still held the request " + timeout.plusSeconds(5)
						+ " after the client fell silent");
			}
			catch (IOException ex) {
				// reset by the server: let go as well
			}
			assertThat(Duration.ofNanos(System.nanoTime() - silentSince)).isLessThan(timeout.plusSeconds(3));
		}
	}

	private Duration connectionTimeout() {
		Duration configured = this.environment.getProperty("server.tomcat.connection-timeout", Duration.class);
		return (configured != null) ? configured : Duration.ofSeconds(60);
	}

	private String path(String template) {
		return template.replace("{endpoint}", this.tenant.endpointId).replace("{event}", this.tenant.eventId);
	}

	private int port() {
		return this.server.getWebServer().getPort();
	}

}
