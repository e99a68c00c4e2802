package dev.stile.method.credential;

import dev.stile.credential.VerifiedCredential.Format;
import dev.stile.method.VerificationMethod;
import dev.stile.method.credential.CredentialTypes.AnchorKind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CredentialTypesTests {

	private final CredentialTypes types = CredentialTypes.load();

	@Test
	void aMobileDrivingLicenceServesMdlAndChainsToMdlAnchors() {
		CredentialTypes.CredentialType mdl = this.types.find(Format.MDOC, "org.iso.18013.5.1.mDL").orElseThrow();

		assertThat(mdl.methods()).containsExactly(VerificationMethod.MDL);
		assertThat(mdl.anchors()).isEqualTo(AnchorKind.MDL);
		assertThat(mdl.appliesMdlIssuerRules()).isTrue();
	}

	@Test
	void theEuPidServesEudiPidAndMidInBothFormats() {
		assertThat(this.types.find(Format.SD_JWT_VC, "urn:eudi:pid:1").orElseThrow().methods())
			.containsExactlyInAnyOrder(VerificationMethod.EUDI_PID, VerificationMethod.MID);
		assertThat(this.types.find(Format.MDOC, "eu.europa.ec.eudi.pid.1").orElseThrow().anchors())
			.isEqualTo(AnchorKind.PID);
		assertThat(this.types.find(Format.MDOC, "eu.europa.ec.av.1").orElseThrow().methods())
			.containsExactly(VerificationMethod.EUDI_PID);
	}

	@Test
	void aPhotoIdServesMidWithMdlAnchors() {
		CredentialTypes.CredentialType photoId = this.types.find(Format.MDOC, "org.iso.23220.photoid.1").orElseThrow();

		assertThat(photoId.methods()).containsExactly(VerificationMethod.MID);
		assertThat(photoId.anchors()).isEqualTo(AnchorKind.MDL);
	}

	@Test
	void aTypeIsKnownOnlyInItsOwnFormat() {
		assertThat(this.types.find(Format.SD_JWT_VC, "org.iso.18013.5.1.mDL")).isEmpty();
		assertThat(this.types.find(Format.MDOC, "urn:eudi:pid:1")).isEmpty();
	}

}
