package dev.stile.credential;

import java.util.HexFormat;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The OpenID4VP 1.0 redirect handover, against the example values of its Appendix
 * B.2.6.1.
 */
class MdocSessionTranscriptTests {

	// The thumbprint of the appendix's example JWK (crv, kty, x, y of
	// {"kty":"EC","crv":"P-256","x":"DxiH5Q4Yx3UrukE2lWCErq8N8bqC9CHLLrAwLz5BmE0",...}).
	private static final byte[] exampleThumbprint = HexFormat.of()
		.parseHex("4283ec927ae0f208daaa2d026a814f2b22dca52cf85ffa8f3f8626c6bd669047");

	@Test
	void rebuildsTheSpecificationsExampleTranscriptByteForByte() {
		Handover handover = new Handover("x509_san_dns:example.com", "exc7gBkxjx1rdc9udRrveKvSsJIq80avlXeLHhGwqtA",
				"https://example.com/response", exampleThumbprint);
		assertThat(HexFormat.of().formatHex(MdocVerifier.openId4VpSessionTranscript(handover)))
			.isEqualTo("83f6f682714f70656e494434565048616e646f7665725820048bc053c00442af9b8e"
					+ "ed494cefdd9d95240d254b046b11b68013722aad38ac");
	}

	@Test
	void theThumbprintIsTheExampleJwksOwn() throws Exception {
		com.nimbusds.jose.jwk.ECKey jwk = com.nimbusds.jose.jwk.ECKey.parse("""
				{"kty":"EC","crv":"P-256","x":"DxiH5Q4Yx3UrukE2lWCErq8N8bqC9CHLLrAwLz5BmE0",
				 "y":"XtLM4-3h5o3HUH0MHVJV0kyq0iBlrBwlh8qEDMZ4-Pc","use":"enc","alg":"ECDH-ES","kid":"1"}""");
		assertThat(jwk.computeThumbprint().decode()).isEqualTo(exampleThumbprint);
	}

	@Test
	void anUnencryptedResponseHashesANullThumbprint() {
		byte[] plain = MdocVerifier.openId4VpSessionTranscript(
				new Handover("x509_san_dns:example.com", "n-0S6_WzA2Mj", "https://example.com/response", null));
		byte[] encrypted = MdocVerifier.openId4VpSessionTranscript(new Handover("x509_san_dns:example.com",
				"n-0S6_WzA2Mj", "https://example.com/response", exampleThumbprint));
		assertThat(plain).hasSize(encrypted.length).isNotEqualTo(encrypted);
		assertThat(HexFormat.of().formatHex(plain)).startsWith("83f6f682714f70656e494434565048616e646f7665725820");
	}

	@Test
	void aHandoverWithoutResponseUriIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> MdocVerifier
			.openId4VpSessionTranscript(new Handover("x509_san_dns:example.com", "nonce", null, null)));
	}

}
