package dev.stile.method;

import java.awt.image.BufferedImage;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Reading the AAMVA data of a licence barcode.
 */
class AamvaLicenseTests {

	@Test
	void readsTheAnnexDSampleOfTheStandard() {
		// The AAMVA DL/ID Card Design Standard's own example (issuer 636000, version 10).
		String sample = "@\n\u001e\rANSI 636000100102DL00410278ZV03190008DLDAQT64235789\nDCSSAMPLE\nDDEN\nDACMICHAEL\n"
				+ "DDFN\nDADJOHN\nDDGN\nDCUJR\nDCAD\nDCBK\nDCDPH\nDBD06062019\nDBB06061986\nDBA12102024\nDBC1\n"
				+ "DAU068 in\nDAYBRO\nDAG2300 WEST BROAD STREET\nDAIRICHMOND\nDAJVA\nDAK232690000  \nDCF2424244747474786102204\n"
				+ "DCGUSA\nDCK123456789\nDDAF\nDDB06062018\nDDC06062020\nDDD1\rZVZVA01\r";

		AamvaLicense licence = AamvaLicense.parse(sample).orElseThrow();

		assertThat(licence.issuerId()).isEqualTo("636000");
		assertThat(licence.version()).isEqualTo(10);
		assertThat(licence.documentNumber()).isEqualTo("T64235789");
		assertThat(licence.birthDate()).isEqualTo(LocalDate.of(1986, 6, 6));
		assertThat(licence.expiryDate()).isEqualTo(LocalDate.of(2024, 12, 10));
		assertThat(licence.jurisdiction()).isEqualTo("VA");
		assertThat(licence.country()).isEqualTo("USA");
	}

	@Test
	void readsCanadianDatesYearFirst() {
		String ontario = "@\n\u001e\rANSI 636012080002DL00410100ZO01410020DLDAQX1234-56789-01234\nDCSSAMPLE\n"
				+ "DBB19900315\nDBA20300315\nDAJON\nDCGCAN\r";

		AamvaLicense licence = AamvaLicense.parse(ontario).orElseThrow();

		assertThat(licence.birthDate()).isEqualTo(LocalDate.of(1990, 3, 15));
		assertThat(licence.expiryDate()).isEqualTo(LocalDate.of(2030, 3, 15));
		assertThat(licence.country()).isEqualTo("CAN");
	}

	@Test
	void readsTheTestSuitesOwnPayload() {
		String payload = LicenceImages.aamva(LocalDate.of(2000, 2, 29), LocalDate.of(2031, 1, 1), "D1234567");

		AamvaLicense licence = AamvaLicense.parse(payload).orElseThrow();

		assertThat(licence.birthDate()).isEqualTo(LocalDate.of(2000, 2, 29));
		assertThat(licence.documentNumber()).isEqualTo("D1234567");
		assertThat(licence.issuerId()).isEqualTo("636014");
	}

	@Test
	void somethingElseIsNotALicence() {
		assertThat(AamvaLicense.parse("https://example.com/ticket/42")).isEmpty();
		assertThat(AamvaLicense.parse("@\n\u001e\rANSI 6360")).isEmpty();
		assertThat(AamvaLicense.parse("@\n\u001e\rANSI 636014100001DL00310020DLDCSSAMPLE\r")).isEmpty();
	}

	@Test
	void theBarcodeIsReadFromAPhotoAtAnyQuarterTurnAndWithNoise() {
		String payload = LicenceImages.aamva(LocalDate.of(1990, 1, 1), LocalDate.of(2031, 1, 1), "D7654321");

		for (int turns = 0; turns < 4; turns++) {
			byte[] photo = LicenceImages.photo(payload, turns, turns % 2 == 1);
			assertThat(Pdf417Reader.decode(Pdf417Reader.image(photo))).as("%d quarter turns", turns).contains(payload);
		}
	}

	@Test
	void aLargePhotoIsReadAtAReducedResolutionThatKeepsItsMemoryBounded() {
		String payload = LicenceImages.aamva(LocalDate.of(1985, 6, 1), LocalDate.of(2030, 6, 1), "D1234567");
		byte[] photo = LicenceImages.largePhoto(payload, 10);

		BufferedImage image = Pdf417Reader.image(photo);
		assertThat((long) image.getWidth() * image.getHeight()).isLessThanOrEqualTo(Pdf417Reader.MAX_DECODED_PIXELS)
			.isGreaterThan(Pdf417Reader.MAX_DECODED_PIXELS / 4);
		assertThat(image.getType()).isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
		assertThat(Pdf417Reader.read(photo)).contains(payload);
	}

	@Test
	void aLargeProgressiveJpegIsRefusedFromItsHeaderButALargeBaselineOneIsRead() {
		byte[] progressive = LicenceImages.jpeg(6300, 6300, true);
		byte[] baseline = LicenceImages.jpeg(6300, 6300, false);

		assertThatThrownBy(() -> Pdf417Reader.read(progressive)).isInstanceOfSatisfying(ImageRefusedException.class,
				(refused) -> assertThat(refused.code()).isEqualTo("image_too_large"));
		assertThat(Pdf417Reader.image(baseline).getWidth()).isEqualTo(2100);
		assertThat(Pdf417Reader.image(LicenceImages.jpeg(2000, 2000, true)).getWidth()).isEqualTo(2000);
	}

	@Test
	void bytesThatAreNotAPngOrJpegAreRefusedAsUnreadable() {
		for (byte[] bytes : List.of("not an image".getBytes(), new byte[0],
				java.util.Arrays.copyOf(LicenceImages.jpeg(400, 400, false), 200))) {
			assertThatThrownBy(() -> Pdf417Reader.read(bytes)).isInstanceOfSatisfying(ImageRefusedException.class,
					(refused) -> assertThat(refused.code()).isEqualTo("image_unreadable"));
		}
	}

	@Test
	void theResolutionIsReducedByTheSmallestStepThatFits() {
		assertThat(Pdf417Reader.subsampling(Pdf417Reader.MAX_DECODED_PIXELS)).isEqualTo(1);
		assertThat(Pdf417Reader.subsampling(Pdf417Reader.MAX_DECODED_PIXELS + 1)).isEqualTo(2);
		assertThat(Pdf417Reader.subsampling(4 * Pdf417Reader.MAX_DECODED_PIXELS)).isEqualTo(2);
		assertThat(Pdf417Reader.subsampling(40_000_000L)).isEqualTo(3);
	}

	@Test
	void photosAreReadOnePerCoreAndOnePer64MegabytesOfHeapBeyondTheFirst() {
		long megabytes = 1024L * 1024;
		assertThat(Pdf417Reader.permits(2, 96 * megabytes)).isEqualTo(1);
		assertThat(Pdf417Reader.permits(2, 192 * megabytes)).isEqualTo(2);
		assertThat(Pdf417Reader.permits(8, 192 * megabytes)).isEqualTo(2);
		assertThat(Pdf417Reader.permits(4, 8192 * megabytes)).isEqualTo(4);
		assertThat(Pdf417Reader.permits(1, 32 * megabytes)).isEqualTo(1);
	}

}
