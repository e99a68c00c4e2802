package dev.stile.session;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

import dev.stile.compliance.AgeTier;

import dev.stile.method.VerificationMethod;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A verification session as the API shows it, field for field as documented.
 * {@code results} appears only when expanded, {@code ip_jurisdiction} and
 * {@code jurisdiction_mismatch} only when a delivery jurisdiction was given.
 */
record SessionView(String id, String object, String status, String type, List<String> methods, String currentMethod,
		String clientReferenceId, String returnUrl, String cancelUrl, String clientSecret, Map<String, String> metadata,
		boolean livemode, long expiresAt, Long completedAt, Long cancelledAt, long created, long updated,
		String verificationPath, String useCase,
		@Schema(pattern = AgeTier.API_PATTERN, nullable = true, description = AgeTier.API_DESCRIPTION) String ageTier,
		String jurisdiction, Boolean physicalCheckRequired, String userMessage, ComplianceView compliance,
		@JsonInclude(JsonInclude.Include.NON_NULL) List<ResultView> results,
		@JsonInclude(JsonInclude.Include.NON_NULL) String ipJurisdiction,
		@JsonInclude(JsonInclude.Include.NON_NULL) Boolean jurisdictionMismatch) {

	/**
	 * How the session looks at {@code now}.
	 * @param withSecret whether the client secret may be shown (create and retrieve;
	 * never lists)
	 * @param results the results to inline, or {@code null} when not expanded
	 */
	static SessionView of(VerificationSession session, Instant now, boolean withSecret,
			List<VerificationResult> results) {
		SessionStatus status = session.statusAt(now);
		boolean open = !status.isTerminal();
		boolean delivery = session.deliveryJurisdiction() != null;
		return new SessionView(session.id(), "verification_session", status.apiName(), session.type().apiName(),
				session.methods().stream().map(VerificationMethod::apiName).toList(),
				(open && session.currentMethod() != null) ? session.currentMethod().apiName() : null,
				session.clientReferenceId(), session.returnUrl(), session.cancelUrl(),
				(withSecret && open) ? session.clientSecret() : null, session.metadata(), session.livemode(),
				session.expiresAt().getEpochSecond(), seconds(session.completedAt()), seconds(session.cancelledAt()),
				session.createdAt().getEpochSecond(), updated(session, status).getEpochSecond(),
				"/verify/" + session.id(), session.useCase(), session.ageTier(), session.jurisdiction(),
				session.physicalCheckRequired(), session.userMessage(), ComplianceView.of(session),
				(results != null) ? results.stream().map(ResultView::of).toList() : null,
				delivery ? session.ipJurisdiction() : null, delivery ? session.jurisdictionMismatch() : null);
	}

	private static Instant updated(VerificationSession session, SessionStatus shown) {
		// An expiry not yet written by the sweep happened at expires_at all the same.
		return (shown != session.status()) ? session.expiresAt() : session.updatedAt();
	}

	private static Long seconds(Instant instant) {
		return (instant != null) ? instant.getEpochSecond() : null;
	}

	/**
	 * The compliance answer the session was created with; {@code null} without a use
	 * case.
	 */
	record ComplianceView(String jurisdiction, String useCase,
			@Schema(pattern = AgeTier.API_PATTERN, nullable = true,
					description = AgeTier.API_DESCRIPTION) String ageTier,
			String mdlAcceptanceStatus, Boolean mdlLegallyRecognized, Boolean physicalCheckRequired, String userMessage,
			String governingRegulator, String ruleVersion) {

		static ComplianceView of(VerificationSession session) {
			if (session.useCase() == null) {
				return null;
			}
			return new ComplianceView(session.jurisdiction(), session.useCase(), session.ageTier(),
					session.mdlAcceptanceStatus(), session.mdlLegallyRecognized(), session.physicalCheckRequired(),
					session.complianceUserMessage(), session.governingRegulator(), session.ruleVersion());
		}

	}

	/**
	 * One method attempt's outcome.
	 */
	record ResultView(String id, String object, String method, String status, Double confidence, Integer ageEstimate,
			Boolean ageVerified, Boolean identityVerified, String providerName, String errorCode, String errorMessage,
			Integer processingTimeMs, long created,
			@Schema(description = "mdl, mid, eudi_pid: where the credential was issued (ISO 3166, e.g. US-CO or "
					+ "DE), as it states") String issuingJurisdiction,
			@JsonInclude(JsonInclude.Include.NON_NULL) String institution,
			@JsonInclude(JsonInclude.Include.NON_NULL) String parentVerifiedBy) {

		static ResultView of(VerificationResult result) {
			return new ResultView(result.id(), "verification_result", result.method().apiName(), result.status(),
					result.confidence(), result.ageEstimate(), result.ageVerified(), result.identityVerified(),
					result.providerName(), result.errorCode(), result.errorMessage(), result.processingTimeMs(),
					result.createdAt().getEpochSecond(), result.issuingJurisdiction(), result.institution(),
					result.parentVerifiedBy());
		}

	}

}
