package dev.stile.credential;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;

import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.authlete.cbor.CBORByteArray;
import com.authlete.cbor.CBORItem;
import com.authlete.cbor.CBORItemList;
import com.authlete.cbor.CBORNull;
import com.authlete.cbor.CBORPairList;
import com.authlete.cbor.CBORString;
import com.authlete.cbor.CBORTaggedItem;
import com.authlete.cose.COSEException;
import com.authlete.cose.COSEMac0;
import com.authlete.cose.COSESign1;
import com.authlete.cose.COSEVerifier;
import com.authlete.cose.SigStructureBuilder;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * mdoc device authentication (ISO/IEC 18013-5 §9.1.3): the device's signature or MAC over
 * {@code DeviceAuthentication = ["DeviceAuthentication", SessionTranscript, docType,
 * DeviceNameSpacesBytes]}, which binds the presentation to this session.
 */
final class MdocDeviceAuth {

	/** COSE algorithm 5, HMAC 256/256 (RFC 9053 §3.1). */
	private static final int HMAC_256_256 = 5;

	private static final byte[] E_MAC_KEY_INFO = "EMacKey".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

	private MdocDeviceAuth() {
	}

	static void verify(BoundedCbor.Decoded response, CBORPairList deviceSigned, String docType, PublicKey deviceKey,
			MdocVerifier.Transcript transcript, PrivateKey readerKey) {
		CBORItem nameSpaces = Cbor.required(deviceSigned, "nameSpaces", "DeviceSigned");
		Cbor.map(BoundedCbor.decode(Cbor.embedded(nameSpaces, "DeviceNameSpacesBytes"), "DeviceNameSpaces").item(),
				"DeviceNameSpaces");
		CBORPairList deviceAuth = Cbor.map(Cbor.required(deviceSigned, "deviceAuth", "DeviceSigned"),
				"DeviceSigned.deviceAuth");
		Cbor.onlyKeys(deviceAuth, "DeviceAuth", "deviceSignature", "deviceMac");
		CBORItem signature = Cbor.optional(deviceAuth, "deviceSignature");
		CBORItem mac = Cbor.optional(deviceAuth, "deviceMac");
		if ((signature == null) == (mac == null)) {
			throw BoundedCbor.malformed("deviceAuth must hold one of deviceSignature and deviceMac");
		}
		byte[] authentication = deviceAuthenticationBytes(transcript.bytes(), docType, response.rawOf(nameSpaces));
		if (signature != null) {
			verifySignature(Cbor.sign1(signature, "deviceSignature"), deviceKey, authentication);
		}
		else {
			verifyMac(Cbor.mac0(mac, "deviceMac"), deviceKey, readerKey, transcript, authentication);
		}
	}

