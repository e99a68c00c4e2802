package dev.stile.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import dev.stile.support.TestOrganization;
import dev.stile.support.Api;
import dev.stile.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Thousands of malformed and boundary requests, from a fixed seed, against every endpoint
 * and parameter: random JSON shapes, wrong types, huge, empty, unicode, NUL and lone
 * surrogate strings, nulls, duplicated keys, deep nesting, edge numbers, bad query
 * strings and bad path ids. None may get a 5xx; every error is the envelope naming a
 * parameter that exists; no refused request changes the database.
 */
@IntegrationTest
class FuzzTests {

	private static final Logger logger = LoggerFactory.getLogger(FuzzTests.class);

	/** Change it to explore; keep it fixed in the repository so that failures replay. */
	static final long SEED = 20261122L;

	static final int REQUESTS = Integer.getInteger("stile.fuzz.requests", 4000);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String[] STRINGS = { "", " ", "\\t\\n", "age", "AGE", "null", "true", "0", "-1", "1e9",
			"\\u0000", "a\\u0000b", "\\ud800", "\\udfff", "x\\ud83d", "\\ud83d\\ude00", "😀🎉", "‮rtl‬",
			"مرحبا بالعالم", "עברית", "e\\u0301", "ｆｕｌｌ", "\\u200b", "\\ufeff", "' OR 1=1 --",
			"\\\"; DROP TABLE organization; --", "<script>alert(1)</script>", "${jndi:ldap://x}", "%s%n%x",
			"../../etc/passwd", "%00", "%zz", "\\r\\nX-A: b", "vks_", "vks_00000000000000000000000", "we_x",
			"evt_" + "z".repeat(60), "vp_nobody", "US", "US-CA", "us-ca", "ZZ-ZZZ", "U", "US-CAXX", "30d", "0d",
			"10000d", "9999d", "a@b.co", "@", "a@@b.c", "+14155552671", "+1", "+999999999999999999",
			"https://example.com/x", "http://localhost/x", "javascript:alert(1)",
			"https://" + "a".repeat(2050) + ".com", "mdl", "facial_age", "document_capture", "self_attestation",
			"student", "verified", "failed", "requires_input", "email", "phone", "000000", "123456", "1990-05-17",
			"2030-01-01", "1990-02-30", "*", "verification_session.verified" };

	private static final String[] NUMBERS = { "0", "-0", "1", "-1", "1.5", "-0.0", "2147483647", "2147483648",
			"-2147483649", "9223372036854775807", "9223372036854775808", "-9223372036854775809",
			"123456789012345678901234567890", "1e308", "1e309", "-1e309", "1e-400", "4.9e-324", "0.1e1", "130", "131",
			"604800", "604801", "3650", "3651" };

	private static final String[] MALFORMED = { "", "{", "}", "{\"type\"", "{\"type\":}", "{type: 'age'}",
			"{'type':'age'}", "{\"type\": \"age\",}", "[", "{\"a\":1}}", "{\"a\":1} x", "NaN", "{\"a\": NaN}",
			"{\"a\": Infinity}", "{\"a\": 01}", "{\"a\": 1.}", "{\"a\": .5}", "{\"a\": +1}", "{\"a\": 0x10}",
			"/* c */ {}", "{\"a\": \"\\x41\"}", "{\"a\": \"\\u12\"}", "{\"a\": \"unterminated}", "\ufeff{}",
			"{\"a\":\"b\"\u0000}", "null", "true", "\"x\"", "12", "[]", "[{}]", "{\"\": 1}" };

	@Autowired
	Api api;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	WebServerApplicationContext server;

	private Random random;

	private String key;

	private String sessionId;

	private String endpointId;

	private String eventId;

	private String clientSecret;

	private int clientUses;

