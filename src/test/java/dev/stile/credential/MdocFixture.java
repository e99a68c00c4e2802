package dev.stile.credential;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.authlete.cbor.CBORBoolean;
import com.authlete.cbor.CBORByteArray;
import com.authlete.cbor.CBORDecoder;
import com.authlete.cbor.CBORItem;
import com.authlete.cbor.CBORItemList;
import com.authlete.cbor.CBORNull;
import com.authlete.cbor.CBORString;
import com.authlete.cbor.CBORTaggedItem;
import com.authlete.cose.COSEKey;
import com.authlete.cose.COSEKeyBuilder;
import com.authlete.cose.COSEMac0;
import com.authlete.cose.COSEProtectedHeader;
import com.authlete.cose.COSEProtectedHeaderBuilder;
import com.authlete.cose.COSESign1;
import com.authlete.cose.COSESign1Builder;
import com.authlete.cose.COSESigner;
import com.authlete.cose.COSEUnprotectedHeaderBuilder;
import com.authlete.cose.SigStructureBuilder;
import com.authlete.mdoc.DeviceAuth;
import com.authlete.mdoc.DeviceKeyInfo;
import com.authlete.mdoc.DeviceNameSpaces;
import com.authlete.mdoc.DeviceNameSpacesBytes;
import com.authlete.mdoc.DeviceResponse;
import com.authlete.mdoc.DeviceSigned;
import com.authlete.mdoc.DigestIDs;
import com.authlete.mdoc.DigestIDsEntry;
import com.authlete.mdoc.Document;
import com.authlete.mdoc.IssuerNameSpaces;
import com.authlete.mdoc.IssuerNameSpacesEntry;
import com.authlete.mdoc.IssuerSigned;
import com.authlete.mdoc.IssuerSignedItem;
import com.authlete.mdoc.IssuerSignedItemBytes;
import com.authlete.mdoc.MobileSecurityObject;
import com.authlete.mdoc.MobileSecurityObjectBytes;
import com.authlete.mdoc.ValidityInfo;
import com.authlete.mdoc.ValueDigests;
import com.authlete.mdoc.ValueDigestsEntry;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * Builds mdoc {@code DeviceResponse}s from the test PKI with authlete's mdoc classes, the
 * way a wallet and its issuer would, with knobs to break each thing the verifier checks.
 * Device authentication is computed here independently of the verifier's code.
 */
final class MdocFixture {

	static final String MDL = "org.iso.18013.5.1.mDL";

	static final String MDL_NAMESPACE = "org.iso.18013.5.1";

	static final Instant now = Instant.parse("2026-12-01T12:00:00Z");

	static final byte[] transcript = MdocVerifier.openId4VpSessionTranscript(new Handover(
			"x509_san_dns:verifier.example", "nonce-0123456789abcdef", "https://verifier.example/response", null));

	private static final SecureRandom random = new SecureRandom();

	final TestPki.Issued iaca = TestPki.root("Test IACA", now);

	final TestPki.Issued signer = TestPki.signer(this.iaca, "Test DS", now, TestPki.MDL_DOCUMENT_SIGNER_EKU);

	final KeyPair device = TestPki.ecKey();

	TrustAnchors anchors() {
		return TestPki.anchors(this.iaca);
	}

	Builder mdl() {
		return new Builder();
	}

	/**
	 * One presentation being built; every field starts valid.
	 */
	final class Builder {

		String docType = MDL;

		String msoDocType = MDL;

		String digestAlgorithm = "SHA-256";

		Instant signed = now.minus(Duration.ofHours(1));

		Instant validFrom = now.minus(Duration.ofHours(1));

		Instant validUntil = now.plus(Duration.ofDays(30));

		Map<String, Map<String, CBORItem>> claims = new LinkedHashMap<>();

		List<X509Certificate> x5chain = new ArrayList<>(List.of(MdocFixture.this.signer.certificate()));

