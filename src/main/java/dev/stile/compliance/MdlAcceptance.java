package dev.stile.compliance;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * How far a mobile driver's licence is accepted as proof for a use case, from
 * {@code none} (physical ID only) to {@code full}.
 */
public enum MdlAcceptance {

	// Declared from least to most accepting: a mixed cart takes the lowest.
	NONE, PARTIAL, FULL;

	/** The value's name in the API: {@code none}, {@code partial} or {@code full}. */
	public String apiName() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** The value with this API name, if there is one. */
	public static Optional<MdlAcceptance> fromApiName(String name) {
		return Arrays.stream(values()).filter((value) -> value.apiName().equals(name)).findFirst();
	}

	static MdlAcceptance lower(MdlAcceptance a, MdlAcceptance b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

}
