package dev.stile.compliance;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A minimum age the law requires, named as the API names it ({@code "over_21"}); a higher
 * tier satisfies every lower one. Any age from 13 to 25 is a tier ({@code over_20},
 * {@code over_25}), so a tier says exactly what the law says; the five named constants
 * are the tiers of the first edition of the API.
 *
 * @param minimumAge the youngest age, in years, that meets this tier
 */
public record AgeTier(int minimumAge) {

	/** The youngest age a tier may name. */
	public static final int YOUNGEST = 13;

	/** The oldest age a tier may name. */
	public static final int OLDEST = 25;

	/**
	 * The pattern of a tier's API name, as the OpenAPI description states it.
	 */
	public static final String API_PATTERN = "^over_(1[3-9]|2[0-5])$";

	/** How the OpenAPI description explains a tier. */
	public static final String API_DESCRIPTION = "The minimum age the law requires, as over_NN for any age NN from 13 to 25 "
			+ "(over_13, over_16, over_18, over_19 and over_21 as before; over_20, over_25 and the others where the "
			+ "law sets that age). A string pattern rather than a closed enum: compare the number, not the name.";

	public static final AgeTier OVER_13 = new AgeTier(13);

	public static final AgeTier OVER_16 = new AgeTier(16);

	public static final AgeTier OVER_18 = new AgeTier(18);

	public static final AgeTier OVER_19 = new AgeTier(19);

	public static final AgeTier OVER_21 = new AgeTier(21);

	private static final Pattern NAME = Pattern.compile("over_([1-9][0-9])");

	/**
	 * Checks the age.
	 * @throws IllegalArgumentException if the age is outside 13 to 25
	 */
	public AgeTier {
		if (minimumAge < YOUNGEST || minimumAge > OLDEST) {
			throw new IllegalArgumentException(
					"An age tier is between " + YOUNGEST + " and " + OLDEST + "; got " + minimumAge);
		}
	}

	/**
	 * The tier for this age.
	 * @throws IllegalArgumentException if the age is outside 13 to 25
	 */
	public static AgeTier of(int minimumAge) {
		return new AgeTier(minimumAge);
	}

	/** The tier's name in the API, e.g. {@code over_21}. */
	@JsonValue
	public String apiName() {
		return "over_" + this.minimumAge;
	}

	/** Whether someone proven to meet this tier also meets {@code required}. */
	public boolean satisfies(AgeTier required) {
		return this.minimumAge >= required.minimumAge;
	}

	/**
	 * The tier with this API name ({@code over_13} to {@code over_25}), if there is one.
	 * Names are case-sensitive, as in the API.
	 */
	public static Optional<AgeTier> fromApiName(String name) {
		if (name == null) {
			return Optional.empty();
		}
		Matcher matcher = NAME.matcher(name);
		if (!matcher.matches()) {
			return Optional.empty();
		}
		int age = Integer.parseInt(matcher.group(1));
		return (age >= YOUNGEST && age <= OLDEST) ? Optional.of(new AgeTier(age)) : Optional.empty();
	}

	static AgeTier higher(AgeTier a, AgeTier b) {
		return a.satisfies(b) ? a : b;
	}

	@Override
	public String toString() {
		return apiName();
	}

}