		PrivateKey issuerKey = MdocFixture.this.signer.keyPair().getPrivate();

		PublicKey msoDeviceKey = MdocFixture.this.device.getPublic();

		PrivateKey deviceKey = MdocFixture.this.device.getPrivate();

		byte[] signedTranscript = transcript;

		/** When set, the device authenticates with deviceMac to this reader key. */
		PublicKey readerKey;

		/** An element whose value is replaced after its digest was taken. */
		String tampered;

		/** An element whose digest is left out of the MSO. */
		String undigested;

		Builder() {
			Map<String, CBORItem> mdl = new LinkedHashMap<>();
			mdl.put("family_name", new CBORString("Mustermann"));
			mdl.put("birth_date", new CBORTaggedItem(1004, new CBORString("2001-02-03")));
			mdl.put("age_over_18", CBORBoolean.TRUE);
			mdl.put("age_over_21", CBORBoolean.TRUE);
			mdl.put("issuing_jurisdiction", new CBORString("US-CA"));
			this.claims.put(MDL_NAMESPACE, mdl);
		}

		Builder signedBy(TestPki.Issued documentSigner) {
			this.x5chain = new ArrayList<>(List.of(documentSigner.certificate()));
			this.issuerKey = documentSigner.keyPair().getPrivate();
			return this;
		}

