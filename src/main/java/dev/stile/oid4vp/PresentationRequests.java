package dev.stile.oid4vp;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDHDecrypter;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.stile.api.ApiException;
import dev.stile.api.ErrorType;
import dev.stile.api.Ids;
import dev.stile.api.ServerSecret;
import dev.stile.credential.Handover;
import dev.stile.method.AttemptInput;
import dev.stile.method.VerificationMethod;
import dev.stile.session.AttemptResponse;
import dev.stile.session.ClientFlow;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The verifier side of OpenID4VP 1.0 as HAIP 1.0 profiles it: a signed request by
 * reference per attempt (DCQL, a fresh P-256 response encryption key), and the wallet's
 * response, checked against that request and then judged as an attempt of the session.
 */
public class PresentationRequests {

	/** The media type of a signed request object (RFC 9101 §10.2). */
	static final String REQUEST_OBJECT_TYPE = "application/oauth-authz-req+jwt";

	private static final Logger logger = LoggerFactory.getLogger(PresentationRequests.class);

	private static final SecureRandom random = new SecureRandom();

	// Wallets see "aud": static discovery of the wallet (OpenID4VP 1.0 §5.8).
	private static final String SELF_ISSUED = "https://self-issued.me/v2";

	private static final Set<EncryptionMethod> ENCRYPTIONS = Set.of(EncryptionMethod.A128GCM, EncryptionMethod.A256GCM);

	private static final Pattern WALLET_NONCE = Pattern.compile("[\\x21-\\x7e]{1,256}");

	private static final Pattern ERROR_CODE = Pattern.compile("[a-z0-9_]{1,64}");

	private final PresentationRequestRepository requests;

	private final ClientFlow flow;

	private final VerifierIdentity identity;

	private final WalletProperties properties;

	private final ServerSecret secret;

	private final Clock clock;

	private final TransactionTemplate transactions;

	PresentationRequests(PresentationRequestRepository requests, ClientFlow flow, VerifierIdentity identity,
			WalletProperties properties, ServerSecret secret, Clock clock, TransactionTemplate transactions) {
		this.requests = requests;
		this.flow = flow;
		this.identity = identity;
		this.properties = properties;
		this.secret = secret;
		this.clock = clock;
		this.transactions = transactions;
	}

	/**
	 * A new request for the current method of the session this client secret opens.
	 * @param methodName {@code mdl}, {@code mid} or {@code eudi_pid}: the session's
	 * current method
	 * @param responseMode {@code direct_post.jwt} (the default) or {@code direct_post}
	 */
	public PresentationRequestView create(String clientSecret, @Nullable String methodName,
			@Nullable String responseMode) {
		if (methodName == null) {
			throw ApiException.missing("method");
		}
		VerificationMethod method = VerificationMethod.fromApiName(methodName)
			.filter(DcqlQueries::serves)
			.orElseThrow(() -> ApiException.invalid("method",
					"A presentation request is for mdl, mid or eudi_pid, not '" + methodName + "'."));
		String mode = (responseMode != null) ? responseMode : PresentationRequest.ResponseMode.DIRECT_POST_JWT;
		if (!mode.equals(PresentationRequest.ResponseMode.DIRECT_POST_JWT)
				&& !mode.equals(PresentationRequest.ResponseMode.DIRECT_POST)) {
			throw ApiException.invalid("response_mode", "response_mode must be direct_post.jwt or direct_post.");
		}
		ClientFlow.WalletSession session = this.flow.walletSession(clientSecret);
		if (method != session.currentMethod()) {
			throw ApiException.invalid("method", "The session's current method is " + session.currentMethod().apiName()
					+ "; ask for a request for that one, or skip to the next.");
		}
		if (session.livemode() && !this.identity.configured()) {
			throw new ApiException(HttpStatus.CONFLICT, ErrorType.INVALID_REQUEST_ERROR, "verifier_not_configured",
					"Live wallet requests need the operator's verifier certificate (STILE_VERIFIER_CERTIFICATE).",
					"method");
		}
		Instant now = now();
		String id = Ids.newId("vpr");
		String encryptionKey = null;
		if (mode.equals(PresentationRequest.ResponseMode.DIRECT_POST_JWT)) {
			encryptionKey = newEncryptionKey().toJSONString();
		}
		String dcql = JSONObjectUtils.toJSONString(DcqlQueries.of(method, session.purpose(), session.requiredAge()));
		PresentationRequest request = new PresentationRequest(id, session.sessionId(), session.livemode(),
				method.apiName(), mode, this.identity.clientId(), responseUri(id), token(32), token(16), dcql,
				encryptionKey, now, now.plus(this.properties.requestLifetime()));
		this.requests.save(request);
		return view(request, now);
	}

