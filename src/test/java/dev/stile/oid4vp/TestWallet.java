package dev.stile.oid4vp;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDHEncrypter;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import dev.stile.credential.Handover;

/**
 * A wallet as far as the verifier can tell: it reads the link the page shows, fetches and
 * checks the signed request (type, signature, {@code x5c} chaining to the verifier CA it
 * trusts, {@code client_id} prefix and hash), and posts a response as OpenID4VP 1.0 says.
 * What it presents is built by the test from what the request asks for.
 *
 * The server's public URL names its deployment's address; the wallet reaches the test
 * server at {@code base} with the same paths.
 */
final class TestWallet {

	private final HttpClient http = HttpClient.newHttpClient();

	private final URI base;

	private final X509Certificate trustedVerifierCa;

	TestWallet(URI base) {
		this.base = base;
		try (var in = Files.newInputStream(Path.of("target/test-classes/verifier/verifier-ca.pem"))) {
			this.trustedVerifierCa = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A request as the wallet read and checked it. */
	record Request(SignedJWT jwt, X509Certificate leaf, Map<String, Object> claims) {

		String text(String name) {
			return (String) this.claims.get(name);
		}

		@SuppressWarnings("unchecked")
		Map<String, Object> dcql() {
			return (Map<String, Object>) this.claims.get("dcql_query");
		}

		@SuppressWarnings("unchecked")
		Map<String, Object> firstCredentialQuery() {
			return (Map<String, Object>) ((List<Object>) dcql().get("credentials")).get(0);
		}

		/** The claim paths the first credential query asks for. */
		@SuppressWarnings("unchecked")
		List<List<String>> requestedPaths() {
			return ((List<Map<String, Object>>) firstCredentialQuery().get("claims")).stream()
				.map((claim) -> (List<String>) claim.get("path"))
				.toList();
		}

		/** The verifier's response encryption key, when it asks for direct_post.jwt. */
		@SuppressWarnings("unchecked")
		ECKey encryptionKey() {
			Map<String, Object> metadata = (Map<String, Object>) this.claims.get("client_metadata");
			List<Object> keys = (List<Object>) ((Map<String, Object>) metadata.get("jwks")).get("keys");
			try {
				return ECKey.parse((Map<String, Object>) keys.get(0));
			}
			catch (java.text.ParseException ex) {
				throw new IllegalStateException(ex);
			}
		}

		/**
		 * The handover the mdoc's device signature must cover (OpenID4VP 1.0 §B.2.6.1).
		 */
		Handover handover() {
			byte[] thumbprint = null;
			if ("direct_post.jwt".equals(text("response_mode"))) {
				try {
					thumbprint = encryptionKey().computeThumbprint().decode();
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			}
			return new Handover(text("client_id"), text("nonce"), text("response_uri"), thumbprint);
		}

	}

	/**
	 * Opens the same-device link (or the QR code's text): fetches the request at its
	 * {@code request_uri} and checks it as a wallet must before showing the user
	 * anything.
	 */
	Request open(String link) throws Exception {
		URI uri = URI.create(link);
		if (!"openid4vp".equals(uri.getScheme())) {
			throw new AssertionError("not an openid4vp link: " + link);
		}
		Map<String, String> query = query(uri.getRawQuery());
		HttpResponse<String> fetched = this.http.send(
				HttpRequest.newBuilder(local(query.get("request_uri"))).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		if (fetched.statusCode() != 200) {
			throw new AssertionError("request_uri answered " + fetched.statusCode() + ": " + fetched.body());
		}
		if (!fetched.headers().firstValue("Content-Type").orElse("").startsWith("application/oauth-authz-req+jwt")) {
			throw new AssertionError("request object served as " + fetched.headers().firstValue("Content-Type"));
		}
		return check(fetched.body(), query.get("client_id"));
	}

	/** The checks of OpenID4VP 1.0 §5 and HAIP 1.0 §5 on a signed request object. */
	Request check(String serialized, String linkClientId) throws Exception {
		SignedJWT jwt = SignedJWT.parse(serialized);
		if (!"oauth-authz-req+jwt".equals(jwt.getHeader().getType().getType())
				|| !"ES256".equals(jwt.getHeader().getAlgorithm().getName())) {
			throw new AssertionError("header " + jwt.getHeader());
		}
		List<com.nimbusds.jose.util.Base64> x5c = jwt.getHeader().getX509CertChain();
		CertificateFactory factory = CertificateFactory.getInstance("X.509");
		X509Certificate leaf = (X509Certificate) factory
			.generateCertificate(new ByteArrayInputStream(x5c.get(0).decode()));
		if (!jwt.verify(new ECDSAVerifier((ECPublicKey) leaf.getPublicKey()))) {
			throw new AssertionError("request object signature does not verify with the x5c leaf");
		}
		// The leaf must chain to the verifier CA this wallet trusts, which is not in x5c.
		leaf.verify(this.trustedVerifierCa.getPublicKey());
		leaf.checkValidity();
		for (com.nimbusds.jose.util.Base64 certificate : x5c) {
			if (java.util.Arrays.equals(certificate.decode(), this.trustedVerifierCa.getEncoded())) {
				throw new AssertionError("x5c carries the trust anchor");
			}
		}
		Map<String, Object> claims = jwt.getJWTClaimsSet().getClaims();
		String clientId = (String) claims.get("client_id");
		if (!clientId.equals(linkClientId)) {
			throw new AssertionError("client_id " + clientId + " differs from the link's " + linkClientId);
		}
		String hash = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(MessageDigest.getInstance("SHA-256").digest(leaf.getEncoded()));
		if (!clientId.equals("x509_hash:" + hash)) {
			throw new AssertionError("client_id " + clientId + " is not x509_hash of the x5c leaf");
		}
		if (!"vp_token".equals(claims.get("response_type")) || claims.containsKey("redirect_uri")
				|| !(claims.get("nonce") instanceof String nonce) || nonce.length() < 22) {
			throw new AssertionError("request claims " + claims);
		}
		return new Request(jwt, leaf, claims);
	}

	/**
	 * Answers {@code request} with {@code presentations} under the query id, encrypted
	 * for {@code direct_post.jwt} or as a plain form for {@code direct_post}.
	 */
	HttpResponse<String> answer(Request request, String queryId, String presentation) throws Exception {
		return answer(request, queryId, presentation, request.text("state"));
	}

	HttpResponse<String> answer(Request request, String queryId, String presentation, String state) throws Exception {
		Map<String, Object> token = Map.of(queryId, List.of(presentation));
		if ("direct_post.jwt".equals(request.text("response_mode"))) {
			return post(request.text("response_uri"), "response=" + encrypt(request, token, state));
		}
		return post(request.text("response_uri"),
				"vp_token=" + encode(JSONObjectUtils.toJSONString(token)) + "&state=" + encode(state));
	}

	/** The JWE of a direct_post.jwt response (OpenID4VP 1.0 §8.3). */
	String encrypt(Request request, Map<String, Object> token, String state) throws Exception {
		ECKey key = request.encryptionKey();
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("vp_token", token);
		payload.put("state", state);
		JWEObject jwe = new JWEObject(
				new JWEHeader.Builder(JWEAlgorithm.ECDH_ES, EncryptionMethod.A128GCM).keyID(key.getKeyID()).build(),
				new Payload(payload));
		jwe.encrypt(new ECDHEncrypter(key));
		return jwe.serialize();
	}

	/** Posts a form body as it is to a URI of the server. */
	HttpResponse<String> post(String uri, String form) throws IOException, InterruptedException {
		return postBytes(uri, form.getBytes(StandardCharsets.ISO_8859_1), "application/x-www-form-urlencoded");
	}

	HttpResponse<String> postBytes(String uri, byte[] body, String contentType)
			throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(local(uri))
			.header("Content-Type", contentType)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * Follows the redirect_uri the server answered with, as the wallet hands it to the
	 * browser.
	 */
	HttpResponse<String> follow(String redirectUri) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(local(redirectUri)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
	}

	/** The same path and query on the test server. */
	URI local(String uri) {
		URI parsed = URI.create(uri);
		return this.base
			.resolve(parsed.getRawPath() + ((parsed.getRawQuery() != null) ? "?" + parsed.getRawQuery() : ""));
	}

	static Map<String, String> query(String rawQuery) {
		Map<String, String> fields = new LinkedHashMap<>();
		for (String pair : rawQuery.split("&")) {
			int equals = pair.indexOf('=');
			fields.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
					URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
		}
		return fields;
	}

	static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
