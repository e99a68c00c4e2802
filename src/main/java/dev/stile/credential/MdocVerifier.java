package dev.stile.credential;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import com.authlete.cbor.CBORByteArray;
import com.authlete.cbor.CBORItem;
import com.authlete.cbor.CBORItemList;
import com.authlete.cbor.CBORNull;
import com.authlete.cbor.CBORPair;
import com.authlete.cbor.CBORPairList;
import com.authlete.cbor.CBORString;
import com.authlete.cbor.CBORTaggedItem;
import com.authlete.cose.COSEException;
import com.authlete.cose.COSEKey;
import com.authlete.cose.COSEMac0;
import com.authlete.cose.COSESign1;
import com.authlete.cose.COSEVerifier;
import com.authlete.cose.SigStructureBuilder;
import com.authlete.cose.constants.COSEAlgorithms;

/**
 * Verifies an ISO/IEC 18013-5 mdoc {@code DeviceResponse}: the issuer's signature and
 * certificate chain, the mobile security object, every disclosed item's digest and the
 * device's authentication over the session transcript.
 * <p>
 * Claims are the issuer-signed elements only (items the device signs on its own are not
 * evidence of anything): {@code full-date} (tag 1004) as {@link java.time.LocalDate},
 * {@code tdate} (tag 0) and epoch times (tag 1) as {@link Instant}, integers as
 * {@link Long} (or {@link java.math.BigInteger} beyond it), floats as {@link Double},
 * byte strings (a portrait) as {@code byte[]}, arrays as lists and maps as maps. An
 * element identifier present in two namespaces keeps its first value.
 * <p>
 * Refusals: {@code presentation_malformed} for whatever cannot be read (over the size or
 * CBOR limits, not CBOR, a shape the CDDL does not allow, a wallet error status);
 * {@code claim_missing} when the wallet returned only {@code documentErrors};
 * {@code untrusted_issuer} when {@code x5chain} is missing, does not chain to an anchor
 * or its signer lacks the digitalSignature key usage; {@code credential_expired} when a
 * certificate or the MSO is outside its validity, or the MSO was signed outside its
 * signer's; {@code issuer_signature_invalid} for a bad or unsupported {@code issuerAuth}
 * signature or a docType the issuer did not sign; {@code digest_mismatch} for an item
 * whose digest differs from or is missing in the MSO; {@code device_auth_failed} when the
 * device signature or MAC does not verify over this transcript with the MSO's device key.
 */
public final class MdocVerifier {

	/** The largest presentation read, in bytes. */
	public static final int MAX_PRESENTATION_BYTES = 256 * 1024;

	private static final Set<String> DIGEST_ALGORITHMS = Set.of("SHA-256", "SHA-384", "SHA-512");

	private static final Set<Integer> SIGNATURE_ALGORITHMS = Set.of(COSEAlgorithms.ES256, COSEAlgorithms.ES384,
			COSEAlgorithms.ES512, COSEAlgorithms.EdDSA);

	/**
	 * The CBOR {@code SessionTranscript} of OpenID4VP 1.0's redirect handover (Appendix
	 * B.2.6): {@code [null, null, ["OpenID4VPHandover", SHA-256(CBOR [client_id, nonce,
	 * jwkThumbprint, response_uri])]]}.
	 * @throws IllegalArgumentException when the handover has no response URI
	 */
	public static byte[] openId4VpSessionTranscript(Handover handover) {
		if (handover.responseUri() == null) {
			throw new IllegalArgumentException("The OpenID4VP handover needs the response_uri");
		}
		byte[] thumbprint = handover.jwkThumbprint();
		// The hash covers the CBOR array itself, not a bstr wrapping it.
		byte[] info = new CBORItemList(new CBORString(handover.clientId()), new CBORString(handover.nonce()),
				(thumbprint != null) ? new CBORByteArray(thumbprint) : CBORNull.INSTANCE,
				new CBORString(handover.responseUri()))
			.encode();
		CBORItem openId4VpHandover = new CBORItemList(new CBORString("OpenID4VPHandover"),
				new CBORByteArray(MdocDeviceAuth.digest("SHA-256", info)));
		return new CBORItemList(CBORNull.INSTANCE, CBORNull.INSTANCE, openId4VpHandover).encode();
	}

