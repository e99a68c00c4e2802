package dev.stile.method;

import java.time.LocalDate;
import java.time.Period;
import java.util.Optional;

import dev.stile.api.ServerSecret;

import org.springframework.stereotype.Component;

/**
 * Reads the PDF417 barcode on the back of a US or Canadian driving licence or ID card:
 * birth date, expiry, issuer and document number. The photo is decoded in memory and
 * dropped; only the outcome, an age in years and a keyed hash of the document survive.
 * Every photo read is an attempt, one that cannot be read or is too large included.
 * <p>
 * A barcode proves what the card says, not that the card is genuine: authenticity checks
 * need an external provider.
 */
@Component
class DocumentCaptureProvider implements MethodProvider {

	private final ServerSecret secret;

	DocumentCaptureProvider(ServerSecret secret) {
		this.secret = secret;
	}

	@Override
	public VerificationMethod method() {
		return VerificationMethod.DOCUMENT_CAPTURE;
	}

	@Override
	public String name() {
		return "stile_aamva_pdf417";
	}

	@Override
	public AttemptOutcome attempt(AttemptInput input, AttemptContext context) {
		LocalDate today = context.today();
		if (input.image() == null) {
			throw new InvalidAttemptException("image",
					"image is required: a photo of the back of the licence, as multipart/form-data.");
		}
		Optional<String> barcode;
		try {
			barcode = Pdf417Reader.read(input.image().bytes());
		}
		catch (ImageRefusedException ex) {
			// Counted like any failed read, so that a client cannot upload without end.
			return AttemptOutcome.needsInput(name(), ex.code(), ex.getMessage());
		}
		if (barcode.isEmpty()) {
			return AttemptOutcome.needsInput(name(), "barcode_unreadable",
					"The barcode on the back of the card could not be read. Take a sharper photo, flat and in good light, with the whole barcode in the frame.");
		}
		Optional<AamvaLicense> parsed = AamvaLicense.parse(barcode.get());
		if (parsed.isEmpty()) {
			return AttemptOutcome.failed(name(), "document_unsupported",
					"The barcode is not that of a US or Canadian driving licence or ID card.");
		}
		AamvaLicense licence = parsed.get();
		if (licence.expiryDate().isBefore(today)) {
			return AttemptOutcome.failed(name(), "document_expired", "The document expired on its expiry date.");
		}
		if (licence.birthDate().isAfter(today)) {
			return AttemptOutcome.failed(name(), "document_invalid", "The document's birth date is in the future.");
		}
		int age = Period.between(licence.birthDate(), today).getYears();
		String fingerprint = this.secret.hash("document", licence.issuerId() + ":" + licence.documentNumber());
		return new AttemptOutcome(AttemptOutcome.Kind.SUCCEEDED, 0.7, age, false, true, name(), null, null,
				fingerprint);
	}

}