	@Test
	void malformedAndBoundaryRequestsNeverFailTheServerNorChangeTheDatabase() {
		this.random = new Random(SEED);
		TestOrganization organization = TestOrganization.create(this.api);
		// Thousands of requests in a minute: more than a key's default rate limit allows.
		this.key = organization.testSecretKeyAllowing(1_000_000);
		this.sessionId = created(
				this.api.post(this.key, "/v1/verification_sessions", Map.of("type", "age", "jurisdiction", "US-CA")))
			.get("id")
			.asString();
		this.endpointId = created(this.api.post(this.key, "/v1/webhook_endpoints",
				Map.of("url", "https://hooks.example.com/fuzz", "enabled_events", List.of("*"))))
			.get("id")
			.asString();
		this.eventId = created(this.api.get(this.key, "/v1/events?session_id=" + this.sessionId)).get("data")
			.get(0)
			.get("id")
			.asString();
		newClientSession();
		List<Target> targets = targets();
		DatabaseSnapshot snapshot = new DatabaseSnapshot(this.jdbc, organization.id());
		RawHttp http = new RawHttp(this.server.getWebServer().getPort());
		Map<Integer, AtomicInteger> byStatus = new TreeMap<>();
		Map<String, AtomicInteger> byTarget = new TreeMap<>();
		List<String> failures = new ArrayList<>();
		Map<String, AtomicInteger> problems = new TreeMap<>();
		String before = snapshot.take();
		long started = System.nanoTime();
		for (int i = 0; i < REQUESTS; i++) {
			Target target = targets.get(this.random.nextInt(targets.size()));
			Fuzzed request = target.next().get();
			RawHttp.Reply reply = http.send(request.method(), request.target(), request.headers(), request.body());
			byStatus.computeIfAbsent(reply.status(), (s) -> new AtomicInteger()).incrementAndGet();
			byTarget.computeIfAbsent(target.name(), (s) -> new AtomicInteger()).incrementAndGet();
			String after = snapshot.take();
			String problem = check(request, reply, target.params(), before, after);
			if (problem != null) {
				problems
					.computeIfAbsent(reply.status() + " " + kind(problem) + " on " + target.name(),
							(p) -> new AtomicInteger())
					.incrementAndGet();
			}
			if (problem != null && failures.size() < 50) {
				failures.add("#" + i + " " + target.name() + " " + request.describe() + " -> " + reply.status() + " "
						+ abbreviate(reply.body()) + ": " + problem);
			}
			before = after;
			if (request.client() && ++this.clientUses % 40 == 0) {
				newClientSession();
				before = snapshot.take();
			}
		}
		long millis = (System.nanoTime() - started) / 1_000_000;
		int problemCount = problems.values().stream().mapToInt(AtomicInteger::get).sum();
		logger.info("Fuzz (seed {}): {} requests in {} ms; by status {}; by endpoint {}; {} problems: {}", SEED,
				REQUESTS, millis, byStatus, byTarget, problemCount, problems);
		assertThat(problems).as("problems by kind; the first 50 follow: " + String.join("\n", failures)).isEmpty();
		assertThat(byStatus.keySet()).noneMatch((status) -> status >= 500);
	}

	/**
	 * Why this answer breaks a rule, or {@code null}.
	 */
	private static String check(Fuzzed request, RawHttp.Reply reply, Set<String> params, String before, String after) {
		if (reply.status() >= 500 || reply.status() < 100) {
			return "server error";
		}
		if (reply.status() < 400) {
			return null;
		}
		if (!before.equals(after)) {
			return "a refused request changed the database: " + before + " => " + after;
		}
		Object envelope = ErrorEnvelope.read(reply);
		if (envelope instanceof String problem) {
			return problem;
		}
		JsonNode error = (JsonNode) envelope;
		JsonNode param = error.get("param");
		if (param.isNull()) {
			return null;
		}
		String name = param.asString();
		int bracket = name.indexOf('[');
		String root = (bracket > 0) ? name.substring(0, bracket) : name;
		String text = (request.body() != null) ? new String(request.body(), StandardCharsets.UTF_8) : "";
		boolean sent = request.sentKeys().contains(name) || request.sentKeys().contains(root)
				|| text.contains("\"" + name + "\"");
		// Naming what the client actually sent is right even for a parameter the endpoint
		// does
		// not take (an undecodable or NUL-bearing query parameter is refused before
		// routing).
		if (name.equals("body") || params.contains(root) || sent) {
			return null;
		}
		return "param '" + name + "' is not a parameter of this endpoint";
	}

