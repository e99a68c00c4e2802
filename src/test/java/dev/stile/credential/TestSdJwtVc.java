package dev.stile.credential;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import com.authlete.sd.Disclosure;
import com.authlete.sd.SDObjectBuilder;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.PlainObject;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;

/**
 * SD-JWT VCs and their presentations for tests, from our own test PKI (a PID provider's
 * root and the issuer certificate it signs) and a holder key, built with Authlete's
 * disclosure builders and signed with Nimbus. Every field can be spoiled to make a
 * negative case.
 */
final class TestSdJwtVc {

	/** The instant presentations are made for and judged at. */
	static final Instant AT = Instant.parse("2026-11-30T10:15:00Z");

	static final String CLIENT_ID = "x509_hash:Uvo3HtuIxuhC92rShpgqcT3YXwrqRxWEviRiA0OZszk";

	static final String NONCE = "n-0S6_WzA2Mj-4f5g";

	static final String PID = "urn:eudi:pid:1";

	static final TestPki.Issued ROOT = TestPki.root("Test PID Provider Root", AT);

	static final TestPki.Issued ISSUER = TestPki.signer(ROOT, "Test PID Issuer", AT, null);

	static final ECKey HOLDER = ecJwk();

	private TestSdJwtVc() {
	}

	static TrustAnchors anchors() {
		return TestPki.anchors(ROOT);
	}

	static Handover handover() {
		return new Handover(CLIENT_ID, NONCE, null, null);
	}

	/** A PID to issue, as our test issuer would. */
	static Issuance pid() {
		return new Issuance();
	}

