package dev.stile.widget;

import jakarta.servlet.http.HttpServletRequest;

import dev.stile.method.VerificationMethod;
import dev.stile.method.student.StudentEnrollment;
import dev.stile.session.ClientFlow;
import dev.stile.session.ClientSessionView;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

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

	ClientMethodController(ClientFlow flow, StudentEnrollment enrollment) {
		this.flow = flow;
		this.enrollment = enrollment;
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

}