	/**
	 * Verifies every document of a {@code DeviceResponse}. A document authenticated by
	 * {@code deviceMac} is refused ({@code device_auth_failed}): use the overload with
	 * the reader's key.
	 * @param deviceResponse the CBOR bytes
	 * @param sessionTranscript the CBOR {@code SessionTranscript} the device must have
	 * signed
	 * @param anchors the roots the document signer must chain to
	 * @param at the instant at which validity is judged
	 * @param livemode whether test-only anchors are excluded
	 * @return one verified credential per document
	 * @throws CredentialException naming why the response was refused
	 */
	public List<VerifiedCredential> verify(byte[] deviceResponse, byte[] sessionTranscript, TrustAnchors anchors,
			Instant at, boolean livemode) {
		return verify(deviceResponse, sessionTranscript, anchors, at, livemode, null);
	}

	/**
	 * Verifies every document of a {@code DeviceResponse}, accepting {@code deviceMac}
	 * device authentication keyed by ECDH between the reader's ephemeral key and the
	 * device key (ISO/IEC 18013-5 §9.1.3.5).
	 * @param readerKey the private half of the reader's ephemeral key (in OpenID4VP, the
	 * key whose public half the request offered), or {@code null} to refuse
	 * {@code deviceMac}
	 * @see #verify(byte[], byte[], TrustAnchors, Instant, boolean)
	 */
	public List<VerifiedCredential> verify(byte[] deviceResponse, byte[] sessionTranscript, TrustAnchors anchors,
			Instant at, boolean livemode, PrivateKey readerKey) {
		Objects.requireNonNull(anchors, "anchors");
		Objects.requireNonNull(at, "at");
		Transcript transcript = Transcript.of(sessionTranscript);
		if (deviceResponse == null || deviceResponse.length == 0) {
			throw BoundedCbor.malformed("no DeviceResponse");
		}
		if (deviceResponse.length > MAX_PRESENTATION_BYTES) {
			throw BoundedCbor
				.malformed("DeviceResponse of " + deviceResponse.length + " bytes, over " + MAX_PRESENTATION_BYTES);
		}
		try {
			return verifyResponse(deviceResponse, transcript, anchors, at, livemode, readerKey);
		}
		catch (CredentialException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			// The structure checks below should leave nothing for the library to trip
			// over; whatever still does is a structure we cannot read.
			throw new CredentialException(CredentialError.PRESENTATION_MALFORMED,
					"unreadable DeviceResponse: " + ex.getClass().getSimpleName(), ex);
		}
	}

	private List<VerifiedCredential> verifyResponse(byte[] bytes, Transcript transcript, TrustAnchors anchors,
			Instant at, boolean livemode, PrivateKey readerKey) {
		BoundedCbor.Decoded response = BoundedCbor.decode(bytes, "DeviceResponse");
		CBORPairList root = Cbor.map(response.item(), "DeviceResponse");
		Cbor.version(Cbor.text(Cbor.required(root, "version", "DeviceResponse"), "DeviceResponse.version"),
				"DeviceResponse");
		long status = Cbor.unsigned(Cbor.required(root, "status", "DeviceResponse"), "DeviceResponse.status");
		if (status != 0) {
			// 18013-5 §8.3.2.1.2.3: 10 general error, 11 CBOR decoding, 12 CBOR
			// validation.
			throw BoundedCbor.malformed("the wallet answered with status " + status + " (" + statusMeaning(status)
					+ ") instead of documents");
		}
		CBORItem documents = Cbor.optional(root, "documents");
		List<? extends CBORItem> list = (documents != null) ? Cbor.array(documents, "DeviceResponse.documents")
				: List.of();
		if (list.isEmpty()) {
			CBORItem errors = Cbor.optional(root, "documentErrors");
			if (errors != null) {
				throw new CredentialException(CredentialError.CLAIM_MISSING,
						"the wallet returned no document; its documentErrors: " + documentErrors(errors));
			}
			throw BoundedCbor.malformed("the DeviceResponse holds no document");
		}
		List<VerifiedCredential> verified = new ArrayList<>();
		for (CBORItem document : list) {
			verified.add(verifyDocument(response, document, transcript, anchors, at, livemode, readerKey));
		}
		return List.copyOf(verified);
	}

