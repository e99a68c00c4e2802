package dev.stile.fault;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.stile.StileApplication;
import dev.stile.support.Api;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL killed ({@code kill -9} of the postmaster) under load and started again on
 * the same data directory and port: while it is gone the server answers 503 in the
 * envelope, it recovers without a restart, and every acknowledged create is there. Slow
 * (a server and a database of its own), so it runs only with {@code -Dstile.fault=true}.
 */
@EnabledIfSystemProperty(named = "stile.fault", matches = "true")
class PostgresKillTests {

	private static final Logger logger = LoggerFactory.getLogger(PostgresKillTests.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String SESSIONS = "/v1/verification_sessions";

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private int port;

	@Test
	void theServerAnswers503WhileTheDatabaseIsGoneAndRecoversWithNothingLost() throws Exception {
		Path dataDir = Files.createTempDirectory("stile-kill-");
		EmbeddedPostgres postgres = start(dataDir, 0);
		int postgresPort = postgres.getPort();
		// Command-line arguments, so that they win over application.yaml's port settings.
		ConfigurableApplicationContext server = new SpringApplicationBuilder(StileApplication.class).profiles("test")
			.run("--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
					"--spring.datasource.username=postgres", "--server.port=0", "--management.server.port=0",
					// Fail fast instead of waiting for a connection that cannot come.
					"--spring.datasource.hikari.connection-timeout=2000");
		ExecutorService pool = Executors.newFixedThreadPool(3);
		Map<String, Answer> firstAnswers = new ConcurrentHashMap<>();
		AtomicBoolean writing = new AtomicBoolean(true);
		try {
			this.port = ((WebServerApplicationContext) server).getWebServer().getPort();
			assertThat(get(SESSIONS).status()).isEqualTo(200);
			List<Future<?>> writers = new java.util.ArrayList<>();
			for (int t = 0; t < 3; t++) {
				int writer = t;
				writers.add(pool.submit(() -> {
					for (int n = 0; writing.get(); n++) {
						String key = "kill-" + writer + "-" + n;
						firstAnswers.put(key, create(key));
					}
					return null;
				}));
			}
			Thread.sleep(1500);

			long postmaster = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
			ProcessHandle.of(postmaster).ifPresent(ProcessHandle::destroyForcibly);
			waitUntilGone(postmaster);
			Thread.sleep(500);
			Map<Integer, Integer> whileDown = new TreeMap<>();
			List<Answer> downAnswers = new java.util.ArrayList<>();
			for (int i = 0; i < 4; i++) {
				for (Answer answer : List.of(get(SESSIONS), create("kill-probe-" + i))) {
					whileDown.merge(answer.status(), 1, Integer::sum);
					FaultAssertions.assertServerErrorEnvelope(answer.status(), answer.contentType(), answer.body());
					downAnswers.add(answer);
				}
			}

			// Releases the old instance's lock on the data directory; its server is
			// already dead.
			closeQuietly(postgres);
			postgres = restart(dataDir, postgresPort);
			long recovering = System.nanoTime();
			while (get(SESSIONS).status() != 200) {
				assertThat(Duration.ofNanos(System.nanoTime() - recovering)).isLessThan(Duration.ofSeconds(30));
				Thread.sleep(200);
			}
			logger.info("Recovered {} ms after PostgreSQL restarted; answers while it was down: {}",
					(System.nanoTime() - recovering) / 1_000_000, whileDown);
			Thread.sleep(1000);
			writing.set(false);
			for (Future<?> writer : writers) {
				writer.get();
			}

			Map<Integer, Integer> byStatus = new TreeMap<>();
			List<Answer> refusedUnderLoad = new java.util.ArrayList<>();
			int acknowledged = 0;
			for (Map.Entry<String, Answer> entry : firstAnswers.entrySet()) {
				Answer first = entry.getValue();
				byStatus.merge(first.status(), 1, Integer::sum);
				if (first.status() != 200) {
					FaultAssertions.assertServerErrorEnvelope(first.status(), first.contentType(), first.body());
					refusedUnderLoad.add(first);
				}
				Answer retried = create(entry.getKey());
				assertThat(retried.status()).as(retried.body()).isEqualTo(200);
				if (first.status() == 200) {
					acknowledged++;
					String id = JSON.readTree(first.body()).get("id").asString();
					assertThat(JSON.readTree(retried.body()).get("id").asString()).isEqualTo(id);
					assertThat(get(SESSIONS + "/" + id).status()).isEqualTo(200);
				}
			}
			logger.info("kill -9 of PostgreSQL: {} creates, first answers by status {}, {} acknowledged, all found",
					firstAnswers.size(), byStatus, acknowledged);
			assertThat(acknowledged).isPositive();
			// Checked last, so that a wrong status does not hide whether anything was
			// lost.
			// Refused creates under load too: a connection dying mid-transaction is the
			// database being unavailable, never a 500.
			downAnswers.addAll(refusedUnderLoad);
			for (Answer answer : downAnswers) {
				assertThat(answer.status()).as(answer.body()).isEqualTo(503);
				assertThat(answer.retryAfter()).isNotNull();
				assertThat(JSON.readTree(answer.body()).get("error").get("code").asString())
					.isEqualTo("service_unavailable");
			}
		}
		finally {
			writing.set(false);
			pool.shutdownNow();
			server.close();
			postgres.close();
			FileSystemUtils.deleteRecursively(dataDir);
		}
	}

	private static EmbeddedPostgres start(Path dataDir, int port) throws IOException {
		EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
			.setDataDirectory(dataDir)
			.setCleanDataDirectory(false)
			.setServerConfig("synchronous_commit", "on")
			.setPGStartupWait(Duration.ofSeconds(60));
		if (port != 0) {
			builder.setPort(port);
		}
		return builder.start();
	}

	/**
	 * Starts PostgreSQL again once the killed one's backends have let go of its memory.
	 */
	private static EmbeddedPostgres restart(Path dataDir, int port) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (true) {
			try {
				return start(dataDir, port);
			}
			catch (RuntimeException | IOException ex) {
				if (System.nanoTime() > deadline) {
					throw ex;
				}
				Thread.sleep(500);
			}
		}
	}

	private static void closeQuietly(EmbeddedPostgres postgres) {
		try {
			postgres.close();
		}
		catch (IOException | RuntimeException ex) {
			// pg_ctl stop of a killed server fails; the lock is released all the same.
		}
	}

	private static void waitUntilGone(long pid) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
			Thread.sleep(50);
		}
	}

	private Answer create(String key) {
		return send(HttpRequest.newBuilder(uri(SESSIONS))
			.header("Content-Type", "application/json")
			.header("Idempotency-Key", key)
			.POST(HttpRequest.BodyPublishers
				.ofString(Api.toJson(Map.of("type", "age", "jurisdiction", "US-CA", "client_reference_id", key)))));
	}

	private Answer get(String path) {
		return send(HttpRequest.newBuilder(uri(path)).GET());
	}

	private Answer send(HttpRequest.Builder request) {
		request.header("Authorization", "Bearer " + Api.TEST_SECRET_KEY).timeout(Duration.ofSeconds(20));
		try {
			HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
					response.headers().firstValue("Retry-After").orElse(null), response.body());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	record Answer(int status, String contentType, String retryAfter, String body) {
	}

}
