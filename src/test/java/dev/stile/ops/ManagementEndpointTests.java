package dev.stile.ops;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import dev.stile.support.Api;
import dev.stile.support.Api.Response;
import dev.stile.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;

import static org.assertj.core.api.Assertions.assertThat;

@IntegrationTest
class ManagementEndpointTests {

	@Autowired
	Api api;

	@LocalManagementPort
	int managementPort;

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void livenessAndReadinessAreUpOnTheManagementPort() throws Exception {
		HttpResponse<String> liveness = management("/actuator/health/liveness");
		HttpResponse<String> readiness = management("/actuator/health/readiness");

		assertThat(liveness.statusCode()).isEqualTo(200);
		assertThat(liveness.body()).contains("\"status\":\"UP\"");
		assertThat(readiness.statusCode()).isEqualTo(200);
		assertThat(readiness.body()).contains("\"status\":\"UP\"");
	}

	@Test
	void nothingOfTheActuatorIsServedOnTheApiPort() {
		for (String path : new String[] { "/actuator", "/actuator/health", "/actuator/health/readiness",
				"/actuator/prometheus" }) {
			Response response = this.api.get(null, path);
			assertThat(response.status()).as(path).isEqualTo(404);
			assertThat(response.error().get("code").asString()).isEqualTo("resource_missing");
		}
	}

	@Test
	void prometheusShowsLatencyHistogramsSessionCountsAndThePool() throws Exception {
		this.api.createSession(Map.of("type", "age", "skip_verification", true));

		String metrics = management("/actuator/prometheus").body();

		assertThat(metrics).containsPattern(
				"http_server_requests_seconds_bucket\\{[^}]*method=\"POST\"[^}]*uri=\"/v1/verification_sessions\"[^}]*le=\"");
		assertThat(metrics).containsPattern(
				"stile_sessions_total\\{livemode=\"false\",method=\"[a-z_]+\",status=\"created\",type=\"age\"}");
		assertThat(metrics).containsPattern(
				"stile_sessions_total\\{livemode=\"false\",method=\"[a-z_]+\",status=\"verified\",type=\"age\"}");
		assertThat(metrics).contains("hikaricp_connections_active{");
		assertThat(metrics).contains("stile_rate_limit_refused_total");
	}

	private HttpResponse<String> management(String path) throws IOException, InterruptedException {
		return this.http.send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + this.managementPort + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
