package dev.stile.session;

import java.util.List;
import java.util.Map;

import dev.stile.method.VerificationMethod;

/**
 * Everything a new session is made of, validated and resolved: the planned methods, the
 * jurisdiction and the compliance answer.
 */
record SessionSpec(SessionType type, List<VerificationMethod> methods, String clientReferenceId, String returnUrl,
		String cancelUrl, Map<String, String> metadata, String useCase, String jurisdiction, String userMessage,
		Compliance compliance, String deliveryJurisdiction, String ipJurisdiction, Boolean jurisdictionMismatch,
		String email, String phone, boolean acceptExisting, VerificationMethod minStrength, String maxAge,
		List<VerificationMethod> requiredMethods) {

	/**
	 * The compliance answer for the session's use case, kept as it was when the session
	 * was created.
	 */
	record Compliance(String ageTier, boolean physicalCheckRequired, String mdlAcceptanceStatus,
			boolean mdlLegallyRecognized, String governingRegulator, String userMessage, String ruleVersion) {
	}

}
