package dev.stile.api;

/**
 * Validated cursor pagination parameters: {@code limit} (1–100, default 10) and at most
 * one of {@code starting_after} / {@code ending_before}.
 */
public record ListParameters(int limit, String startingAfter, String endingBefore) {

	/** Largest page a caller may ask for. */
	public static final int MAX_LIMIT = 100;

	/** Parses the raw query values, refusing anything outside the documented range. */
	public static ListParameters parse(String limit, String startingAfter, String endingBefore) {
		int parsedLimit = 10;
		if (limit != null) {
			if (!limit.matches("[0-9]{1,4}")) {
				throw ApiException.invalid("limit", "limit must be an integer between 1 and " + MAX_LIMIT + ".");
			}
			parsedLimit = Integer.parseInt(limit);
			if (parsedLimit < 1 || parsedLimit > MAX_LIMIT) {
				throw ApiException.invalid("limit", "limit must be an integer between 1 and " + MAX_LIMIT + ".");
			}
		}
		if (startingAfter != null && endingBefore != null) {
			throw ApiException.invalid("ending_before", "starting_after and ending_before cannot be used together.");
		}
		if (startingAfter != null && startingAfter.isEmpty()) {
			throw ApiException.invalid("starting_after", "starting_after must be an object id.");
		}
		if (endingBefore != null && endingBefore.isEmpty()) {
			throw ApiException.invalid("ending_before", "ending_before must be an object id.");
		}
		return new ListParameters(parsedLimit, startingAfter, endingBefore);
	}

	/** Whether the page runs backwards from {@code ending_before}. */
	public boolean backwards() {
		return this.endingBefore != null;
	}

	/** The cursor id, whichever direction it points. */
	public String cursor() {
		return backwards() ? this.endingBefore : this.startingAfter;
	}

	/** The name of the parameter holding the cursor. */
	public String cursorParam() {
		return backwards() ? "ending_before" : "starting_after";
	}

}
