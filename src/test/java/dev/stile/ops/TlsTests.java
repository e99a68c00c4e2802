package dev.stile.ops;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import dev.stile.support.Api;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server given a PEM certificate and key serves HTTPS with HTTP/2, drops a connection
 * that stays silent past the connection timeout, and believes no headers of a peer
 * outside its trusted proxies.
 */
class TlsTests {

	@TempDir
	static Path directory;

	static KeyStore keyStore;

	static ServerInstance server;

	// Long enough for a first TLS handshake on a busy machine, short enough to wait for.
	private static final String CONNECTION_TIMEOUT = "server.tomcat.connection-timeout=5s";

	@BeforeAll
	static void startWithASelfSignedCertificate() throws Exception {
		Path p12 = directory.resolve("tls.p12");
		Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
				"-genkeypair", "-alias", "stile", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
				"-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore",
				p12.toString(), "-storepass", "changeit")
			.redirectErrorStream(true)
			.start();
		assertThat(keytool.waitFor()).as(new String(keytool.getInputStream().readAllBytes())).isZero();
		keyStore = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(p12)) {
			keyStore.load(in, "changeit".toCharArray());
		}
		Path certificate = directory.resolve("tls.crt");
		Path privateKey = directory.resolve("tls.key");
		Files.writeString(certificate, pem("CERTIFICATE", keyStore.getCertificate("stile").getEncoded()));
		Files.writeString(privateKey,
				pem("PRIVATE KEY", ((PrivateKey) keyStore.getKey("stile", "changeit".toCharArray())).getEncoded()));
		server = ServerInstance.start("stile.tls.certificate=" + certificate, "stile.tls.private-key=" + privateKey,
				CONNECTION_TIMEOUT, "stile.http.trusted-proxies=203.0.113.0/24");
	}

	@AfterAll
	static void stop() {
		if (server != null) {
			server.close();
		}
	}

	@Test
	void theApiIsServedOverTlsWithHttp2() throws Exception {
		HttpClient client = HttpClient.newBuilder().sslContext(trusting(keyStore.getCertificate("stile"))).build();

		HttpResponse<String> response = client
			.send(HttpRequest.newBuilder(server.uri("https", "/v1/verification_sessions"))
				.header("Authorization", "Bearer " + Api.TEST_SECRET_KEY)
				.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
		assertThat(response.body()).contains("\"object\":\"list\"");
		assertThat(response.headers().firstValue("X-RateLimit-Limit")).isPresent();
	}

	@Test
	void geoHeadersFromAPeerOutsideTheTrustedProxiesAreIgnored() throws Exception {
		HttpClient client = HttpClient.newBuilder().sslContext(trusting(keyStore.getCertificate("stile"))).build();

		HttpResponse<String> response = client
			.send(HttpRequest.newBuilder(server.uri("https", "/v1/verification_sessions"))
				.header("Authorization", "Bearer " + Api.TEST_SECRET_KEY)
				.header("Content-Type", "application/json")
				.header("X-Forwarded-For", "10.1.2.3")
				.header("CF-IPCountry", "FR")
				.POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"age\"}"))
				.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		// The test-mode fallback jurisdiction, not the header's.
		assertThat(response.body()).contains("\"jurisdiction\":\"US-CA\"");
	}

	@Test
	void aConnectionThatSendsNothingIsClosedAfterTheConnectionTimeout() throws IOException {
		try (Socket socket = new Socket("localhost", server.port())) {
			socket.setSoTimeout(30_000);
			long start = System.nanoTime();

			int read = socket.getInputStream().read();

			assertThat(read).isEqualTo(-1);
			assertThat((System.nanoTime() - start) / 1_000_000).isBetween(4_000L, 29_000L);
		}
	}

	private static SSLContext trusting(Certificate certificate) throws Exception {
		KeyStore trusted = KeyStore.getInstance("PKCS12");
		trusted.load(null, null);
		trusted.setCertificateEntry("stile", certificate);
		TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		factory.init(trusted);
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(null, factory.getTrustManagers(), null);
		return context;
	}

	private static String pem(String type, byte[] der) {
		return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
				+ "\n-----END " + type + "-----\n";
	}

}
