package dev.stile.compliance;

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
 */
public record UseCaseRuling(String useCase, String jurisdiction, boolean prohibited, @Nullable String prohibitedReason,
		AgeTier requiredAgeTier, List<VerificationMethod> allowedMethods, MdlAcceptance mdlAcceptanceStatus,
		boolean mdlLegallyRecognized, boolean physicalCheckRequired, @Nullable String governingRegulator,
		List<LegalCitation> legalCitations, String userMessage, int dataRetentionDays, int biometricRetentionDays,
		boolean consentRequired, @Nullable Integer credentialValidityDays, String ruleVersion,
		boolean fallbackApplied) {

	public UseCaseRuling {
		allowedMethods = List.copyOf(allowedMethods);
		legalCitations = List.copyOf(legalCitations);
	}

}
