package dev.stile.session;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.stile.api.ApiException;
import dev.stile.api.ErrorType;
import dev.stile.method.AttemptContext;
import dev.stile.method.AttemptInput;
import dev.stile.method.AttemptOutcome;
import dev.stile.method.InvalidAttemptException;
import dev.stile.method.MethodProvider;
import dev.stile.method.Providers;
import dev.stile.method.ReadingCapacityException;
import dev.stile.method.VerificationMethod;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * The verification flow as the hosted widget drives it, authenticated by the session's
 * client secret alone: read the session, start it, attempt the current method, try
 * another way, cancel. A method runs outside any transaction; its outcome is then applied
 * under the session's row lock, so two concurrent attempts cannot both change the
 * session.
 */
@Service
public class ClientFlow {

	private final SessionService sessions;

	private final Providers providers;

	private final Clock clock;

	ClientFlow(SessionService sessions, Providers providers, Clock clock) {
		this.sessions = sessions;
		this.providers = providers;
		this.clock = clock;
	}

	/** The widget's view of the session this secret belongs to. */
	public ClientSessionView view(String clientSecret) {
		return this.sessions.clientView(clientSecret);
	}

	/** The user opened the verification UI. */
	public ClientSessionView start(String clientSecret) {
		return this.sessions.clientStart(clientSecret);
	}

	/** The user tries another way: the next method becomes current. */
	public ClientSessionView skip(String clientSecret) {
		return this.sessions.clientSkip(clientSecret);
	}

	/** The customer agrees that other organizations may rely on this verification. */
	public ClientSessionView consent(String clientSecret) {
		return this.sessions.clientConsent(clientSecret);
	}

	/**
	 * Sends a one-time code to prove ownership of the email or phone of an earlier
	 * verification.
	 */
	public ClientSessionView sendReuseCode(String clientSecret, String channel) {
		return this.sessions.clientSendReuseCode(clientSecret, channel);
	}

	/**
	 * Checks the one-time code; a match verifies the session with the earlier
	 * verification.
	 */
	public ReuseResponse verifyReuseCode(String clientSecret, String code) {
		if (code == null || !code.matches("[0-9]{6}")) {
			throw ApiException.invalid("code", "code must be the 6 digits that were sent.");
		}
		return this.sessions.clientVerifyReuseCode(clientSecret, code);
	}

	/** The user cancels in the widget. */
	public ClientSessionView cancel(String clientSecret) {
		return this.sessions.clientCancel(clientSecret);
	}

	/**
	 * The session whose secret this is, while it takes input and {@code method} is its
	 * current method, for the calls a method makes before its attempt (sending a code).
	 * @throws ApiException 409 {@code session_not_open} or {@code method_not_current}
	 */
	public OpenSession requireCurrent(String clientSecret, VerificationMethod method) {
		SessionService.AttemptTarget target = this.sessions.attemptTarget(clientSecret);
		if (target.currentMethod() != method) {
			throw new ApiException(HttpStatus.CONFLICT, ErrorType.INVALID_REQUEST_ERROR, "method_not_current",
					"The session's current method is " + target.currentMethod().apiName() + ", not " + method.apiName()
							+ ".",
					null);
		}
		return new OpenSession(target.sessionId(), target.livemode());
	}

	/**
	 * A session that takes input, as a method's own calls need it.
	 *
	 * @param id the session's id
	 * @param livemode whether it is live
	 */
	public record OpenSession(String id, boolean livemode) {
	}

	private static AttemptInput withSession(AttemptInput input, String sessionId) {
		Map<String, Object> fields = new LinkedHashMap<>(input.fields());
		fields.put(AttemptInput.SESSION_ID, sessionId);
		return new AttemptInput(fields, input.image(), input.handover());
	}

