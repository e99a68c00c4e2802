package dev.stile.compliance;

import java.util.Optional;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * An ISO 3166 country ({@code US}) or subdivision ({@code US-CA}) code, checked on
 * construction.
 *
 * @param code the code, e.g. {@code US-CA}
 */
public record Jurisdiction(String code) {

	private static final Pattern FORMAT = Pattern.compile("^[A-Z]{2}(-[A-Z0-9]{1,3})?$");

	/**
	 * Checks the code's format.
	 * @throws IllegalArgumentException if the code is not an ISO 3166 country or
	 * subdivision code
	 */
	public Jurisdiction {
		if (!isValid(code)) {
			throw new IllegalArgumentException("Malformed jurisdiction '" + code
					+ "': expected an ISO 3166 country or subdivision code such as US or US-CA");
		}
	}

	/**
	 * The jurisdiction with this code.
	 * @throws IllegalArgumentException if the code is malformed
	 */
	public static Jurisdiction of(String code) {
		return new Jurisdiction(code);
	}

	/** Whether {@code code} is a well-formed ISO 3166 country or subdivision code. */
	public static boolean isValid(@Nullable String code) {
		return code != null && FORMAT.matcher(code).matches();
	}

	/** The two-letter country code, e.g. {@code US} for {@code US-CA}. */
	public String country() {
		return this.code.substring(0, 2);
	}

	/** The subdivision part, e.g. {@code CA} for {@code US-CA}; empty for a country. */
	public Optional<String> subdivision() {
		return (this.code.length() > 2) ? Optional.of(this.code.substring(3)) : Optional.empty();
	}

	@Override
	public String toString() {
		return this.code;
	}

}
