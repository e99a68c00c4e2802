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
		long expiresAt, ReuseOffer reuseOffer, boolean shareVerification) {

	/**
	 * An earlier verification the customer can reuse by proving they own the email or
	 * phone; shown masked.
	 */
	public record ReuseOffer(java.util.List<String> channels, String email, String phone) {

		static ReuseOffer of(VerificationSession session) {
			java.util.List<String> channels = new java.util.ArrayList<>();
			if (session.email() != null) {
				channels.add("email");
			}
			if (session.phone() != null) {
				channels.add("phone");
			}
			return new ReuseOffer(channels, maskEmail(session.email()), maskPhone(session.phone()));
		}

		private static String maskEmail(String email) {
			if (email == null) {
				return null;
			}
			int at = email.indexOf('@');
			return email.charAt(0) + "***" + email.substring(at);
		}

		private static String maskPhone(String phone) {
			return (phone != null) ? phone.substring(0, Math.min(2, phone.length())) + "******"
					+ phone.substring(Math.max(2, phone.length() - 2)) : null;
		}

	}

	static ClientSessionView of(VerificationSession session, Instant now) {
		SessionStatus status = session.statusAt(now);
		boolean open = !status.isTerminal();
		return new ClientSessionView(session.id(), "verification_session", status.apiName(), session.type().apiName(),
				session.methods().stream().map(VerificationMethod::apiName).toList(),
				(open && session.currentMethod() != null) ? session.currentMethod().apiName() : null,
				open && session.currentMethod() != null && session.hasNextMethod(), session.userMessage(),
				session.ageTier(), session.useCase(), session.jurisdiction(), session.physicalCheckRequired(),
				session.returnUrl(), session.cancelUrl(), session.livemode(), session.expiresAt().getEpochSecond(),
				(open && session.reuseCredentialId() != null) ? ReuseOffer.of(session) : null,
				session.shareVerification());
	}

}
