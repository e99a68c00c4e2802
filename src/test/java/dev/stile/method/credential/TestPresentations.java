package dev.stile.method.credential;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import dev.stile.credential.TestPki;
import tools.jackson.databind.json.JsonMapper;

/**
 * Real presentations for tests, built here from the test PKI: an EU PID as an SD-JWT VC
 * with its key binding JWT, signed by an issuer certificate under a PID root.
 */
public final class TestPresentations {

	/** The verifier's client_id and the request's nonce the presentations answer. */
	static final String CLIENT_ID = "x509_san_dns:verifier.example.com";

	static final String NONCE = "n-0S6_WzA2Mj";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final SecureRandom random = new SecureRandom();

	private final TestPki.Issued root;

	private final TestPki.Issued issuer;

	private final TestPki.Issued holder;

	public TestPresentations(Instant now) {
		this.root = TestPki.root("Test PID Provider Root", now);
		this.issuer = TestPki.signer(this.root, "Test PID Issuer", now, null);
		this.holder = new TestPki.Issued(null, TestPki.ecKey());
	}

	/** The PID provider's root, for the trust anchors. */
	public TestPki.Issued root() {
		return this.root;
	}

	/**
	 * An SD-JWT VC PID ({@code urn:eudi:pid:1}) disclosing these claims, each
	 * selectively, with a key binding JWT for {@link #CLIENT_ID} and {@link #NONCE} made
	 * at {@code at}.
	 */
	String pid(Map<String, Object> claims, Instant at) {
		return pid(claims, at, CLIENT_ID, NONCE);
	}

	/**
	 * The same PID with a key binding JWT for this verifier ({@code aud}) and request
	 * nonce.
	 */
	public String pid(Map<String, Object> claims, Instant at, String clientId, String nonce) {
		try {
			List<String> disclosures = new ArrayList<>();
			List<String> digests = new ArrayList<>();
			for (Map.Entry<String, Object> claim : claims.entrySet()) {
				String disclosure = base64url(
						JSON.writeValueAsBytes(List.of(salt(), claim.getKey(), claim.getValue())));
				disclosures.add(disclosure);
				digests.add(base64url(sha256(disclosure)));
			}
			Map<String, Object> payload = new LinkedHashMap<>();
			payload.put("iss", "https://pid-provider.example.com");
			payload.put("vct", "urn:eudi:pid:1");
			payload.put("iat", at.minus(Duration.ofDays(1)).getEpochSecond());
			payload.put("exp", at.plus(Duration.ofDays(365)).getEpochSecond());
			payload.put("_sd_alg", "sha-256");
			payload.put("_sd", digests);
			payload.put("cnf",
					Map.of("jwk",
							new ECKey.Builder(Curve.P_256, (ECPublicKey) this.holder.keyPair().getPublic()).build()
								.toJSONObject()));
			JWSObject issuerJwt = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.ES256)
				.type(new JOSEObjectType("dc+sd-jwt"))
				.x509CertChain(List.of(com.nimbusds.jose.util.Base64.encode(this.issuer.certificate().getEncoded())))
				.build(), new Payload(JSON.writeValueAsString(payload)));
			issuerJwt.sign(new ECDSASigner((ECPrivateKey) this.issuer.keyPair().getPrivate()));
			String presented = issuerJwt.serialize() + "~" + String.join("~", disclosures) + "~";
			Map<String, Object> binding = new LinkedHashMap<>();
			binding.put("aud", clientId);
			binding.put("nonce", nonce);
			binding.put("iat", at.getEpochSecond());
			binding.put("sd_hash", base64url(sha256(presented)));
			JWSObject keyBinding = new JWSObject(
					new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("kb+jwt")).build(),
					new Payload(JSON.writeValueAsString(binding)));
			keyBinding.sign(new ECDSASigner((ECPrivateKey) this.holder.keyPair().getPrivate()));
			return presented + keyBinding.serialize();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The test handover an attempt sends with these presentations. */
	static Map<String, Object> handover(Instant at) {
		return Map.of("client_id", CLIENT_ID, "nonce", NONCE, "response_uri", "https://verifier.example.com/response",
				"at", at.getEpochSecond());
	}

	private static String salt() {
		byte[] salt = new byte[16];
		random.nextBytes(salt);
		return base64url(salt);
	}

	private static byte[] sha256(String text) throws Exception {
		return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII));
	}

	private static String base64url(byte[] bytes) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
