package dev.stile.session;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.stile.api.ApiException;
import dev.stile.api.ErrorType;
import dev.stile.api.Ids;
import dev.stile.api.ListParameters;
import dev.stile.api.TooManyRequestsException;
import dev.stile.apikey.ApiKeyPrincipal;
import dev.stile.compliance.AgeTier;
import dev.stile.compliance.ComplianceDecision;
import dev.stile.compliance.ComplianceRules;
import dev.stile.compliance.Jurisdiction;
import dev.stile.compliance.JurisdictionProfile;
import dev.stile.compliance.UseCaseRuling;
import dev.stile.method.AttemptOutcome;
import dev.stile.method.MethodPlan;
import dev.stile.method.VerificationMethod;
import dev.stile.method.Waterfall;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates, reads, cancels, lists and expires verification sessions, always within the
 * calling key's organization and mode.
 */
@Service
class SessionService {

	private final SessionRepository sessions;

	private final ResultRepository results;

	private final ComplianceRules rules;

	private final Waterfall waterfall;

	private final Clock clock;

	private final SessionProperties properties;

	private final ApplicationEventPublisher events;

	private final List<SessionCreationGuard> guards;

	private final VerifiedPersons persons;

	private final SessionPages pages;

	SessionService(SessionRepository sessions, ResultRepository results, ComplianceRules rules, Waterfall waterfall,
			Clock clock, SessionProperties properties, ApplicationEventPublisher events,
			List<SessionCreationGuard> guards, VerifiedPersons persons, SessionPages pages) {
		this.sessions = sessions;
		this.pages = pages;
		this.results = results;
		this.rules = rules;
		this.waterfall = waterfall;
		this.clock = clock;
		this.properties = properties;
		this.events = events;
		this.guards = guards;
		this.persons = persons;
	}

	/**
	 * Announces the session's status changes since the last call, each with the session
	 * as it is now. Runs inside the transaction that made them.
	 */
	void publishChanges(VerificationSession session, Instant now) {
		for (SessionStatus status : session.drainChanges()) {
			if (status == SessionStatus.PENDING) {
				// Opening the widget is not an event merchants subscribe to.
				continue;
			}
			this.events.publishEvent(new SessionEvent("verification_session." + status.apiName(), session.id(),
					session.organizationId(), session.livemode(), now, SessionView.of(session, now, false, null)));
			if (status == SessionStatus.VERIFIED) {
				this.events.publishEvent(session.verifiedEvent(now));
			}
		}
	}

