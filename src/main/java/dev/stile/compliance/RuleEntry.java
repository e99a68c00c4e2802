package dev.stile.compliance;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One use case's rule as written in a file. A field left out is inherited from the
 * country's rule, then from the default rule. A rule applies from its
 * {@code effective_from} date; a revision changes some of its fields from a later date.
 */
record RuleEntry(@Nullable String status, @Nullable String prohibitedReason, @Nullable String ageTier,
		@Nullable Boolean floor, @Nullable Boolean physicalCheckRequired, @Nullable List<String> allowedMethods,
		@Nullable String mdlAcceptance, @Nullable String regulator, @Nullable List<String> citations,
		@Nullable String activity, @Nullable String checkNotice, @Nullable Integer dataRetentionDays,
		@Nullable Integer biometricRetentionDays, @Nullable Boolean consentRequired,
		@Nullable Integer credentialValidityDays, @Nullable String confidence, @Nullable String effectiveFrom,
		@Nullable String lastReviewed, @Nullable String narrows, @Nullable List<RuleEntry> revisions,
		@Nullable String note) {

	static final String PERMITTED = "permitted";

	static final String PROHIBITED = "prohibited";

	/**
	 * The {@code effective_from} of a rule in force whose commencement the sources do not
	 * date.
	 */
	static final String UNDATED = "unknown";

	static RuleEntry mdlAcceptance(@Nullable String acceptance) {
		return new RuleEntry(null, null, null, null, null, null, acceptance, null, null, null, null, null, null, null,
				null, null, null, null, null, null, null);
	}

	/** The date the rule applies from; {@code null} when it has always applied. */
	@Nullable LocalDate effectiveDate() {
		return (this.effectiveFrom == null || UNDATED.equals(this.effectiveFrom)) ? null : date(this.effectiveFrom);
	}

	/** Whether the rule applies on {@code date}. */
	boolean inEffectOn(LocalDate date) {
		LocalDate from = effectiveDate();
		return from == null || !date.isBefore(from);
	}

	static LocalDate date(String value) {
		try {
			return LocalDate.parse(value);
		}
		catch (DateTimeParseException ex) {
			throw new IllegalStateException("'" + value + "' is not a date (YYYY-MM-DD)", ex);
		}
	}

}
