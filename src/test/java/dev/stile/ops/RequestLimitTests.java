package dev.stile.ops;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

import dev.stile.support.Api;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.Test;

import dev.stile.support.IntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

@IntegrationTest
class RequestLimitTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	WebServerApplicationContext context;

	@Test
	void aHeaderLargerThanTheLimitIsRefusedInTheEnvelope() throws IOException {
		String response = exchange("GET /v1/verification_sessions HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
				+ Api.TEST_SECRET_KEY + "\r\nX-Padding: " + "a".repeat(17 * 1024) + "\r\nConnection: close\r\n\r\n");

		assertRefusedInTheEnvelope(response);
	}

	@Test
	void aQueryStringLongerThanTheLimitIsRefusedInTheEnvelope() throws IOException {
		String response = exchange("GET /v1/verification_sessions?limit=10&x=" + "a".repeat(17 * 1024)
				+ " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + Api.TEST_SECRET_KEY
				+ "\r\nConnection: close\r\n\r\n");

		assertRefusedInTheEnvelope(response);
	}

	@Test
	void timeoutsAndSizesAreConfiguredOnTheConnector() {
		Connector connector = ((TomcatWebServer) this.context.getWebServer()).getTomcat().getConnector();

		assertThat(connector.getProperty("connectionTimeout")).isEqualTo(20000);
		assertThat(connector.getProperty("keepAliveTimeout")).isEqualTo(60000);
		assertThat(connector.getProperty("maxHttpRequestHeaderSize")).isEqualTo(16384);
		assertThat(connector.getProperty("maxKeepAliveRequests")).isEqualTo(1000);
		assertThat(connector.getProperty("maxConnections")).isEqualTo(8192);
	}

	@Test
	void aRequestUnderTheLimitsIsServed() throws IOException {
		String response = exchange("GET /v1/verification_sessions?limit=10&x=" + "a".repeat(4 * 1024)
				+ " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + Api.TEST_SECRET_KEY + "\r\nX-Padding: "
				+ "a".repeat(8 * 1024) + "\r\nConnection: close\r\n\r\n");

		assertThat(response).startsWith("HTTP/1.1 200");
	}

	private static void assertRefusedInTheEnvelope(String response) {
		assertThat(response).startsWith("HTTP/1.1 400");
		int body = response.indexOf("\r\n\r\n");
		JsonNode error = JSON.readTree(response.substring(body + 4)).get("error");
		assertThat(error.get("type").asString()).isEqualTo("invalid_request_error");
		assertThat(error.get("code").asString()).isEqualTo("request_invalid");
		assertThat(error.get("request_id").asString()).startsWith("req_");
		assertThat(response).containsIgnoringCase("Content-Type: application/json")
			.contains("Request-Id: " + error.get("request_id").asString())
			.doesNotContain(Api.TEST_SECRET_KEY);
	}

	private String exchange(String request) throws IOException {
		try (Socket socket = new Socket("localhost", this.port)) {
			socket.setSoTimeout(5000);
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream response = new ByteArrayOutputStream();
			try {
				in.transferTo(response);
			}
			catch (SocketTimeoutException ex) {
				// whatever arrived
			}
			return response.toString(StandardCharsets.ISO_8859_1);
		}
	}

}
