package dev.stile.compliance;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One use case's rule as written in a file. A field left out is inherited from the
 * country's rule, then from the default rule.
 */
record RuleEntry(@Nullable String status, @Nullable String prohibitedReason, @Nullable String ageTier,
		@Nullable Boolean floor, @Nullable Boolean physicalCheckRequired, @Nullable List<String> allowedMethods,
		@Nullable String mdlAcceptance, @Nullable String regulator, @Nullable List<String> citations,
		@Nullable String activity, @Nullable String checkNotice, @Nullable Integer dataRetentionDays,
		@Nullable Integer biometricRetentionDays, @Nullable Boolean consentRequired,
		@Nullable Integer credentialValidityDays, @Nullable String confidence, @Nullable String note) {

	static final String PERMITTED = "permitted";

	static final String PROHIBITED = "prohibited";

	static RuleEntry mdlAcceptance(@Nullable String acceptance) {
		return new RuleEntry(null, null, null, null, null, null, acceptance, null, null, null, null, null, null, null,
				null, null, null);
	}

}