	private VerifiedCredential verifyDocument(BoundedCbor.Decoded response, CBORItem item, Transcript transcript,
			TrustAnchors anchors, Instant at, boolean livemode, PrivateKey readerKey) {
		CBORPairList document = Cbor.map(item, "Document");
		String docType = Cbor.text(Cbor.required(document, "docType", "Document"), "Document.docType");
		CBORPairList issuerSigned = Cbor.map(Cbor.required(document, "issuerSigned", "Document"),
				"Document.issuerSigned");
		CBORPairList deviceSigned = Cbor.map(Cbor.required(document, "deviceSigned", "Document"),
				"Document.deviceSigned");
		Cbor.onlyKeys(issuerSigned, "IssuerSigned", "nameSpaces", "issuerAuth");
		Cbor.onlyKeys(deviceSigned, "DeviceSigned", "nameSpaces", "deviceAuth");

		COSESign1 issuerAuth = Cbor.sign1(Cbor.required(issuerSigned, "issuerAuth", "IssuerSigned"), "issuerAuth");
		List<X509Certificate> chain = x5chain(issuerAuth);
		if (chain.isEmpty()) {
			throw new CredentialException(CredentialError.UNTRUSTED_ISSUER,
					"issuerAuth carries no document signer certificate (x5chain)");
		}
		X509Certificate signer = chain.get(0);
		TrustAnchors.Anchor anchor = anchors.validate(chain, at, livemode);
		boolean[] keyUsage = signer.getKeyUsage();
		if (keyUsage == null || !keyUsage[0]) {
			throw new CredentialException(CredentialError.UNTRUSTED_ISSUER,
					"the document signer certificate lacks the digitalSignature key usage");
		}
		byte[] msoBytes = verifyIssuerSignature(issuerAuth, signer.getPublicKey());

		Mso mso = Mso.read(msoBytes);
		if (!mso.docType().equals(docType)) {
			throw new CredentialException(CredentialError.ISSUER_SIGNATURE_INVALID,
					"the document says docType " + docType + " but the issuer signed " + mso.docType());
		}
		if (at.isBefore(mso.validFrom()) || at.isAfter(mso.validUntil())) {
			throw new CredentialException(CredentialError.CREDENTIAL_EXPIRED,
					"the MSO is valid from " + mso.validFrom() + " until " + mso.validUntil() + ", not at " + at);
		}
		if (mso.signed().isBefore(signer.getNotBefore().toInstant())
				|| mso.signed().isAfter(signer.getNotAfter().toInstant())) {
			// 18013-5 §9.3.1: the MSO is signed while its signer's certificate is valid.
			throw new CredentialException(CredentialError.CREDENTIAL_EXPIRED,
					"the MSO was signed at " + mso.signed() + ", outside its document signer's validity");
		}

		Map<String, Object> claims = disclosedClaims(response, issuerSigned, mso);
		MdocDeviceAuth.verify(response, deviceSigned, docType, mso.deviceKey(), transcript, readerKey);
		return new VerifiedCredential(VerifiedCredential.Format.MDOC, docType, claims, signer, anchor,
				mso.validUntil());
	}

	private static List<X509Certificate> x5chain(COSESign1 issuerAuth) {
		// 18013-5 §9.1.2.4 puts x5chain in the unprotected header; a protected one is
		// accepted too (it is covered by the signature).
		List<X509Certificate> chain = issuerAuth.getUnprotectedHeader().getX5Chain();
		if (chain == null || chain.isEmpty()) {
			chain = issuerAuth.getProtectedHeader().getX5Chain();
		}
		return (chain != null) ? chain : List.of();
	}