	private List<Target> targets() {
		List<Target> targets = new ArrayList<>();
		Set<String> sessionParams = Set.of("type", "methods", "use_case", "return_url", "cancel_url",
				"client_reference_id", "metadata", "idempotency_key", "jurisdiction", "custom_user_message", "email",
				"phone", "accept_existing", "min_strength", "max_age", "required_methods", "delivery_jurisdiction",
				"skip_verification");
		targets.add(body("create session", "POST", () -> "/v1/verification_sessions", this::secretKey, sessionParams,
				"{\"type\": \"age\", \"jurisdiction\": \"US-CA\"}", false));
		targets.add(body("cancel session", "POST", () -> "/v1/verification_sessions/" + this.sessionId + "/cancel",
				this::secretKey, Set.of(), "{}", false));
		Set<String> endpointParams = Set.of("url", "enabled_events", "description", "metadata");
		targets.add(body("create webhook endpoint", "POST", () -> "/v1/webhook_endpoints", this::secretKey,
				endpointParams, "{\"url\": \"https://hooks.example.com/x\", \"enabled_events\": [\"*\"]}", false));
		targets.add(body("update webhook endpoint", "POST", () -> "/v1/webhook_endpoints/" + this.endpointId,
				this::secretKey, Set.of("url", "enabled_events", "description", "metadata", "disabled"),
				"{\"description\": \"d\"}", false));
		targets
			.add(body("roll webhook secret", "POST", () -> "/v1/webhook_endpoints/" + this.endpointId + "/roll_secret",
					this::secretKey, Set.of("grace_period_seconds"), "{\"grace_period_seconds\": 60}", false));
		targets.add(body("look up verified person", "POST", () -> "/v1/verified_person/lookup", this::secretKey,
				Set.of("email", "phone", "methods", "min_strength", "max_age"), "{\"email\": \"fuzz@example.com\"}",
				false));
		targets.add(body("reuse settings", "POST", () -> "/v1/reuse_settings", this::secretKey,
				Set.of("accept_reuse", "max_age_days", "same_jurisdiction", "accepted_methods"),
				"{\"accept_reuse\": false}", false));
		targets.add(body("widget attempt", "POST", () -> "/v1/client/session/attempts", this::clientSecret,
				Set.of("method", "test_outcome", "test_age", "birth_date", "confirm"),
				"{\"method\": \"facial_age\", \"test_outcome\": \"failed\"}", true));
		targets.add(body("widget consent", "POST", () -> "/v1/client/session/consent", this::clientSecret,
				Set.of("share_verification"), "{\"share_verification\": true}", true));
		targets.add(body("widget send code", "POST", () -> "/v1/client/session/reuse/send_code", this::clientSecret,
				Set.of("channel"), "{\"channel\": \"email\"}", true));
		targets.add(body("widget verify code", "POST", () -> "/v1/client/session/reuse/verify", this::clientSecret,
				Set.of("code"), "{\"code\": \"000000\"}", true));
		Set<String> pages = Set.of("limit", "starting_after", "ending_before");
		targets.add(query("list sessions", "/v1/verification_sessions", union(pages, Set.of("status"))));
		targets.add(query("list events", "/v1/events",
				union(pages, Set.of("type", "session_id", "created_after", "created_before"))));
		targets.add(query("list webhook endpoints", "/v1/webhook_endpoints", pages));
		targets.add(query("list credential reuses", "/v1/credential_reuses", Set.of("limit")));
		targets.add(query("compliance check", "/v1/compliance/check", Set.of("use_cases", "jurisdiction")));
		targets.add(
				query("retrieve session", "/v1/verification_sessions/" + this.sessionId, Set.of("expand[]", "expand")));
		targets.add(query("event deliveries", "/v1/events/" + this.eventId + "/deliveries", pages));
		targets.add(query("endpoint deliveries", "/v1/webhook_endpoints/" + this.endpointId + "/deliveries", pages));
		for (String[] path : new String[][] { { "GET", "/v1/verification_sessions/" },
				{ "POST", "/v1/verification_sessions/", "/cancel" }, { "GET", "/v1/events/" },
				{ "GET", "/v1/events/", "/deliveries" }, { "GET", "/v1/webhook_endpoints/" },
				{ "POST", "/v1/webhook_endpoints/" }, { "DELETE", "/v1/webhook_endpoints/" },
				{ "POST", "/v1/webhook_endpoints/", "/roll_secret" },
				{ "GET", "/v1/webhook_endpoints/", "/deliveries" }, { "DELETE", "/v1/verified_persons/" } }) {
			targets.add(badId(path[0], path[1], (path.length > 2) ? path[2] : ""));
		}
		targets.add(new Target("bad client secret", Set.of("client_secret"), () -> {
			String secret = pick(new String[] { "", "vks_", "vks_x_secret_", this.sessionId + "_secret_x",
					this.sessionId + "_secret_" + "a".repeat(300), "_secret_", "vk_test_x", "Bearer", "😀" });
			String path = pick(new String[] { "", "/start", "/skip", "/cancel", "/attempts", "/consent" });
			return new Fuzzed(path.isEmpty() ? "GET" : "POST", ascii("/v1/client/session" + path),
					List.<String[]>of(new String[] { "Authorization", "Bearer " + secret },
							new String[] { "Content-Type", "application/json" }),
					path.isEmpty() ? null : bytes("{\"method\": \"facial_age\"}"), Set.of("method"), false);
		}));
		return targets;
	}

