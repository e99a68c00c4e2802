package dev.stile.method.credential;

import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import dev.stile.compliance.ComplianceRules;
import dev.stile.compliance.Jurisdiction;
import dev.stile.credential.CredentialError;
import dev.stile.credential.CredentialException;
import dev.stile.credential.Handover;
import dev.stile.credential.MdocVerifier;
import dev.stile.credential.SdJwtVcVerifier;
import dev.stile.credential.VerifiedCredential;
import dev.stile.method.AttemptContext;
import dev.stile.method.AttemptInput;
import dev.stile.method.AttemptOutcome;
import dev.stile.method.InvalidAttemptException;
import dev.stile.method.MethodProvider;
import dev.stile.method.VerificationMethod;
import dev.stile.method.credential.CredentialTypes.AnchorKind;
import dev.stile.method.credential.CredentialTypes.CredentialType;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@code mdl}, {@code mid} or {@code eudi_pid}: the {@code presentation} an attempt
 * carries (an mdoc {@code DeviceResponse} as base64url, or an SD-JWT VC with its key
 * binding) is verified by the {@code credential} package against the request it answers,
 * then judged by {@link CredentialPolicy}. Every refusal is a failed attempt with the
 * reason's code, never an error of the API.
 */
final class CredentialMethodProvider implements MethodProvider {

	static final String PRESENTATION = "presentation";

	static final String TEST_HANDOVER = "test_handover";

	private static final Logger logger = LoggerFactory.getLogger(CredentialMethodProvider.class);

