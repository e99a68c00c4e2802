package dev.stile.method.student;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

import dev.stile.api.ApiException;
import dev.stile.api.ErrorType;
import dev.stile.api.ServerSecret;
import dev.stile.api.TooManyRequestsException;
import dev.stile.method.AttemptOutcome;
import dev.stile.method.InvalidAttemptException;
import dev.stile.person.OneTimeCodes;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Proof of enrollment by an academic email address: a six-digit code mailed to an address
 * whose domain the registry of academic domains knows, then checked. Only the address's
 * keyed hash and the institution's name are kept with the code (itself kept as a hash);
 * the address goes to the mail server and nowhere else.
 */
@Service
public class StudentEnrollment {

	static final String PROVIDER = "stile_academic_email";

	private static final int MAX_EMAIL_LENGTH = 254;

	private final AcademicDomains domains;

	private final OneTimeCodes codes;

	private final ServerSecret secret;

	private final ObjectProvider<JavaMailSender> mail;

	private final StudentProperties properties;

	private final Duration codeTimeToLive;

	private final Clock clock;

	StudentEnrollment(AcademicDomains domains, OneTimeCodes codes, ServerSecret secret,
			ObjectProvider<JavaMailSender> mail, StudentProperties properties,
			@Value("${stile.persons.code-time-to-live:10m}") Duration codeTimeToLive, Clock clock) {
		this.domains = domains;
		this.codes = codes;
		this.secret = secret;
		this.mail = mail;
		this.properties = properties;
		this.codeTimeToLive = codeTimeToLive;
		this.clock = clock;
	}

	/**
	 * Mails a new code to {@code email} for the session, replacing its earlier one. In
	 * test mode the code is the documented test code, mailed all the same when SMTP is
	 * configured.
	 * @throws ApiException 400 for an address that is not one, 422
	 * {@code domain_not_academic}, 429 {@code too_many_codes} or
	 * {@code too_many_attempts}, 409 {@code method_unavailable} without SMTP in live mode
	 */
	@Transactional
	public void sendCode(String sessionId, boolean livemode, String email) {
		String address = address(email);
		String domain = address.substring(address.lastIndexOf('@') + 1);
		String institution = this.domains.institution(domain)
			.orElseThrow(() -> new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, ErrorType.INVALID_REQUEST_ERROR,
					"domain_not_academic",
					domain + " is not a known academic domain; use the address your school or university gave you.",
					"email"));
		JavaMailSender sender = this.mail.getIfAvailable();
		if (sender == null && livemode) {
			throw new ApiException(HttpStatus.CONFLICT, ErrorType.INVALID_REQUEST_ERROR, "method_unavailable",
					"student needs a mail server (spring.mail.host) on this deployment.", "method");
		}
		// The same keyed hash as reuse codes, so that wrong codes count per address
		// across
		// purposes.
		String anchorHash = this.secret.hash("email", address);
		String code = this.codes.issue(OneTimeCodes.Purpose.STUDENT, sessionId, livemode, "email", anchorHash,
				institution, now(),
				new OneTimeCodes.SendLimit(this.properties.codesPerAddress(), this.properties.codeWindow()));
		if (sender != null) {
			SimpleMailMessage message = new SimpleMailMessage();
			message.setFrom(this.properties.mailFrom());
			message.setTo(address);
			message.setSubject("Your student verification code");
			message.setText("Your code to confirm that you study at " + institution + " is " + code + ". It expires in "
					+ this.codeTimeToLive.toMinutes() + " minutes. If you did not ask for it, ignore this email.");
			try {
				sender.send(message);
			}
			catch (MailException ex) {
				// The transaction rolls back: a code that never left does not count.
				throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, ErrorType.API_ERROR, "mail_unavailable",
						"The code could not be mailed; try again later.", null);
			}
		}
	}

	/**
	 * Judges the code the user typed against the session's newest student code: a match
	 * proves enrollment at the institution the code was sent for.
	 * @throws InvalidAttemptException when the code is absent or not six digits
	 * @throws ApiException 422 {@code code_invalid} or {@code code_expired}, 409
	 * {@code code_not_sent}, 429 {@code too_many_attempts}
	 */
	AttemptOutcome judge(String sessionId, Object code, String providerName) {
		if (!(code instanceof String text) || !text.matches("[0-9]{6}")) {
			throw new InvalidAttemptException("code", "code must be the 6 digits that were mailed.");
		}
		OneTimeCodes.Check check = this.codes.check(OneTimeCodes.Purpose.STUDENT, sessionId, text, now());
		return switch (check.outcome()) {
			case MATCHED -> new AttemptOutcome(AttemptOutcome.Kind.SUCCEEDED, null, null, false, false, providerName,
					null, null, null)
				.withInstitution(check.subject());
			case WRONG -> throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, ErrorType.INVALID_REQUEST_ERROR,
					"code_invalid", "That code is wrong; " + check.attemptsLeft() + " tries left.", "code");
			case EXPIRED -> throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, ErrorType.INVALID_REQUEST_ERROR,
					"code_expired", "That code has expired; ask for a new one.", "code");
			case LOCKED -> throw OneTimeCodes.tooManyAttempts("code", check.retryAfter());
			case EXHAUSTED -> throw new TooManyRequestsException("too_many_attempts",
					"No tries are left for this code; ask for a new one later.", "code", null);
		};
	}

	private static String address(String email) {
		if (email == null) {
			throw ApiException.missing("email");
		}
		String address = email.trim().toLowerCase(Locale.ROOT);
		int at = address.lastIndexOf('@');
		if (address.length() > MAX_EMAIL_LENGTH || at < 1 || address.indexOf('@') != at
				|| !address.substring(0, at).matches("[^\\s\"(),:;<>\\[\\\\\\]]+") || !address.substring(at + 1)
					.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+")) {
			throw ApiException.invalid("email", "email must be an email address, e.g. name@university.edu.");
		}
		return address;
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MICROS);
	}

}