	/** Verifies issuerAuth and returns its payload (the MobileSecurityObjectBytes). */
	private static byte[] verifyIssuerSignature(COSESign1 issuerAuth, PublicKey key) {
		int alg = protectedAlgorithm(issuerAuth.getProtectedHeader().getAlg(), CredentialError.ISSUER_SIGNATURE_INVALID,
				"issuerAuth");
		if (!(issuerAuth.getPayload() instanceof CBORByteArray payload)) {
			throw BoundedCbor.malformed("issuerAuth has no payload");
		}
		try {
			byte[] toBeSigned = new SigStructureBuilder().signature1()
				.bodyAttributes(issuerAuth.getProtectedHeader())
				.payload(payload)
				.build()
				.encode();
			if (!COSEVerifier.verify(key, alg, toBeSigned, issuerAuth.getSignature().getValue())) {
				throw new CredentialException(CredentialError.ISSUER_SIGNATURE_INVALID,
						"issuerAuth does not verify with the document signer's key");
			}
		}
		catch (COSEException ex) {
			throw new CredentialException(CredentialError.ISSUER_SIGNATURE_INVALID,
					"issuerAuth cannot be verified: " + ex.getMessage(), ex);
		}
		return payload.getValue();
	}

	static int protectedAlgorithm(Object alg, CredentialError error, String what) {
		if (!(alg instanceof Integer number) || !SIGNATURE_ALGORITHMS.contains(number)) {
			throw new CredentialException(error, what + ": algorithm " + alg
					+ " absent from the protected header or not among ES256, ES384, ES512, EdDSA");
		}
		return number;
	}

	private static Map<String, Object> disclosedClaims(BoundedCbor.Decoded response, CBORPairList issuerSigned,
			Mso mso) {
		Map<String, Object> claims = new LinkedHashMap<>();
		CBORItem nameSpaces = Cbor.optional(issuerSigned, "nameSpaces");
		if (nameSpaces == null) {
			return claims;
		}
		for (CBORPair entry : Cbor.map(nameSpaces, "IssuerSigned.nameSpaces").getPairs()) {
			String nameSpace = Cbor.text(entry.getKey(), "namespace");
			Map<Long, byte[]> digests = mso.valueDigests().get(nameSpace);
			Set<Long> seen = new HashSet<>();
			for (CBORItem element : Cbor.array(entry.getValue(), "IssuerNameSpaces")) {
				byte[] embedded = Cbor.embedded(element, "IssuerSignedItemBytes");
				// The digest covers the tag-24 item exactly as received (18013-5
				// §9.1.2.5).
				byte[] digest = MdocDeviceAuth.digest(mso.digestAlgorithm(), response.rawOf(element));
				CBORPairList signedItem = Cbor.map(BoundedCbor.decode(embedded, "IssuerSignedItem").item(),
						"IssuerSignedItem");
				long digestId = Cbor.unsigned(Cbor.required(signedItem, "digestID", "IssuerSignedItem"),
						"IssuerSignedItem.digestID");
				String identifier = Cbor.text(Cbor.required(signedItem, "elementIdentifier", "IssuerSignedItem"),
						"IssuerSignedItem.elementIdentifier");
				Cbor.bytes(Cbor.required(signedItem, "random", "IssuerSignedItem"), "IssuerSignedItem.random");
				CBORItem value = Cbor.required(signedItem, "elementValue", "IssuerSignedItem");
				byte[] expected = (digests != null) ? digests.get(digestId) : null;
				if (expected == null) {
					throw new CredentialException(CredentialError.DIGEST_MISMATCH,
							nameSpace + "/" + identifier + ": the MSO has no digest " + digestId);
				}
				if (!MessageDigest.isEqual(expected, digest)) {
					throw new CredentialException(CredentialError.DIGEST_MISMATCH,
							nameSpace + "/" + identifier + ": digest " + digestId + " differs");
				}
				if (!seen.add(digestId)) {
					throw BoundedCbor.malformed(nameSpace + ": digest " + digestId + " disclosed twice");
				}
				Object converted = Cbor.toJava(value, identifier);
				if (!claims.containsKey(identifier)) {
					claims.put(identifier, converted);
				}
			}
		}
		return claims;
	}

	private static String statusMeaning(long status) {
		if (status == 10) {
			return "general error";
		}
		if (status == 11) {
			return "CBOR decoding error";
		}
		if (status == 12) {
			return "CBOR validation error";
		}
		return "unknown status";
	}

	private static String documentErrors(CBORItem errors) {
		// [+ {docType: errorCode}]; shown as sent, bounded so a log line stays a line.
		String shown = String.valueOf(errors);
		return (shown.length() > 200) ? shown.substring(0, 200) + "..." : shown;
	}

