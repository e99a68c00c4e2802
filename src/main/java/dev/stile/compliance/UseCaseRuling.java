package dev.stile.compliance;

import java.time.LocalDate;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.stile.method.VerificationMethod;

/**
 * What the law requires for one use case in one jurisdiction.
 *
 * @param useCase the use case, e.g. {@code alcohol_delivery}
 * @param jurisdiction the jurisdiction code asked about
 * @param prohibited whether the use case is not legal there at all
 * @param prohibitedReason why, when prohibited
 * @param requiredAgeTier the minimum age tier
 * @param allowedMethods the verification methods that may prove it there, strongest first
 * @param mdlAcceptanceStatus how far mobile driver's licences are accepted for this use
 * case
 * @param mdlLegallyRecognized whether mobile driver's licences are legal ID in the
 * jurisdiction
 * @param physicalCheckRequired whether a physical ID must also be checked at hand-over
 * @param governingRegulator the agency that enforces the rule, if one is named
 * @param legalCitations the legal sources, most specific first
 * @param userMessage a short sentence to show the customer
 * @param dataRetentionDays how long the verification outcome may be kept
 * @param biometricRetentionDays how long biometric data may be kept
 * @param consentRequired whether explicit consent must be collected before verifying
 * @param credentialValidityDays how long a verification may be reused, if limited
 * @param ruleVersion the dataset version used
 * @param fallbackApplied whether the answer came from a less specific jurisdiction or the
 * default
 * @param ruleStatus {@code permitted}, {@code prohibited}, or {@code enjoined} when a
 * court has blocked the statute and the answer is what applies meanwhile
 * @param enjoinedBy the court order blocking the statute, when enjoined
 * @param meanwhile what applies while the statute is blocked, when enjoined
 * @param effectiveFrom the date the governing rule (or its revision) took effect;
 * {@code null} when the sources do not date it or the default answered
 * @param effectiveUntil the first day the governing rule no longer applies, if it ends
 * @param source {@code stile} for the shipped dataset, {@code operator} when the
 * deployment's override files supplied the governing rule
 */
public record UseCaseRuling(String useCase, String jurisdiction, boolean prohibited, @Nullable String prohibitedReason,
		AgeTier requiredAgeTier, List<VerificationMethod> allowedMethods, MdlAcceptance mdlAcceptanceStatus,
		boolean mdlLegallyRecognized, boolean physicalCheckRequired, @Nullable String governingRegulator,
		List<LegalCitation> legalCitations, String userMessage, int dataRetentionDays, int biometricRetentionDays,
		boolean consentRequired, @Nullable Integer credentialValidityDays, String ruleVersion, boolean fallbackApplied,
		String ruleStatus, @Nullable LegalCitation enjoinedBy, @Nullable String meanwhile,
		@Nullable LocalDate effectiveFrom, @Nullable LocalDate effectiveUntil, String source) {

	/** The source of a ruling from the shipped dataset. */
	public static final String SOURCE_DATASET = "stile";

	/** The source of a ruling from the deployment's override files. */
	public static final String SOURCE_OPERATOR = "operator";

	public UseCaseRuling {
		allowedMethods = List.copyOf(allowedMethods);
		legalCitations = List.copyOf(legalCitations);
	}

}
