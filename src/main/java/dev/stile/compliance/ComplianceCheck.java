package dev.stile.compliance;

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
 * @param results one result per use case, in request order
 * @param mostRestrictive the combination of all results
 */
record ComplianceCheck(String object, String jurisdiction, String jurisdictionSource, boolean fallbackApplied,
		List<Result> results, Combined mostRestrictive) {

	static ComplianceCheck of(ComplianceDecision decision, JurisdictionSource source) {
		return new ComplianceCheck("compliance_check", decision.jurisdiction().code(), source.apiName(),
				decision.fallbackApplied(), decision.results().stream().map(Result::of).toList(),
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
			@Nullable Integer credentialValidityDays, String ruleVersion) {

		static Result of(UseCaseRuling ruling) {
			return new Result(ruling.useCase(), ruling.jurisdiction(), ruling.prohibited(), ruling.prohibitedReason(),
					ruling.requiredAgeTier().apiName(), names(ruling.allowedMethods()),
					ruling.mdlAcceptanceStatus().apiName(), ruling.mdlLegallyRecognized(),
					ruling.physicalCheckRequired(), ruling.governingRegulator(), ruling.legalCitations(),
					ruling.userMessage(), ruling.dataRetentionDays(), ruling.biometricRetentionDays(),
					ruling.consentRequired(), ruling.credentialValidityDays(), ruling.ruleVersion());
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
