package dev.stile.session;

import java.time.Instant;
import java.util.List;

import dev.stile.method.VerificationMethod;

/**
 * What the widget may see of its own session: enough to walk the user through it, nothing
 * of the merchant's (no metadata, reference, email or phone).
 */
public record ClientSessionView(String id, String object, String status, String type, List<String> methods,
		String currentMethod, boolean nextMethodAvailable, String userMessage, String ageTier, String useCase,
		String jurisdiction, Boolean physicalCheckRequired, String returnUrl, String cancelUrl, boolean livemode,
		long expiresAt) {

	static ClientSessionView of(VerificationSession session, Instant now) {
		SessionStatus status = session.statusAt(now);
		boolean open = !status.isTerminal();
		return new ClientSessionView(session.id(), "verification_session", status.apiName(), session.type().apiName(),
				session.methods().stream().map(VerificationMethod::apiName).toList(),
				(open && session.currentMethod() != null) ? session.currentMethod().apiName() : null,
				open && session.currentMethod() != null && session.hasNextMethod(), session.userMessage(),
				session.ageTier(), session.useCase(), session.jurisdiction(), session.physicalCheckRequired(),
				session.returnUrl(), session.cancelUrl(), session.livemode(), session.expiresAt().getEpochSecond());
	}

}
