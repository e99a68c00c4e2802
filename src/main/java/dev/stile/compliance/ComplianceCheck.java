package dev.stile.compliance;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import io.swagger.v3.oas.annotations.media.Schema;

import dev.stile.method.VerificationMethod;

/**
 * The answer of {@code GET /v1/compliance/check}, field for field as spec §4 documents
 * it.
 *
 * @param object always {@code compliance_check}
 * @param jurisdiction the jurisdiction the answer is for
 * @param jurisdictionSource where the jurisdiction came from
 * @param fallbackApplied whether any result came from the country or the default
 * @param asOf the day, in UTC, whose rules answered
 * @param results one result per use case, in request order
 * @param mostRestrictive the combination of all results
 */
record ComplianceCheck(String object, String jurisdiction, String jurisdictionSource, boolean fallbackApplied,
		@Schema(format = "date") String asOf, List<Result> results, Combined mostRestrictive) {

	static ComplianceCheck of(ComplianceDecision decision, JurisdictionSource source, LocalDate asOf) {
		return new ComplianceCheck("compliance_check", decision.jurisdiction().code(), source.apiName(),
				decision.fallbackApplied(), asOf.toString(), decision.results().stream().map(Result::of).toList(),
				Combined.of(decision.mostRestrictive()));
	}

	private static List<String> names(List<VerificationMethod> methods) {
		return methods.stream().map(VerificationMethod::apiName).toList();
	}

	/** One use case's ruling. */
	record Result(String useCase, String jurisdiction, boolean prohibited, @Nullable String prohibitedReason,
			@Schema(pattern = AgeTier.API_PATTERN, description = AgeTier.API_DESCRIPTION) String requiredAgeTier,
			List<String> allowedMethods, String mdlAcceptanceStatus, boolean mdlLegallyRecognized,
			boolean physicalCheckRequired, @Nullable String governingRegulator, List<LegalCitation> legalCitations,
			String userMessage, int dataRetentionDays, int biometricRetentionDays, boolean consentRequired,
			@Nullable Integer credentialValidityDays, String ruleVersion, @Schema(allowableValues = {
					"permitted", "prohibited", "enjoined" },
					description = "enjoined: a court has blocked the statute; the answer is what applies meanwhile") String ruleStatus,
			@Schema(nullable = true,
					description = "The court order blocking the statute, when enjoined") @Nullable LegalCitation enjoinedBy,
			@Schema(nullable = true,
					description = "What applies while the statute is blocked, when enjoined") @Nullable String meanwhile,
			@Schema(nullable = true, format = "date",
					description = "The date the governing rule took effect; null when the sources do not date it or the conservative default answered") @Nullable String effectiveFrom,
			@Schema(nullable = true, format = "date",
					description = "The first day the governing rule no longer applies, if it ends") @Nullable String effectiveUntil,
			@Schema(allowableValues = { "stile", "operator" },
					description = "operator when the deployment's override files supplied the rule") String source){

		static Result of(UseCaseRuling ruling) {
			return new Result(ruling.useCase(), ruling.jurisdiction(), ruling.prohibited(), ruling.prohibitedReason(),
					ruling.requiredAgeTier().apiName(), names(ruling.allowedMethods()),
					ruling.mdlAcceptanceStatus().apiName(), ruling.mdlLegallyRecognized(),
					ruling.physicalCheckRequired(), ruling.governingRegulator(), ruling.legalCitations(),
					ruling.userMessage(), ruling.dataRetentionDays(), ruling.biometricRetentionDays(),
					ruling.consentRequired(), ruling.credentialValidityDays(), ruling.ruleVersion(),
					ruling.ruleStatus(), ruling.enjoinedBy(), ruling.meanwhile(),
					(ruling.effectiveFrom() != null) ? ruling.effectiveFrom().toString() : null,
					(ruling.effectiveUntil() != null) ? ruling.effectiveUntil().toString() : null, ruling.source());
		}

	}

	/** The cart's most restrictive combination. */
	record Combined(
			@Schema(pattern = AgeTier.API_PATTERN, description = AgeTier.API_DESCRIPTION) String requiredAgeTier,
			List<String> allowedMethods, boolean physicalCheckRequired, String mdlAcceptanceStatus,
			boolean consentRequired, int dataRetentionDays, boolean anyProhibited, List<String> prohibitedUseCases) {

		static Combined of(MostRestrictive most) {
			return new Combined(most.requiredAgeTier().apiName(), names(most.allowedMethods()),
					most.physicalCheckRequired(), most.mdlAcceptanceStatus().apiName(), most.consentRequired(),
					most.dataRetentionDays(), most.anyProhibited(), most.prohibitedUseCases());
		}

	}

	/** Where the jurisdiction of a check came from. */
	enum JurisdictionSource {

		/** The {@code jurisdiction} parameter. */
		EXPLICIT,
		/** A trusted proxy's geo headers. */
		HEADER,
		/** The deployment's fallback jurisdiction for the key's mode. */
		FALLBACK;

		String apiName() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

}