	private Target body(String name, String method, Supplier<String> path, Supplier<String> credential,
			Set<String> params, String valid, boolean client) {
		Set<String> named = union(params, Set.of("idempotency_key", "id", "client_secret"));
		return new Target(name, named, () -> {
			List<String[]> headers = new ArrayList<>();
			headers.add(new String[] { "Authorization", "Bearer " + credential.get() });
			headers
				.add(new String[] { "Content-Type",
						(this.random.nextInt(25) == 0)
								? pick(new String[] { "text/plain", "application/x-www-form-urlencoded",
										"application/json; charset=latin1", "application/xml" })
								: "application/json" });
			if (this.random.nextInt(6) == 0) {
				headers.add(new String[] { "Idempotency-Key",
						pick(new String[] { "k-" + this.random.nextInt(20), "x".repeat(256), " ", "ключ-😀", "k" }) });
			}
			Set<String> keys = new java.util.HashSet<>();
			String body = fuzzBody(params, valid, keys);
			return new Fuzzed(method, ascii(path.get()), headers, bytes(body), keys, client);
		});
	}

	/**
	 * A body: mostly the valid one with some parameters replaced, sometimes anything at
	 * all.
	 */
	private String fuzzBody(Set<String> params, String valid, Set<String> keys) {
		List<String> names = new ArrayList<>(new java.util.TreeSet<>(params));
		int shape = this.random.nextInt(100);
		if (shape < 55 && !names.isEmpty()) {
			Map<String, String> fields = new java.util.LinkedHashMap<>();
			JsonNode base = JSON.readTree(valid);
			for (String field : base.propertyNames()) {
				fields.put(field, base.get(field).toString());
			}
			int changes = 1 + this.random.nextInt(3);
			for (int i = 0; i < changes; i++) {
				fields.put(pick(names), value(0));
			}
			keys.addAll(fields.keySet());
			return object(fields);
		}
		if (shape < 65) {
			Map<String, String> fields = new java.util.LinkedHashMap<>();
			JsonNode base = JSON.readTree(valid);
			for (String field : base.propertyNames()) {
				fields.put(field, base.get(field).toString());
			}
			String unknown = pick(new String[] { "status", "livemode", "client_secret", "id", "created", "object",
					"organization_id", "__proto__", "constructor", "Type", "type ", "x".repeat(300), "😀", "a[b]",
					"metadata[x]" });
			fields.put(unknown, value(0));
			keys.addAll(fields.keySet());
			keys.add(unknown.trim());
			return object(fields);
		}
		if (shape < 72 && !names.isEmpty()) {
			String name = pick(names);
			keys.add(name);
			String first = valid.substring(0, valid.length() - 1).trim();
			String separator = first.endsWith("{") ? "" : ", ";
			return first + separator + "\"" + name + "\": " + value(0) + ", \"" + name + "\": " + value(0) + "}";
		}
		if (shape < 77 && !names.isEmpty()) {
			String name = pick(names);
			keys.add(name);
			int depth = pick(new Integer[] { 50, 400, 1200, 5000 });
			String open = this.random.nextBoolean() ? "[" : "{\"a\":";
			String close = open.equals("[") ? "]" : "}";
			return "{\"" + name + "\": " + open.repeat(depth) + "1" + close.repeat(depth) + "}";
		}
		if (shape < 82 && !names.isEmpty()) {
			String name = pick(names);
			keys.add(name);
			int length = pick(new Integer[] { 499, 500, 501, 2048, 2049, 40_000, 70_000 });
			return "{\"" + name + "\": \"" + pick(new String[] { "x", "é", "😀", "\\u0000" }).repeat(length) + "\"}";
		}
		if (shape < 92) {
			return pick(MALFORMED);
		}
		return value(0);
	}

