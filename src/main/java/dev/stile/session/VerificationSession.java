package dev.stile.session;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import jakarta.persistence.Version;
import org.hibernate.annotations.ColumnTransformer;

import dev.stile.api.EncryptedTextConverter;
import dev.stile.api.Ids;
import dev.stile.method.VerificationMethod;

/**
 * A single verification attempt of one user for one merchant. The session owns its life:
 * every status change goes through a method here that checks the transition graph of
 * {@link SessionStatus}.
 */
@Entity
@Table(name = "verification_session")
class VerificationSession {

	@Id
	private String id;

	@Column(name = "organization_id", nullable = false, updatable = false)
	private String organizationId;

	@Column(nullable = false, updatable = false)
	private boolean livemode;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false)
	private SessionStatus status;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false, updatable = false)
	private SessionType type;

	@Convert(converter = Converters.MethodListConverter.class)
	@Column(nullable = false)
	private List<VerificationMethod> methods;

	@Convert(converter = Converters.MethodConverter.class)
	@Column(name = "current_method")
	private VerificationMethod currentMethod;

	@Column(name = "client_reference_id")
	private String clientReferenceId;

	@Column(name = "return_url")
	private String returnUrl;

	@Column(name = "cancel_url")
	private String cancelUrl;

	@Column(name = "client_secret")
	private String clientSecret;

	@Convert(converter = Converters.MetadataConverter.class)
	@ColumnTransformer(write = "?::jsonb")
	@Column(nullable = false, columnDefinition = "jsonb")
	private Map<String, String> metadata;

	@Column(name = "use_case")
	private String useCase;

	@Column(name = "age_tier")
	private String ageTier;

	private String jurisdiction;

	@Column(name = "physical_check_required")
	private Boolean physicalCheckRequired;

	@Column(name = "user_message")
	private String userMessage;

	@Column(name = "mdl_acceptance_status")
	private String mdlAcceptanceStatus;

	@Column(name = "mdl_legally_recognized")
	private Boolean mdlLegallyRecognized;

	@Column(name = "governing_regulator")
	private String governingRegulator;

	@Column(name = "rule_version")
	private String ruleVersion;

	@Column(name = "compliance_user_message")
	private String complianceUserMessage;

	@Column(name = "delivery_jurisdiction")
	private String deliveryJurisdiction;

	@Column(name = "ip_jurisdiction")
	private String ipJurisdiction;

	@Column(name = "jurisdiction_mismatch")
	private Boolean jurisdictionMismatch;

	@Convert(converter = EncryptedTextConverter.class)
	private String email;

	@Convert(converter = EncryptedTextConverter.class)
	private String phone;

	@Column(name = "accept_existing", nullable = false)
	private boolean acceptExisting;

	@Convert(converter = Converters.MethodConverter.class)
	@Column(name = "min_strength")
	private VerificationMethod minStrength;

	@Column(name = "max_age")
	private String maxAge;

	@Convert(converter = Converters.MethodListConverter.class)
	@Column(name = "required_methods")
	private List<VerificationMethod> requiredMethods;

	@Column(name = "created_at", nullable = false, updatable = false)
	private Instant createdAt;

	@Column(name = "updated_at", nullable = false)
	private Instant updatedAt;

	@Column(name = "expires_at", nullable = false, updatable = false)
	private Instant expiresAt;

	@Column(name = "completed_at")
	private Instant completedAt;

	@Column(name = "cancelled_at")
	private Instant cancelledAt;

	// A wrapper type, so that a new aggregate (null) is persisted rather than merged.
	@Column(name = "share_verification", nullable = false)
	private boolean shareVerification;

	@Column(name = "reuse_credential_id")
	private String reuseCredentialId;

	@Version
	private Integer version;

	// How the session was verified, announced with the change; never stored (results
	// are).
	@Transient
	private VerificationMethod verifiedBy;

	@Transient
	private String verifiedByReuseOf;

	// Status changes not yet announced as events; drained by the service in the same
	// transaction.
	@Transient
	private List<SessionStatus> unpublished = new ArrayList<>();

	protected VerificationSession() {
	}

	VerificationSession(String organizationId, boolean livemode, SessionSpec spec, Instant now, Instant expiresAt) {
		this.id = Ids.newId("vks");
		this.organizationId = organizationId;
		this.livemode = livemode;
		this.status = SessionStatus.CREATED;
		this.type = spec.type();
		this.methods = List.copyOf(spec.methods());
		this.currentMethod = this.methods.get(0);
		this.clientReferenceId = spec.clientReferenceId();
		this.returnUrl = spec.returnUrl();
		this.cancelUrl = spec.cancelUrl();
		this.clientSecret = this.id + "_secret_" + Ids.randomToken(32);
		this.metadata = new LinkedHashMap<>(spec.metadata());
		this.useCase = spec.useCase();
		this.jurisdiction = spec.jurisdiction();
		this.userMessage = spec.userMessage();
		SessionSpec.Compliance compliance = spec.compliance();
		if (compliance != null) {
			this.ageTier = compliance.ageTier();
			this.physicalCheckRequired = compliance.physicalCheckRequired();
			this.mdlAcceptanceStatus = compliance.mdlAcceptanceStatus();
			this.mdlLegallyRecognized = compliance.mdlLegallyRecognized();
			this.governingRegulator = compliance.governingRegulator();
			this.ruleVersion = compliance.ruleVersion();
			this.complianceUserMessage = compliance.userMessage();
		}
		this.deliveryJurisdiction = spec.deliveryJurisdiction();
		this.ipJurisdiction = spec.ipJurisdiction();
		this.jurisdictionMismatch = spec.jurisdictionMismatch();
		this.email = spec.email();
		this.phone = spec.phone();
		this.acceptExisting = spec.acceptExisting();
		this.minStrength = spec.minStrength();
		this.maxAge = spec.maxAge();
		this.requiredMethods = spec.requiredMethods().isEmpty() ? null : List.copyOf(spec.requiredMethods());
		this.createdAt = now;
		this.updatedAt = now;
		this.expiresAt = expiresAt;
		this.unpublished.add(SessionStatus.CREATED);
	}

	/**
	 * The status as a client sees it at {@code now}: past its expiry an open session is
	 * expired.
	 */
	SessionStatus statusAt(Instant now) {
		if (!this.status.isTerminal() && !now.isBefore(this.expiresAt)) {
			return SessionStatus.EXPIRED;
		}
		return this.status;
	}

	/** Writes the expiry if it is due; answers whether it did. */
	boolean expireIfDue(Instant now) {
		if (this.status.isTerminal() || now.isBefore(this.expiresAt)) {
			return false;
		}
		moveTo(SessionStatus.EXPIRED, now);
		return true;
	}

	/** The user opened the verification UI. */
	void open(Instant now) {
		moveTo(SessionStatus.PENDING, now);
	}

	/** A method attempt was submitted for the current method. */
	void beginAttempt(Instant now) {
		moveTo(SessionStatus.PROCESSING, now);
	}

	/** The attempt of {@code method} satisfied the session. */
	void verify(Instant now, VerificationMethod method) {
		moveTo(SessionStatus.VERIFIED, now);
		this.completedAt = now;
		this.verifiedBy = method;
	}

	/**
	 * The customer proved they own an earlier verification, which satisfies the session.
	 */
	void verifyByReuse(Instant now, VerificationMethod method, String credentialId) {
		verify(now, method);
		this.verifiedByReuseOf = credentialId;
		this.reuseCredentialId = null;
	}

	/**
	 * An earlier verification this session may reuse once the customer proves it is
	 * theirs.
	 */
	void offerReuse(String credentialId) {
		this.reuseCredentialId = credentialId;
	}

	/** The customer could not prove it: the normal waterfall goes on. */
	void withdrawReuse() {
		this.reuseCredentialId = null;
	}

	/** The customer agrees that other organizations may rely on this verification. */
	void agreeToShare() {
		this.shareVerification = true;
	}

	/** The verified event, if this session was just verified. */
	SessionVerified verifiedEvent(Instant now) {
		return new SessionVerified(this.id, this.organizationId, this.livemode, this.email, this.phone, this.verifiedBy,
				this.ageTier, this.jurisdiction, this.shareVerification, this.verifiedByReuseOf, now);
	}

	/**
	 * The attempt did not satisfy the session: the next method becomes current, or the
	 * session fails when none is left.
	 */
	void attemptFailed(Instant now) {
		List<VerificationMethod> remaining = remainingAfterCurrent();
		if (remaining.isEmpty()) {
			moveTo(SessionStatus.FAILED, now);
			this.completedAt = now;
		}
		else {
			moveTo(SessionStatus.REQUIRES_INPUT, now);
			this.currentMethod = remaining.get(0);
		}
	}

	/** The current method needs more from the user; it stays current. */
	void needMoreInput(Instant now) {
		moveTo(SessionStatus.REQUIRES_INPUT, now);
	}

	/**
	 * The user asks to try another way: the next method becomes current without a result.
	 * @throws IllegalTransitionException when the session cannot take input now
	 * @throws IllegalStateException when no other method is left
	 */
	void skipMethod() {
		if (this.status != SessionStatus.CREATED && this.status != SessionStatus.PENDING
				&& this.status != SessionStatus.REQUIRES_INPUT) {
			throw new IllegalTransitionException(this.status, this.status);
		}
		List<VerificationMethod> remaining = remainingAfterCurrent();
		if (remaining.isEmpty()) {
			throw new IllegalStateException("no other method is left");
		}
		this.currentMethod = remaining.get(0);
	}

	/** Whether another method remains after the current one. */
	boolean hasNextMethod() {
		return !remainingAfterCurrent().isEmpty();
	}

	/** Whether the session takes attempts now: open and not past its expiry. */
	boolean acceptsInputAt(Instant now) {
		SessionStatus shown = statusAt(now);
		return shown == SessionStatus.CREATED || shown == SessionStatus.PENDING
				|| shown == SessionStatus.REQUIRES_INPUT;
	}

	/**
	 * Whether {@code presented} is this session's client secret, compared in constant
	 * time.
	 */
	boolean hasClientSecret(String presented) {
		return java.security.MessageDigest.isEqual(
				this.clientSecret.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
				presented.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
	}

	/** Cancelled by the merchant's server or by the user. */
	void cancel(Instant now) {
		moveTo(SessionStatus.CANCELLED, now);
		this.cancelledAt = now;
	}

	private List<VerificationMethod> remainingAfterCurrent() {
		int index = this.methods.indexOf(this.currentMethod);
		return new ArrayList<>(this.methods.subList(index + 1, this.methods.size()));
	}

	private void moveTo(SessionStatus next, Instant now) {
		if (!this.status.canTransitionTo(next)) {
			throw new IllegalTransitionException(this.status, next);
		}
		this.status = next;
		this.updatedAt = now;
		this.unpublished.add(next);
		if (next.isTerminal()) {
			this.currentMethod = null;
		}
	}

	/**
	 * The statuses this session entered since it was loaded or last drained, in order.
	 */
	List<SessionStatus> drainChanges() {
		List<SessionStatus> changes = List.copyOf(this.unpublished);
		this.unpublished.clear();
		return changes;
	}

	String id() {
		return this.id;
	}

	String organizationId() {
		return this.organizationId;
	}

	boolean livemode() {
		return this.livemode;
	}

	SessionStatus status() {
		return this.status;
	}

	SessionType type() {
		return this.type;
	}

	List<VerificationMethod> methods() {
		return this.methods;
	}

	VerificationMethod currentMethod() {
		return this.currentMethod;
	}

	String clientReferenceId() {
		return this.clientReferenceId;
	}

	String returnUrl() {
		return this.returnUrl;
	}

	String cancelUrl() {
		return this.cancelUrl;
	}

	String clientSecret() {
		return this.clientSecret;
	}

	Map<String, String> metadata() {
		return this.metadata;
	}

	String useCase() {
		return this.useCase;
	}

	String ageTier() {
		return this.ageTier;
	}

	String jurisdiction() {
		return this.jurisdiction;
	}

	Boolean physicalCheckRequired() {
		return this.physicalCheckRequired;
	}

	String userMessage() {
		return this.userMessage;
	}

	String mdlAcceptanceStatus() {
		return this.mdlAcceptanceStatus;
	}

	Boolean mdlLegallyRecognized() {
		return this.mdlLegallyRecognized;
	}

	String governingRegulator() {
		return this.governingRegulator;
	}

	String ruleVersion() {
		return this.ruleVersion;
	}

	String complianceUserMessage() {
		return this.complianceUserMessage;
	}

	String email() {
		return this.email;
	}

	String phone() {
		return this.phone;
	}

	boolean acceptExisting() {
		return this.acceptExisting;
	}

	VerificationMethod minStrength() {
		return this.minStrength;
	}

	String maxAge() {
		return this.maxAge;
	}

	List<VerificationMethod> requiredMethods() {
		return (this.requiredMethods != null) ? this.requiredMethods : List.of();
	}

	boolean shareVerification() {
		return this.shareVerification;
	}

	String reuseCredentialId() {
		return this.reuseCredentialId;
	}

	String deliveryJurisdiction() {
		return this.deliveryJurisdiction;
	}

	String ipJurisdiction() {
		return this.ipJurisdiction;
	}

	Boolean jurisdictionMismatch() {
		return this.jurisdictionMismatch;
	}

	Instant createdAt() {
		return this.createdAt;
	}

	Instant updatedAt() {
		return this.updatedAt;
	}

	Instant expiresAt() {
		return this.expiresAt;
	}

	Instant completedAt() {
		return this.completedAt;
	}

	Instant cancelledAt() {
		return this.cancelledAt;
	}

}
