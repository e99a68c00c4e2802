package dev.stile.credential;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.Base64URL;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The SD-JWT+KB example of OpenID4VP 1.0 ({@code 1.0/examples/sd_jwt_vcld/}, see the
 * README beside the resources). Its issuer JWT carries no {@code x5c}, so the public
 * verifier refuses it as {@code untrusted_issuer}; everything else (issuer signature with
 * the key of {@code settings.yml}, disclosures, validity, key binding) is verified
 * through the verifier's issuer key hook.
 */
class SdJwtVcOpenId4VpExampleTests {

	private static final String DIRECTORY = "/credential/openid4vp/sd_jwt_vcld/";

	/** Its key binding JWT's {@code iat}, 2025-04-15T19:09:54Z, plus a minute. */
	private static final Instant AT = Instant.ofEpochSecond(1744743394L + 60);

	private static final JsonNode settings = new YAMLMapper().readTree(text("settings.yml"));

	private final Handover handover = new Handover(settings.at("/identifiers/verifier").asString(),
			settings.at("/key_binding_nonce").asString(), null, null);

	private final SdJwtVcVerifier verifier = new SdJwtVcVerifier();

	@Test
	void verifiesWithTheIssuerKeyOfItsSettings() {
		SdJwtVcVerifier.Verified verified = this.verifier.verify(presentation(), this.handover, AT,
				(header) -> new SdJwtVcVerifier.IssuerKey(issuerKey(), null, null));

		Map<String, Object> expected = new LinkedHashMap<>(
				SdJwtVcInteropTests.read(DIRECTORY + "01/verified_contents.json"));
		expected.remove("cnf");
		assertThat(verified.claims()).isEqualTo(expected);
		assertThat(verified.vct()).isEqualTo("https://credentials.example.com/example_credential");
		assertThat(verified.expiresAt()).isEqualTo(Instant.ofEpochSecond(settings.at("/exp").asLong()));
	}

	@Test
	void isAnUntrustedIssuerWithoutX5c() {
		assertThatExceptionOfType(CredentialException.class)
			.isThrownBy(() -> this.verifier.verify(presentation(), this.handover, TestSdJwtVc.anchors(), AT, true))
			.satisfies((ex) -> assertThat(ex.error()).isEqualTo(CredentialError.UNTRUSTED_ISSUER));
	}

	@Test
	void isRefusedOnceItsKeyBindingHasAged() {
		assertThatExceptionOfType(CredentialException.class)
			.isThrownBy(() -> this.verifier.verify(presentation(), this.handover, AT.plusSeconds(3600),
					(header) -> new SdJwtVcVerifier.IssuerKey(issuerKey(), null, null)))
			.satisfies((ex) -> assertThat(ex.error()).isEqualTo(CredentialError.KEY_BINDING_INVALID));
	}

	@Test
	void isRefusedWithAnotherKey() {
		assertThatExceptionOfType(CredentialException.class)
			.isThrownBy(() -> this.verifier.verify(presentation(), this.handover, AT,
					(header) -> new SdJwtVcVerifier.IssuerKey(publicKey(TestSdJwtVc.ecJwk()), null, null)))
			.satisfies((ex) -> assertThat(ex.error()).isEqualTo(CredentialError.ISSUER_SIGNATURE_INVALID));
	}

	/** The published presentation, its line breaks removed. */
	private static String presentation() {
		return text("01/sd_jwt_presentation.txt").replaceAll("\\s", "");
	}

	private static java.security.PublicKey issuerKey() {
		JsonNode key = settings.at("/key_settings/issuer_keys/0");
		return publicKey(new ECKey.Builder(Curve.parse(key.get("crv").asString()),
				new Base64URL(key.get("x").asString()), new Base64URL(key.get("y").asString()))
			.build());
	}

	private static java.security.PublicKey publicKey(ECKey key) {
		try {
			return key.toECPublicKey();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String text(String name) {
		try (InputStream in = SdJwtVcOpenId4VpExampleTests.class.getResourceAsStream(DIRECTORY + name)) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException(name, ex);
		}
	}

}
