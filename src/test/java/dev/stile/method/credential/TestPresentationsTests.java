package dev.stile.method.credential;

import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.Map;

import com.authlete.sd.SDJWT;
import com.authlete.sd.SDObjectDecoder;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The test builder's SD-JWT VCs read back with an independent SD-JWT library, so that the
 * end-to-end tests fail only for the server's reasons.
 */
class TestPresentationsTests {

	@Test
	void aBuiltPidIsAWellFormedSdJwtWithAKeyBinding() throws Exception {
		Instant now = Instant.parse("2026-12-01T12:00:00Z");
		TestPresentations presentations = new TestPresentations(now);

		SDJWT sdJwt = SDJWT.parse(presentations.pid(Map.of("birthdate", "1984-01-26", "given_name", "Erika"), now));

		SignedJWT issuerJwt = SignedJWT.parse(sdJwt.getCredentialJwt());
		assertThat(issuerJwt.getHeader().getType().getType()).isEqualTo("dc+sd-jwt");
		X509Certificate issuer = (X509Certificate) CertificateFactory.getInstance("X.509")
			.generateCertificate(new ByteArrayInputStream(issuerJwt.getHeader().getX509CertChain().get(0).decode()));
		issuer.verify(presentations.root().certificate().getPublicKey());
		assertThat(issuerJwt.verify(new ECDSAVerifier((java.security.interfaces.ECPublicKey) issuer.getPublicKey())))
			.isTrue();
		Map<String, Object> claims = new SDObjectDecoder().decode(issuerJwt.getJWTClaimsSet().toJSONObject(),
				sdJwt.getDisclosures());
		assertThat(claims).containsEntry("birthdate", "1984-01-26")
			.containsEntry("given_name", "Erika")
			.containsEntry("vct", "urn:eudi:pid:1");

		SignedJWT keyBinding = SignedJWT.parse(sdJwt.getBindingJwt());
		assertThat(keyBinding.getHeader().getType().getType()).isEqualTo("kb+jwt");
		@SuppressWarnings("unchecked")
		Map<String, Object> jwk = (Map<String, Object>) ((Map<String, Object>) claims.get("cnf")).get("jwk");
		assertThat(keyBinding.verify(new ECDSAVerifier(ECKey.parse(jwk)))).isTrue();
		assertThat(keyBinding.getJWTClaimsSet().getStringClaim("sd_hash")).isEqualTo(sdJwt.getSDHash());
		assertThat(keyBinding.getJWTClaimsSet().getAudience()).containsExactly(TestPresentations.CLIENT_ID);
		assertThat(keyBinding.getJWTClaimsSet().getStringClaim("nonce")).isEqualTo(TestPresentations.NONCE);
	}

}