	private String object(Map<String, String> fields) {
		StringBuilder text = new StringBuilder("{");
		fields.forEach((name, value) -> {
			if (text.length() > 1) {
				text.append(", ");
			}
			text.append('"').append(name).append("\": ").append(value);
		});
		return text.append('}').toString();
	}

	/** Any JSON value, as text, with edge numbers and hostile strings. */
	private String value(int depth) {
		int kind = this.random.nextInt((depth > 3) ? 5 : 8);
		return switch (kind) {
			case 0 -> "null";
			case 1 -> this.random.nextBoolean() ? "true" : "false";
			case 2 -> pick(NUMBERS);
			case 3, 4 -> "\"" + pick(STRINGS) + "\"";
			case 5 -> {
				int size = this.random.nextInt(4);
				List<String> items = new ArrayList<>();
				for (int i = 0; i < size; i++) {
					items.add(value(depth + 1));
				}
				yield "[" + String.join(", ", items) + "]";
			}
			case 6 -> {
				Map<String, String> fields = new java.util.LinkedHashMap<>();
				int size = this.random.nextInt(4);
				for (int i = 0; i < size; i++) {
					fields.put(pick(new String[] { "a", "order", "", "k".repeat(41), "😀", "\\u0000", "x" + i }),
							value(depth + 1));
				}
				yield object(fields);
			}
			default -> "[\"" + pick(new String[] { "mdl", "facial_age", "document_capture", "mdl\", \"mdl", "bogus",
					"*", "verification_session.verified" }) + "\"]";
		};
	}

	private Target query(String name, String path, Set<String> params) {
		return new Target(name, union(params, Set.of("id")), () -> {
			List<String> names = new ArrayList<>(new java.util.TreeSet<>(params));
			Set<String> sent = new java.util.HashSet<>();
			StringBuilder query = new StringBuilder();
			int count = this.random.nextInt(4);
			for (int i = 0; i < count; i++) {
				query.append((i == 0) ? "" : "&");
				String parameter = (this.random.nextInt(6) == 0)
						? pick(new String[] { "bogus", "limit[]", "%zz", "", "=" }) : pick(names);
				query.append(parameter.replace("[", "%5B").replace("]", "%5D"));
				sent.add(parameter);
				if (this.random.nextInt(10) != 0) {
					query.append('=').append(queryValue());
				}
			}
			byte[] target = (path + ((query.length() > 0) ? "?" + query : "")).getBytes(StandardCharsets.UTF_8);
			if (this.random.nextInt(15) == 0) {
				target = concat(target,
						pick(new byte[][] { { '&', (byte) 0xff }, { '%' }, { '#', 'x' }, { '?', '?' },
								"&limit=%C0%AF".getBytes(StandardCharsets.US_ASCII),
								"&x=\u00e9".getBytes(StandardCharsets.ISO_8859_1),
								("&pad=" + "a".repeat(9000)).getBytes(StandardCharsets.US_ASCII) }));
			}
			return new Fuzzed("GET", target, List.<String[]>of(new String[] { "Authorization", "Bearer " + this.key }),
					null, sent, false);
		});
	}

