package dev.stile.method;

/**
 * What a method concluded about the user, before the session judges it against its type
 * and age tier. Holds no raw personal data: an age in years, never a birth date.
 *
 * @param kind whether the method proved something, found a failure or needs more input
 * @param confidence the method's confidence, 0 to 1, if it has one
 * @param age the user's age in years as the method established or estimated it, if it did
 * @param ageEstimated whether {@code age} is an estimate (facial age) rather than read
 * from a credential
 * @param identityVerified whether the method proved who the user is
 * @param providerName the implementation that ran
 * @param errorCode why the attempt failed, machine-readable
 * @param errorMessage why the attempt failed, for people
 * @param fingerprint a keyed hash anchoring the credential used (e.g. a document), for
 * reuse and deduplication, or {@code null}
 * @param issuingJurisdiction where the credential used was issued (ISO 3166, e.g.
 * {@code US-CO} or {@code DE}), when a credential says so, or {@code null}
 * @param institution the academic institution the method proved enrollment at
 * ({@code student}), or {@code null}
 */
public record AttemptOutcome(Kind kind, Double confidence, Integer age, boolean ageEstimated, boolean identityVerified,
		String providerName, String errorCode, String errorMessage, String fingerprint, String issuingJurisdiction,
		String institution) {

	/** An outcome that names no issuing jurisdiction nor institution. */
	public AttemptOutcome(Kind kind, Double confidence, Integer age, boolean ageEstimated, boolean identityVerified,
			String providerName, String errorCode, String errorMessage, String fingerprint) {
		this(kind, confidence, age, ageEstimated, identityVerified, providerName, errorCode, errorMessage, fingerprint,
				null, null);
	}

	/** This outcome, recording where the credential was issued. */
	public AttemptOutcome withIssuingJurisdiction(String jurisdiction) {
		return new AttemptOutcome(this.kind, this.confidence, this.age, this.ageEstimated, this.identityVerified,
				this.providerName, this.errorCode, this.errorMessage, this.fingerprint, jurisdiction, this.institution);
	}

	/** This outcome, recording the institution the method proved enrollment at. */
	public AttemptOutcome withInstitution(String institution) {
		return new AttemptOutcome(this.kind, this.confidence, this.age, this.ageEstimated, this.identityVerified,
				this.providerName, this.errorCode, this.errorMessage, this.fingerprint, this.issuingJurisdiction,
				institution);
	}

	/**
	 * The three ways an attempt can end.
	 */
	public enum Kind {

		SUCCEEDED, FAILED, NEEDS_INPUT

	}

	/** A failed attempt: no age, no identity, the reason's code and message. */
	public static AttemptOutcome failed(String provider, String code, String message) {
		return new AttemptOutcome(Kind.FAILED, null, null, false, false, provider, code, message, null);
	}

	static AttemptOutcome needsInput(String provider, String code, String message) {
		return new AttemptOutcome(Kind.NEEDS_INPUT, null, null, false, false, provider, code, message, null);
	}

}
