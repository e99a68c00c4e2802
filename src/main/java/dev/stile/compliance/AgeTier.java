package dev.stile.compliance;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * A minimum age the law requires, named as the API names it ({@code "over_21"}); a higher
 * tier satisfies every lower one.
 */
public enum AgeTier {

	OVER_13(13), OVER_16(16), OVER_18(18), OVER_19(19), OVER_21(21);

	private final int minimumAge;

	AgeTier(int minimumAge) {
		this.minimumAge = minimumAge;
	}

	/** The tier's name in the API, e.g. {@code over_21}. */
	public String apiName() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** The youngest age, in years, that meets this tier. */
	public int minimumAge() {
		return this.minimumAge;
	}

	/** Whether someone proven to meet this tier also meets {@code required}. */
	public boolean satisfies(AgeTier required) {
		return this.minimumAge >= required.minimumAge;
	}

	/**
	 * The tier with this API name, if there is one. Names are case-sensitive, as in the
	 * API.
	 */
	public static Optional<AgeTier> fromApiName(String name) {
		return Arrays.stream(values()).filter((tier) -> tier.apiName().equals(name)).findFirst();
	}

	static AgeTier higher(AgeTier a, AgeTier b) {
		return a.satisfies(b) ? a : b;
	}

}