	private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]+={0,2}");

	private static final Set<String> HANDOVER_FIELDS = Set.of("client_id", "nonce", "response_uri", "at");

	private static final int MAX_HANDOVER_TEXT = 2048;

	// Base64url of the largest DeviceResponse read, with room for padding.
	private static final int MAX_ENCODED_MDOC = (MdocVerifier.MAX_PRESENTATION_BYTES + 2) / 3 * 4;

	private final VerificationMethod method;

	private final CredentialTypes types;

	private final TrustAnchorStore anchors;

	private final CredentialPolicy policy;

	private final ComplianceRules rules;

	private final Verifiers verifiers;

	private final WalletReadiness wallet;

	CredentialMethodProvider(VerificationMethod method, CredentialTypes types, TrustAnchorStore anchors,
			CredentialPolicy policy, ComplianceRules rules, Verifiers verifiers, WalletReadiness wallet) {
		this.method = method;
		this.types = types;
		this.anchors = anchors;
		this.policy = policy;
		this.rules = rules;
		this.verifiers = verifiers;
		this.wallet = wallet;
	}

	@Override
	public VerificationMethod method() {
		return this.method;
	}

	@Override
	public String name() {
		return CredentialPolicy.PROVIDER_NAME;
	}

	/**
	 * Live only while a root is loaded for some credential type serving this method, and
	 * while wallets can be sent a request signed with the operator's verifier
	 * certificate.
	 */
	@Override
	public boolean isAvailable() {
		return this.wallet.liveUnavailableReason() == null && hasLiveAnchors();
	}

	@Override
	public @Nullable String unavailableReason() {
		String wallet = this.wallet.liveUnavailableReason();
		if (wallet != null) {
			return wallet;
		}
		return hasLiveAnchors() ? null : "no trust anchors are loaded for it on this deployment";
	}

	private boolean hasLiveAnchors() {
		return this.types.all()
			.stream()
			.filter((type) -> type.serves(this.method))
			.anyMatch((type) -> this.anchors.hasLiveAnchors(type.anchors()));
	}

	@Override
	public AttemptOutcome attempt(AttemptInput input, AttemptContext context) {
		Object value = input.fields().get(PRESENTATION);
		if (value == null) {
			throw InvalidAttemptException.missing(PRESENTATION);
		}
		if (!(value instanceof String presentation)) {
			throw new InvalidAttemptException(PRESENTATION,
					"presentation must be a string: an mdoc DeviceResponse as base64url, or an SD-JWT VC with its key binding.");
		}
		TestHandover test = (input.handover() != null) ? new TestHandover(input.handover(), null)
				: testHandover(input, context);
		if (test == null) {
			// The wallet protocols that issue a request for a session, and so its
			// handover,
			// come next; until then only test mode's handover can be answered.
			throw context.livemode()
					? InvalidAttemptException.conflict(PRESENTATION, "wallet_request_missing",
							"This session has no wallet request for a presentation to answer yet.")
					: InvalidAttemptException.conflict(TEST_HANDOVER, "wallet_request_missing",
							"This session has no wallet request for a presentation to answer yet; in test mode send test_handover with the client_id, nonce and response_uri the presentation was made for.");
		}
		if (presentation.indexOf('~') < 0 && test.handover().responseUri() == null) {
			// An mdoc's session transcript hashes the response URI with the client_id and
			// nonce.
			throw InvalidAttemptException.missing(TEST_HANDOVER + ".response_uri");
		}
		Instant at = (test.at() != null) ? test.at() : context.at();
		try {
			VerifiedCredential credential = verify(presentation, test.handover(), at, context.livemode());
			CredentialType type = type(credential);
			return this.policy.judge(credential, type, context, acceptedIssuers(context));
		}
		catch (CredentialException ex) {
			logger.info("{} presentation refused: {}", this.method.apiName(), ex.getMessage());
			return CredentialPolicy.failed(ex.error());
		}
		catch (RuntimeException ex) {
			// Hostile input must never become a 500: whatever a verifier could not read
			// is
			// refused like any malformed presentation, and logged for a fix.
			logger.error("{} presentation could not be verified", this.method.apiName(), ex);
			return CredentialPolicy.failed(CredentialError.PRESENTATION_MALFORMED);
		}
	}

	private VerifiedCredential verify(String presentation, Handover handover, Instant at, boolean livemode) {
		if (presentation.indexOf('~') >= 0) {
			if (presentation.length() > SdJwtVcVerifier.MAX_PRESENTATION_LENGTH) {
				throw new CredentialException(CredentialError.PRESENTATION_MALFORMED, "SD-JWT over the size limit");
			}
			return this.verifiers.sdJwt(presentation, handover, this.anchors.all(), at, livemode);
		}
		if (presentation.length() > MAX_ENCODED_MDOC) {
			throw new CredentialException(CredentialError.PRESENTATION_MALFORMED, "DeviceResponse over the size limit");
		}
		if (!BASE64URL.matcher(presentation).matches()) {
			throw new CredentialException(CredentialError.PRESENTATION_MALFORMED,
					"neither an SD-JWT nor base64url of a DeviceResponse");
		}
		byte[] deviceResponse;
		try {
			deviceResponse = Base64.getUrlDecoder().decode(presentation.replace("=", ""));
		}
		catch (IllegalArgumentException ex) {
			throw new CredentialException(CredentialError.PRESENTATION_MALFORMED, "bad base64url", ex);
		}
		if (deviceResponse.length > MdocVerifier.MAX_PRESENTATION_BYTES) {
			throw new CredentialException(CredentialError.PRESENTATION_MALFORMED, "DeviceResponse over the size limit");
		}
		List<VerifiedCredential> documents = this.verifiers.mdoc(deviceResponse, handover, this.anchors.all(), at,
				livemode);
		// A response may hold several documents; the first one serving the method counts.
		return documents.stream()
			.filter((document) -> this.types.find(document.format(), document.type())
				.filter((type) -> type.serves(this.method))
				.isPresent())
			.findFirst()
			.orElseThrow(() -> new CredentialException(CredentialError.DOCTYPE_UNSUPPORTED, "no document for "
					+ this.method.apiName() + " among " + documents.stream().map(VerifiedCredential::type).toList()));
	}

	private CredentialType type(VerifiedCredential credential) {
		CredentialType type = this.types.find(credential.format(), credential.type())
			.filter((candidate) -> candidate.serves(this.method))
			.orElseThrow(() -> new CredentialException(CredentialError.DOCTYPE_UNSUPPORTED,
					credential.type() + " does not serve " + this.method.apiName()));
		// The verifiers check chains against every root; the type says which set counts.
		AnchorKind kind = type.anchors();
		boolean ofItsKind = this.anchors.anchors(kind)
			.anchors()
			.stream()
			.anyMatch((anchor) -> anchor.certificate().equals(credential.anchor().certificate()));
		if (!ofItsKind) {
			throw new CredentialException(CredentialError.UNTRUSTED_ISSUER,
					credential.type() + " chains to a root that is not among the " + kind.apiName() + " anchors");
		}
		return type;
	}

	private Optional<Set<String>> acceptedIssuers(AttemptContext context) {
		String jurisdiction = context.jurisdiction();
		if (jurisdiction == null || !Jurisdiction.isValid(jurisdiction)) {
			return Optional.empty();
		}
		return this.rules.acceptedMdlIssuers(Jurisdiction.of(jurisdiction));
	}

	private static @Nullable TestHandover testHandover(AttemptInput input, AttemptContext context) {
		if (!input.fields().containsKey(TEST_HANDOVER)) {
			return null;
		}
		if (context.livemode()) {
			throw new InvalidAttemptException(TEST_HANDOVER,
					"test_handover is accepted in test mode only; a live presentation answers the request this server issued.");
		}
		if (!(input.fields().get(TEST_HANDOVER) instanceof Map<?, ?> fields)) {
			throw new InvalidAttemptException(TEST_HANDOVER,
					"test_handover must be an object: {\"client_id\", \"nonce\", \"response_uri\", \"at\"}.");
		}
		for (Object key : fields.keySet()) {
			if (!HANDOVER_FIELDS.contains(key)) {
				throw new InvalidAttemptException(TEST_HANDOVER + "." + key,
						"test_handover takes client_id, nonce, response_uri and at; not " + key + ".");
			}
		}
		String clientId = handoverText(fields, "client_id", true);
		String nonce = handoverText(fields, "nonce", true);
		String responseUri = handoverText(fields, "response_uri", false);
		Instant at = null;
		Object seconds = fields.get("at");
		if (seconds != null) {
			if (!(seconds instanceof Integer || seconds instanceof Long) || ((Number) seconds).longValue() < 0
					|| ((Number) seconds).longValue() > 253402300799L) {
				throw new InvalidAttemptException(TEST_HANDOVER + ".at",
						"test_handover.at must be a time as Unix seconds.");
			}
			at = Instant.ofEpochSecond(((Number) seconds).longValue());
		}
		return new TestHandover(new Handover(clientId, nonce, responseUri, null), at);
	}

	private static @Nullable String handoverText(Map<?, ?> fields, String name, boolean required) {
		Object value = fields.get(name);
		if (value == null) {
			if (required) {
				throw InvalidAttemptException.missing(TEST_HANDOVER + "." + name);
			}
			return null;
		}
		if (!(value instanceof String text) || text.isEmpty() || text.length() > MAX_HANDOVER_TEXT) {
			throw new InvalidAttemptException(TEST_HANDOVER + "." + name, "test_handover." + name
					+ " must be a non-empty string of at most " + MAX_HANDOVER_TEXT + " characters.");
		}
		return text;
	}

	private record TestHandover(Handover handover, @Nullable Instant at) {
	}

}
