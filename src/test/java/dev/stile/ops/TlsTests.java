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
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.PBEParameterSpec;
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
	void theCertificateAndAnEncryptedKeyMayBeGivenAsPemText() throws Exception {
		String certificate = pem("CERTIFICATE", keyStore.getCertificate("stile").getEncoded());
		String encryptedKey = pem("ENCRYPTED PRIVATE KEY",
				encrypt((PrivateKey) keyStore.getKey("stile", "changeit".toCharArray()), "key password"));
		try (ServerInstance pemText = ServerInstance.start("stile.tls.certificate=" + certificate,
				"stile.tls.private-key=" + encryptedKey, "stile.tls.private-key-password=key password")) {
			HttpClient client = HttpClient.newBuilder().sslContext(trusting(keyStore.getCertificate("stile"))).build();

			HttpResponse<String> response = client
				.send(HttpRequest.newBuilder(pemText.uri("https", "/v1/verification_sessions"))
					.header("Authorization", "Bearer " + Api.TEST_SECRET_KEY)
					.build(), HttpResponse.BodyHandlers.ofString());

			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).contains("\"object\":\"list\"");
		}
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

	/**
	 * PKCS #8 encrypted with PBES2 (PBKDF2 with HMAC-SHA256, AES-256), as openssl writes
	 * it.
	 */
	private static byte[] encrypt(PrivateKey key, String password) throws Exception {
		String algorithm = "PBEWithHmacSHA256AndAES_256";
		byte[] salt = new byte[16];
		byte[] iv = new byte[16];
		new SecureRandom().nextBytes(salt);
		new SecureRandom().nextBytes(iv);
		SecretKey secret = SecretKeyFactory.getInstance(algorithm)
			.generateSecret(new PBEKeySpec(password.toCharArray()));
		Cipher cipher = Cipher.getInstance(algorithm);
		cipher.init(Cipher.ENCRYPT_MODE, secret, new PBEParameterSpec(salt, 10_000, new IvParameterSpec(iv)));
		byte[] encrypted = cipher.doFinal(key.getEncoded());
		// EncryptedPrivateKeyInfo ::= SEQUENCE { SEQUENCE { id-PBES2, PBES2-params },
		// OCTET STRING }; the JDK writes the parameters but not this envelope.
		byte[] pbes2 = { 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x05, 0x0d };
		byte[] algorithmIdentifier = der(0x30, concat(pbes2, cipher.getParameters().getEncoded()));
		return der(0x30, concat(algorithmIdentifier, der(0x04, encrypted)));
	}

	private static byte[] der(int tag, byte[] content) {
		int length = content.length;
		byte[] header = (length < 0x80) ? new byte[] { (byte) tag, (byte) length }
				: (length < 0x100) ? new byte[] { (byte) tag, (byte) 0x81, (byte) length }
						: new byte[] { (byte) tag, (byte) 0x82, (byte) (length >> 8), (byte) length };
		return concat(header, content);
	}

	private static byte[] concat(byte[] first, byte[] second) {
		byte[] both = Arrays.copyOf(first, first.length + second.length);
		System.arraycopy(second, 0, both, first.length, second.length);
		return both;
	}

	private static String pem(String type, byte[] der) {
		return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
				+ "\n-----END " + type + "-----\n";
	}

}
