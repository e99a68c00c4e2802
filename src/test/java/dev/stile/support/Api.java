package dev.stile.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.function.IntSupplier;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Lazy;

/**
 * A small HTTP client for the API under test: real requests to the running server,
 * answers as status, headers and JSON.
 */
public final class Api {

	/** The bootstrap test secret key of application-test.yaml. */
	public static final String TEST_SECRET_KEY = "vk_test_integrationtestsecretkey0001";

	/** The bootstrap test publishable key of application-test.yaml. */
	public static final String TEST_PUBLISHABLE_KEY = "pk_test_integrationtestpublishable01";

	/** The operator token of application-test.yaml. */
	public static final String ADMIN_TOKEN = "test-admin-token-of-at-least-32-characters";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newHttpClient();

	private final IntSupplier port;

	Api(WebServerApplicationContext context) {
		this.port = () -> context.getWebServer().getPort();
	}

	private Api(int port) {
		this.port = () -> port;
	}

	/** A client of a server in a JVM of its own, listening on {@code port}. */
	public static Api on(int port) {
		return new Api(port);
	}

	/** A client of another running server, such as one a test started itself. */
	public static Api on(WebServerApplicationContext context) {
		return new Api(context);
	}

	/** A request builder for {@code path} on the running server. */
	public Call call(String method, String path) {
		return new Call(method, path);
	}

	public Response get(String key, String path) {
		return call("GET", path).key(key).send();
	}

	public Response post(String key, String path, Object body) {
		return call("POST", path).key(key).json(body).send();
	}

	/**
	 * Creates a session with the default test key and answers its JSON, failing unless
	 * 200.
	 */
	public JsonNode createSession(Map<String, Object> body) {
		Response response = post(TEST_SECRET_KEY, "/v1/verification_sessions", body);
		if (response.status() != 200) {
			throw new AssertionError("create failed: " + response.status() + " " + response.body());
		}
		return response.json();
	}

	public static String toJson(Object value) {
		return JSON.writeValueAsString(value);
	}

	/** One request being built. */
	public final class Call {

		private final String method;

		private final String path;

		private final Map<String, String> headers = new LinkedHashMap<>();

		private String body;

		private byte[] bytes;

		Call(String method, String path) {
			this.method = method;
			this.path = path;
		}

		public Call key(String key) {
			return (key != null) ? header("Authorization", "Bearer " + key) : this;
		}

		public Call header(String name, String value) {
			this.headers.put(name, value);
			return this;
		}

		public Call json(Object value) {
			return raw((value instanceof String text) ? text : toJson(value), "application/json");
		}

		/** A multipart/form-data body with text fields and one file. */
		public Call multipart(Map<String, String> fields, String fileField, byte[] file, String fileType) {
			String boundary = "----stile" + System.nanoTime();
			java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
			java.nio.charset.Charset utf8 = java.nio.charset.StandardCharsets.UTF_8;
			fields.forEach(
					(name, value) -> out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\""
							+ name + "\"\r\n\r\n" + value + "\r\n")
						.getBytes(utf8)));
			if (file != null) {
				out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fileField
						+ "\"; filename=\"photo\"\r\nContent-Type: " + fileType + "\r\n\r\n")
					.getBytes(utf8));
				out.writeBytes(file);
				out.writeBytes("\r\n".getBytes(utf8));
			}
			out.writeBytes(("--" + boundary + "--\r\n").getBytes(utf8));
			this.bytes = out.toByteArray();
			this.headers.put("Content-Type", "multipart/form-data; boundary=" + boundary);
			return this;
		}

		public Call raw(String body, String contentType) {
			this.body = body;
			if (contentType != null) {
				this.headers.put("Content-Type", contentType);
			}
			return this;
		}

		public Response send() {
			int port = Api.this.port.getAsInt();
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + this.path))
				.method(this.method,
						(this.bytes != null) ? HttpRequest.BodyPublishers.ofByteArray(this.bytes) : (this.body != null)
								? HttpRequest.BodyPublishers.ofString(this.body) : HttpRequest.BodyPublishers.noBody());
			this.headers.forEach(request::header);
			try {
				HttpResponse<String> response = Api.this.http.send(request.build(),
						HttpResponse.BodyHandlers.ofString());
				return new Response(response.statusCode(), response.headers().map(), response.body());
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

	}

	/** An answer of the server. */
	public record Response(int status, Map<String, java.util.List<String>> headers, String body) {

		public JsonNode json() {
			return JSON.readTree(this.body);
		}

		public String header(String name) {
			return this.headers.entrySet()
				.stream()
				.filter((entry) -> entry.getKey().equalsIgnoreCase(name))
				.map((entry) -> entry.getValue().get(0))
				.findFirst()
				.orElse(null);
		}

		/** The error envelope's {@code error} object. */
		public JsonNode error() {
			return json().get("error");
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	public static class Configuration {

		@Bean
		@Lazy
		Api api(WebServerApplicationContext context) {
			return new Api(context);
		}

	}

}