	/** A request of the session this client secret opens. */
	public PresentationRequestView retrieve(String clientSecret, String id) {
		String sessionId = this.flow.sessionId(clientSecret);
		return view(ownRequest(sessionId, id), now());
	}

	/**
	 * The hosted page hands back the {@code response_code} a same-device wallet was
	 * redirected with: the answer came back to the browser that asked.
	 */
	public PresentationRequestView confirmResponseCode(String clientSecret, String id, @Nullable String code) {
		String sessionId = this.flow.sessionId(clientSecret);
		if (code == null) {
			throw ApiException.missing("response_code");
		}
		return this.transactions.execute((status) -> {
			PresentationRequest request = this.requests.lockById(id)
				.filter((found) -> found.sessionId().equals(sessionId))
				.orElseThrow(() -> ApiException.notFound("presentation_request", id, "id"));
			if (request.responseCodeHash() == null
					|| !request.responseCodeHash().equals(this.secret.hash("response_code", code))) {
				throw ApiException.invalid("response_code", "This is not the response code the wallet was given.");
			}
			request.confirmResponseCode();
			return view(request, now());
		});
	}

	/**
	 * The signed request object (JAR) for a wallet, echoing its {@code wallet_nonce} when
	 * it fetched with {@code request_uri_method=post}.
	 */
	String requestObject(String id, @Nullable String walletNonce) {
		if (walletNonce != null && !WALLET_NONCE.matcher(walletNonce).matches()) {
			throw ApiException.invalid("wallet_nonce", "wallet_nonce must be 1 to 256 printable ASCII characters.");
		}
		PresentationRequest request = openRequest(id);
		Map<String, Object> metadata = new LinkedHashMap<>();
		metadata.put("vp_formats_supported",
				Map.of("mso_mdoc", Map.of("issuerauth_alg_values", List.of(-7), "deviceauth_alg_values", List.of(-7)),
						"dc+sd-jwt",
						Map.of("sd-jwt_alg_values", List.of("ES256"), "kb-jwt_alg_values", List.of("ES256"))));
		if (request.encrypted()) {
			metadata.put("jwks", Map.of("keys", List.of(encryptionKey(request).toPublicJWK().toJSONObject())));
			metadata.put("encrypted_response_enc_values_supported", List.of("A128GCM", "A256GCM"));
		}
		try {
			JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().audience(SELF_ISSUED)
				.issueTime(Date.from(now()))
				.expirationTime(Date.from(request.expiresAt()))
				.claim("client_id", request.clientId())
				.claim("response_type", "vp_token")
				.claim("response_mode", request.responseMode())
				.claim("response_uri", request.responseUri())
				.claim("nonce", request.nonce())
				.claim("state", request.state())
				.claim("dcql_query", JSONObjectUtils.parse(request.dcqlQuery()))
				.claim("client_metadata", metadata);
			if (walletNonce != null) {
				claims.claim("wallet_nonce", walletNonce);
			}
			List<com.nimbusds.jose.util.Base64> chain = new ArrayList<>();
			for (X509Certificate certificate : this.identity.chain()) {
				chain.add(com.nimbusds.jose.util.Base64.encode(certificate.getEncoded()));
			}
			SignedJWT jwt = new SignedJWT(
					new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("oauth-authz-req+jwt"))
						.x509CertChain(chain)
						.build(),
					claims.build());
			jwt.sign(new ECDSASigner((ECPrivateKey) this.identity.key()));
			return jwt.serialize();
		}
		catch (JOSEException | ParseException | CertificateEncodingException ex) {
			throw new IllegalStateException("Could not sign the request object", ex);
		}
	}

	/**
	 * A wallet's answer at the request's {@code response_uri}: checked against the
	 * request (decryption, state, shape) before the request is used up, then judged as
	 * one attempt of the session.
	 * @return the body for the wallet: {@code redirect_uri} back to the hosted page with
	 * a fresh {@code response_code}, or nothing for a wallet's error
	 */
	Map<String, Object> respond(String id, FormBody form) {
		PresentationRequest request = openRequest(id);
		Map<String, Object> response = response(request, form);
		Object error = response.get("error");
		if (error != null) {
			String code = (error instanceof String text && ERROR_CODE.matcher(text).matches()) ? text : "wallet_error";
			claim(id);
			this.transactions.executeWithoutResult((status) -> this.requests.lockById(id)
				.ifPresent((claimed) -> claimed.fail("wallet_" + code.replaceFirst("^wallet_", ""))));
			return Map.of();
		}
		if (!request.state().equals(response.get("state"))) {
			throw ApiException.invalid("state", "state does not match the request's.");
		}
		String presentation = presentation(request, response.get("vp_token"));
		Handover handover = new Handover(request.clientId(), request.nonce(), request.responseUri(),
				request.encrypted() ? thumbprint(encryptionKey(request)) : null);
		VerificationMethod method = VerificationMethod.fromApiName(request.method()).orElseThrow();
		claim(id);
		AttemptResponse attempt;
		try {
			attempt = this.flow.walletAttempt(request.sessionId(), method,
					new AttemptInput(Map.of("presentation", presentation), null, handover));
		}
		catch (ApiException ex) {
			this.transactions.executeWithoutResult(
					(status) -> this.requests.lockById(id).ifPresent((claimed) -> claimed.fail(ex.code())));
			throw ex;
		}
		String code = Ids.randomToken(32);
		String resultId = attempt.resultId();
		boolean verified = "verified".equals(attempt.resultStatus());
		this.transactions.executeWithoutResult((status) -> this.requests.lockById(id)
			.ifPresent((claimed) -> claimed.complete(verified, resultId, this.secret.hash("response_code", code))));
		return Map.of("redirect_uri",
				this.properties.publicUrl() + "/verify/" + request.sessionId() + "#response_code=" + code);
	}

	/** Drops the encryption keys of requests that expired unanswered. */
	@Scheduled(fixedDelayString = "PT1M", initialDelayString = "PT1M")
	void dropExpiredKeys() {
		Integer dropped = this.transactions.execute((status) -> this.requests.expireUnanswered(now()));
		if (dropped != null && dropped > 0) {
			logger.debug("{} presentation requests expired", dropped);
		}
	}

	private Map<String, Object> response(PresentationRequest request, FormBody form) {
		for (String name : form.names()) {
			if (!Set.of("response", "vp_token", "state", "error", "error_description").contains(name)) {
				throw new ApiException(HttpStatus.BAD_REQUEST, ErrorType.INVALID_REQUEST_ERROR, "parameter_unknown",
						"Received unknown parameter: " + name + ".", name);
			}
		}
		String jwe = form.get("response");
		if (request.encrypted() && jwe == null) {
			if (form.has("error")) {
				// A wallet that cannot encrypt may still say why it did not answer
				// (§8.3.1).
				return Map.of("error", form.get("error"));
			}
			throw ApiException.missing("response");
		}
		if (!request.encrypted()) {
			if (jwe != null) {
				throw ApiException.invalid("response", "This request asked for direct_post: send vp_token and state.");
			}
			Map<String, Object> plain = new LinkedHashMap<>();
			if (form.has("error")) {
				plain.put("error", form.get("error"));
				return plain;
			}
			if (form.get("vp_token") == null) {
				throw ApiException.missing("vp_token");
			}
			plain.put("vp_token", parseJson(form.get("vp_token"), "vp_token"));
			plain.put("state", form.get("state"));
			return plain;
		}
		if (form.has("vp_token") || form.has("state")) {
			throw ApiException.invalid("vp_token",
					"This request asked for direct_post.jwt: send only the encrypted response.");
		}
		try {
			JWEObject object = JWEObject.parse(jwe);
			ECKey key = encryptionKey(request);
			if (!JWEAlgorithm.ECDH_ES.equals(object.getHeader().getAlgorithm())
					|| !ENCRYPTIONS.contains(object.getHeader().getEncryptionMethod())
					|| (object.getHeader().getKeyID() != null
							&& !object.getHeader().getKeyID().equals(key.getKeyID()))) {
				throw ApiException.invalid("response",
						"response must be a JWE with alg ECDH-ES and enc A128GCM or A256GCM for the request's key.");
			}
			object.decrypt(new ECDHDecrypter(key));
			return object.getPayload().toJSONObject();
		}
		catch (ParseException | JOSEException | IllegalStateException ex) {
			throw ApiException.invalid("response", "response is not a JWE this server can decrypt.");
		}
	}

	private static Object parseJson(String text, String param) {
		try {
			return JSONObjectUtils.parse(text);
		}
		catch (ParseException ex) {
			throw ApiException.invalid(param, param + " must be a JSON object.");
		}
	}

	/**
	 * The presentation in a {@code vp_token}: an object whose keys are the query's
	 * credential ids, each with an array of presentations (a bare string, as drafts sent
	 * it, is read too).
	 */
	private static String presentation(PresentationRequest request, @Nullable Object token) {
		if (!(token instanceof Map<?, ?> map) || map.isEmpty()) {
			throw ApiException.invalid("vp_token", "vp_token must be an object of the query's credential ids.");
		}
		Set<String> ids = credentialIds(request);
		for (Map.Entry<?, ?> entry : map.entrySet()) {
			if (!ids.contains(entry.getKey())) {
				throw ApiException.invalid("vp_token",
						"vp_token answers a credential query this request did not make.");
			}
		}
		Object value = map.values().iterator().next();
		if (value instanceof List<?> list && !list.isEmpty()) {
			value = list.get(0);
		}
		if (!(value instanceof String presentation) || presentation.isEmpty()) {
			throw ApiException.invalid("vp_token", "Each vp_token entry must be an array of presentations.");
		}
		return presentation;
	}

	@SuppressWarnings("unchecked")
	private static Set<String> credentialIds(PresentationRequest request) {
		try {
			List<Object> credentials = (List<Object>) JSONObjectUtils.parse(request.dcqlQuery()).get("credentials");
			return credentials.stream()
				.map((credential) -> (String) ((Map<String, Object>) credential).get("id"))
				.collect(java.util.stream.Collectors.toSet());
		}
		catch (ParseException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void claim(String id) {
		ApiException refusal = this.transactions.execute((status) -> {
			PresentationRequest request = this.requests.lockById(id)
				.orElseThrow(() -> ApiException.notFound("presentation_request", id, "id"));
			try {
				request.claim(now());
				return null;
			}
			catch (ApiException ex) {
				return ex;
			}
		});
		if (refusal != null) {
			throw refusal;
		}
	}

	private PresentationRequest openRequest(String id) {
		PresentationRequest request = find(id);
		request.requireOpen(now());
		return request;
	}

	private PresentationRequest find(String id) {
		if (!Ids.hasShape(id, "vpr")) {
			throw ApiException.notFound("presentation_request", id, "id");
		}
		return this.requests.findById(id).orElseThrow(() -> ApiException.notFound("presentation_request", id, "id"));
	}

	private PresentationRequest ownRequest(String sessionId, String id) {
		PresentationRequest request = find(id);
		if (!request.sessionId().equals(sessionId)) {
			throw ApiException.notFound("presentation_request", id, "id");
		}
		return request;
	}

	private PresentationRequestView view(PresentationRequest request, Instant now) {
		String requestUri = requestUri(request.id());
		String link = "openid4vp://?client_id=" + encode(request.clientId()) + "&request_uri=" + encode(requestUri);
		return PresentationRequestView.of(request, requestUri, link, now);
	}

	private static ECKey encryptionKey(PresentationRequest request) {
		try {
			return ECKey.parse(request.encryptionKey());
		}
		catch (ParseException | NullPointerException ex) {
			throw new IllegalStateException("request " + request.id() + " has no encryption key", ex);
		}
	}

	private static ECKey newEncryptionKey() {
		try {
			return new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.ENCRYPTION)
				.algorithm(JWEAlgorithm.ECDH_ES)
				.keyID(token(12))
				.generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static byte[] thumbprint(ECKey key) {
		try {
			// The raw 32 bytes, not their base64url (OpenID4VP 1.0 §B.2.6.1).
			return key.computeThumbprint().decode();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private String requestUri(String id) {
		return this.properties.publicUrl() + "/v1/oid4vp/requests/" + id;
	}

	private String responseUri(String id) {
		return this.properties.publicUrl() + "/v1/oid4vp/responses/" + id;
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private static String token(int bytes) {
		byte[] value = new byte[bytes];
		random.nextBytes(value);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MICROS);
	}

}
