package dev.stile.ops;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.stile.support.Api;
import dev.stile.support.Api.Response;
import dev.stile.support.IntegrationTest;
import dev.stile.support.TestOrganization;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A server in a JVM of its own, as deployed: with {@code STILE_LOG_FORMAT=ecs} or
 * {@code logstash} every request is logged as one JSON object carrying its request id,
 * and no key, client secret, email, phone or birth date reaches a line; on SIGTERM it
 * stops taking connections, finishes the request in flight and exits.
 */
@IntegrationTest
class JsonLogsAndShutdownTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	Api api;

	@Autowired
	DataSource dataSource;

	@ParameterizedTest
	@ValueSource(strings = { "ecs", "logstash" })
	void jsonLogLinesCarryRequestIdsAndNoSecretsAndSigtermFinishesTheRequestInFlight(String format) throws Exception {
		TestOrganization organization = TestOrganization.create(this.api);
		String secretKey = organization.testSecretKey();
		String email = "json.log." + ThreadLocalRandom.current().nextInt(1_000_000, 9_999_999) + "@example.com";
		String phone = "+1415555" + ThreadLocalRandom.current().nextInt(1000, 9999);
		String birthDate = "1958-03-" + (10 + ThreadLocalRandom.current().nextInt(18));
		List<String> settings = new ArrayList<>(List.of(database()));
		settings.add("logging.structured.format.console=" + format);
		try (ServerProcess server = ServerProcess.start(settings.toArray(String[]::new))) {
			Api client = Api.on(server.port());
			Response created = client.post(secretKey, "/v1/verification_sessions",
					Map.of("type", "age", "methods", List.of("self_attestation"), "email", email, "phone", phone));
			assertThat(created.status()).as(created.body()).isEqualTo(200);
			String clientSecret = created.json().get("client_secret").asString();
			List<String> requestIds = new ArrayList<>(List.of(created.header("Request-Id"),
					client.post(secretKey, "/v1/verification_sessions", Map.of("type", "age", "birth_date", birthDate))
						.header("Request-Id"),
					client.get(null, "/v1/verification_sessions?key=" + secretKey).header("Request-Id"),
					client.call("POST", "/v1/client/session/attempts")
						.key(clientSecret)
						.json(Map.of("method", "self_attestation", "birth_date", birthDate, "confirm", true))
						.send()
						.header("Request-Id")));

			String inFlightId = finishesTheRequestInFlightOnSigterm(server, secretKey);
			requestIds.add(inFlightId);

			String logs = server.output();
			// Kept for a reader of a failed build.
			Files.writeString(Path.of("target", "json-logs-" + format + ".log"), logs);
			for (String secret : List.of(secretKey, clientSecret, email, phone, phone.substring(2), birthDate)) {
				assertThat(logs).as("the %s logs leak %s", format, secret).doesNotContain(secret);
			}
			for (String requestId : requestIds) {
				List<String> lines = logs.lines().filter((line) -> line.contains(requestId)).toList();
				assertThat(lines).as("%s log lines of request %d, %s", format, requestIds.indexOf(requestId), requestId)
					.isNotEmpty();
				for (String line : lines) {
					JsonNode object = JSON.readTree(line);
					assertThat(object.isObject()).as(line).isTrue();
				}
			}
		}
	}

	/**
	 * Sends a create whose body is only half there, SIGTERMs the server, waits until it
	 * takes no new connection, then sends the rest: the create must still be answered,
	 * and the server must exit. Answers the create's request id.
	 */
	private String finishesTheRequestInFlightOnSigterm(ServerProcess server, String secretKey) throws Exception {
		String body = "{\"type\":\"age\",\"metadata\":{\"sent\":\"across a SIGTERM\"}}";
		try (Socket inFlight = new Socket("localhost", server.port())) {
			inFlight.setSoTimeout(60_000);
			OutputStream out = inFlight.getOutputStream();
			out.write(("POST /v1/verification_sessions HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
					+ secretKey + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
					+ "\r\nConnection: close\r\n\r\n" + body.substring(0, 20))
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();

			server.terminate();
			await().atMost(Duration.ofSeconds(30)).until(() -> !accepts(server.port()));
			out.write(body.substring(20).getBytes(StandardCharsets.US_ASCII));
			out.flush();
			String answer = readAll(inFlight.getInputStream());

			assertThat(answer).startsWith("HTTP/1.1 200");
			assertThat(answer).contains("across a SIGTERM");
			assertThat(server.waitForExit(Duration.ofSeconds(60))).as("the server exited").isTrue();
			return answer.lines()
				.filter((line) -> line.regionMatches(true, 0, "Request-Id:", 0, 11))
				.map((line) -> line.substring(11).trim())
				.findFirst()
				.orElseThrow();
		}
	}

	/** Whether a new connection to the port is accepted and answered. */
	private static boolean accepts(int port) {
		try (Socket probe = new Socket("localhost", port)) {
			probe.setSoTimeout(1000);
			probe.getOutputStream()
				.write("GET /v1/verification_sessions HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
					.getBytes(StandardCharsets.US_ASCII));
			return probe.getInputStream().read() != -1;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static String readAll(InputStream in) throws IOException {
		return new String(in.readAllBytes(), StandardCharsets.UTF_8);
	}

	/** The shared test server's database, for the server beside it. */
	private String[] database() throws SQLException {
		HikariDataSource database = this.dataSource.unwrap(HikariDataSource.class);
		return new String[] { "spring.datasource.url=" + database.getJdbcUrl(),
				"spring.datasource.username=" + database.getUsername(),
				"spring.datasource.password=" + ((database.getPassword() != null) ? database.getPassword() : "") };
	}

}
