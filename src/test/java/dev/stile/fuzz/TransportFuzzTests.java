package dev.stile.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.stile.support.Api;
import dev.stile.support.IntegrationTest;
import dev.stile.support.TestOrganization;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ten thousand hostile requests, from a fixed seed, at every endpoint the server maps
 * (read from Spring MVC's own mappings, so that a new endpoint is fuzzed the day it
 * lands) and at paths it does not: every method, every content type (JSON with good, bad
 * and unknown charsets, form-encoded, multipart with broken boundaries, text,
 * octet-stream, none), bodies of random bytes, invalid UTF-8, NUL, lone surrogates,
 * truncated or deeply nested JSON and huge numbers, header values that are not ASCII,
 * with every kind of credential and none. No answer may be a 5xx; every error is the
 * envelope with its request id; a refused request writes nothing; the server still serves
 * afterwards.
 */
@IntegrationTest
class TransportFuzzTests {

	private static final Logger logger = LoggerFactory.getLogger(TransportFuzzTests.class);

	/** Change it to explore; keep it fixed in the repository so that failures replay. */
	static final long SEED = 20261204L;

	static final int REQUESTS = Integer.getInteger("stile.fuzz.transport-requests", 10_000);

	// A path variable, with or without a regular expression of its own: {id} or
	// {id:[a-z_0-9]+}.
	private static final Pattern VARIABLE = Pattern.compile("\\{[^/]+?}(?=/|$)");

	private static final String[] METHODS = { "GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD", "TRACE",
			"PROPFIND", "CONNECT", "FOO" };

	private static final String[] CONTENT_TYPES = { "application/json", "application/json; charset=utf-8",
			"application/json; charset=latin1", "application/json; charset=utf-16", "application/json; charset=bogus",
			"application/json; charset=", "application/x-www-form-urlencoded",
			"application/x-www-form-urlencoded; charset=utf-8", "application/x-www-form-urlencoded; charset=bogus",
			"multipart/form-data; boundary=XyZ", "multipart/form-data", "multipart/form-data; boundary=",
			"multipart/form-data; boundary=\"unterminated", "multipart/mixed; boundary=XyZ", "text/plain",
			"text/plain; charset=utf-8", "application/octet-stream", "application/xml", "*/*", "application/*",
			"garbage", "/", ";;;", "application/json;;charset==utf-8", "" };

	@Autowired
	Api api;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	WebServerApplicationContext server;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	private Random random;

	private Map<String, String> ids;

	private String secretKey;

	private String publishableKey;

	private String clientSecret;

	private int clientUses;

	@Test
	void hostileRequestsToEveryEndpointNeverFailTheServerNorChangeTheDatabase() {
		TestOrganization organization = setUp();
		List<Endpoint> endpoints = endpoints();
		assertThat(endpoints).as("the server's mapped endpoints").hasSizeGreaterThan(20);
		DatabaseSnapshot snapshot = new DatabaseSnapshot(this.jdbc, organization.id());
		RawHttp http = new RawHttp(this.server.getWebServer().getPort());
		Map<Integer, AtomicInteger> byStatus = new TreeMap<>();
		Map<String, AtomicInteger> problems = new TreeMap<>();
		List<String> failures = new ArrayList<>();
		String before = snapshot.take();
		long started = System.nanoTime();
		for (int i = 0; i < REQUESTS; i++) {
			Endpoint endpoint = endpoints.get(this.random.nextInt(endpoints.size()));
			Request request = request(endpoint);
			RawHttp.Reply reply = http.exchange(request.bytes());
			byStatus.computeIfAbsent(reply.status(), (s) -> new AtomicInteger()).incrementAndGet();
			String after = snapshot.take();
			String problem = check(request, reply, before, after);
			if (problem != null) {
				problems
					.computeIfAbsent(reply.status() + " " + problem + " on " + endpoint.pattern(),
							(p) -> new AtomicInteger())
					.incrementAndGet();
				if (failures.size() < 40) {
					failures.add("#" + i + " " + request.describe() + " -> " + reply.status() + " "
							+ abbreviate(reply.body()));
				}
			}
			before = after;
			if (endpoint.pattern().startsWith("/v1/client/") && ++this.clientUses % 40 == 0) {
				newClientSession();
				before = snapshot.take();
			}
		}
		long millis = (System.nanoTime() - started) / 1_000_000;
		logger.info("Transport fuzz (seed {}): {} requests over {} endpoints in {} ms; by status {}; problems {}", SEED,
				REQUESTS, endpoints.size(), millis, byStatus, problems);
		assertThat(problems).as("seed " + SEED + "; the first requests with a problem:\n" + String.join("\n", failures))
			.isEmpty();
		assertThat(byStatus.keySet()).noneMatch((status) -> status >= 500);
		Api.Response after = this.api.get(this.secretKey, "/v1/verification_sessions?limit=1");
		assertThat(after.status()).as("the server still serves after the fuzz").isEqualTo(200);
	}

