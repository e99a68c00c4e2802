package dev.stile.credential;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;

import com.authlete.cbor.CBORByteArray;
import com.authlete.cbor.CBORInteger;
import com.authlete.cbor.CBORItemList;
import com.authlete.cbor.CBORPair;
import com.authlete.cbor.CBORPairList;
import com.authlete.cbor.CBORString;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.ThrowingSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class MdocVerifierTests {

	private static final Instant now = MdocFixture.now;

	private final MdocFixture fixture = new MdocFixture();

	private final MdocVerifier verifier = new MdocVerifier();

	@Test
	void aValidMdlVerifiesWithItsAgeClaims() {
		List<VerifiedCredential> verified = verify(this.fixture.mdl().build());
		assertThat(verified).hasSize(1);
		VerifiedCredential mdl = verified.get(0);
		assertThat(mdl.format()).isEqualTo(VerifiedCredential.Format.MDOC);
		assertThat(mdl.type()).isEqualTo(MdocFixture.MDL);
		assertThat(mdl.claims()).containsEntry("family_name", "Mustermann")
			.containsEntry("birth_date", LocalDate.of(2001, 2, 3))
			.containsEntry("age_over_18", true)
			.containsEntry("age_over_21", true)
			.containsEntry("issuing_jurisdiction", "US-CA");
		assertThat(mdl.issuer()).isEqualTo(this.fixture.signer.certificate());
		assertThat(mdl.anchor().certificate()).isEqualTo(this.fixture.iaca.certificate());
		assertThat(mdl.validUntil()).isEqualTo(now.plus(Duration.ofDays(30)));
	}

	@Test
	void es384AndEs512SignersWithTheirDigestsVerify() {
		for (String[] curve : new String[][] { { "secp384r1", "SHA-384" }, { "secp521r1", "SHA-512" } }) {
			TestPki.Issued signer = TestPki.signer(this.fixture.iaca, "DS " + curve[0], now.minus(Duration.ofDays(1)),
					now.plus(Duration.ofDays(365)), TestPki.MDL_DOCUMENT_SIGNER_EKU, TestPki.ecKey(curve[0]));
			MdocFixture.Builder mdl = this.fixture.mdl().signedBy(signer);
			mdl.digestAlgorithm = curve[1];
			assertThat(verify(mdl.build())).singleElement()
				.satisfies((credential) -> assertThat(credential.issuer()).isEqualTo(signer.certificate()));
		}
	}

	@Test
	void aChainCarryingItsRootVerifies() {
		MdocFixture.Builder mdl = this.fixture.mdl();
		mdl.x5chain.add(this.fixture.iaca.certificate());
		assertThat(verify(mdl.build())).hasSize(1);
	}

	@Test
	void aDeviceMacVerifiesWithTheReadersKey() {
		java.security.KeyPair reader = TestPki.ecKey();
		MdocFixture.Builder mdl = this.fixture.mdl();
		mdl.readerKey = reader.getPublic();
		byte[] response = mdl.build();
		assertThat(this.verifier.verify(response, MdocFixture.transcript, this.fixture.anchors(), now, true,
				reader.getPrivate()))
			.hasSize(1);
		assertRefused(() -> this.verifier.verify(response, MdocFixture.transcript, this.fixture.anchors(), now, true,
				TestPki.ecKey().getPrivate()), CredentialError.DEVICE_AUTH_FAILED);
		assertRefused(() -> verify(response), CredentialError.DEVICE_AUTH_FAILED);
	}

	@Test
	void anIssuerOutsideTheAnchorsIsUntrusted() {
		byte[] response = this.fixture.mdl().build();
		assertRefused(() -> this.verifier.verify(response, MdocFixture.transcript,
				TestPki.anchors(TestPki.root("Other IACA", now)), now, true), CredentialError.UNTRUSTED_ISSUER);
	}

	@Test
	void aSignerWithoutDigitalSignatureUsageIsUntrusted() {
		TestPki.Issued signer = TestPki.signer(this.fixture.iaca, "Encipherment only", now.minus(Duration.ofDays(1)),
				now.plus(Duration.ofDays(365)), TestPki.MDL_DOCUMENT_SIGNER_EKU, TestPki.ecKey(),
				KeyUsage.keyAgreement);
		assertRefused(() -> verify(this.fixture.mdl().signedBy(signer).build()), CredentialError.UNTRUSTED_ISSUER);
	}

	@Test
	void anMsoSignedByAnotherKeyIsAnInvalidSignature() {
		MdocFixture.Builder mdl = this.fixture.mdl();
		mdl.issuerKey = TestPki.ecKey().getPrivate();
		assertRefused(() -> verify(mdl.build()), CredentialError.ISSUER_SIGNATURE_INVALID);
	}

	@Test
	void aDocTypeTheIssuerDidNotSignIsAnInvalidSignature() {
		MdocFixture.Builder mdl = this.fixture.mdl();
		mdl.docType = "eu.europa.ec.eudi.pid.1";
		assertRefused(() -> verify(mdl.build()), CredentialError.ISSUER_SIGNATURE_INVALID);
	}

	@Test
	void aChangedElementIsADigestMismatch() {
		MdocFixture.Builder mdl = this.fixture.mdl();
		mdl.tampered = "age_over_21";
		assertRefused(() -> verify(mdl.build()), CredentialError.DIGEST_MISMATCH);
	}

	@Test
	void anElementWithoutDigestIsADigestMismatch() {
		MdocFixture.Builder mdl = this.fixture.mdl();
		mdl.undigested = "age_over_18";
		assertRefused(() -> verify(mdl.build()), CredentialError.DIGEST_MISMATCH);
	}

	@Test
	void anMsoOutsideItsValidityIsExpired() {
		MdocFixture.Builder expired = this.fixture.mdl();
		expired.validUntil = now.minus(Duration.ofMinutes(1));
		assertRefused(() -> verify(expired.build()), CredentialError.CREDENTIAL_EXPIRED);
		MdocFixture.Builder notYet = this.fixture.mdl();
		notYet.validFrom = now.plus(Duration.ofMinutes(1));
		assertRefused(() -> verify(notYet.build()), CredentialError.CREDENTIAL_EXPIRED);
	}

	@Test
	void anExpiredDocumentSignerIsExpired() {
		TestPki.Issued signer = TestPki.signer(this.fixture.iaca, "Old DS", now.minus(Duration.ofDays(1)),
				now.minus(Duration.ofHours(2)), TestPki.MDL_DOCUMENT_SIGNER_EKU, TestPki.ecKey());
		MdocFixture.Builder mdl = this.fixture.mdl().signedBy(signer);
		mdl.signed = now.minus(Duration.ofHours(3));
		assertRefused(() -> verify(mdl.build()), CredentialError.CREDENTIAL_EXPIRED);
	}

	@Test
	void anMsoSignedOutsideItsSignersValidityIsExpired() {
		MdocFixture.Builder mdl = this.fixture.mdl();
		mdl.signed = now.minus(Duration.ofDays(30));
		assertRefused(() -> verify(mdl.build()), CredentialError.CREDENTIAL_EXPIRED);
	}

	@Test
	void aSignatureOverAnotherTranscriptFailsDeviceAuthentication() {
		MdocFixture.Builder mdl = this.fixture.mdl();
		mdl.signedTranscript = MdocVerifier.openId4VpSessionTranscript(new Handover("x509_san_dns:verifier.example",
				"another-nonce", "https://verifier.example/response", null));
		assertRefused(() -> verify(mdl.build()), CredentialError.DEVICE_AUTH_FAILED);
	}

	@Test
	void aSignatureByAnotherDeviceKeyFailsDeviceAuthentication() {
		MdocFixture.Builder mdl = this.fixture.mdl();
		mdl.deviceKey = TestPki.ecKey().getPrivate();
		assertRefused(() -> verify(mdl.build()), CredentialError.DEVICE_AUTH_FAILED);
	}

	@Test
	void aWalletErrorStatusIsMalformed() {
		byte[] status10 = new CBORPairList(new CBORPair(new CBORString("version"), new CBORString("1.0")),
				new CBORPair(new CBORString("status"), new CBORInteger(10)))
			.encode();
		assertRefused(() -> verify(status10), CredentialError.PRESENTATION_MALFORMED);
	}

	@Test
	void onlyDocumentErrorsMeanTheClaimsAreMissing() {
		byte[] errors = new CBORPairList(new CBORPair(new CBORString("version"), new CBORString("1.0")),
				new CBORPair(new CBORString("documentErrors"),
						new CBORItemList(
								new CBORPairList(new CBORPair(new CBORString(MdocFixture.MDL), new CBORInteger(0))))),
				new CBORPair(new CBORString("status"), new CBORInteger(0)))
			.encode();
		assertRefused(() -> verify(errors), CredentialError.CLAIM_MISSING);
	}

	@Test
	void structuralDamageIsMalformed() {
		assertRefused(() -> verify(new byte[0]), CredentialError.PRESENTATION_MALFORMED);
		assertRefused(() -> verify(new byte[MdocVerifier.MAX_PRESENTATION_BYTES + 1]),
				CredentialError.PRESENTATION_MALFORMED);
		assertRefused(() -> verify(new CBORString("not a response").encode()), CredentialError.PRESENTATION_MALFORMED);
		assertRefused(() -> verify(new CBORByteArray(new byte[] { 1 }).encode()),
				CredentialError.PRESENTATION_MALFORMED);
		byte[] valid = this.fixture.mdl().build();
		byte[] trailing = java.util.Arrays.copyOf(valid, valid.length + 1);
		assertRefused(() -> verify(trailing), CredentialError.PRESENTATION_MALFORMED);
		byte[] noStatus = new CBORPairList(new CBORPair(new CBORString("version"), new CBORString("1.0"))).encode();
		assertRefused(() -> verify(noStatus), CredentialError.PRESENTATION_MALFORMED);
	}

	@Test
	void hostileLengthsAndNestingAreRefusedBeforeDecoding() {
		// A byte string announcing 4 GB, a text string announcing 2^63, an array
		// announcing
		// 2^32 elements, and nesting 100,000 deep: each a few bytes, each refused by the
		// scan.
		for (String hex : new String[] { "5affffffff00", "7b7fffffffffffffff", "9affffffff00",
				"bb000000010000000000" }) {
			assertRefused(() -> verify(HexFormat.of().parseHex(hex)), CredentialError.PRESENTATION_MALFORMED);
		}
		byte[] deep = new byte[100_001];
		java.util.Arrays.fill(deep, (byte) 0x81);
		deep[deep.length - 1] = 0;
		assertRefused(() -> verify(deep), CredentialError.PRESENTATION_MALFORMED);
		byte[] manyItems = new byte[20_003];
		manyItems[0] = (byte) 0x99;
		manyItems[1] = (byte) 0x4e;
		manyItems[2] = (byte) 0x20;
		assertRefused(() -> verify(manyItems), CredentialError.PRESENTATION_MALFORMED);
	}

	@Test
	void aProtectedHeaderIsScannedBeforeTheCoseClassesDecodeIt() {
		// {1: 18([h'5a3fffffff', {}, null, h''])}: authlete's tag processor would decode
		// the
		// nested header and allocate a gigabyte for it.
		CBORItemList issuerAuth = new CBORItemList(
				new CBORByteArray(HexFormat.of().parseHex("a101d28445" + "5a3fffffff" + "a0f640")), new CBORPairList(),
				new CBORByteArray(new byte[0]), new CBORByteArray(new byte[0]));
		assertThatExceptionOfType(CredentialException.class).isThrownBy(() -> Cbor.sign1(issuerAuth, "issuerAuth"))
			.withMessageContaining("a tag where none is expected");
	}

	@Test
	void theScanFindsEmbeddedItemsAsReceived() {
		// [24(h'01'), {"a": 24(h'a0')}] with a non-minimal length on the second item.
		byte[] bytes = HexFormat.of().parseHex("82d8184101a16161d818580100");
		List<int[]> spans = BoundedCbor.scan(bytes, "test");
		assertThat(spans).hasSize(2);
		assertThat(java.util.Arrays.copyOfRange(bytes, spans.get(0)[0], spans.get(0)[1]))
			.isEqualTo(HexFormat.of().parseHex("d8184101"));
		assertThat(java.util.Arrays.copyOfRange(bytes, spans.get(1)[0], spans.get(1)[1]))
			.isEqualTo(HexFormat.of().parseHex("d818580100"));
		assertThat(BoundedCbor.scan(HexFormat.of().parseHex("9f5f4101ff01ff"), "indefinite")).isEmpty();
	}

	private List<VerifiedCredential> verify(byte[] response) {
		return this.verifier.verify(response, MdocFixture.transcript, this.fixture.anchors(), now, true);
	}

	static void assertRefused(ThrowingSupplier<?> verification, CredentialError error) {
		assertThatExceptionOfType(CredentialException.class).isThrownBy(verification::get)
			.satisfies((ex) -> assertThat(ex.error()).as(ex.getMessage()).isEqualTo(error));
	}

}