		byte[] build() {
			try {
				return deviceResponse().encode();
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}

		DeviceResponse deviceResponse() throws Exception {
			List<IssuerNameSpacesEntry> nameSpaces = new ArrayList<>();
			List<ValueDigestsEntry> valueDigests = new ArrayList<>();
			int digestId = 0;
			for (Map.Entry<String, Map<String, CBORItem>> nameSpace : this.claims.entrySet()) {
				List<IssuerSignedItemBytes> items = new ArrayList<>();
				List<DigestIDsEntry> digests = new ArrayList<>();
				for (Map.Entry<String, CBORItem> element : nameSpace.getValue().entrySet()) {
					byte[] salt = new byte[16];
					random.nextBytes(salt);
					IssuerSignedItemBytes item = new IssuerSignedItemBytes(
							new IssuerSignedItem(digestId, salt, element.getKey(), element.getValue()));
					if (!element.getKey().equals(this.undigested)) {
						digests.add(new DigestIDsEntry(digestId,
								MessageDigest.getInstance(this.digestAlgorithm).digest(item.encode())));
					}
					if (element.getKey().equals(this.tampered)) {
						item = new IssuerSignedItemBytes(
								new IssuerSignedItem(digestId, salt, element.getKey(), new CBORString("forged")));
					}
					items.add(item);
					digestId++;
				}
				nameSpaces.add(new IssuerNameSpacesEntry(nameSpace.getKey(), items));
				valueDigests.add(new ValueDigestsEntry(nameSpace.getKey(), new DigestIDs(digests)));
			}
			MobileSecurityObject mso = new MobileSecurityObject("1.0", this.digestAlgorithm,
					new ValueDigests(valueDigests), new DeviceKeyInfo(coseKey(this.msoDeviceKey), null, null),
					this.msoDocType, new ValidityInfo(this.signed.atZone(ZoneOffset.UTC),
							this.validFrom.atZone(ZoneOffset.UTC), this.validUntil.atZone(ZoneOffset.UTC)));
			COSEProtectedHeader issuerHeader = new COSEProtectedHeaderBuilder().alg(algorithm(this.issuerKey)).build();
			CBORByteArray payload = new CBORByteArray(new MobileSecurityObjectBytes(mso).encode());
			byte[] issuerSignature = new COSESigner(this.issuerKey).sign(
					new SigStructureBuilder().signature1().bodyAttributes(issuerHeader).payload(payload).build(),
					algorithm(this.issuerKey));
			COSESign1 issuerAuth = new COSESign1Builder().protectedHeader(issuerHeader)
				.unprotectedHeader(new COSEUnprotectedHeaderBuilder().x5chain(this.x5chain).build())
				.payload(payload)
				.signature(issuerSignature)
				.build();

			DeviceNameSpacesBytes deviceNameSpaces = new DeviceNameSpacesBytes(new DeviceNameSpaces(List.of()));
			CBORItem sessionTranscript = new CBORDecoder(this.signedTranscript).next();
			byte[] deviceAuthentication = new CBORTaggedItem(24,
					new CBORByteArray(new CBORItemList(new CBORString("DeviceAuthentication"), sessionTranscript,
							new CBORString(this.docType), deviceNameSpaces)
						.encode()))
				.encode();
			DeviceAuth deviceAuth = (this.readerKey != null) ? new DeviceAuth(mac(deviceAuthentication))
					: new DeviceAuth(signature(deviceAuthentication));
			Document document = new Document(this.docType,
					new IssuerSigned(new IssuerNameSpaces(nameSpaces), issuerAuth),
					new DeviceSigned(deviceNameSpaces, deviceAuth), null);
			return new DeviceResponse(List.of(document));
		}

		private COSESign1 signature(byte[] deviceAuthentication) throws Exception {
			COSEProtectedHeader header = new COSEProtectedHeaderBuilder().alg(algorithm(this.deviceKey)).build();
			byte[] signature = new COSESigner(this.deviceKey).sign(
					new SigStructureBuilder().signature1().bodyAttributes(header).payload(deviceAuthentication).build(),
					algorithm(this.deviceKey));
			return new COSESign1Builder().protectedHeader(header)
				.unprotectedHeader(new COSEUnprotectedHeaderBuilder().build())
				.payload(CBORNull.INSTANCE)
				.signature(signature)
				.build();
		}

		private COSEMac0 mac(byte[] deviceAuthentication) throws Exception {
			KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
			agreement.init(this.deviceKey);
			agreement.doPhase(this.readerKey, true);
			byte[] salt = MessageDigest.getInstance("SHA-256")
				.digest(new CBORTaggedItem(24, new CBORByteArray(this.signedTranscript)).encode());
			HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
			hkdf.init(new HKDFParameters(agreement.generateSecret(), salt, "EMacKey".getBytes()));
			byte[] key = new byte[32];
			hkdf.generateBytes(key, 0, 32);
			COSEProtectedHeader header = new COSEProtectedHeaderBuilder().alg(5).build();
			Mac hmac = Mac.getInstance("HmacSHA256");
			hmac.init(new SecretKeySpec(key, "HmacSHA256"));
			byte[] tag = hmac.doFinal(new CBORItemList(new CBORString("MAC0"), header, new CBORByteArray(new byte[0]),
					new CBORByteArray(deviceAuthentication))
				.encode());
			return new COSEMac0(header, new COSEUnprotectedHeaderBuilder().build(), CBORNull.INSTANCE,
					new CBORByteArray(tag));
		}

	}

	static int algorithm(PrivateKey key) {
		int bits = ((java.security.interfaces.ECKey) key).getParams().getOrder().bitLength();
		return (bits <= 256) ? -7 : (bits <= 384) ? -35 : -36;
	}

	static COSEKey coseKey(PublicKey key) throws Exception {
		ECPublicKey ec = (ECPublicKey) key;
		int bits = ec.getParams().getOrder().bitLength();
		int size = (bits + 7) / 8;
		int curve = (bits <= 256) ? 1 : (bits <= 384) ? 2 : 3;
		return new COSEKeyBuilder().ktyEC2()
			.ec2Crv(curve)
			.ec2X(fixed(ec.getW().getAffineX(), size))
			.ec2Y(fixed(ec.getW().getAffineY(), size))
			.build();
	}

	private static byte[] fixed(BigInteger value, int size) {
		byte[] bytes = value.toByteArray();
		byte[] out = new byte[size];
		int copy = Math.min(bytes.length, size);
		System.arraycopy(bytes, bytes.length - copy, out, size - copy, copy);
		return out;
	}

}