	/**
	 * Runs one attempt of {@code methodName}, which must be the session's current method,
	 * and applies its outcome.
	 */
	public AttemptResponse attempt(String clientSecret, String methodName, AttemptInput input) {
		SessionService.AttemptTarget target = this.sessions.attemptTarget(clientSecret);
		VerificationMethod method = VerificationMethod.fromApiName(methodName)
			.orElseThrow(() -> ApiException.invalid("method", "Unknown verification method '" + methodName + "'."));
		Ran ran = run(target, method, input);
		return this.sessions.applyAttempt(clientSecret, method, ran.outcome(), ran.elapsedMs());
	}

	/**
	 * The open session a wallet request is made for, with what the request must ask: its
	 * current method, purpose, required age and jurisdiction.
	 */
	public WalletSession walletSession(String clientSecret) {
		SessionService.AttemptTarget target = this.sessions.attemptTarget(clientSecret);
		return new WalletSession(target.sessionId(), target.livemode(), target.currentMethod(), purpose(target.type()),
				target.requiredAge(), target.jurisdiction());
	}

	/** The id of the session this client secret opens, whatever its status. */
	public String sessionId(String clientSecret) {
		return this.sessions.sessionIdBySecret(clientSecret);
	}

	/**
	 * Runs one attempt of {@code method} for a wallet's response to a request this server
	 * issued for the session: checked, locked and applied exactly as the widget's
	 * attempts are.
	 */
	public AttemptResponse walletAttempt(String sessionId, VerificationMethod method, AttemptInput input) {
		SessionService.AttemptTarget target = this.sessions.attemptTargetById(sessionId);
		Ran ran = run(target, method, input);
		return this.sessions.applyAttemptById(sessionId, method, ran.outcome(), ran.elapsedMs());
	}

	/**
	 * An open session as a wallet request sees it.
	 *
	 * @param sessionId the session's id
	 * @param livemode whether it is live
	 * @param currentMethod the method the user is on
	 * @param purpose what it proves
	 * @param requiredAge the youngest age it accepts
	 * @param jurisdiction where the user is, or {@code null}
	 */
	public record WalletSession(String sessionId, boolean livemode, VerificationMethod currentMethod,
			AttemptContext.Purpose purpose, int requiredAge, String jurisdiction) {
	}

	private record Ran(AttemptOutcome outcome, int elapsedMs) {
	}

	private Ran run(SessionService.AttemptTarget target, VerificationMethod method, AttemptInput input) {
		if (method != target.currentMethod()) {
			throw ApiException.invalid("method", "The session's current method is " + target.currentMethod().apiName()
					+ "; attempt that one, or skip to the next.");
		}
		MethodProvider provider = this.providers.forAttempt(method, target.livemode(), input)
			.orElseThrow(() -> new ApiException(HttpStatus.CONFLICT, ErrorType.INVALID_REQUEST_ERROR,
					"method_unavailable", method.apiName() + " cannot run in live mode on this deployment.", "method"));
		Instant started = this.clock.instant();
		AttemptOutcome outcome;
		try {
			outcome = provider.attempt(withSession(input, target.sessionId()), new AttemptContext(target.livemode(),
					purpose(target.type()), target.requiredAge(), target.jurisdiction(), started));
		}
		catch (InvalidAttemptException ex) {
			throw new ApiException(ex.isConflict() ? HttpStatus.CONFLICT : HttpStatus.BAD_REQUEST,
					ErrorType.INVALID_REQUEST_ERROR, ex.code(), ex.getMessage(), ex.param());
		}
		catch (ReadingCapacityException ex) {
			throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, ErrorType.API_ERROR, "service_unavailable",
					ex.getMessage(), null);
		}
		return new Ran(outcome,
				(int) Math.min(Integer.MAX_VALUE, ChronoUnit.MILLIS.between(started, this.clock.instant())));
	}

	private static AttemptContext.Purpose purpose(SessionType type) {
		return switch (type) {
			case AGE -> AttemptContext.Purpose.AGE;
			case IDENTITY -> AttemptContext.Purpose.IDENTITY;
			case STUDENT -> AttemptContext.Purpose.STUDENT;
		};
	}

}
