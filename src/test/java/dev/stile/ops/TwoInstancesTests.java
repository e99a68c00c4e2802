package dev.stile.ops;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.stile.support.Api;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two servers on one PostgreSQL behave as one: a session made on one is seen by the
 * other, idempotency holds across them, a key's rate limit is shared, each session
 * expires once, and readiness follows the database.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoInstancesTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String SESSIONS = "/v1/verification_sessions";

	@TempDir
	static Path directory;

	static EmbeddedPostgres postgres;

	static ServerInstance first;

	static ServerInstance second;

	private final HttpClient http = HttpClient.newHttpClient();

	@BeforeAll
	static void startTwoServersOnOneDatabase() throws IOException {
		postgres = postgres(directory.resolve("data"), 0);
		String[] settings = { "spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
				"spring.datasource.username=postgres", "spring.datasource.hikari.connection-timeout=1500",
				"stile.sessions.time-to-live=3s", "stile.sessions.expiry-sweep-interval=1s" };
		first = ServerInstance.start(settings);
		second = ServerInstance.start(settings);
	}

	@AfterAll
	static void stop() throws IOException {
		for (AutoCloseable closeable : new AutoCloseable[] { first, second, postgres }) {
			try {
				if (closeable != null) {
					closeable.close();
				}
			}
			catch (Exception ex) {
				// keep closing the others
			}
		}
		FileSystemUtils.deleteRecursively(directory.resolve("data"));
	}

	@Test
	void aSessionCreatedOnOneInstanceIsServedByTheOther() throws Exception {
		JsonNode created = json(send(first, "POST", SESSIONS, Api.TEST_SECRET_KEY, "{\"type\":\"age\"}", null));

		HttpResponse<String> retrieved = send(second, "GET", SESSIONS + "/" + created.get("id").asString(),
				Api.TEST_SECRET_KEY, null, null);

		assertThat(retrieved.statusCode()).isEqualTo(200);
		assertThat(json(retrieved).get("status").asString()).isEqualTo("created");
	}

	@Test
	void theSameIdempotencyKeySentToBothInstancesAtOnceCreatesOneSessionAndReplaysIt() throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			for (int round = 0; round < 5; round++) {
				String key = "two-instances-" + round + "-" + UUID.randomUUID();
				int sessionsBefore = count("SELECT count(*) FROM verification_session");
				CyclicBarrier start = new CyclicBarrier(8);
				List<Future<HttpResponse<String>>> responses = new ArrayList<>();
				for (int i = 0; i < 8; i++) {
					ServerInstance server = (i % 2 == 0) ? first : second;
					responses.add(pool.submit(() -> {
						start.await();
						return send(server, "POST", SESSIONS, Api.TEST_SECRET_KEY, "{\"type\":\"age\"}", key);
					}));
				}

				// The README: "the repeat answers the original response with
				// Idempotent-Replayed: true, and concurrent repeats create one session".
				// A repeat waits on the key's row for the first to commit, so it never
				// sees a key in progress: no 409.
				List<String> ids = new ArrayList<>();
				int replayed = 0;
				for (Future<HttpResponse<String>> response : responses) {
					HttpResponse<String> answer = response.get();
					assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
					ids.add(json(answer).get("id").asString());
					if (answer.headers().firstValue("Idempotent-Replayed").isPresent()) {
						replayed++;
					}
				}
				assertThat(ids).containsOnly(ids.get(0));
				assertThat(replayed).isEqualTo(7);
				assertThat(count("SELECT count(*) FROM verification_session")).isEqualTo(sessionsBefore + 1);
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	private static int count(String sql) throws SQLException {
		try (Connection connection = postgres.getPostgresDatabase().getConnection();
				ResultSet result = connection.createStatement().executeQuery(sql)) {
			result.next();
			return result.getInt(1);
		}
	}

	@Test
	void aKeysRateLimitIsSharedByBothInstances() throws Exception {
		String organization = json(
				send(first, "POST", "/admin/v1/organizations", Api.ADMIN_TOKEN, "{\"name\":\"Two instances\"}", null))
			.get("id")
			.asString();
		JsonNode key = json(send(first, "POST", "/admin/v1/organizations/" + organization + "/api_keys",
				Api.ADMIN_TOKEN, "{\"type\":\"secret\",\"mode\":\"test\"}", null));
		send(second, "POST",
				"/admin/v1/organizations/" + organization + "/api_keys/" + key.get("id").asString() + "/rate_limit",
				Api.ADMIN_TOKEN, "{\"per_minute\":4}", null);
		String secret = key.get("secret").asString();

		List<Integer> statuses = new ArrayList<>();
		List<String> remaining = new ArrayList<>();
		for (ServerInstance server : List.of(first, second, first, second, first, second)) {
			HttpResponse<String> response = send(server, "GET", SESSIONS, secret, null, null);
			statuses.add(response.statusCode());
			remaining.add(response.headers().firstValue("X-RateLimit-Remaining").orElse(null));
		}

		assertThat(statuses).containsExactly(200, 200, 200, 200, 429, 429);
		assertThat(remaining).containsExactly("3", "2", "1", "0", "0", "0");
	}

	@Test
	void eachSessionExpiresOnceAlthoughBothInstancesSweep() throws Exception {
		String id = json(send(second, "POST", SESSIONS, Api.TEST_SECRET_KEY, "{\"type\":\"age\"}", null)).get("id")
			.asString();
		long before = expiredCount(first) + expiredCount(second);
		long rowsBefore = countExpiredRows();

		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (expiredCount(first) + expiredCount(second) == before && System.nanoTime() < deadline) {
			Thread.sleep(250);
		}
		// Let both sweepers run a few more times.
		Thread.sleep(2500);

		assertThat(
				json(send(first, "GET", SESSIONS + "/" + id, Api.TEST_SECRET_KEY, null, null)).get("status").asString())
			.isEqualTo("expired");
		assertThat(json(send(second, "GET", SESSIONS + "/" + id, Api.TEST_SECRET_KEY, null, null)).get("status")
			.asString()).isEqualTo("expired");
		// Every expiry written is counted once, by the one instance that wrote it
		// (sessions
		// of the other tests of this class expire in the same sweeps).
		assertThat(eventually(
				() -> expiredCount(first) + expiredCount(second) - before == countExpiredRows() - rowsBefore))
			.isTrue();
	}

	// Last: after the restart, pooled connections the database killed fail once each
	// (57P01) before the pool replaces them.
	@Test
	@Order(Integer.MAX_VALUE)
	void readinessIsDownWhileTheDatabaseIsUnreachableAndComesBackOnItsOwn() throws Exception {
		assertThat(readiness(first)).isEqualTo(200);
		int port = postgres.getPort();
		postgres.close();
		try {
			assertThat(eventually(() -> readiness(first) == 503)).isTrue();
			assertThat(health(first, "/actuator/health/liveness")).isEqualTo(200);
		}
		finally {
			postgres = postgres(directory.resolve("data"), port);
		}
		assertThat(eventually(() -> readiness(first) == 200)).isTrue();
		assertThat(send(first, "GET", SESSIONS, Api.TEST_SECRET_KEY, null, null).statusCode()).isEqualTo(200);
	}

	private static EmbeddedPostgres postgres(Path data, int port) throws IOException {
		Files.createDirectories(data);
		EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
			.setDataDirectory(data)
			.setCleanDataDirectory(false)
			.setServerConfig("fsync", "off")
			.setServerConfig("max_connections", "100");
		if (port != 0) {
			builder.setPort(port);
		}
		return builder.start();
	}

	private long countExpiredRows() {
		try (var connection = postgres.getPostgresDatabase().getConnection();
				var result = connection.createStatement()
					.executeQuery("SELECT count(*) FROM verification_session WHERE status = 'EXPIRED'")) {
			result.next();
			return result.getLong(1);
		}
		catch (java.sql.SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private long expiredCount(ServerInstance server) {
		String metrics;
		try {
			metrics = this.http
				.send(HttpRequest.newBuilder(server.management("/actuator/prometheus")).build(),
						HttpResponse.BodyHandlers.ofString())
				.body();
		}
		catch (IOException | InterruptedException ex) {
			throw new IllegalStateException(ex);
		}
		Matcher matcher = Pattern.compile("(?m)^stile_sessions_total\\{[^}]*status=\"expired\"[^}]*} ([0-9.E]+)$")
			.matcher(metrics);
		double total = 0;
		while (matcher.find()) {
			total += Double.parseDouble(matcher.group(1));
		}
		return (long) total;
	}

	private int readiness(ServerInstance server) {
		return health(server, "/actuator/health/readiness");
	}

	private int health(ServerInstance server, String path) {
		try {
			return this.http
				.send(HttpRequest.newBuilder(server.management(path)).timeout(Duration.ofSeconds(10)).build(),
						HttpResponse.BodyHandlers.ofString())
				.statusCode();
		}
		catch (IOException | InterruptedException ex) {
			return -1;
		}
	}

	private static boolean eventually(java.util.function.BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (System.nanoTime() < deadline) {
			if (condition.getAsBoolean()) {
				return true;
			}
			Thread.sleep(250);
		}
		return false;
	}

	private HttpResponse<String> send(ServerInstance server, String method, String path, String key, String body,
			String idempotencyKey) {
		HttpRequest.Builder request = HttpRequest.newBuilder(server.uri("http", path))
			.header("Authorization", "Bearer " + key)
			.method(method,
					(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		if (idempotencyKey != null) {
			request.header("Idempotency-Key", idempotencyKey);
		}
		try {
			return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static JsonNode json(HttpResponse<String> response) {
		return JSON.readTree(response.body());
	}

}
