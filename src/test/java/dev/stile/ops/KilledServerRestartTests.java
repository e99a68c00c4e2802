package dev.stile.ops;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import dev.stile.support.Api;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A server killed with {@code kill -9} leaves its embedded PostgreSQL running on the data
 * directory. The next start must take the directory back, with every session in it, and
 * must never touch a database that a live server is still using.
 */
class KilledServerRestartTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@TempDir
	Path directory;

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void aKilledServersDatabaseIsTakenBackOnTheNextStartAndALiveOnesIsNot() throws Exception {
		Path data = this.directory.resolve("data");
		ServerProcess killed = ServerProcess.start(data);
		HttpResponse<String> created = send("POST", killed.port(), "/v1/verification_sessions",
				"{\"type\":\"age\",\"methods\":[\"self_attestation\"]}");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
		String id = JSON.readTree(created.body()).get("id").asString();

		// While that server lives, a second one on the same directory is refused at once
		// and the first keeps serving.
		assertThatThrownBy(
				() -> ServerInstance.start("stile.data-dir=" + data, "stile.embedded-postgres.ephemeral=false"))
			.rootCause()
			.hasMessageContaining("Another running Stile server is using the embedded database in");
		assertThat(send("GET", killed.port(), "/v1/verification_sessions/" + id, null).statusCode()).isEqualTo(200);

		killed.kill();
		long orphan = Long.parseLong(Files.readAllLines(data.resolve("postgres/postmaster.pid")).get(0).trim());
		assertThat(ProcessHandle.of(orphan).filter(ProcessHandle::isAlive))
			.as("the killed server's PostgreSQL is still running")
			.isPresent();

		try (ServerInstance restarted = ServerInstance.start("stile.data-dir=" + data,
				"stile.embedded-postgres.ephemeral=false")) {
			HttpResponse<String> retrieved = send("GET", restarted.port(), "/v1/verification_sessions/" + id, null);
			assertThat(retrieved.statusCode()).as(retrieved.body()).isEqualTo(200);
			JsonNode session = JSON.readTree(retrieved.body());
			assertThat(session.get("status").asString()).isEqualTo("created");
			Optional<ProcessHandle> old = ProcessHandle.of(orphan).filter(ProcessHandle::isAlive);
			assertThat(old).as("the orphaned PostgreSQL was stopped").isEmpty();
		}
	}

	private HttpResponse<String> send(String method, int port, String path, String json) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
			.header("Authorization", "Bearer " + Api.TEST_SECRET_KEY);
		if (json != null) {
			request.header("Content-Type", "application/json");
		}
		request.method(method,
				json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