	/**
	 * {@code DeviceAuthenticationBytes = #6.24(bstr .cbor DeviceAuthentication)}, with
	 * the transcript and {@code DeviceNameSpacesBytes} spliced in as received:
	 * re-encoding them could change bytes the device signed.
	 */
	static byte[] deviceAuthenticationBytes(byte[] sessionTranscript, String docType, byte[] deviceNameSpacesBytes) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.write(0x84);
		out.writeBytes(new CBORString("DeviceAuthentication").encode());
		out.writeBytes(sessionTranscript);
		out.writeBytes(new CBORString(docType).encode());
		out.writeBytes(deviceNameSpacesBytes);
		return new CBORTaggedItem(24, new CBORByteArray(out.toByteArray())).encode();
	}

	private static void verifySignature(COSESign1 sign1, PublicKey deviceKey, byte[] authentication) {
		int alg = MdocVerifier.protectedAlgorithm(sign1.getProtectedHeader().getAlg(),
				CredentialError.DEVICE_AUTH_FAILED, "deviceSignature");
		if (sign1.getPayload() != null && !(sign1.getPayload() instanceof CBORNull)) {
			// 18013-5 §9.1.3.6: the payload is detached; the verifier rebuilds it.
			throw new CredentialException(CredentialError.DEVICE_AUTH_FAILED,
					"deviceSignature payload is not detached");
		}
		try {
			byte[] toBeSigned = new SigStructureBuilder().signature1()
				.bodyAttributes(sign1.getProtectedHeader())
				.payload(authentication)
				.build()
				.encode();
			if (!COSEVerifier.verify(deviceKey, alg, toBeSigned, sign1.getSignature().getValue())) {
				throw new CredentialException(CredentialError.DEVICE_AUTH_FAILED,
						"deviceSignature does not verify over this session transcript with the MSO's device key");
			}
		}
		catch (COSEException ex) {
			throw new CredentialException(CredentialError.DEVICE_AUTH_FAILED,
					"deviceSignature cannot be verified: " + ex.getMessage(), ex);
		}
	}

	private static void verifyMac(COSEMac0 mac0, PublicKey deviceKey, PrivateKey readerKey,
			MdocVerifier.Transcript transcript, byte[] authentication) {
		if (readerKey == null) {
			throw new CredentialException(CredentialError.DEVICE_AUTH_FAILED,
					"deviceMac needs the reader's ephemeral key, and none was given");
		}
		Object alg = mac0.getProtectedHeader().getAlg();
		if (!Integer.valueOf(HMAC_256_256).equals(alg)) {
			// 18013-5 §9.1.3.5 allows only HMAC 256/256.
			throw new CredentialException(CredentialError.DEVICE_AUTH_FAILED,
					"deviceMac algorithm " + alg + " is not HMAC 256/256 (5)");
		}
		if (mac0.getPayload() != null && !(mac0.getPayload() instanceof CBORNull)) {
			throw new CredentialException(CredentialError.DEVICE_AUTH_FAILED, "deviceMac payload is not detached");
		}
		try {
			byte[] key = eMacKey(readerKey, deviceKey, transcript.tagged());
			// RFC 9052 §6.3 MAC_structure: ["MAC0", protected, external_aad, payload].
			byte[] toBeMaced = new CBORItemList(new CBORString("MAC0"), mac0.getProtectedHeader(),
					new CBORByteArray(new byte[0]), new CBORByteArray(authentication))
				.encode();
			Mac hmac = Mac.getInstance("HmacSHA256");
			hmac.init(new SecretKeySpec(key, "HmacSHA256"));
			if (!MessageDigest.isEqual(hmac.doFinal(toBeMaced), mac0.getTag().getValue())) {
				throw new CredentialException(CredentialError.DEVICE_AUTH_FAILED,
						"deviceMac does not verify over this session transcript with the reader's key");
			}
		}
		catch (InvalidKeyException ex) {
			throw new CredentialException(CredentialError.DEVICE_AUTH_FAILED,
					"the reader's key does not agree with the MSO's device key: " + ex.getMessage(), ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * 18013-5 §9.1.5.4: {@code EMacKey = HKDF-SHA-256(ECDH(reader, device), salt =
	 * SHA-256(SessionTranscriptBytes), info = "EMacKey", L = 32)}.
	 */
	static byte[] eMacKey(PrivateKey readerKey, PublicKey deviceKey, byte[] sessionTranscriptBytes)
			throws GeneralSecurityException {
		KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
		agreement.init(readerKey);
		agreement.doPhase(deviceKey, true);
		byte[] shared = agreement.generateSecret();
		HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
		hkdf.init(new HKDFParameters(shared, digest("SHA-256", sessionTranscriptBytes), E_MAC_KEY_INFO));
		byte[] key = new byte[32];
		hkdf.generateBytes(key, 0, key.length);
		return key;
	}

	/**
	 * Refuses an EC point off its curve: the device key feeds ECDH, where such a point
	 * leaks the reader key's bits.
	 */
	static void checkOnCurve(PublicKey key) throws GeneralSecurityException {
		if (!(key instanceof ECPublicKey ec)) {
			return;
		}
		ECParameterSpec params = ec.getParams();
		if (!(params.getCurve().getField() instanceof ECFieldFp field)) {
			throw new GeneralSecurityException("not a prime curve");
		}
		BigInteger p = field.getP();
		ECPoint point = ec.getW();
		if (point.equals(ECPoint.POINT_INFINITY)) {
			throw new GeneralSecurityException("point at infinity");
		}
		BigInteger x = point.getAffineX();
		BigInteger y = point.getAffineY();
		if (x.signum() < 0 || x.compareTo(p) >= 0 || y.signum() < 0 || y.compareTo(p) >= 0) {
			throw new GeneralSecurityException("coordinate out of range");
		}
		BigInteger left = y.multiply(y).mod(p);
		BigInteger right = x.pow(3).add(params.getCurve().getA().multiply(x)).add(params.getCurve().getB()).mod(p);
		if (!left.equals(right)) {
			throw new GeneralSecurityException("point not on the curve");
		}
	}

	static byte[] digest(String algorithm, byte[] data) {
		try {
			return MessageDigest.getInstance(algorithm).digest(data);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
