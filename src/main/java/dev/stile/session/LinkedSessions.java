package dev.stile.session;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.stile.api.ApiException;
import dev.stile.api.ErrorType;
import dev.stile.method.MethodPlan;
import dev.stile.method.VerificationMethod;
import dev.stile.method.Waterfall;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What a method decided outside the minor's own widget does to a session: a parent's
 * consent verifies it, a refusal or an expiry fails its {@code parental_consent} attempt,
 * a withdrawal is announced. Also creates the parent's own age check, a session of the
 * same organization and mode linked to the minor's by its metadata.
 */
@Service
public class LinkedSessions {

	/** The methods a parent may prove adulthood with: document_capture or stronger. */
	static final List<VerificationMethod> PARENT_METHODS = List.of(VerificationMethod.MDL, VerificationMethod.MID,
			VerificationMethod.EUDI_PID, VerificationMethod.DOCUMENT_CAPTURE);

	/** The metadata key that links a parent's session to the minor's. */
	public static final String PARENT_OF = "parental_consent_for";

	private final SessionRepository sessions;

	private final ResultRepository results;

	private final SessionService service;

	private final Waterfall waterfall;

	private final SessionProperties properties;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	LinkedSessions(SessionRepository sessions, ResultRepository results, SessionService service, Waterfall waterfall,
			SessionProperties properties, ApplicationEventPublisher events, Clock clock) {
		this.sessions = sessions;
		this.results = results;
		this.service = service;
		this.waterfall = waterfall;
		this.properties = properties;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * A minor's session as the consent page shows it.
	 *
	 * @param id the session's id
	 * @param organizationId its organization
	 * @param livemode its mode
	 * @param useCase its use case, or {@code null}
	 * @param userMessage what the user is told the check is for
	 * @param awaitingConsent whether it is open with {@code parental_consent} current
	 */
	public record MinorSession(String id, String organizationId, boolean livemode, String useCase, String userMessage,
			boolean awaitingConsent) {
	}

	/** The minor's session, if there is one with this id. */
	@Transactional(readOnly = true)
	public Optional<MinorSession> minor(String sessionId) {
		Instant now = now();
		return this.sessions.findById(sessionId)
			.map((session) -> new MinorSession(session.id(), session.organizationId(), session.livemode(),
					session.useCase(), session.userMessage(),
					session.acceptsInputAt(now) && session.currentMethod() == VerificationMethod.PARENTAL_CONSENT));
	}

	/**
	 * A parent's own session: its id and client secret, for the hosted page.
	 *
	 * @param id the session's id
	 * @param clientSecret its client secret
	 */
	public record ParentSession(String id, String clientSecret) {
	}

	/**
	 * Creates the parent's age check for {@code minorSessionId}: an {@code age} session
	 * (at least 18) of the minor's organization and mode whose methods are those of
	 * {@code document_capture}'s assurance or stronger that run here.
	 * @throws ApiException 409 {@code no_methods_available} when none runs
	 */
	@Transactional
	public ParentSession createParentSession(String minorSessionId, String returnUrl) {
		VerificationSession minor = this.sessions.findById(minorSessionId).orElseThrow();
		MethodPlan plan = this.waterfall.plan(PARENT_METHODS, null, null, minor.livemode());
		if (plan.isEmpty()) {
			throw new ApiException(HttpStatus.CONFLICT, ErrorType.INVALID_REQUEST_ERROR, "no_methods_available",
					"No method that proves a parent's age runs on this deployment. " + String.join("; ", plan.dropped())
							+ ".",
					null);
		}
		Instant now = now();
		SessionSpec spec = new SessionSpec(SessionType.AGE, plan.methods(), null, returnUrl, returnUrl,
				Map.of(PARENT_OF, minor.id()), null, minor.jurisdiction(),
				"Prove that you are an adult to give consent.", null, null, null, null, null, null, false, null, null,
				List.of());
		VerificationSession parent = new VerificationSession(minor.organizationId(), minor.livemode(), spec, now,
				now.plus(this.properties.timeToLive()));
		// Flushed now: the consent request refers to it by a foreign key, written with
		// JDBC.
		this.sessions.saveAndFlush(parent);
		this.service.publishChanges(parent, now);
		return new ParentSession(parent.id(), parent.clientSecret());
	}

	/**
	 * The method that proved the parent an adult, or empty while their session is not
	 * verified by one of {@code document_capture}'s assurance or stronger.
	 */
	@Transactional(readOnly = true)
	public Optional<VerificationMethod> parentVerifiedBy(String parentSessionId, String minorSessionId) {
		Instant now = now();
		return this.sessions.findById(parentSessionId)
			.filter((parent) -> minorSessionId.equals(parent.metadata().get(PARENT_OF)))
			.filter((parent) -> parent.statusAt(now) == SessionStatus.VERIFIED)
			.flatMap((parent) -> this.results.findBySessionIdOrderByCreatedAtAscIdAsc(parent.id())
				.stream()
				.filter((result) -> "verified".equals(result.status()))
				.map(VerificationResult::method)
				.reduce((first, last) -> last))
			.filter((method) -> method.isAtLeastAsStrongAs(VerificationMethod.DOCUMENT_CAPTURE));
	}

	/**
	 * The parent consented: the minor's session is verified by {@code parental_consent}.
	 * @return whether the session was still waiting for it
	 */
	@Transactional
	public boolean consented(String minorSessionId, VerificationMethod parentVerifiedBy) {
		return apply(minorSessionId, new VerificationResult.Outcome("verified", null, null, true, null,
				"stile_parental_consent", null, null, 0, null, null, null, parentVerifiedBy.apiName()));
	}

	/**
	 * The parent declined, or the request expired: the {@code parental_consent} attempt
	 * fails and the waterfall moves on.
	 * @return whether the session was still waiting for it
	 */
	@Transactional
	public boolean refused(String minorSessionId, String errorCode, String errorMessage) {
		return apply(minorSessionId, new VerificationResult.Outcome("failed", null, null, false, null,
				"stile_parental_consent", errorCode, errorMessage, 0, null, null, null, null));
	}

	/** Announces that the parent withdrew the consent that verified this session. */
	@Transactional
	public void consentWithdrawn(String minorSessionId) {
		VerificationSession session = this.sessions.findById(minorSessionId).orElseThrow();
		Instant now = now();
		this.events.publishEvent(new SessionEvent("verification_session.consent_withdrawn", session.id(),
				session.organizationId(), session.livemode(), now, SessionView.of(session, now, false, null)));
	}

	private boolean apply(String minorSessionId, VerificationResult.Outcome outcome) {
		VerificationSession session = this.sessions.lockById(minorSessionId).orElseThrow();
		Instant now = now();
		if (!session.acceptsInputAt(now) || session.currentMethod() != VerificationMethod.PARENTAL_CONSENT) {
			return false;
		}
		session.beginAttempt(now);
		this.service.publishChanges(session, now);
		this.results.save(new VerificationResult(session.id(), VerificationMethod.PARENTAL_CONSENT, outcome, now));
		if ("verified".equals(outcome.status())) {
			session.verify(now, VerificationMethod.PARENTAL_CONSENT);
		}
		else {
			session.attemptFailed(now);
		}
		this.service.publishChanges(session, now);
		return true;
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MICROS);
	}

}
