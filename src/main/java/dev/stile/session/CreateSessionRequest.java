package dev.stile.session;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;

import dev.stile.api.ApiException;
import dev.stile.method.VerificationMethod;

/**
 * The body of {@code POST /v1/verification_sessions}, exactly as documented. Unknown
 * fields and wrong JSON types are refused while reading; {@link #check(boolean)} refuses
 * wrong values.
 */
record CreateSessionRequest(String type, List<String> methods, String useCase, String returnUrl, String cancelUrl,
		String clientReferenceId, Map<String, String> metadata, String idempotencyKey, String jurisdiction,
		String customUserMessage, String email, String phone, Boolean acceptExisting, String minStrength, String maxAge,
		List<String> requiredMethods, String deliveryJurisdiction, Boolean skipVerification) {

	static final Pattern JURISDICTION = Pattern.compile("[A-Z]{2}(-[A-Z0-9]{1,3})?");

	private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

	private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");

	private static final Pattern MAX_AGE = Pattern.compile("[1-9][0-9]{0,3}d");

	private static final int MAX_TEXT = 500;

	private static final int MAX_URL = 2048;

	private static final int MAX_METADATA_KEYS = 50;

	private static final int MAX_METADATA_KEY = 40;

	/**
	 * Checks every parameter against the documented rules, throwing a 400 that names the
	 * first wrong one.
	 */
	Checked check(boolean livemode) {
		if (this.type == null) {
			throw ApiException.missing("type");
		}
		SessionType sessionType = SessionType.fromApiName(this.type)
			.orElseThrow(() -> ApiException.invalid("type", "type must be one of: identity, age, student."));
		List<VerificationMethod> requested = (this.methods != null) ? methodList("methods", this.methods, false)
				: sessionType.defaultWaterfall();
		if (this.useCase != null && this.useCase.isBlank()) {
			throw ApiException.invalid("use_case", "use_case must not be empty.");
		}
		url("return_url", this.returnUrl, livemode);
		url("cancel_url", this.cancelUrl, livemode);
		text("client_reference_id", this.clientReferenceId);
		checkMetadata();
		if (this.idempotencyKey != null && (this.idempotencyKey.isBlank() || this.idempotencyKey.length() > 255)) {
			throw ApiException.invalid("idempotency_key", "idempotency_key must be 1 to 255 characters.");
		}
		jurisdictionCode("jurisdiction", this.jurisdiction);
		text("custom_user_message", this.customUserMessage);
		if (this.customUserMessage != null && this.customUserMessage.isBlank()) {
			throw ApiException.invalid("custom_user_message", "custom_user_message must not be empty.");
		}
		if (this.email != null && (this.email.length() > 254 || !EMAIL.matcher(this.email).matches())) {
			throw ApiException.invalid("email", "email must be a valid email address.");
		}
		if (this.phone != null && (!E164.matcher(this.phone).matches() || !isPossiblePhone(this.phone))) {
			throw ApiException.invalid("phone", "phone must be in E.164 format, e.g. +14155552671.");
		}
		boolean reuse = Boolean.TRUE.equals(this.acceptExisting);
		if (reuse && this.email == null && this.phone == null) {
			throw ApiException.invalid("accept_existing", "accept_existing requires email or phone.");
		}
		VerificationMethod strength = null;
		if (this.minStrength != null) {
			strength = VerificationMethod.fromApiName(this.minStrength)
				.orElseThrow(() -> ApiException.invalid("min_strength",
						"min_strength must be a verification method, e.g. document_capture."));
		}
		if (this.maxAge != null && !MAX_AGE.matcher(this.maxAge).matches()) {
			throw ApiException.invalid("max_age", "max_age must be a number of days such as \"30d\".");
		}
		List<VerificationMethod> required = (this.requiredMethods != null)
				? methodList("required_methods", this.requiredMethods, true) : List.of();
		jurisdictionCode("delivery_jurisdiction", this.deliveryJurisdiction);
		return new Checked(sessionType, requested, strength, required, reuse);
	}

	/** The values that needed parsing, parsed. */
	record Checked(SessionType type, List<VerificationMethod> methods, VerificationMethod minStrength,
			List<VerificationMethod> requiredMethods, boolean acceptExisting) {
	}

	/**
	 * The request as it identifies itself for idempotency: every parameter but the key.
	 */
	Map<String, Object> fingerprint() {
		Map<String, Object> values = new TreeMap<>();
		values.put("type", this.type);
		values.put("methods", this.methods);
		values.put("use_case", this.useCase);
		values.put("return_url", this.returnUrl);
		values.put("cancel_url", this.cancelUrl);
		values.put("client_reference_id", this.clientReferenceId);
		values.put("metadata", (this.metadata != null) ? new TreeMap<>(this.metadata) : null);
		values.put("jurisdiction", this.jurisdiction);
		values.put("custom_user_message", this.customUserMessage);
		values.put("email", this.email);
		values.put("phone", this.phone);
		values.put("accept_existing", this.acceptExisting);
		values.put("min_strength", this.minStrength);
		values.put("max_age", this.maxAge);
		values.put("required_methods", this.requiredMethods);
		values.put("delivery_jurisdiction", this.deliveryJurisdiction);
		values.put("skip_verification", this.skipVerification);
		return values;
	}

	private static List<VerificationMethod> methodList(String param, List<String> names, boolean emptyAllowed) {
		if (names.isEmpty() && !emptyAllowed) {
			throw ApiException.invalid(param, param + " must name at least one method.");
		}
		List<VerificationMethod> parsed = new ArrayList<>();
		Set<VerificationMethod> seen = EnumSet.noneOf(VerificationMethod.class);
		for (int i = 0; i < names.size(); i++) {
			String name = names.get(i);
			String at = param + "[" + i + "]";
			if (name == null) {
				throw ApiException.invalid(at, at + " must be a method name.");
			}
			VerificationMethod method = VerificationMethod.fromApiName(name)
				.orElseThrow(() -> ApiException.invalid(at, "Unknown verification method '" + abbreviate(name)
						+ "'. Known methods: " + knownMethods() + "."));
			if (!seen.add(method)) {
				throw ApiException.invalid(at, param + " names " + name + " twice.");
			}
			parsed.add(method);
		}
		return parsed;
	}

	private void checkMetadata() {
		if (this.metadata == null) {
			return;
		}
		if (this.metadata.size() > MAX_METADATA_KEYS) {
			throw ApiException.invalid("metadata", "metadata can have at most " + MAX_METADATA_KEYS + " keys.");
		}
		for (Map.Entry<String, String> entry : this.metadata.entrySet()) {
			String key = entry.getKey();
			if (key.isEmpty() || key.length() > MAX_METADATA_KEY) {
				throw ApiException.invalid("metadata",
						"metadata keys must be 1 to " + MAX_METADATA_KEY + " characters.");
			}
			String at = "metadata[" + key + "]";
			if (entry.getValue() == null) {
				throw ApiException.invalid(at, "metadata values must be strings.");
			}
			if (entry.getValue().length() > MAX_TEXT) {
				throw ApiException.invalid(at, "metadata values must be at most " + MAX_TEXT + " characters.");
			}
		}
	}

	private static void text(String param, String value) {
		if (value != null && value.length() > MAX_TEXT) {
			throw ApiException.invalid(param, param + " must be at most " + MAX_TEXT + " characters.");
		}
	}

	private static void jurisdictionCode(String param, String value) {
		if (value != null && !JURISDICTION.matcher(value).matches()) {
			throw ApiException.invalid(param,
					param + " must be an ISO 3166 code such as \"US\" or \"US-CA\" (upper case).");
		}
	}

	private static void url(String param, String value, boolean livemode) {
		if (value == null) {
			return;
		}
		URI uri;
		try {
			uri = (value.length() <= MAX_URL) ? new URI(value) : null;
		}
		catch (URISyntaxException ex) {
			uri = null;
		}
		if (uri == null || !uri.isAbsolute() || uri.getHost() == null || uri.getRawUserInfo() != null) {
			throw ApiException.invalid(param, param + " must be an absolute https URL.");
		}
		String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
		if ("https".equals(scheme)) {
			return;
		}
		if ("http".equals(scheme) && !livemode && isLocalhost(uri.getHost())) {
			return;
		}
		throw ApiException.invalid(param,
				param + " must use https" + (livemode ? "." : " (http is allowed only for localhost in test mode)."));
	}

	private static boolean isPossiblePhone(String phone) {
		PhoneNumberUtil util = PhoneNumberUtil.getInstance();
		try {
			return util.isPossibleNumber(util.parse(phone, null));
		}
		catch (NumberParseException ex) {
			return false;
		}
	}

	private static boolean isLocalhost(String host) {
		String h = host.toLowerCase(Locale.ROOT);
		return h.equals("localhost") || h.endsWith(".localhost") || h.equals("127.0.0.1") || h.equals("[::1]");
	}

	private static String abbreviate(String value) {
		return (value.length() > 40) ? value.substring(0, 40) + "…" : value;
	}

	private static String knownMethods() {
		return String.join(", ",
				java.util.Arrays.stream(VerificationMethod.values()).map(VerificationMethod::apiName).toList());
	}

}
