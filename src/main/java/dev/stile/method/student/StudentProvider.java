package dev.stile.method.student;

import dev.stile.method.AttemptContext;
import dev.stile.method.AttemptInput;
import dev.stile.method.AttemptOutcome;
import dev.stile.method.MethodProvider;
import dev.stile.method.VerificationMethod;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Runs {@code student} on this server, once a mail server is configured: without one no
 * code could reach the user, and the method leaves live waterfalls.
 */
@Component
@ConditionalOnProperty(prefix = "spring.mail", name = "host")
class StudentProvider implements MethodProvider {

	private final StudentEnrollment enrollment;

	StudentProvider(StudentEnrollment enrollment) {
		this.enrollment = enrollment;
	}

	@Override
	public VerificationMethod method() {
		return VerificationMethod.STUDENT;
	}

	@Override
	public String name() {
		return StudentEnrollment.PROVIDER;
	}

	@Override
	public AttemptOutcome attempt(AttemptInput input, AttemptContext context) {
		return this.enrollment.judge(input.text(AttemptInput.SESSION_ID), input.fields().get("code"), name());
	}

}