	/**
	 * The mobile security object's fields this verifier relies on.
	 */
	record Mso(String digestAlgorithm, Map<String, Map<Long, byte[]>> valueDigests, PublicKey deviceKey, String docType,
			Instant signed, Instant validFrom, Instant validUntil) {

		/**
		 * Reads {@code #6.24(bstr .cbor MobileSecurityObject)} from issuerAuth's payload.
		 */
		static Mso read(byte[] payload) {
			CBORItem wrapper = BoundedCbor.decode(payload, "MobileSecurityObjectBytes").item();
			byte[] embedded = Cbor.embedded(wrapper, "MobileSecurityObjectBytes");
			CBORPairList mso = Cbor.map(BoundedCbor.decode(embedded, "MobileSecurityObject").item(),
					"MobileSecurityObject");
			Cbor.version(Cbor.text(Cbor.required(mso, "version", "MSO"), "MSO.version"), "MSO");
			String digestAlgorithm = Cbor.text(Cbor.required(mso, "digestAlgorithm", "MSO"), "MSO.digestAlgorithm");
			if (!DIGEST_ALGORITHMS.contains(digestAlgorithm)) {
				throw BoundedCbor.malformed("MSO digest algorithm " + digestAlgorithm + " is not SHA-256/384/512");
			}
			Map<String, Map<Long, byte[]>> valueDigests = new LinkedHashMap<>();
			for (CBORPair nameSpace : Cbor.map(Cbor.required(mso, "valueDigests", "MSO"), "MSO.valueDigests")
				.getPairs()) {
				Map<Long, byte[]> digests = new LinkedHashMap<>();
				for (CBORPair digest : Cbor.map(nameSpace.getValue(), "DigestIDs").getPairs()) {
					digests.put(Cbor.unsigned(digest.getKey(), "DigestID"), Cbor.bytes(digest.getValue(), "Digest"));
				}
				valueDigests.put(Cbor.text(nameSpace.getKey(), "MSO namespace"), digests);
			}
			CBORPairList deviceKeyInfo = Cbor.map(Cbor.required(mso, "deviceKeyInfo", "MSO"), "MSO.deviceKeyInfo");
			PublicKey deviceKey = deviceKey(Cbor.required(deviceKeyInfo, "deviceKey", "DeviceKeyInfo"));
			String docType = Cbor.text(Cbor.required(mso, "docType", "MSO"), "MSO.docType");
			CBORPairList validity = Cbor.map(Cbor.required(mso, "validityInfo", "MSO"), "MSO.validityInfo");
			return new Mso(digestAlgorithm, valueDigests, deviceKey, docType,
					Cbor.tdate(Cbor.required(validity, "signed", "ValidityInfo"), "signed"),
					Cbor.tdate(Cbor.required(validity, "validFrom", "ValidityInfo"), "validFrom"),
					Cbor.tdate(Cbor.required(validity, "validUntil", "ValidityInfo"), "validUntil"));
		}

		private static PublicKey deviceKey(CBORItem item) {
			try {
				PublicKey key = COSEKey.build(item).createPublicKey();
				if (key == null) {
					throw BoundedCbor.malformed("MSO deviceKey is not a public key");
				}
				MdocDeviceAuth.checkOnCurve(key);
				return key;
			}
			catch (COSEException | GeneralSecurityException ex) {
				throw new CredentialException(CredentialError.PRESENTATION_MALFORMED,
						"MSO deviceKey unreadable: " + ex.getMessage(), ex);
			}
		}

	}

	/**
	 * The caller's session transcript, checked to be one CBOR item.
	 */
	record Transcript(byte[] bytes) {

		static Transcript of(byte[] bytes) {
			if (bytes == null) {
				throw new IllegalArgumentException("No session transcript");
			}
			try {
				BoundedCbor.scan(bytes, "SessionTranscript");
			}
			catch (CredentialException ex) {
				throw new IllegalArgumentException("The session transcript is not one CBOR item: " + ex.getMessage());
			}
			return new Transcript(bytes.clone());
		}

		/** {@code SessionTranscriptBytes = #6.24(bstr .cbor SessionTranscript)}. */
		byte[] tagged() {
			return new CBORTaggedItem(24, new CBORByteArray(this.bytes)).encode();
		}

	}

}