	@Test
	void anUndecodableFormBodyToAnyEndpointIsRefusedInTheEnvelope() {
		setUp();
		RawHttp http = new RawHttp(this.server.getWebServer().getPort());
		byte[] body = concat(utf8("a=%ff%fe&b="), new byte[] { (byte) 0xc3, (byte) 0x28, (byte) 0xff },
				randomBytes(64));
		for (Endpoint endpoint : endpoints()) {
			for (String method : new String[] { "POST", "PUT", "PATCH", "DELETE" }) {
				String path = VARIABLE.matcher(endpoint.pattern()).replaceAll("x").replace("**", "x");
				byte[] request = concat(utf8(method + " " + path
						+ " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nAuthorization: Bearer "
						+ rightCredential(endpoint.pattern())
						+ "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.length
						+ "\r\n\r\n"), body);
				RawHttp.Reply reply = http.exchange(request);
				// A path the container itself refuses (/%2e%2e/v1) answers 400 before any
				// filter.
				assertThat(reply.status()).as(method + " " + path).isBetween(400, 499);
				assertThat(check(new Request(method, path, List.of(), body, request), reply, "", ""))
					.as(method + " " + path)
					.isNull();
			}
		}
	}

	/** A fresh organization with keys, a session, an endpoint and an event to aim at. */
	private TestOrganization setUp() {
		this.random = new Random(SEED);
		TestOrganization organization = TestOrganization.create(this.api);
		this.secretKey = organization.testSecretKeyAllowing(1_000_000);
		this.publishableKey = organization.testPublishableKey();
		this.ids = ids(organization);
		newClientSession();
		return organization;
	}

	/** Why this answer breaks a rule, or {@code null}. */
	private static String check(Request request, RawHttp.Reply reply, String before, String after) {
		if (reply.status() >= 500 || reply.status() < 100) {
			return "server error";
		}
		if (reply.status() < 400) {
			return null;
		}
		if (!before.equals(after)) {
			return "a refused request changed the database";
		}
		if (request.method().equals("HEAD")) {
			return null;
		}
		Object envelope = ErrorEnvelope.read(reply);
		return (envelope instanceof String problem) ? problem : null;
	}

	/**
	 * Every path and method Spring MVC maps, plus paths nobody maps.
	 */
	private List<Endpoint> endpoints() {
		Set<Endpoint> endpoints = new LinkedHashSet<>();
		for (RequestMappingInfo info : this.mappings.getHandlerMethods().keySet()) {
			Set<String> methods = new LinkedHashSet<>();
			for (RequestMethod method : info.getMethodsCondition().getMethods()) {
				methods.add(method.name());
			}
			if (methods.isEmpty()) {
				methods.add("GET");
				methods.add("POST");
			}
			for (String pattern : info.getPatternValues()) {
				for (String method : methods) {
					endpoints.add(new Endpoint(method, pattern));
				}
			}
		}
		for (String path : new String[] { "/", "/nope", "/v1", "/v1/nope", "/admin/v1/nope", "/v1/client/nope",
				"/verify", "/verify/", "/widget.js", "/docs", "/swagger-ui/index.html", "/v1/openapi.json",
				"/v1/verification_sessions/", "/v1//verification_sessions", "/%2e%2e/v1" }) {
			endpoints.add(new Endpoint("GET", path));
			endpoints.add(new Endpoint("POST", path));
		}
		return new ArrayList<>(endpoints);
	}

