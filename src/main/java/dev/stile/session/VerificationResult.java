package dev.stile.session;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.stile.api.Ids;
import dev.stile.method.VerificationMethod;

/**
 * The outcome of one method attempt on a session. Only the outcome is kept, never the raw
 * personal data the method looked at.
 */
@Entity
@Table(name = "verification_result")
class VerificationResult {

	@Id
	private String id;

	@Column(name = "session_id", nullable = false, updatable = false)
	private String sessionId;

	@Convert(converter = Converters.MethodConverter.class)
	@Column(nullable = false)
	private VerificationMethod method;

	@Column(nullable = false)
	private String status;

	private Double confidence;

	@Column(name = "age_estimate")
	private Integer ageEstimate;

	@Column(name = "age_verified")
	private Boolean ageVerified;

	@Column(name = "identity_verified")
	private Boolean identityVerified;

	@Column(name = "provider_name")
	private String providerName;

	@Column(name = "error_code")
	private String errorCode;

	@Column(name = "error_message")
	private String errorMessage;

	@Column(name = "processing_time_ms")
	private Integer processingTimeMs;

	@Column(name = "created_at", nullable = false, updatable = false)
	private Instant createdAt;

	@Column(name = "document_fingerprint")
	private String documentFingerprint;

	@Column(name = "issuing_jurisdiction")
	private String issuingJurisdiction;

	private String institution;

	@Column(name = "parent_verified_by")
	private String parentVerifiedBy;

	protected VerificationResult() {
	}

	VerificationResult(String sessionId, VerificationMethod method, Outcome outcome, Instant now) {
		this.id = Ids.newId("vr");
		this.sessionId = sessionId;
		this.method = method;
		this.status = outcome.status();
		this.confidence = outcome.confidence();
		this.ageEstimate = outcome.ageEstimate();
		this.ageVerified = outcome.ageVerified();
		this.identityVerified = outcome.identityVerified();
		this.providerName = outcome.providerName();
		this.errorCode = outcome.errorCode();
		this.errorMessage = outcome.errorMessage();
		this.processingTimeMs = outcome.processingTimeMs();
		this.documentFingerprint = outcome.documentFingerprint();
		this.issuingJurisdiction = outcome.issuingJurisdiction();
		this.institution = outcome.institution();
		this.parentVerifiedBy = outcome.parentVerifiedBy();
		this.createdAt = now;
	}

	/**
	 * What a method reported.
	 */
	record Outcome(String status, Double confidence, Integer ageEstimate, Boolean ageVerified, Boolean identityVerified,
			String providerName, String errorCode, String errorMessage, Integer processingTimeMs,
			String documentFingerprint, String issuingJurisdiction, String institution, String parentVerifiedBy) {

		Outcome(String status, Double confidence, Integer ageEstimate, Boolean ageVerified, Boolean identityVerified,
				String providerName, String errorCode, String errorMessage, Integer processingTimeMs,
				String documentFingerprint) {
			this(status, confidence, ageEstimate, ageVerified, identityVerified, providerName, errorCode, errorMessage,
					processingTimeMs, documentFingerprint, null, null, null);
		}

	}

	String id() {
		return this.id;
	}

	String sessionId() {
		return this.sessionId;
	}

	VerificationMethod method() {
		return this.method;
	}

	String status() {
		return this.status;
	}

	Double confidence() {
		return this.confidence;
	}

	Integer ageEstimate() {
		return this.ageEstimate;
	}

	Boolean ageVerified() {
		return this.ageVerified;
	}

	Boolean identityVerified() {
		return this.identityVerified;
	}

	String providerName() {
		return this.providerName;
	}

	String errorCode() {
		return this.errorCode;
	}

	String errorMessage() {
		return this.errorMessage;
	}

	Integer processingTimeMs() {
		return this.processingTimeMs;
	}

	String institution() {
		return this.institution;
	}

	String parentVerifiedBy() {
		return this.parentVerifiedBy;
	}

	Instant createdAt() {
		return this.createdAt;
	}

	String issuingJurisdiction() {
		return this.issuingJurisdiction;
	}

}