	/**
	 * Creates a session; runs inside the caller's transaction so that an idempotency key
	 * and the session commit together.
	 * @param headerJurisdiction the jurisdiction of the request's trusted geo headers, if
	 * any
	 */
	@Transactional
	SessionView create(ApiKeyPrincipal caller, CreateSessionRequest request, String headerJurisdiction) {
		CreateSessionRequest.Checked checked = request.check(caller.livemode());
		this.guards.forEach((guard) -> guard.check(caller));
		// The rules in force at the session's creation instant govern it for its life.
		Instant now = now();
		if (request.useCase() != null && !this.rules.isKnownUseCase(request.useCase())) {
			throw ApiException.invalid("use_case", "Unknown use_case '" + request.useCase() + "'. Known use cases: "
					+ String.join(", ", this.rules.useCases().stream().sorted().toList()) + ".");
		}
		// The law of the place of delivery governs a delivery; otherwise where the user
		// is.
		String jurisdiction = firstNonNull(request.jurisdiction(), request.deliveryJurisdiction(), headerJurisdiction,
				this.properties.fallbackJurisdiction(caller.livemode()));
		UseCaseRuling ruling = null;
		if (request.useCase() != null) {
			if (jurisdiction == null) {
				throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, ErrorType.INVALID_REQUEST_ERROR,
						"jurisdiction_unresolvable",
						"Could not determine the user's jurisdiction from the request. Pass jurisdiction explicitly.",
						"jurisdiction");
			}
			ComplianceDecision decision = this.rules.resolve(Jurisdiction.of(jurisdiction), List.of(request.useCase()),
					LocalDate.ofInstant(now, ZoneOffset.UTC));
			ruling = decision.results().get(0);
			if (ruling.prohibited()) {
				throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, ErrorType.INVALID_REQUEST_ERROR,
						"use_case_prohibited",
						request.useCase() + " is not permitted in " + jurisdiction
								+ ((ruling.prohibitedReason() != null) ? ": " + ruling.prohibitedReason() : "."),
						"use_case");
			}
		}
		Waterfall.JurisdictionFacts facts = null;
		if (jurisdiction != null) {
			JurisdictionProfile profile = this.rules.profile(Jurisdiction.of(jurisdiction));
			facts = new Waterfall.JurisdictionFacts(jurisdiction, profile.mdlLegallyRecognized(), profile.euEea());
		}
		MethodPlan plan = this.waterfall.plan(checked.methods(), facts,
				(ruling != null) ? ruling.allowedMethods() : null, caller.livemode());
		if (plan.isEmpty()) {
			throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, ErrorType.INVALID_REQUEST_ERROR,
					"no_methods_available",
					"No verification method is left for this session. " + String.join("; ", plan.dropped()) + ".",
					"methods");
		}
		String ipJurisdiction = null;
		Boolean mismatch = null;
		if (request.deliveryJurisdiction() != null) {
			ipJurisdiction = headerJurisdiction;
			mismatch = isMismatch(request.deliveryJurisdiction(), headerJurisdiction);
		}
		SessionSpec.Compliance compliance = null;
		String userMessage = checked.type().defaultUserMessage();
		if (ruling != null) {
			compliance = new SessionSpec.Compliance(ruling.requiredAgeTier().apiName(), ruling.physicalCheckRequired(),
					ruling.mdlAcceptanceStatus().apiName(), ruling.mdlLegallyRecognized(), ruling.governingRegulator(),
					ruling.userMessage(), ruling.ruleVersion());
			userMessage = ruling.userMessage();
		}
		if (request.customUserMessage() != null) {
			userMessage = request.customUserMessage();
		}
		SessionSpec spec = new SessionSpec(checked.type(), plan.methods(), request.clientReferenceId(),
				request.returnUrl(), request.cancelUrl(), (request.metadata() != null) ? request.metadata() : Map.of(),
				request.useCase(), jurisdiction, userMessage, compliance, request.deliveryJurisdiction(),
				ipJurisdiction, mismatch, request.email(), request.phone(), checked.acceptExisting(),
				checked.minStrength(), request.maxAge(), checked.requiredMethods());
		VerificationSession session = new VerificationSession(caller.organizationId(), caller.livemode(), spec, now,
				now.plus(this.properties.timeToLive()));
		if (checked.acceptExisting()) {
			this.persons
				.find(new VerifiedPersons.Query(caller.organizationId(), caller.livemode(), request.email(),
						request.phone(), checked.minStrength(), maxAgeDays(request.maxAge()), checked.requiredMethods(),
						session.ageTier(), jurisdiction, now))
				.ifPresent((offer) -> session.offerReuse(offer.credentialId()));
		}
		this.sessions.save(session);
		publishChanges(session, now);
		List<VerificationResult> results = null;
		if (Boolean.TRUE.equals(request.skipVerification()) && !caller.livemode()) {
			results = List.of(skipVerification(session, now));
		}
		return SessionView.of(session, now, true, results);
	}

	/**
	 * Test mode's documented shortcut: the session is verified at once, through the same
	 * transitions and with a result, as if its first method had succeeded.
	 */
	private VerificationResult skipVerification(VerificationSession session, Instant now) {
		VerificationMethod method = session.currentMethod();
		session.beginAttempt(now);
		publishChanges(session, now);
		boolean identity = session.type() == SessionType.IDENTITY;
		VerificationResult result = this.results.save(new VerificationResult(session.id(), method,
				new VerificationResult.Outcome("verified", 1.0, null, session.type() == SessionType.AGE ? true : null,
						identity ? true : null, "stile_test_mode", null, null, 0, null),
				now));
		session.verify(now, method);
		publishChanges(session, now);
		return result;
	}

	// Bounds on a user's tries: a method that keeps asking for input is given up, and so
	// is a
	// session that has seen this many attempts.
	static final int MAX_ATTEMPTS_PER_METHOD = 3;

	static final int MAX_ATTEMPTS_PER_SESSION = 10;

	private static final int DEFAULT_MINIMUM_AGE = 18;

	@Transactional
	ClientSessionView clientView(String clientSecret) {
		VerificationSession session = bySecret(clientSecret, false);
		Instant now = now();
		session.expireIfDue(now);
		publishChanges(session, now);
		return ClientSessionView.of(session, now);
	}

	@Transactional
	ClientSessionView clientStart(String clientSecret) {
		VerificationSession session = openBySecret(clientSecret);
		Instant now = now();
		if (session.status() == SessionStatus.CREATED) {
			session.open(now);
			publishChanges(session, now);
		}
		return ClientSessionView.of(session, now);
	}

	@Transactional
	ClientSessionView clientSkip(String clientSecret) {
		VerificationSession session = openBySecret(clientSecret);
		try {
			session.skipMethod();
		}
		catch (IllegalStateException ex) {
			throw new ApiException(HttpStatus.CONFLICT, ErrorType.INVALID_REQUEST_ERROR, "no_method_left",
					"There is no other method to try; attempt the current one or cancel.", null);
		}
		return ClientSessionView.of(session, now());
	}

	@Transactional
	ClientSessionView clientCancel(String clientSecret) {
		VerificationSession session = openBySecret(clientSecret);
		Instant now = now();
		session.cancel(now);
		publishChanges(session, now);
		return ClientSessionView.of(session, now);
	}

	/** What an attempt is about to run against, checked before the method runs. */
	record AttemptTarget(String sessionId, VerificationMethod currentMethod, boolean livemode, SessionType type,
			int requiredAge, String jurisdiction) {
	}

	@Transactional(readOnly = true)
	AttemptTarget attemptTarget(String clientSecret) {
		return attemptTarget(bySecret(clientSecret, false));
	}

	/**
	 * The same for a wallet's response, which names its session by the request it
	 * answers.
	 */
	@Transactional(readOnly = true)
	AttemptTarget attemptTargetById(String sessionId) {
		return attemptTarget(this.sessions.findById(sessionId).orElseThrow(() -> sessionGone(sessionId)));
	}

	@Transactional(readOnly = true)
	String sessionIdBySecret(String clientSecret) {
		return bySecret(clientSecret, false).id();
	}

	private AttemptTarget attemptTarget(VerificationSession session) {
		requireOpen(session, now());
		return new AttemptTarget(session.id(), session.currentMethod(), session.livemode(), session.type(),
				minimumAge(session), session.jurisdiction());
	}

	private static ApiException sessionGone(String sessionId) {
		return ApiException.notFound("verification_session", sessionId, null);
	}

	private static int minimumAge(VerificationSession session) {
		return AgeTier.fromApiName(session.ageTier()).map(AgeTier::minimumAge).orElse(DEFAULT_MINIMUM_AGE);
	}

	/**
	 * Applies a method's outcome under the session's row lock: one result, then one legal
	 * transition. A session that moved on meanwhile (another attempt, a cancel, its
	 * expiry) refuses with a 409.
	 */
	@Transactional
	AttemptResponse applyAttempt(String clientSecret, VerificationMethod method, AttemptOutcome outcome,
			int processingTimeMs) {
		return applyAttempt(openBySecret(clientSecret), method, outcome, processingTimeMs);
	}

	@Transactional
	AttemptResponse applyAttemptById(String sessionId, VerificationMethod method, AttemptOutcome outcome,
			int processingTimeMs) {
		VerificationSession session = this.sessions.lockById(sessionId).orElseThrow(() -> sessionGone(sessionId));
		requireOpen(session, now());
		return applyAttempt(session, method, outcome, processingTimeMs);
	}

	private AttemptResponse applyAttempt(VerificationSession session, VerificationMethod method, AttemptOutcome outcome,
			int processingTimeMs) {
		if (session.currentMethod() != method) {
			throw new ApiException(HttpStatus.CONFLICT, ErrorType.INVALID_REQUEST_ERROR, "session_changed",
					"The session moved on to " + session.currentMethod().apiName()
							+ " while this attempt ran; attempt the current method.",
					"method");
		}
		Instant now = now();
		long sessionAttempts = this.results.countBySessionId(session.id());
		long methodAttempts = this.results.countBySessionIdAndMethod(session.id(), method);
		Verdict verdict = judge(session, method, outcome);
		session.beginAttempt(now);
		publishChanges(session, now);
		VerificationResult result = this.results
			.save(new VerificationResult(session.id(), method, verdict.resultOutcome(outcome, processingTimeMs), now));
		if (verdict.status() == Verdict.Status.SATISFIED) {
			session.verify(now, method);
		}
		else if (sessionAttempts + 1 >= MAX_ATTEMPTS_PER_SESSION) {
			while (!session.status().isTerminal()) {
				session.attemptFailed(now);
				if (!session.status().isTerminal()) {
					session.beginAttempt(now);
				}
			}
		}
		else if (verdict.status() == Verdict.Status.NEEDS_INPUT && methodAttempts + 1 < MAX_ATTEMPTS_PER_METHOD) {
			session.needMoreInput(now);
		}
		else {
			session.attemptFailed(now);
		}
		publishChanges(session, now);
		return AttemptResponse.of(result, ClientSessionView.of(session, now));
	}

	private static Verdict judge(VerificationSession session, VerificationMethod method, AttemptOutcome outcome) {
		return switch (outcome.kind()) {
			case NEEDS_INPUT ->
				new Verdict(Verdict.Status.NEEDS_INPUT, outcome.errorCode(), outcome.errorMessage(), null);
			case FAILED -> new Verdict(Verdict.Status.FAILED, outcome.errorCode(), outcome.errorMessage(), null);
			case SUCCEEDED -> switch (session.type()) {
				case AGE -> judgeAge(session, method, outcome);
				case IDENTITY -> outcome.identityVerified() ? Verdict.satisfied(null)
						: Verdict.failed("identity_not_established", method.apiName() + " does not prove identity.");
				case STUDENT -> (method == VerificationMethod.STUDENT) ? Verdict.satisfied(null) : Verdict
					.failed("enrollment_not_established", method.apiName() + " does not prove enrollment.");
			};
		};
	}

	private static Verdict judgeAge(VerificationSession session, VerificationMethod method, AttemptOutcome outcome) {
		if (method == VerificationMethod.PARENTAL_CONSENT) {
			// A parent's consent stands in for the user's own age where the rules allow
			// the method.
			return Verdict.satisfied(null);
		}
		if (outcome.age() == null) {
			return Verdict.failed("age_not_established", method.apiName() + " did not establish an age.");
		}
		int minimum = minimumAge(session);
		if (outcome.age() < minimum) {
			return new Verdict(Verdict.Status.FAILED, "age_below_tier",
					"The age established is below the required " + minimum + ".", false);
		}
		return Verdict.satisfied(true);
	}

	/**
	 * The session's judgement of one outcome.
	 */
	private record Verdict(Status status, String errorCode, String errorMessage, Boolean ageVerified) {

		enum Status {

			SATISFIED, FAILED, NEEDS_INPUT

		}

		static Verdict satisfied(Boolean ageVerified) {
			return new Verdict(Status.SATISFIED, null, null, ageVerified);
		}

		static Verdict failed(String code, String message) {
			return new Verdict(Status.FAILED, code, message, null);
		}

		VerificationResult.Outcome resultOutcome(AttemptOutcome outcome, int processingTimeMs) {
			String resultStatus = switch (this.status) {
				case SATISFIED -> "verified";
				case FAILED -> "failed";
				case NEEDS_INPUT -> "requires_input";
			};
			boolean succeeded = outcome.kind() == AttemptOutcome.Kind.SUCCEEDED;
			return new VerificationResult.Outcome(resultStatus, outcome.confidence(), outcome.age(), this.ageVerified,
					succeeded ? outcome.identityVerified() : null, outcome.providerName(), this.errorCode,
					this.errorMessage, processingTimeMs, outcome.fingerprint(), outcome.issuingJurisdiction(),
					(this.status == Status.SATISFIED) ? outcome.institution() : null, null);
		}

	}

	private VerificationSession bySecret(String clientSecret, boolean forUpdate) {
		int cut = (clientSecret != null) ? clientSecret.indexOf("_secret_") : -1;
		String id = (cut > 0) ? clientSecret.substring(0, cut) : null;
		if (id == null || !Ids.hasShape(id, "vks") || clientSecret.length() > 200) {
			throw invalidClientSecret();
		}
		Optional<VerificationSession> found = forUpdate ? this.sessions.lockById(id) : this.sessions.findById(id);
		return found.filter((session) -> session.hasClientSecret(clientSecret))
			.orElseThrow(SessionService::invalidClientSecret);
	}

	private VerificationSession openBySecret(String clientSecret) {
		VerificationSession session = bySecret(clientSecret, true);
		requireOpen(session, now());
		return session;
	}

	private static void requireOpen(VerificationSession session, Instant now) {
		if (!session.acceptsInputAt(now)) {
			throw new ApiException(HttpStatus.CONFLICT, ErrorType.INVALID_REQUEST_ERROR, "session_not_open",
					"This session is " + session.statusAt(now).apiName() + " and takes no more input.", null);
		}
	}

	private static ApiException invalidClientSecret() {
		return new ApiException(HttpStatus.UNAUTHORIZED, ErrorType.AUTHENTICATION_ERROR, "invalid_client_secret",
				"Send the session's client secret as a bearer token: Authorization: Bearer vks_..._secret_...", null);
	}

	@Transactional
	ClientSessionView clientConsent(String clientSecret) {
		// Only while the session is open: consent given after it ended would turn a
		// verification into a shared one without the customer at the widget.
		VerificationSession session = openBySecret(clientSecret);
		session.agreeToShare();
		return ClientSessionView.of(session, now());
	}

	@Transactional
	ClientSessionView clientSendReuseCode(String clientSecret, String channel) {
		VerificationSession session = openBySecret(clientSecret);
		if (session.reuseCredentialId() == null) {
			throw new ApiException(HttpStatus.CONFLICT, ErrorType.INVALID_REQUEST_ERROR, "reuse_not_available",
					"This session has no earlier verification to reuse.", null);
		}
		String destination = switch ((channel != null) ? channel : "") {
			case "email" -> session.email();
			case "phone" -> session.phone();
			default -> throw ApiException.invalid("channel", "channel must be email or phone.");
		};
		if (destination == null) {
			throw ApiException.invalid("channel", "This session has no " + channel + " to send a code to.");
		}
		this.persons.sendCode(session.id(), session.reuseCredentialId(), channel, destination, session.livemode(),
				now());
		return ClientSessionView.of(session, now());
	}

	@Transactional
	ReuseResponse clientVerifyReuseCode(String clientSecret, String code) {
		VerificationSession session = openBySecret(clientSecret);
		if (session.reuseCredentialId() == null) {
			throw new ApiException(HttpStatus.CONFLICT, ErrorType.INVALID_REQUEST_ERROR, "reuse_not_available",
					"This session has no earlier verification to reuse.", null);
		}
		Instant now = now();
		VerifiedPersons.CodeCheck check = this.persons.checkCode(session.organizationId(), session.id(), code, now);
		switch (check.outcome()) {
			case MATCHED -> {
				VerificationMethod method = check.offer().method();
				session.beginAttempt(now);
				publishChanges(session, now);
				VerificationResult result = this.results.save(new VerificationResult(session.id(), method,
						new VerificationResult.Outcome("verified", 1.0, null,
								(session.type() == SessionType.AGE) ? true : null, null, "stile_verified_person", null,
								null, 0, null),
						now));
				session.verifyByReuse(now, method, check.offer().credentialId());
				publishChanges(session, now);
				return new ReuseResponse("reuse_verification", true, 0, SessionView.ResultView.of(result),
						ClientSessionView.of(session, now));
			}
			case WRONG -> {
				return new ReuseResponse("reuse_verification", false, check.attemptsLeft(), null,
						ClientSessionView.of(session, now));
			}
			case LOCKED ->
				throw new TooManyRequestsException("too_many_attempts",
						"Too many wrong codes for this session or this email or phone; try again after "
								+ Math.max(1, check.retryAfter().toMinutes()) + " minutes.",
						"code", check.retryAfter());
			default -> {
				session.withdrawReuse();
				return new ReuseResponse("reuse_verification", false, 0, null, ClientSessionView.of(session, now));
			}
		}
	}

	private static Integer maxAgeDays(String maxAge) {
		return (maxAge != null) ? Integer.valueOf(maxAge.substring(0, maxAge.length() - 1)) : null;
	}

	@Transactional
	SessionView retrieve(ApiKeyPrincipal caller, String id, boolean expandResults) {
		VerificationSession session = find(caller, id);
		Instant now = now();
		session.expireIfDue(now);
		publishChanges(session, now);
		List<VerificationResult> expanded = expandResults ? this.results.findBySessionIdOrderByCreatedAtAscIdAsc(id)
				: null;
		return SessionView.of(session, now, true, expanded);
	}

	@Transactional
	SessionView cancel(ApiKeyPrincipal caller, String id) {
		VerificationSession session = this.sessions.findForUpdate(id, caller.organizationId(), caller.livemode())
			.orElseThrow(() -> notFound(id));
		Instant now = now();
		session.expireIfDue(now);
		try {
			session.cancel(now);
		}
		catch (IllegalTransitionException ex) {
			throw new ApiException(HttpStatus.CONFLICT, ErrorType.INVALID_REQUEST_ERROR, "session_not_cancellable",
					"This session is " + ex.from().apiName()
							+ "; only sessions that are created, pending or requires_input can be cancelled.",
					null);
		}
		publishChanges(session, now);
		return SessionView.of(session, now, true, null);
	}

	@Transactional(readOnly = true)
	Page list(ApiKeyPrincipal caller, ListParameters page, Optional<SessionStatus> status) {
		Instant now = now();
		VerificationSession cursor = null;
		if (page.cursor() != null) {
			cursor = this.sessions
				.findByIdAndOrganizationIdAndLivemode(page.cursor(), caller.organizationId(), caller.livemode())
				.orElseThrow(() -> ApiException.invalid(page.cursorParam(),
						"No such verification_session: '" + page.cursor() + "'"));
		}
		List<VerificationSession> found = this.pages.read(caller.organizationId(), caller.livemode(), status, now,
				cursor, page.backwards(), page.limit() + 1);
		boolean hasMore = found.size() > page.limit();
		List<VerificationSession> shown = new ArrayList<>(found.subList(0, Math.min(found.size(), page.limit())));
		if (page.backwards()) {
			Collections.reverse(shown);
		}
		return new Page(shown.stream().map((session) -> SessionView.of(session, now, false, null)).toList(), hasMore);
	}

	/** One page of the list, newest first. */
	record Page(List<SessionView> data, boolean hasMore) {
	}

	/**
	 * Writes the expiry of sessions whose {@code expires_at} has passed, one batch per
	 * call.
	 * @return how many sessions were expired
	 */
	@Transactional
	int expireDue() {
		Instant now = now();
		List<VerificationSession> due = this.sessions.lockDueForExpiry(now, this.properties.expirySweepBatchSize());
		due.forEach((session) -> {
			session.expireIfDue(now);
			publishChanges(session, now);
		});
		return due.size();
	}

	private VerificationSession find(ApiKeyPrincipal caller, String id) {
		return this.sessions.findByIdAndOrganizationIdAndLivemode(id, caller.organizationId(), caller.livemode())
			.orElseThrow(() -> notFound(id));
	}

	private static ApiException notFound(String id) {
		return ApiException.notFound("verification_session", id, "id");
	}

	/**
	 * Whether the delivery address and the network location disagree. Unknown location is
	 * not a mismatch; a country-only location is compared by country.
	 */
	static boolean isMismatch(String delivery, String network) {
		if (network == null) {
			return false;
		}
		Jurisdiction to = Jurisdiction.of(delivery);
		Jurisdiction from = Jurisdiction.of(network);
		if (!to.country().equals(from.country())) {
			return true;
		}
		return to.subdivision().isPresent() && from.subdivision().isPresent()
				&& !to.subdivision().equals(from.subdivision());
	}

	private static String firstNonNull(String... values) {
		for (String value : values) {
			if (value != null) {
				return value;
			}
		}
		return null;
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MICROS);
	}

}
