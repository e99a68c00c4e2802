package dev.stile.oid4vp;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import dev.stile.api.ApiException;
import dev.stile.api.EncryptedTextConverter;
import dev.stile.api.ErrorType;

import org.springframework.http.HttpStatus;

/**
 * One OpenID4VP request for one attempt of a session: the nonce, state and encryption key
 * a wallet's response must match. It is answered once; its key lives only until then or
 * until it expires.
 */
@Entity
@Table(name = "presentation_request")
class PresentationRequest {

	@Id
	private String id;

	@Column(name = "session_id", nullable = false, updatable = false)
	private String sessionId;

	@Column(nullable = false, updatable = false)
	private boolean livemode;

	@Column(nullable = false, updatable = false)
	private String method;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false)
	private Status status;

	@Column(name = "response_mode", nullable = false, updatable = false)
	private String responseMode;

	@Column(name = "client_id", nullable = false, updatable = false)
	private String clientId;

	@Column(name = "response_uri", nullable = false, updatable = false)
	private String responseUri;

	@Column(nullable = false, updatable = false)
	private String nonce;

	@Column(nullable = false, updatable = false)
	private String state;

	@Column(name = "dcql_query", nullable = false, updatable = false)
	private String dcqlQuery;

	@Convert(converter = EncryptedTextConverter.class)
	@Column(name = "encryption_key")
	private String encryptionKey;

	@Column(name = "response_code_hash")
	private String responseCodeHash;

	@Column(name = "response_code_confirmed", nullable = false)
	private boolean responseCodeConfirmed;

	@Column(name = "result_id")
	private String resultId;

	@Column(name = "error_code")
	private String errorCode;

	@Column(nullable = false, updatable = false)
	private Instant created;

	@Column(name = "expires_at", nullable = false, updatable = false)
	private Instant expiresAt;

	@Column(name = "answered_at")
	private Instant answeredAt;

	@Version
	private long version;

	protected PresentationRequest() {
	}

	PresentationRequest(String id, String sessionId, boolean livemode, String method, String responseMode,
			String clientId, String responseUri, String nonce, String state, String dcqlQuery, String encryptionKey,
			Instant created, Instant expiresAt) {
		this.id = id;
		this.sessionId = sessionId;
		this.livemode = livemode;
		this.method = method;
		this.status = Status.PENDING;
		this.responseMode = responseMode;
		this.clientId = clientId;
		this.responseUri = responseUri;
		this.nonce = nonce;
		this.state = state;
		this.dcqlQuery = dcqlQuery;
		this.encryptionKey = encryptionKey;
		this.created = created;
		this.expiresAt = expiresAt;
	}

	/**
	 * Where a request is: waiting for its wallet, answered with a verified or failed
	 * result, or expired unanswered.
	 */
	enum Status {

		PENDING, VERIFIED, FAILED, EXPIRED;

		String apiName() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

	}

	/** Its status at {@code now}: a pending request past its expiry is expired. */
	Status statusAt(Instant now) {
		return (this.status == Status.PENDING && this.answeredAt == null && !now.isBefore(this.expiresAt))
				? Status.EXPIRED : this.status;
	}

	/**
	 * Refuses a request that can no longer be fetched or answered: one already answered,
	 * one past its expiry.
	 */
	void requireOpen(Instant now) {
		if (this.answeredAt != null || this.status != Status.PENDING) {
			throw new ApiException(HttpStatus.BAD_REQUEST, ErrorType.INVALID_REQUEST_ERROR, "presentation_request_used",
					"This presentation request was already answered.", null);
		}
		if (!now.isBefore(this.expiresAt)) {
			throw new ApiException(HttpStatus.BAD_REQUEST, ErrorType.INVALID_REQUEST_ERROR,
					"presentation_request_expired", "This presentation request expired; ask for a new one.", null);
		}
	}

	/** Takes the one answer this request gets; its encryption key is no longer needed. */
	void claim(Instant now) {
		requireOpen(now);
		this.answeredAt = now;
		this.encryptionKey = null;
	}

	/** The attempt that answered it wrote this result. */
	void complete(boolean verified, String resultId, String responseCodeHash) {
		this.status = verified ? Status.VERIFIED : Status.FAILED;
		this.resultId = resultId;
		this.responseCodeHash = responseCodeHash;
	}

	/** Answered without a result: the wallet's error, or a session that moved on. */
	void fail(String errorCode) {
		this.status = Status.FAILED;
		this.errorCode = errorCode;
	}

	/**
	 * The hosted page came back with the response code the same-device wallet was given.
	 */
	void confirmResponseCode() {
		this.responseCodeConfirmed = true;
	}

	String id() {
		return this.id;
	}

	String sessionId() {
		return this.sessionId;
	}

	boolean livemode() {
		return this.livemode;
	}

	String method() {
		return this.method;
	}

	String responseMode() {
		return this.responseMode;
	}

	boolean encrypted() {
		return ResponseMode.DIRECT_POST_JWT.equals(this.responseMode);
	}

	String clientId() {
		return this.clientId;
	}

	String responseUri() {
		return this.responseUri;
	}

	String nonce() {
		return this.nonce;
	}

	String state() {
		return this.state;
	}

	String dcqlQuery() {
		return this.dcqlQuery;
	}

	String encryptionKey() {
		return this.encryptionKey;
	}

	String responseCodeHash() {
		return this.responseCodeHash;
	}

	boolean responseCodeConfirmed() {
		return this.responseCodeConfirmed;
	}

	String resultId() {
		return this.resultId;
	}

	String errorCode() {
		return this.errorCode;
	}

	Instant created() {
		return this.created;
	}

	Instant expiresAt() {
		return this.expiresAt;
	}

	/** The response modes a request may ask for (OpenID4VP 1.0 §8.2, §8.3). */
	static final class ResponseMode {

		static final String DIRECT_POST = "direct_post";

		static final String DIRECT_POST_JWT = "direct_post.jwt";

		private ResponseMode() {
		}

	}

}