	static ECKey ecJwk() {
		try {
			return new ECKeyGenerator(Curve.P_256).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String base64url(byte[] bytes) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	static String base64url(String text) {
		return base64url(text.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * {@code sd_hash} computed here rather than by the library under test: the hash of
	 * the SD-JWT as presented, up to and including its last {@code ~} (RFC 9901 §4.3.1).
	 */
	static String sdHash(String sdJwt, String algorithm) {
		try {
			return base64url(MessageDigest.getInstance(algorithm.toUpperCase(Locale.ROOT))
				.digest(sdJwt.getBytes(StandardCharsets.US_ASCII)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The selectively disclosable claims of the PID, each named by what it discloses.
	 */
	record PidDisclosures(Disclosure givenName, Disclosure familyName, Disclosure birthdate, Disclosure ageInYears,
			Disclosure over18, Disclosure over65, Disclosure address, Disclosure street, Disclosure locality,
			Disclosure postalCode, Disclosure nationalityDe, Disclosure nationalityFr) {

		List<Disclosure> all() {
			return List.of(this.givenName, this.familyName, this.birthdate, this.ageInYears, this.over18, this.over65,
					this.address, this.street, this.locality, this.postalCode, this.nationalityDe, this.nationalityFr);
		}

	}

	/**
	 * An issuer JWT in the making.
	 */
	static final class Issuance {

		private String typ = "dc+sd-jwt";

		private JWSAlgorithm algorithm = JWSAlgorithm.ES256;

		private PrivateKey signingKey = ISSUER.keyPair().getPrivate();

		private List<X509Certificate> x5c = List.of(ISSUER.certificate());

		private String hashAlgorithm = "sha-256";

		private Instant issuedAt = AT.minus(Duration.ofDays(2));

		private Instant expiresAt = AT.plus(Duration.ofDays(90));

		private Instant notBefore;

		private Object holderKey = HOLDER.toPublicJWK().toJSONObject();

		private Consumer<Map<String, Object>> payloadEdit = (payload) -> {
		};

		Issuance typ(String typ) {
			this.typ = typ;
			return this;
		}

		Issuance signedBy(JWSAlgorithm algorithm, PrivateKey key) {
			this.algorithm = algorithm;
			this.signingKey = key;
			return this;
		}

		Issuance signedBy(KeyPair keys) {
			return signedBy(this.algorithm, keys.getPrivate());
		}

		Issuance x5c(X509Certificate... chain) {
			this.x5c = List.of(chain);
			return this;
		}

		Issuance issuer(TestPki.Issued issuer) {
			this.signingKey = issuer.keyPair().getPrivate();
			this.x5c = List.of(issuer.certificate());
			return this;
		}

		Issuance hashAlgorithm(String name) {
			this.hashAlgorithm = name;
			return this;
		}

		Issuance issuedAt(Instant issuedAt) {
			this.issuedAt = issuedAt;
			return this;
		}

		Issuance expiresAt(Instant expiresAt) {
			this.expiresAt = expiresAt;
			return this;
		}

		Issuance notBefore(Instant notBefore) {
			this.notBefore = notBefore;
			return this;
		}

		Issuance holderKey(ECKey holder) {
			this.holderKey = (holder != null) ? holder.toPublicJWK().toJSONObject() : null;
			return this;
		}

		/** Changes the payload after the digests are in, before it is signed. */
		Issuance payload(Consumer<Map<String, Object>> edit) {
			this.payloadEdit = edit;
			return this;
		}

		Credential issue() {
			String alg = this.hashAlgorithm;
			PidDisclosures d;
			SDObjectBuilder top = new SDObjectBuilder(alg);
			top.putClaim("iss", "https://pid-issuer.test.example");
			top.putClaim("vct", PID);
			top.putClaim("iat", this.issuedAt.getEpochSecond());
			if (this.expiresAt != null) {
				top.putClaim("exp", this.expiresAt.getEpochSecond());
			}
			if (this.notBefore != null) {
				top.putClaim("nbf", this.notBefore.getEpochSecond());
			}
			if (this.holderKey != null) {
				top.putClaim("cnf", Map.of("jwk", this.holderKey));
			}
			Disclosure givenName = top.putSDClaim("given_name", "Erika");
			Disclosure familyName = top.putSDClaim("family_name", "Mustermann");
			Disclosure birthdate = top.putSDClaim("birthdate", "1984-01-26");
			Disclosure ageInYears = top.putSDClaim("age_in_years", 42);

			SDObjectBuilder age = new SDObjectBuilder(alg);
			Disclosure over18 = age.putSDClaim("18", true);
			Disclosure over65 = age.putSDClaim("65", false);
			age.putDecoyDigests(2);
			top.putClaim("age_equal_or_over", age.build());

			// The address is itself disclosable and its fields are disclosed one by one.
			SDObjectBuilder address = new SDObjectBuilder(alg);
			address.putClaim("country", "DE");
			Disclosure street = address.putSDClaim("street_address", "Heidestraße 17");
			Disclosure locality = address.putSDClaim("locality", "Köln");
			Disclosure postalCode = address.putSDClaim("postal_code", "51147");
			Disclosure addressDisclosure = top.putSDClaim("address", address.build());

			Disclosure nationalityDe = new Disclosure("DE");
			Disclosure nationalityFr = new Disclosure("FR");
			List<Object> nationalities = new ArrayList<>();
			nationalities.add(nationalityDe.toArrayElement(alg));
			nationalities.add(Map.of("...", sdHash("decoy " + System.nanoTime(), alg)));
			nationalities.add(nationalityFr.toArrayElement(alg));
			top.putClaim("nationalities", nationalities);
			top.putDecoyDigests(3);

			d = new PidDisclosures(givenName, familyName, birthdate, ageInYears, over18, over65, addressDisclosure,
					street, locality, postalCode, nationalityDe, nationalityFr);
			Map<String, Object> payload = new LinkedHashMap<>(top.build(true));
			this.payloadEdit.accept(payload);
			return new Credential(sign(payload), d, alg);
		}

		private String sign(Map<String, Object> payload) {
			JWSHeader.Builder header = new JWSHeader.Builder(this.algorithm).type(new JOSEObjectType(this.typ));
			if (this.x5c != null && !this.x5c.isEmpty()) {
				header.x509CertChain(this.x5c.stream().map(TestSdJwtVc::der).toList());
			}
			return TestSdJwtVc.sign(header.build(), new Payload(payload), this.signingKey);
		}

		/** The same credential with {@code alg} {@code none}: no signature at all. */
		Credential issueUnsigned() {
			Credential signed = issue();
			String payload = signed.issuerJwt().split("\\.")[1];
			PlainObject plain = new PlainObject(new PlainHeader.Builder().type(new JOSEObjectType(this.typ)).build(),
					new Payload(com.nimbusds.jose.util.Base64URL.from(payload)));
			return new Credential(plain.serialize(), signed.pid(), signed.hashAlgorithm());
		}

		/** The same credential MACed with HS256 under a key anyone could guess. */
		Credential issueWithHmac() {
			Credential signed = issue();
			try {
				JWSObject jws = new JWSObject(
						new JWSHeader.Builder(JWSAlgorithm.HS256).type(new JOSEObjectType(this.typ))
							.x509CertChain(this.x5c.stream().map(TestSdJwtVc::der).toList())
							.build(),
						new Payload(com.nimbusds.jose.util.Base64URL.from(signed.issuerJwt().split("\\.")[1])));
				jws.sign(new MACSigner(ISSUER.certificate().getPublicKey().getEncoded()));
				return new Credential(jws.serialize(), signed.pid(), signed.hashAlgorithm());
			}
			catch (JOSEException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

	/**
	 * An issued SD-JWT VC: the issuer JWT and every disclosure the holder holds.
	 */
	record Credential(String issuerJwt, PidDisclosures pid, String hashAlgorithm) {

		Presentation present() {
			return new Presentation(this);
		}

	}

	/**
	 * A presentation in the making: which disclosures, and the key binding JWT.
	 */
	static final class Presentation {

		private final Credential credential;

		private List<String> disclosures;

		private boolean keyBinding = true;

		private String typ = "kb+jwt";

		private JWSAlgorithm algorithm = JWSAlgorithm.ES256;

		private ECKey key = HOLDER;

		private Object audience = CLIENT_ID;

		private String nonce = NONCE;

		private Instant issuedAt = AT.minusSeconds(20);

		private String sdHash;

		private Presentation(Credential credential) {
			this.credential = credential;
			this.disclosures = credential.pid().all().stream().map(Disclosure::getDisclosure).toList();
		}

		/** Only the disclosures that pass. */
		Presentation only(Predicate<Disclosure> which) {
			this.disclosures = this.credential.pid()
				.all()
				.stream()
				.filter(which)
				.map(Disclosure::getDisclosure)
				.toList();
			return this;
		}

		/** These disclosure strings, as given, in this order. */
		Presentation disclosures(List<String> disclosures) {
			this.disclosures = List.copyOf(disclosures);
			return this;
		}

		List<String> disclosures() {
			return this.disclosures;
		}

		Presentation withoutKeyBinding() {
			this.keyBinding = false;
			return this;
		}

		Presentation typ(String typ) {
			this.typ = typ;
			return this;
		}

		Presentation signedBy(ECKey key) {
			this.key = key;
			return this;
		}

		Presentation audience(Object audience) {
			this.audience = audience;
			return this;
		}

		Presentation nonce(String nonce) {
			this.nonce = nonce;
			return this;
		}

		Presentation issuedAt(Instant issuedAt) {
			this.issuedAt = issuedAt;
			return this;
		}

		Presentation sdHash(String sdHash) {
			this.sdHash = sdHash;
			return this;
		}

		/** {@code <issuer-jwt>~<disclosure>~...~}: what the key binding's hash covers. */
		String sdJwt() {
			return this.credential.issuerJwt() + "~"
					+ this.disclosures.stream().map((d) -> d + "~").collect(Collectors.joining());
		}

		String serialize() {
			String sdJwt = sdJwt();
			if (!this.keyBinding) {
				return sdJwt;
			}
			Map<String, Object> claims = new LinkedHashMap<>();
			claims.put("iat", this.issuedAt.getEpochSecond());
			claims.put("aud", this.audience);
			claims.put("nonce", this.nonce);
			claims.put("sd_hash",
					(this.sdHash != null) ? this.sdHash : TestSdJwtVc.sdHash(sdJwt, this.credential.hashAlgorithm()));
			JWSHeader header = new JWSHeader.Builder(this.algorithm).type(new JOSEObjectType(this.typ)).build();
			try {
				return sdJwt + sign(header, new Payload(claims), this.key.toECPrivateKey());
			}
			catch (JOSEException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

	static String sign(JWSHeader header, Payload payload, PrivateKey key) {
		try {
			JWSSigner signer = (key instanceof ECPrivateKey ec) ? new ECDSASigner(ec)
					: new RSASSASigner((RSAPrivateKey) key);
			JWSObject jws = new JWSObject(header, payload);
			jws.sign(signer);
			return jws.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static com.nimbusds.jose.util.Base64 der(X509Certificate certificate) {
		try {
			return com.nimbusds.jose.util.Base64.encode(certificate.getEncoded());
		}
		catch (CertificateEncodingException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
