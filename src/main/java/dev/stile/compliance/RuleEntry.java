package dev.stile.compliance;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One use case's rule as written in a file. A field left out is inherited from the
 * country's rule, then from the default rule. A rule applies from its
 * {@code effective_from} date up to the day before its optional {@code effective_until};
 * a revision changes some of its fields from a later date. A rule or revision whose
 * {@code status} is {@code enjoined} is a statute a court has blocked: it names the order
 * ({@code enjoined_by}), and its other fields say what applies meanwhile
 * ({@code meanwhile}).
 */
record RuleEntry(@Nullable String status, @Nullable String prohibitedReason, @Nullable String ageTier,
		@Nullable Boolean floor, @Nullable Boolean physicalCheckRequired, @Nullable List<String> allowedMethods,
		@Nullable String mdlAcceptance, @Nullable String regulator, @Nullable List<String> citations,
		@Nullable String activity, @Nullable String checkNotice, @Nullable Integer dataRetentionDays,
		@Nullable Integer biometricRetentionDays, @Nullable Boolean consentRequired,
		@Nullable Integer credentialValidityDays, @Nullable String confidence, @Nullable String effectiveFrom,
		@Nullable String effectiveUntil, @Nullable String enjoinedBy, @Nullable String meanwhile,
		@Nullable String lastReviewed, @Nullable String narrows, @Nullable List<RuleEntry> revisions,
		@Nullable String note) {

	static final String PERMITTED = "permitted";

	static final String PROHIBITED = "prohibited";

	static final String ENJOINED = "enjoined";

	/**
	 * The {@code effective_from} of a rule in force whose commencement the sources do not
	 * date.
	 */
	static final String UNDATED = "unknown";

	static RuleEntry mdlAcceptance(@Nullable String acceptance) {
		return new RuleEntry(null, null, null, null, null, null, acceptance, null, null, null, null, null, null, null,
				null, null, null, null, null, null, null, null, null, null);
	}

	/** The date the rule applies from; {@code null} when it has always applied. */
	@Nullable LocalDate effectiveDate() {
		return (this.effectiveFrom == null || UNDATED.equals(this.effectiveFrom)) ? null : date(this.effectiveFrom);
	}

	/** The first day the rule no longer applies; {@code null} when it has no end. */
	@Nullable LocalDate endDate() {
		return (this.effectiveUntil != null) ? date(this.effectiveUntil) : null;
	}

	/** Whether the rule applies on {@code date}. */
	boolean inEffectOn(LocalDate date) {
		LocalDate from = effectiveDate();
		LocalDate until = endDate();
		return (from == null || !date.isBefore(from)) && (until == null || date.isBefore(until));
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
