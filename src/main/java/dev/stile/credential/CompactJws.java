package dev.stile.credential;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.text.ParseException;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jose.Header;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;

/**
 * A compact JWS read strictly, before anything trusts it: three canonical base64url
 * segments, JSON within the nesting limit, an asymmetric algorithm on our list. The
 * signature is checked later, once the key is known.
 */
final class CompactJws {

	/**
	 * Asymmetric algorithms only: {@code none} and HMAC would let anyone who knows the
	 * (public) key forge (RFC 9901 §7.1 step 2). EdDSA is missing because Nimbus needs
	 * Tink for it, which this server does not ship.
	 */
	static final Set<JWSAlgorithm> ALLOWED_ALGORITHMS = Set.of(JWSAlgorithm.ES256, JWSAlgorithm.ES384,
			JWSAlgorithm.ES512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512);

	private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();

	private static final Base64.Encoder BASE64URL_UNPADDED = Base64.getUrlEncoder().withoutPadding();

	private final JWSObject jws;

	private final Map<String, Object> payload;

	private CompactJws(JWSObject jws, Map<String, Object> payload) {
		this.jws = jws;
		this.payload = payload;
	}

	/**
	 * Reads a compact JWS.
	 * @param what names the JWT in details, e.g. {@code "issuer JWT"}
	 * @param refusedAlgorithm the error for {@code none} or an algorithm not on our list
	 */
	static CompactJws parse(String compact, String what, CredentialError refusedAlgorithm) {
		String[] segments = compact.split("\\.", -1);
		if (segments.length != 3) {
			throw malformed(what + " is not a compact JWS (" + segments.length + " segments)");
		}
		String headerJson = utf8(base64url(segments[0], what + " header"), what + " header");
		String payloadJson = utf8(base64url(segments[1], what + " payload"), what + " payload");
		base64url(segments[2], what + " signature");
		checkNesting(headerJson, what + " header");
		checkNesting(payloadJson, what + " payload");
		Header header;
		try {
			header = Header.parse(headerJson, new Base64URL(segments[0]));
		}
		catch (ParseException ex) {
			throw malformed(what + " header: " + ex.getMessage(), ex);
		}
		if (header instanceof PlainHeader) {
			throw new CredentialException(refusedAlgorithm, what + " is unsigned (alg none)");
		}
		if (!(header instanceof JWSHeader jwsHeader)) {
			throw malformed(what + " is not a JWS");
		}
		if (!ALLOWED_ALGORITHMS.contains(jwsHeader.getAlgorithm())) {
			throw new CredentialException(refusedAlgorithm,
					what + " signed with " + jwsHeader.getAlgorithm() + ", which is not accepted");
		}
		if (!jwsHeader.isBase64URLEncodePayload()) {
			// RFC 7797 unencoded payloads have no place in an SD-JWT.
			throw malformed(what + " has an unencoded payload (b64 false)");
		}
		try {
			return new CompactJws(JWSObject.parse(compact), JSONObjectUtils.parse(payloadJson));
		}
		catch (ParseException ex) {
			throw malformed(what + ": " + ex.getMessage(), ex);
		}
	}

	JWSHeader header() {
		return this.jws.getHeader();
	}

	/** The payload as parsed, not yet trusted until {@link #verify} held. */
	Map<String, Object> payload() {
		return this.payload;
	}

	/**
	 * Whether the signature verifies with this key under the header's algorithm; a key of
	 * the wrong type or curve for the algorithm, or a critical header we do not
	 * understand, does not.
	 */
	boolean verify(Key key) {
		try {
			JWSVerifier verifier = new DefaultJWSVerifierFactory().createJWSVerifier(header(), key);
			return this.jws.verify(verifier);
		}
		catch (JOSEException | RuntimeException ex) {
			return false;
		}
	}

	/**
	 * Decodes base64url without padding, refusing every other spelling: Java's decoder
	 * alone would accept padding, and a lenient one (Nimbus's) would accept stray
	 * characters or different unused trailing bits, so a changed signature segment could
	 * still verify.
	 */
	static byte[] base64url(String segment, String what) {
		byte[] bytes;
		try {
			bytes = BASE64URL.decode(segment);
		}
		catch (IllegalArgumentException ex) {
			throw malformed(what + " is not base64url", ex);
		}
		if (!BASE64URL_UNPADDED.encodeToString(bytes).equals(segment)) {
			throw malformed(what + " is not canonical unpadded base64url");
		}
		return bytes;
	}

	static String utf8(byte[] bytes, String what) {
		try {
			return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
		}
		catch (CharacterCodingException ex) {
			throw malformed(what + " is not UTF-8", ex);
		}
	}

	/**
	 * Refuses JSON nested deeper than {@link SdJwtVcVerifier#MAX_NESTING} before any
	 * parser (or the recursive disclosure decoder after it) sees it. Counts brackets
	 * outside strings; the parser still judges everything else.
	 */
	static void checkNesting(String json, String what) {
		int depth = 0;
		boolean inString = false;
		for (int i = 0; i < json.length(); i++) {
			char c = json.charAt(i);
			if (inString) {
				if (c == '\\') {
					i++;
				}
				else if (c == '"') {
					inString = false;
				}
			}
			else if (c == '"') {
				inString = true;
			}
			else if (c == '{' || c == '[') {
				depth++;
				if (depth > SdJwtVcVerifier.MAX_NESTING) {
					throw malformed(what + " is nested deeper than " + SdJwtVcVerifier.MAX_NESTING);
				}
			}
			else if (c == '}' || c == ']') {
				depth--;
			}
		}
	}

	static CredentialException malformed(String detail) {
		return new CredentialException(CredentialError.PRESENTATION_MALFORMED, detail);
	}

	static CredentialException malformed(String detail, Throwable cause) {
		return new CredentialException(CredentialError.PRESENTATION_MALFORMED, detail, cause);
	}

}
