package dev.stile.method;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A way of proving age or identity, named as the API names it ({@code "mdl"},
 * {@code "facial_age"}, ...), with its assurance strength.
 */
public enum VerificationMethod {

	MDL(7), MID(7), EUDI_PID(7), FACIAL_AGE(3), SELFIE_LIVENESS(4), SELFIE_MATCH(5), SELF_ATTESTATION(0),
	DOCUMENT_CAPTURE(6), CARRIER_LOOKUP(1), OPEN_BANKING(2),
	// Parental consent and student enrolment are different kinds of proof, not points on
	// the strength scale.
	PARENTAL_CONSENT(-1), STUDENT(-1);

	private static final Map<String, VerificationMethod> BY_NAME = Arrays.stream(values())
		.collect(Collectors.toUnmodifiableMap(VerificationMethod::apiName, Function.identity()));

	private final int strength;

	VerificationMethod(int strength) {
		this.strength = strength;
	}

	/** The method's name in the API, e.g. {@code document_capture}. */
	public String apiName() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** The method's rank on the assurance scale, 0 (weakest) to 7; -1 when unranked. */
	public int strength() {
		return this.strength;
	}

	/** Whether this method is on the assurance scale at all. */
	public boolean isRanked() {
		return this.strength >= 0;
	}

	/**
	 * Whether this method proves at least as much as {@code minimum}; unranked methods
	 * only satisfy themselves.
	 */
	public boolean isAtLeastAsStrongAs(VerificationMethod minimum) {
		if (!isRanked() || !minimum.isRanked()) {
			return this == minimum;
		}
		return this.strength >= minimum.strength;
	}

	/**
	 * The method with this API name, if there is one. Names are case-sensitive, as in the
	 * API.
	 */
	public static Optional<VerificationMethod> fromApiName(String name) {
		return Optional.ofNullable(BY_NAME.get(name));
	}

}
