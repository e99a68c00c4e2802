package dev.stile.credential;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.authlete.sd.Disclosure;
import com.nimbusds.jose.JWSAlgorithm;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

import static dev.stile.credential.TestSdJwtVc.AT;
import static dev.stile.credential.TestSdJwtVc.CLIENT_ID;
import static dev.stile.credential.TestSdJwtVc.ISSUER;
import static dev.stile.credential.TestSdJwtVc.ROOT;
import static dev.stile.credential.TestSdJwtVc.pid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SdJwtVcVerifierTests {

	private final SdJwtVcVerifier verifier = new SdJwtVcVerifier();

	private VerifiedCredential verify(String presentation) {
		return this.verifier.verify(presentation, TestSdJwtVc.handover(), TestSdJwtVc.anchors(), AT, true);
	}

	private void assertRefused(String presentation, CredentialError error) {
		assertThatExceptionOfType(CredentialException.class).isThrownBy(() -> verify(presentation))
			.satisfies((ex) -> assertThat(ex.error()).as(ex.getMessage()).isEqualTo(error));
	}

	@Test
	void verifiesAPidWithNestedAndArrayDisclosures() {
		TestSdJwtVc.Credential credential = pid().issue();

		VerifiedCredential verified = verify(credential.present().serialize());

		assertThat(verified.format()).isEqualTo(VerifiedCredential.Format.SD_JWT_VC);
		assertThat(verified.type()).isEqualTo("urn:eudi:pid:1");
		assertThat(verified.issuer()).isEqualTo(ISSUER.certificate());
		assertThat(verified.anchor().certificate()).isEqualTo(ROOT.certificate());
		assertThat(verified.validUntil())
			.isEqualTo(Instant.ofEpochSecond(AT.plus(Duration.ofDays(90)).getEpochSecond()));
		Map<String, Object> claims = verified.claims();
		assertThat(claims).containsEntry("given_name", "Erika")
			.containsEntry("family_name", "Mustermann")
			.containsEntry("birthdate", "1984-01-26")
			.containsEntry("age_in_years", 42L)
			.containsEntry("vct", "urn:eudi:pid:1")
			.containsEntry("iss", "https://pid-issuer.test.example")
			.containsEntry("iat", AT.minus(Duration.ofDays(2)).getEpochSecond())
			.containsEntry("exp", AT.plus(Duration.ofDays(90)).getEpochSecond())
			.containsEntry("age_equal_or_over", Map.of("18", true, "65", false))
			.containsEntry("address",
					Map.of("country", "DE", "street_address", "Heidestraße 17", "locality", "Köln", "postal_code",
							"51147"))
			.containsEntry("nationalities", List.of("DE", "FR"))
			.doesNotContainKeys("_sd", "_sd_alg", "cnf");
	}

	@Test
	void verifiesOnlyWhatTheHolderDisclosed() {
		TestSdJwtVc.Credential credential = pid().issue();
		TestSdJwtVc.PidDisclosures pid = credential.pid();
		List<Disclosure> withheld = List.of(pid.familyName(), pid.street(), pid.nationalityDe(), pid.over65());

		VerifiedCredential verified = verify(credential.present().only((d) -> !withheld.contains(d)).serialize());

		assertThat(verified.claims()).doesNotContainKey("family_name")
			.containsEntry("address", Map.of("country", "DE", "locality", "Köln", "postal_code", "51147"))
			.containsEntry("nationalities", List.of("FR"))
			.containsEntry("age_equal_or_over", Map.of("18", true));
	}

	@Test
	void verifiesWithNoDisclosuresAtAll() {
		VerifiedCredential verified = verify(pid().issue().present().only((d) -> false).serialize());

		assertThat(verified.claims()).containsEntry("nationalities", List.of())
			.containsEntry("age_equal_or_over", Map.of())
			.doesNotContainKeys("given_name", "address");
	}

	@Test
	void verifiesTheOlderVcSdJwtType() {
		assertThat(verify(pid().typ("vc+sd-jwt").issue().present().serialize()).type()).isEqualTo("urn:eudi:pid:1");
	}

	@Test
	void verifiesTheTypeWithItsMediaTypePrefix() {
		assertThat(verify(pid().typ("application/dc+sd-jwt").issue().present().serialize()).type())
			.isEqualTo("urn:eudi:pid:1");
	}

	@Test
	void verifiesDisclosuresHashedWithSha384() {
		VerifiedCredential verified = verify(pid().hashAlgorithm("sha-384").issue().present().serialize());

		assertThat(verified.claims()).containsEntry("given_name", "Erika");
	}

	@Test
	void verifiesAnIssuerKeyOnP384() {
		TestPki.Issued issuer = TestPki.signer(ROOT, "P-384 issuer", AT.minus(Duration.ofDays(1)),
				AT.plus(Duration.ofDays(30)), null, TestPki.ecKey("secp384r1"));

		VerifiedCredential verified = verify(pid().issuer(issuer)
			.signedBy(JWSAlgorithm.ES384, issuer.keyPair().getPrivate())
			.issue()
			.present()
			.serialize());

		assertThat(verified.issuer()).isEqualTo(issuer.certificate());
	}

	@Test
	void verifiesAnX5cThatCarriesTheRoot() {
		assertThat(verify(pid().x5c(ISSUER.certificate(), ROOT.certificate()).issue().present().serialize()))
			.isNotNull();
	}

	@Test
	void verifiesWithinTheClockSkew() {
		String presentation = pid().expiresAt(AT.minusSeconds(30))
			.notBefore(AT.plusSeconds(30))
			.issue()
			.present()
			.issuedAt(AT.plusSeconds(30))
			.serialize();

		assertThat(verify(presentation).validUntil()).isEqualTo(AT.minusSeconds(30));
	}

	@Test
	void verifiesAKeyBindingMadeFourMinutesAgo() {
		assertThat(verify(pid().issue().present().issuedAt(AT.minus(Duration.ofMinutes(4))).serialize())).isNotNull();
	}

	@Test
	void verifiesUntilTheIssuerCertificateExpiresWhenTheCredentialHasNoExp() {
		VerifiedCredential verified = verify(pid().expiresAt(null).issue().present().serialize());

		assertThat(verified.validUntil()).isEqualTo(ISSUER.certificate().getNotAfter().toInstant());
	}

	@Test
	void untrustedIssuerWhenTheChainEndsAtAnotherRoot() {
		TestPki.Issued otherRoot = TestPki.root("Another PID Provider", AT);
		TestPki.Issued other = TestPki.signer(otherRoot, "Issuer under another root", AT, null);

		assertRefused(pid().issuer(other).issue().present().serialize(), CredentialError.UNTRUSTED_ISSUER);
	}

	@Test
	void untrustedIssuerWhenTheIssuerJwtCarriesNoX5c() {
		assertRefused(pid().x5c().issue().present().serialize(), CredentialError.UNTRUSTED_ISSUER);
	}

	@Test
	void untrustedIssuerWhenTheAnchorsAreOnlyForTests() {
		TrustAnchors testOnly = TrustAnchors.none()
			.with(new TrustAnchors.Anchor(ROOT.certificate(), TrustAnchors.BUILT_IN, true));
		String presentation = pid().issue().present().serialize();

		assertThat(this.verifier.verify(presentation, TestSdJwtVc.handover(), testOnly, AT, false)).isNotNull();
		assertThatExceptionOfType(CredentialException.class)
			.isThrownBy(() -> this.verifier.verify(presentation, TestSdJwtVc.handover(), testOnly, AT, true))
			.satisfies((ex) -> assertThat(ex.error()).isEqualTo(CredentialError.UNTRUSTED_ISSUER));
	}

	@Test
	void untrustedIssuerWhenTheIssuerCertificateIsNotForSignatures() {
		KeyPair keys = TestPki.ecKey();
		X509Certificate keyAgreementOnly = certificate(keys, new KeyUsage(KeyUsage.keyAgreement));

		assertRefused(pid().x5c(keyAgreementOnly).signedBy(keys).issue().present().serialize(),
				CredentialError.UNTRUSTED_ISSUER);
	}

	@Test
	void untrustedIssuerWhenTheRootSignsTheCredentialItself() {
		assertRefused(pid().x5c(ROOT.certificate()).signedBy(ROOT.keyPair()).issue().present().serialize(),
				CredentialError.UNTRUSTED_ISSUER);
	}

	@Test
	void issuerSignatureInvalidWhenAnotherKeySigned() {
		assertRefused(pid().signedBy(TestPki.ecKey()).issue().present().serialize(),
				CredentialError.ISSUER_SIGNATURE_INVALID);
	}

	@Test
	void issuerSignatureInvalidWhenThePayloadWasChangedAfterSigning() {
		String issuerJwt = pid().issue().issuerJwt();
		String[] segments = issuerJwt.split("\\.");
		String payload = new String(java.util.Base64.getUrlDecoder().decode(segments[1]),
				java.nio.charset.StandardCharsets.UTF_8)
			.replace("urn:eudi:pid:1", "urn:eudi:pid:2");
		String forged = segments[0] + "." + TestSdJwtVc.base64url(payload) + "." + segments[2];
		TestSdJwtVc.Credential credential = pid().issue();
		String presentation = credential.present().serialize().replace(credential.issuerJwt(), forged);

		assertRefused(presentation, CredentialError.ISSUER_SIGNATURE_INVALID);
	}

	@Test
	void issuerSignatureInvalidWhenTheAlgorithmDoesNotFitTheKey() {
		// ES384 over a certificate for a P-256 key: Nimbus refuses the pair.
		assertRefused(pid().signedBy(JWSAlgorithm.ES384, TestPki.ecKey("secp384r1").getPrivate())
			.issue()
			.present()
			.serialize(), CredentialError.ISSUER_SIGNATURE_INVALID);
	}

	@Test
	void issuerSignatureInvalidWhenUnsigned() {
		assertRefused(pid().issueUnsigned().present().serialize(), CredentialError.ISSUER_SIGNATURE_INVALID);
	}

	@Test
	void issuerSignatureInvalidWhenMacedWithHs256() {
		assertRefused(pid().issueWithHmac().present().serialize(), CredentialError.ISSUER_SIGNATURE_INVALID);
	}

	@Test
	void digestMismatchWhenADisclosedValueWasChanged() {
		TestSdJwtVc.Credential credential = pid().issue();
		Disclosure birthdate = credential.pid().birthdate();
		Disclosure younger = new Disclosure(birthdate.getSalt(), "birthdate", "2012-01-26");
		List<String> disclosures = new ArrayList<>(credential.present().disclosures());
		disclosures.set(disclosures.indexOf(birthdate.getDisclosure()), younger.getDisclosure());

		assertRefused(credential.present().disclosures(disclosures).serialize(), CredentialError.DIGEST_MISMATCH);
	}

	@Test
	void digestMismatchWhenADisclosureComesFromAnotherCredential() {
		TestSdJwtVc.Credential credential = pid().issue();
		List<String> disclosures = new ArrayList<>(credential.present().disclosures());
		disclosures.add(pid().issue().pid().givenName().getDisclosure());

		assertRefused(credential.present().disclosures(disclosures).serialize(), CredentialError.DIGEST_MISMATCH);
	}

	@Test
	void digestMismatchWhenADisclosureIsPresentedTwice() {
		TestSdJwtVc.Credential credential = pid().issue();
		List<String> disclosures = new ArrayList<>(credential.present().disclosures());
		disclosures.add(credential.pid().givenName().getDisclosure());

		assertRefused(credential.present().disclosures(disclosures).serialize(), CredentialError.DIGEST_MISMATCH);
	}

	@Test
	void digestMismatchWhenTheIssuerSignedADigestTwice() {
		String presentation = pid().payload((payload) -> {
			@SuppressWarnings("unchecked")
			List<Object> sd = new ArrayList<>((List<Object>) payload.get("_sd"));
			sd.add(sd.get(0));
			payload.put("_sd", sd);
		}).issue().present().serialize();

		assertRefused(presentation, CredentialError.DIGEST_MISMATCH);
	}

	@Test
	void digestMismatchWhenADisclosureRenamesASignedClaim() {
		// RFC 9901 §7.1 step 3: a disclosed name must not overwrite a plain one.
		String presentation = pid().payload((payload) -> payload.put("given_name", "Max"))
			.issue()
			.present()
			.serialize();

		assertRefused(presentation, CredentialError.DIGEST_MISMATCH);
	}

	@Test
	void digestMismatchWhenAnArrayElementDisclosureIsSignedAsAClaim() {
		TestSdJwtVc.Credential credential = pid().payload((payload) -> {
			@SuppressWarnings("unchecked")
			List<Object> sd = new ArrayList<>((List<Object>) payload.get("_sd"));
			Object element = ((List<?>) payload.get("nationalities")).get(0);
			sd.add(((Map<?, ?>) element).get("..."));
			payload.put("_sd", sd);
			payload.put("nationalities", List.of());
		}).issue();
		Disclosure fr = credential.pid().nationalityFr();

		assertRefused(credential.present().only((d) -> d != fr).serialize(), CredentialError.DIGEST_MISMATCH);
	}

	@Test
	void digestMismatchWhenDigestsAreOverAnotherAlgorithmThanSdAlgSays() {
		String presentation = pid().hashAlgorithm("sha-384")
			.payload((payload) -> payload.put("_sd_alg", "sha-256"))
			.issue()
			.present()
			.serialize();

		assertRefused(presentation, CredentialError.DIGEST_MISMATCH);
	}

	@Test
	void credentialExpiredAfterExp() {
		assertRefused(pid().expiresAt(AT.minus(Duration.ofMinutes(2))).issue().present().serialize(),
				CredentialError.CREDENTIAL_EXPIRED);
	}

	@Test
	void credentialExpiredBeforeNbf() {
		assertRefused(pid().notBefore(AT.plus(Duration.ofMinutes(2))).issue().present().serialize(),
				CredentialError.CREDENTIAL_EXPIRED);
	}

	@Test
	void credentialExpiredWhenIssuedInTheFuture() {
		assertRefused(pid().issuedAt(AT.plus(Duration.ofHours(1))).issue().present().serialize(),
				CredentialError.CREDENTIAL_EXPIRED);
	}

	@Test
	void credentialExpiredWhenTheIssuerCertificateHasExpired() {
		KeyPair keys = TestPki.ecKey();
		TestPki.Issued expired = TestPki.signer(ROOT, "Expired issuer", AT.minus(Duration.ofDays(30)),
				AT.minus(Duration.ofDays(1)), null, keys);

		assertRefused(pid().issuer(expired).issue().present().serialize(), CredentialError.CREDENTIAL_EXPIRED);
	}

	@Test
	void keyBindingIsRequired() {
		assertRefused(pid().issue().present().withoutKeyBinding().serialize(), CredentialError.KEY_BINDING_MISSING);
	}

	@Test
	void keyBindingMustAnswerThisNonce() {
		assertRefused(pid().issue().present().nonce("another-request").serialize(), CredentialError.NONCE_MISMATCH);
	}

	@Test
	void keyBindingMustBeForThisVerifier() {
		assertRefused(pid().issue().present().audience("x509_hash:another-verifier").serialize(),
				CredentialError.AUDIENCE_MISMATCH);
	}

	@Test
	void keyBindingMayNameTheVerifierInAOneElementArray() {
		assertThat(verify(pid().issue().present().audience(List.of(CLIENT_ID)).serialize())).isNotNull();
	}

	@Test
	void keyBindingMustNotNameOtherAudiences() {
		assertRefused(pid().issue().present().audience(List.of(CLIENT_ID, "x509_hash:other")).serialize(),
				CredentialError.AUDIENCE_MISMATCH);
	}

	@Test
	void keyBindingMustBeSignedByTheHolderKey() {
		assertRefused(pid().issue().present().signedBy(TestSdJwtVc.ecJwk()).serialize(),
				CredentialError.KEY_BINDING_INVALID);
	}

	@Test
	void keyBindingMustHashThePresentedDisclosures() {
		TestSdJwtVc.Credential credential = pid().issue();
		String hashOfFewer = TestSdJwtVc.sdHash(credential.present().only((d) -> false).sdJwt(), "sha-256");

		assertRefused(credential.present().sdHash(hashOfFewer).serialize(), CredentialError.KEY_BINDING_INVALID);
	}

	@Test
	void keyBindingMustBeFresh() {
		assertRefused(pid().issue().present().issuedAt(AT.minus(Duration.ofMinutes(10))).serialize(),
				CredentialError.KEY_BINDING_INVALID);
	}

	@Test
	void keyBindingMustNotComeFromTheFuture() {
		assertRefused(pid().issue().present().issuedAt(AT.plus(Duration.ofMinutes(3))).serialize(),
				CredentialError.KEY_BINDING_INVALID);
	}

	@Test
	void keyBindingMustBeTypedKbJwt() {
		assertRefused(pid().issue().present().typ("JWT").serialize(), CredentialError.KEY_BINDING_INVALID);
	}

	@Test
	void keyBindingNeedsAHolderKeyInTheCredential() {
		assertRefused(pid().holderKey(null).issue().present().serialize(), CredentialError.KEY_BINDING_INVALID);
	}

	@Test
	void keyBindingIsNotAnUnsignedJwt() {
		String presentation = pid().issue().present().serialize();
		String unsigned = presentation.substring(0, presentation.lastIndexOf('~') + 1)
				+ TestSdJwtVc.base64url("{\"alg\":\"none\",\"typ\":\"kb+jwt\"}") + "."
				+ presentation.substring(presentation.lastIndexOf('~') + 1).split("\\.")[1] + ".";

		assertRefused(unsigned, CredentialError.KEY_BINDING_INVALID);
	}

	@Test
	void presentationMalformedWhenOverTheSizeLimit() {
		String presentation = pid().issue().present().serialize();
		String padded = presentation.substring(0, presentation.indexOf('~') + 1)
				+ "A".repeat(SdJwtVcVerifier.MAX_PRESENTATION_LENGTH)
				+ presentation.substring(presentation.indexOf('~'));

		assertRefused(padded, CredentialError.PRESENTATION_MALFORMED);
	}

	@Test
	void presentationMalformedWhenItHoldsTooManyDisclosures() {
		TestSdJwtVc.Credential credential = pid().issue();
		List<String> many = new ArrayList<>();
		for (int i = 0; i <= SdJwtVcVerifier.MAX_DISCLOSURES; i++) {
			many.add(new Disclosure("claim" + i, i).getDisclosure());
		}

		assertRefused(credential.present().disclosures(many).serialize(), CredentialError.PRESENTATION_MALFORMED);
	}

	@Test
	void presentationMalformedWhenADisclosureIsNestedTooDeeply() {
		Object deep = "bottom";
		for (int i = 0; i < SdJwtVcVerifier.MAX_NESTING + 1; i++) {
			deep = List.of(deep);
		}
		TestSdJwtVc.Credential credential = pid().issue();
		List<String> disclosures = new ArrayList<>(credential.present().disclosures());
		disclosures.add(new Disclosure("deep", deep).getDisclosure());

		assertRefused(credential.present().disclosures(disclosures).serialize(),
				CredentialError.PRESENTATION_MALFORMED);
	}

	@Test
	void presentationMalformedWhenTheIssuerPayloadIsNestedTooDeeply() {
		Object deep = "bottom";
		for (int i = 0; i < SdJwtVcVerifier.MAX_NESTING; i++) {
			deep = List.of(deep);
		}
		Object tooDeep = deep;

		assertRefused(pid().payload((payload) -> payload.put("deep", tooDeep)).issue().present().serialize(),
				CredentialError.PRESENTATION_MALFORMED);
	}

	@Test
	void presentationMalformedWhenDisclosuresNestTooDeeplyTogether() {
		// Each disclosure is shallow; chained through their digests they are not.
		Disclosure inner = new Disclosure("level", "bottom");
		List<Disclosure> chain = new ArrayList<>(List.of(inner));
		for (int i = 0; i < SdJwtVcVerifier.MAX_NESTING; i++) {
			inner = new Disclosure("level", Map.of("_sd", List.of(chain.get(chain.size() - 1).digest())));
			chain.add(inner);
		}
		String top = chain.get(chain.size() - 1).digest();
		TestSdJwtVc.Credential credential = pid().payload((payload) -> {
			@SuppressWarnings("unchecked")
			List<Object> sd = new ArrayList<>((List<Object>) payload.get("_sd"));
			sd.add(top);
			payload.put("_sd", sd);
		}).issue();
		List<String> disclosures = new ArrayList<>(credential.present().disclosures());
		chain.forEach((d) -> disclosures.add(d.getDisclosure()));

		assertRefused(credential.present().disclosures(disclosures).serialize(),
				CredentialError.PRESENTATION_MALFORMED);
	}

	@Test
	void presentationMalformedWhenEmptyOrWithoutSeparators() {
		assertRefused("", CredentialError.PRESENTATION_MALFORMED);
		assertRefused(null, CredentialError.PRESENTATION_MALFORMED);
		assertRefused(pid().issue().issuerJwt(), CredentialError.PRESENTATION_MALFORMED);
		assertRefused("~", CredentialError.PRESENTATION_MALFORMED);
		assertRefused("~~", CredentialError.PRESENTATION_MALFORMED);
	}

	@Test
	void presentationMalformedWhenADisclosureIsNotBase64UrlJson() {
		TestSdJwtVc.Credential credential = pid().issue();
		for (String bad : List.of("not*base64", "bm90IGpzb24", TestSdJwtVc.base64url("{\"a\":1}"),
				TestSdJwtVc.base64url("[\"salt\"]"), TestSdJwtVc.base64url("[1,\"name\",\"value\"]"),
				TestSdJwtVc.base64url("[\"salt\",\"_sd\",\"value\"]"))) {
			List<String> disclosures = new ArrayList<>(credential.present().disclosures());
			disclosures.add(bad);
			assertRefused(credential.present().disclosures(disclosures).serialize(),
					CredentialError.PRESENTATION_MALFORMED);
		}
	}

	@Test
	void presentationMalformedWhenTheIssuerJwtIsNotAJws() {
		String presentation = pid().issue().present().serialize();
		String[] segments = presentation.substring(0, presentation.indexOf('~')).split("\\.");
		String rest = presentation.substring(presentation.indexOf('~'));

		assertRefused(segments[0] + "." + segments[1] + rest, CredentialError.PRESENTATION_MALFORMED);
		assertRefused(segments[0] + "." + segments[1] + "." + segments[2] + ".x" + rest,
				CredentialError.PRESENTATION_MALFORMED);
		assertRefused(TestSdJwtVc.base64url("not json") + "." + segments[1] + "." + segments[2] + rest,
				CredentialError.PRESENTATION_MALFORMED);
	}

	@Test
	void presentationMalformedWhenASignatureIsPadded() {
		String presentation = pid().issue().present().serialize();

		// RFC 7515 §2: base64url without '='.
		assertRefused(presentation + "==", CredentialError.PRESENTATION_MALFORMED);
	}

	@Test
	void presentationMalformedWhenTheKeyBindingIsNotAJwt() {
		String presentation = pid().issue().present().withoutKeyBinding().serialize();

		assertRefused(presentation + "garbage", CredentialError.PRESENTATION_MALFORMED);
	}

	@Test
	void presentationMalformedWhenTheIssuerJwtIsNotAnSdJwtVc() {
		assertRefused(pid().typ("JWT").issue().present().serialize(), CredentialError.PRESENTATION_MALFORMED);
	}

	@Test
	void presentationMalformedWhenItHasNoVct() {
		assertRefused(pid().payload((payload) -> payload.remove("vct")).issue().present().serialize(),
				CredentialError.PRESENTATION_MALFORMED);
	}

	@Test
	void presentationMalformedWhenARegisteredClaimIsSelectivelyDisclosed() {
		Disclosure exp = new Disclosure("exp", AT.minus(Duration.ofDays(1)).getEpochSecond());
		TestSdJwtVc.Credential credential = pid().expiresAt(null).payload((payload) -> {
			@SuppressWarnings("unchecked")
			List<Object> sd = new ArrayList<>((List<Object>) payload.get("_sd"));
			sd.add(exp.digest());
			payload.put("_sd", sd);
		}).issue();

		// Withheld, an expired credential would pass: SD-JWT VC forbids disclosing
		// exp.
		List<String> disclosures = new ArrayList<>(credential.present().disclosures());
		disclosures.add(exp.getDisclosure());
		assertRefused(credential.present().disclosures(disclosures).serialize(),
				CredentialError.PRESENTATION_MALFORMED);
	}

	@Test
	void presentationMalformedWhenSdAlgIsNotAHashWeAccept() {
		assertRefused(pid().payload((payload) -> payload.put("_sd_alg", "md5")).issue().present().serialize(),
				CredentialError.PRESENTATION_MALFORMED);
	}

	@Test
	void presentationMalformedWhenExpIsNotANumber() {
		assertRefused(pid().payload((payload) -> payload.put("exp", "tomorrow")).issue().present().serialize(),
				CredentialError.PRESENTATION_MALFORMED);
	}

	/** An issuer certificate under the test root with the given key usage. */
	private static X509Certificate certificate(KeyPair keys, KeyUsage keyUsage) {
		try {
			X500Name issuer = X500Name.getInstance(ROOT.certificate().getSubjectX500Principal().getEncoded());
			JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(7),
					Date.from(AT.minus(Duration.ofDays(1))), Date.from(AT.plus(Duration.ofDays(30))),
					new X500Name("CN=Key agreement only,C=US"), keys.getPublic());
			builder.addExtension(Extension.keyUsage, true, keyUsage);
			return new JcaX509CertificateConverter().getCertificate(
					builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(ROOT.keyPair().getPrivate())));
		}
		catch (GeneralSecurityException | OperatorCreationException | java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
