package dev.stile.widget;

import jakarta.servlet.http.HttpServletRequest;

import dev.stile.method.VerificationMethod;
import dev.stile.method.consent.ParentalConsents;
import dev.stile.method.student.StudentEnrollment;
import dev.stile.session.ClientFlow;
import dev.stile.session.ClientSessionView;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The client-secret calls a method makes before its attempt: mailing a student's code.
 */
@Tag(name = "Client (client_secret)")
@RestController
@RequestMapping("/v1/client/session")
class ClientMethodController {

	private final ClientFlow flow;

	private final StudentEnrollment enrollment;

	private final ParentalConsents consents;

	ClientMethodController(ClientFlow flow, StudentEnrollment enrollment, ParentalConsents consents) {
		this.flow = flow;
		this.enrollment = enrollment;
		this.consents = consents;
	}

	@Operation(operationId = "sendStudentCode",
			summary = "Mail a one-time code to the user's academic email address (student)")
	@PostMapping("/student/send_code")
	ClientSessionView sendStudentCode(HttpServletRequest request, @RequestBody StudentCodeRequest body) {
		String secret = ClientController.clientSecret(request);
		ClientFlow.OpenSession session = this.flow.requireCurrent(secret, VerificationMethod.STUDENT);
		this.enrollment.sendCode(session.id(), session.livemode(), body.email());
		return this.flow.view(secret);
	}

	record StudentCodeRequest(String email) {
	}

	@Operation(operationId = "requestParentalConsent",
			summary = "Mail a consent link to the user's parent or guardian (parental_consent)")
	@PostMapping("/parental_consent/request")
	ParentalConsentState requestParentalConsent(HttpServletRequest request, @RequestBody ParentalConsentRequest body) {
		String secret = ClientController.clientSecret(request);
		ClientFlow.OpenSession session = this.flow.requireCurrent(secret, VerificationMethod.PARENTAL_CONSENT);
		this.consents.request(session.id(), body.parentEmail());
		return state(secret);
	}

	@Operation(operationId = "retrieveParentalConsent",
			summary = "Where the parent's answer stands, for the page that waits for it")
	@GetMapping("/parental_consent")
	ParentalConsentState parentalConsent(HttpServletRequest request) {
		return state(ClientController.clientSecret(request));
	}

	private ParentalConsentState state(String secret) {
		ClientSessionView session = this.flow.view(secret);
		String status = this.consents.statusOfSession(session.id()).orElse("not_requested");
		// Read again: an expiry just written moved the session on.
		return new ParentalConsentState("parental_consent", status, this.flow.view(secret));
	}

	record ParentalConsentRequest(String parentEmail) {
	}

	/**
	 * The minor's view of the consent request.
	 *
	 * @param object always {@code parental_consent}
	 * @param status {@code not_requested}, {@code pending}, {@code consented},
	 * {@code declined}, {@code expired} or {@code withdrawn}
	 * @param session the session as the widget sees it
	 */
	record ParentalConsentState(String object, String status, ClientSessionView session) {
	}

}