	private Request request(Endpoint endpoint) {
		String method = (this.random.nextInt(10) < 7) ? endpoint.method() : pick(METHODS);
		String path = path(endpoint.pattern());
		if (this.random.nextInt(8) == 0) {
			path += "?" + pick(new String[] { "limit=%ff", "expand[]=results", "a=%00", "x=" + "y".repeat(3000), "=&&=",
					"limit=1&limit=2", "%zz=1", "starting_after=vks_x" });
		}
		List<String> headers = new ArrayList<>();
		String credential = credential(endpoint.pattern());
		if (credential != null) {
			headers.add("Authorization: " + credential);
		}
		if (this.random.nextInt(12) == 0) {
			headers.add(pick(new String[] { "Idempotency-Key: \u00ff\u00fe\u0001", "Accept: \u00e9/\u00e9",
					"Accept: application/xml", "Accept-Charset: bogus", "Stripe-Version: 1",
					"Idempotency-Key: " + "k".repeat(300), "X-Forwarded-For: \u00ff", "CF-IPCountry: \u00ff\u00ff",
					"Origin: null", "Accept-Language: !!!;q=x, *;;", "Origin: https://\u00ff.example",
					"Cookie: a=\u00ff", "Request-Id: \u0000x" }));
		}
		byte[] body = null;
		boolean hasBody = !method.equals("GET") || this.random.nextInt(5) == 0;
		String boundary = "XyZ";
		if (hasBody) {
			String contentType = pick(CONTENT_TYPES);
			if (!contentType.isEmpty() || this.random.nextBoolean()) {
				headers.add("Content-Type: " + contentType);
			}
			body = contentType.startsWith("multipart") ? multipartBody(boundary) : body();
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes((method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n")
			.getBytes(StandardCharsets.ISO_8859_1));
		for (String header : headers) {
			// ISO-8859-1: a header value's characters above 0x7f go out as single raw
			// bytes.
			out.writeBytes((header + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
		}
		if (body != null) {
			out.writeBytes(("Content-Length: " + body.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
		}
		out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
		if (body != null) {
			out.writeBytes(body);
		}
		return new Request(method, path, headers, body, out.toByteArray());
	}

	/** The pattern with its variables replaced by real ids, ids of others, or junk. */
	private String path(String pattern) {
		Matcher matcher = VARIABLE.matcher(pattern);
		StringBuilder path = new StringBuilder();
		while (matcher.find()) {
			String before = pattern.substring(0, matcher.start());
			String segment = before.substring(before.lastIndexOf('/', before.length() - 2) + 1,
					Math.max(before.length() - 1, 0));
			String value = (this.random.nextInt(4) != 0) ? this.ids.getOrDefault(segment, "x")
					: pick(new String[] { "vks_nope", "%00", "%zz", "%ff%fe", "..%2F..%2Fetc", "x".repeat(3000),
							"%F0%9F%98%80", "vks_" + "0".repeat(22), "-1", "%2F", "a;b=c", "null" });
			matcher.appendReplacement(path, Matcher.quoteReplacement(value));
		}
		matcher.appendTail(path);
		return path.toString().replace("**", "x");
	}

	/** The credential an endpoint takes. */
	private String rightCredential(String pattern) {
		if (pattern.startsWith("/admin/")) {
			return Api.ADMIN_TOKEN;
		}
		if (pattern.startsWith("/v1/client/")) {
			return this.clientSecret;
		}
		if (pattern.contains("widget")) {
			return this.publishableKey;
		}
		return this.secretKey;
	}

	/**
	 * Mostly the credential an endpoint takes, sometimes another, a broken one or none.
	 */
	private String credential(String pattern) {
		if (this.random.nextInt(10) < 6) {
			return "Bearer " + rightCredential(pattern);
		}
		return pick(new String[] { null, "Bearer " + this.secretKey, "Bearer " + this.publishableKey,
				"Bearer " + this.clientSecret, "Bearer " + Api.ADMIN_TOKEN, "Bearer vk_live_nope", "Bearer ",
				"Basic dXNlcjpwYXNz", "Bearer \u00ff\u00fe", "bearer " + this.secretKey, "Bearer a b c",
				"Bearer " + this.secretKey + "\u0000" });
	}

	/** A body of some hostile kind. */
	private byte[] body() {
		int kind = this.random.nextInt(12);
		return switch (kind) {
			case 0 -> randomBytes(1 + this.random.nextInt(400));
			case 1 -> utf8(pick(new String[] { "{\"a\": [1, 2]}", "[]", "\"x\"", "1e999999", "-0",
					"123456789012345678901234567890", "{\"type\": 1e400}", "{\"limit\": 99999999999999999999}",
					"{\"method\": {\"nested\": true}}", "{\"metadata\": [[[[]]]]}", "null", "true", "{}" }));
			case 2 -> utf8(pick(new String[] { "{\"type\": \"ag", "{\"type\":", "{", "[", "{\"a\":\"\\u12", "{\"a\"}",
					"{\"email\": \"x@y.z\",", "\"unterminated" }));
			case 3 -> {
				int depth = pick(new Integer[] { 100, 1000, 20_000 });
				yield utf8("[".repeat(depth) + "]".repeat(depth));
			}
			case 4 -> concat(utf8("{\"type\": \"age\", \"email\": \""), new byte[] { (byte) 0xc3, (byte) 0x28,
					(byte) 0xff, (byte) 0xfe, (byte) 0xed, (byte) 0xa0, (byte) 0x80 }, utf8("\"}"));
			case 5 -> utf8("{\"type\": \"age\u0000\", \"method\": \"mdl\"}");
			case 6 -> utf8("{\"type\": \"\\ud800\", \"method\": \"\\udfff\", \"email\": \"a\\ud83d@b.c\"}");
			case 7 -> concat(randomBytes(20), utf8("%ff%fe=%zz&a=%"), randomBytes(20));
			case 8 -> utf8(pick(new String[] { "a=b", "type=age&jurisdiction=US-CA", "a=%ff%fe", "%", "&&&=",
					"method=mdl&presentation=" + "A".repeat(2000) }));
			case 9 -> utf8("{\"presentation\": \"" + "A".repeat(this.random.nextInt(5000)) + "\", \"method\": \""
					+ pick(new String[] { "mdl", "mid", "eudi_pid" }) + "\"}");
			case 10 -> new byte[0];
			default -> utf8("{\"x\": \"" + "\u00e9\u20ac\ud83d\ude00".repeat(200) + "\"}");
		};
	}

	private byte[] multipartBody(String boundary) {
		return switch (this.random.nextInt(6)) {
			case 0 -> concat(utf8("--" + boundary + "\r\nContent-Disposition: form-data; name=\"method\"\r\n\r\n"
					+ "document_capture\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; "
					+ "filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n"), randomBytes(300),
					utf8("\r\n--" + boundary + "--\r\n"));
			case 1 -> utf8("--" + boundary + "\r\nContent-Disposition: form-data; name=\"method\"\r\n\r\nmdl");
			case 2 -> concat(utf8("--" + boundary + "\r\nContent-Disposition: form-data; name=\""),
					new byte[] { (byte) 0xff, (byte) 0xfe }, utf8("\"\r\n\r\nx\r\n--" + boundary + "--\r\n"));
			case 3 -> utf8("--other\r\nContent-Disposition: form-data; name=\"method\"\r\n\r\nmdl\r\n--other--\r\n");
			case 4 -> concat(
					utf8("--" + boundary + "\r\nContent-Disposition: form-data; name=\"method\"\r\n"
							+ "Content-Type: text/plain; charset=bogus\r\n\r\n"),
					randomBytes(50), utf8("\r\n--" + boundary + "--\r\n"));
			default -> randomBytes(1 + this.random.nextInt(300));
		};
	}

	private Map<String, String> ids(TestOrganization organization) {
		String session = this.api
			.post(this.secretKey, "/v1/verification_sessions", Map.of("type", "age", "jurisdiction", "US-CA"))
			.json()
			.get("id")
			.asString();
		String endpoint = this.api
			.post(this.secretKey, "/v1/webhook_endpoints",
					Map.of("url", "https://hooks.example.com/fuzz", "enabled_events", List.of("*")))
			.json()
			.get("id")
			.asString();
		String event = this.api.get(this.secretKey, "/v1/events?session_id=" + session)
			.json()
			.get("data")
			.get(0)
			.get("id")
			.asString();
		String key = organization.issueKey("secret", "test").get("id").asString();
		return Map.of("verification_sessions", session, "webhook_endpoints", endpoint, "events", event, "organizations",
				organization.id(), "api_keys", key, "verify", session, "verified_persons", "vp_nobody");
	}

	private void newClientSession() {
		this.clientSecret = this.api
			.post(this.secretKey, "/v1/verification_sessions",
					Map.of("type", "age", "jurisdiction", "US-CA", "email", "fuzz@example.com", "methods",
							List.of("mdl", "document_capture", "self_attestation")))
			.json()
			.get("client_secret")
			.asString();
	}

	private byte[] randomBytes(int length) {
		byte[] bytes = new byte[length];
		this.random.nextBytes(bytes);
		return bytes;
	}

	private <T> T pick(T[] values) {
		return values[this.random.nextInt(values.length)];
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] concat(byte[]... parts) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (byte[] part : parts) {
			out.writeBytes(part);
		}
		return out.toByteArray();
	}

	private static String abbreviate(String text) {
		return (text.length() > 300) ? text.substring(0, 300) + "…" : text;
	}

	/** A mapped path pattern and one of its methods. */
	record Endpoint(String method, String pattern) {
	}

	/** One request as sent. */
	record Request(String method, String path, List<String> headers, byte[] body, byte[] bytes) {

		String describe() {
			String text = (this.body != null) ? new String(this.body, StandardCharsets.ISO_8859_1) : "";
			return this.method + " " + abbreviate(this.path) + " " + this.headers + " " + abbreviate(text);
		}

	}

}