	private String queryValue() {
		return pick(new String[] { "", "0", "1", "10", "100", "101", "-1", "1.5", "1e2", "abc", "99999999999999999999",
				"%00", "%zz", "%ff", "%F0%9F%98%80", "%E2%80%AE", "%22%3E%3Cscript%3E", "vks_nope", this.sessionId,
				this.eventId, this.endpointId, "created", "verified", "CREATED", "verification_session.created", "*",
				"-9223372036854775808", "9223372036854775807", "1700000000", "US-CA", "US-CA%0D%0AX:1",
				"alcohol_delivery", "alcohol_delivery,alcohol_delivery", ",,,", "results", "a".repeat(600), "+",
				"%2B" });
	}

	private Target badId(String method, String prefix, String suffix) {
		return new Target("bad id: " + method + " " + prefix + "{id}" + suffix, Set.of("id"), () -> {
			byte[] id = pick(new byte[][] { ascii("vks_nope"), ascii("evt_" + "0".repeat(22)), ascii("we_"),
					ascii("%00"), ascii("%2F..%2F..%2Fetc%2Fpasswd"), ascii("..%2F"), ascii("%zz"),
					ascii("x".repeat(5000)), "😀".getBytes(StandardCharsets.UTF_8), ascii("%F0%9F%98%80"),
					ascii("%E2%80%AEabc"), ascii("vp_%27%20OR%201%3D1"), ascii("%C0%AE%C0%AE"),
					{ (byte) 0xc3, (byte) 0x28 }, ascii("a;b=c"), ascii("%20"), ascii("vks_a%2Fb"), ascii("null"),
					ascii("-1"), ascii("9223372036854775808") });
			List<String[]> headers = new ArrayList<>();
			headers.add(new String[] { "Authorization", "Bearer " + this.key });
			byte[] body = null;
			if (!method.equals("GET")) {
				headers.add(new String[] { "Content-Type", "application/json" });
				body = bytes("{}");
			}
			return new Fuzzed(method, concat(concat(ascii(prefix), id), ascii(suffix)), headers, body, Set.of(), false);
		});
	}

	private void newClientSession() {
		this.clientSecret = created(this.api.post(this.key, "/v1/verification_sessions",
				Map.of("type", "age", "jurisdiction", "US-CA", "email", "fuzz@example.com", "methods",
						List.of("facial_age", "document_capture", "self_attestation"))))
			.get("client_secret")
			.asString();
	}

	private String secretKey() {
		return this.key;
	}

	private String clientSecret() {
		return this.clientSecret;
	}

	private <T> T pick(T[] values) {
		return values[this.random.nextInt(values.length)];
	}

	private <T> T pick(List<T> values) {
		return values.get(this.random.nextInt(values.size()));
	}

	private static JsonNode created(Api.Response response) {
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response.json();
	}

	private static Set<String> union(Set<String> a, Set<String> b) {
		Set<String> union = new java.util.HashSet<>(a);
		union.addAll(b);
		return union;
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] concat(byte[] a, byte[] b) {
		byte[] joined = java.util.Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, joined, a.length, b.length);
		return joined;
	}

	/** The problem without the request's particulars, to count problems by kind. */
	private static String kind(String problem) {
		int colon = problem.indexOf(':');
		return (colon > 0) ? problem.substring(0, colon) : problem;
	}

	private static String abbreviate(String text) {
		return (text.length() > 300) ? text.substring(0, 300) + "…" : text;
	}

	/** An endpoint and how to make a fuzzed request to it. */
	record Target(String name, Set<String> params, Supplier<Fuzzed> next) {
	}

	/**
	 * One request, and the body keys it sent (which an unknown-parameter error may name).
	 */
	record Fuzzed(String method, byte[] target, List<String[]> headers, byte[] body, Set<String> sentKeys,
			boolean client) {

		String describe() {
			String path = new String(this.target, StandardCharsets.ISO_8859_1);
			String text = (this.body != null) ? new String(this.body, StandardCharsets.UTF_8) : "";
			return this.method + " " + abbreviate(path) + " " + abbreviate(text);
		}

	}

}
