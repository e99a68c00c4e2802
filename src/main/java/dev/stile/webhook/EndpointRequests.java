package dev.stile.webhook;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import dev.stile.api.ApiException;
import dev.stile.session.SessionEvent;

/**
 * The bodies of the webhook endpoint requests, exactly as documented, and the checks of
 * their values. Unknown fields and wrong JSON types are refused while reading.
 */
final class EndpointRequests {

	static final String ALL_EVENTS = "*";

	private static final int MAX_URL = 2048;

	private static final int MAX_TEXT = 500;

	private static final int MAX_METADATA_KEYS = 50;

	private static final int MAX_METADATA_KEY = 40;

	// Only plain dotted quads are checked here; other spellings (127.1, 0x7f.1) are
	// caught
	// at delivery time like any name.
	private static final Pattern DOTTED_QUAD = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");

	private EndpointRequests() {
	}

	/** {@code POST /v1/webhook_endpoints}. */
	record Create(String url, List<String> enabledEvents, String description, Map<String, String> metadata) {

		void check(Targets targets) {
			if (this.url == null) {
				throw ApiException.missing("url");
			}
			checkUrl(this.url, targets);
			if (this.enabledEvents == null) {
				throw ApiException.missing("enabled_events");
			}
			checkEvents(this.enabledEvents);
			checkText("description", this.description);
			checkMetadata(this.metadata);
		}

		Map<String, Object> fingerprint() {
			Map<String, Object> values = new TreeMap<>();
			values.put("url", this.url);
			values.put("enabled_events", this.enabledEvents);
			values.put("description", this.description);
			values.put("metadata", (this.metadata != null) ? new TreeMap<>(this.metadata) : null);
			return values;
		}

	}

	/**
	 * {@code POST /v1/webhook_endpoints/{id}}: only the given fields change. An empty
	 * description clears it; an empty metadata value removes its key.
	 */
	record Update(String url, List<String> enabledEvents, String description, Map<String, String> metadata,
			Boolean disabled) {

		void check(Targets targets) {
			if (this.url != null) {
				checkUrl(this.url, targets);
			}
			if (this.enabledEvents != null) {
				checkEvents(this.enabledEvents);
			}
			checkText("description", this.description);
			checkMetadata(this.metadata);
		}

		Map<String, Object> fingerprint() {
			Map<String, Object> values = new TreeMap<>();
			values.put("url", this.url);
			values.put("enabled_events", this.enabledEvents);
			values.put("description", this.description);
			values.put("metadata", (this.metadata != null) ? new TreeMap<>(this.metadata) : null);
			values.put("disabled", this.disabled);
			return values;
		}

	}

	/**
	 * {@code POST /v1/webhook_endpoints/{id}/roll_secret}.
	 *
	 * @param gracePeriodSeconds how long the old secret keeps signing; the configured
	 * default when absent, at once when 0
	 */
	record RollSecret(Long gracePeriodSeconds) {

		static final long MAX_GRACE_SECONDS = 7 * 24 * 3600;

		void check() {
			if (this.gracePeriodSeconds != null
					&& (this.gracePeriodSeconds < 0 || this.gracePeriodSeconds > MAX_GRACE_SECONDS)) {
				throw ApiException.invalid("grace_period_seconds",
						"grace_period_seconds must be between 0 and " + MAX_GRACE_SECONDS + ".");
			}
		}

	}

	/** {@code DELETE} takes no parameters. */
	record Delete() {
	}

	/** Where the caller's endpoints may point. */
	enum Targets {

		/** Live mode: public addresses only. */
		LIVE,

		/** Test mode where the deployment allows loopback and private addresses. */
		TEST_WITH_PRIVATE,

		/** Test mode where the deployment allows only public addresses, as live mode. */
		TEST_PUBLIC_ONLY;

		boolean publicOnly() {
			return this != TEST_WITH_PRIVATE;
		}

	}

	/**
	 * Refuses URLs a webhook may not be sent to: not https (http only for localhost where
	 * test mode may reach it), with credentials, or naming a non-public address where
	 * only public ones are allowed. Names are not resolved here: what counts is the
	 * address connected to at delivery time.
	 */
	static void checkUrl(String value, Targets targets) {
		URI uri;
		try {
			uri = (value.length() <= MAX_URL) ? new URI(value) : null;
		}
		catch (URISyntaxException ex) {
			uri = null;
		}
		if (uri == null || !uri.isAbsolute() || uri.getHost() == null || uri.getRawUserInfo() != null
				|| uri.getRawFragment() != null) {
			throw ApiException.invalid("url", "url must be an absolute https URL without credentials or fragment.");
		}
		String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
		String host = uri.getHost();
		boolean localhost = TargetAddresses.isLocalhostName(host);
		if (!"https".equals(scheme) && !("http".equals(scheme) && !targets.publicOnly() && localhost)) {
			throw ApiException.invalid("url", "url must use https"
					+ (targets.publicOnly() ? "." : " (http is allowed only for localhost in test mode)."));
		}
		if (!targets.publicOnly()) {
			return;
		}
		String mode = (targets == Targets.LIVE) ? "Live-mode" : "On this server, test-mode";
		if (localhost) {
			throw ApiException.invalid("url", mode + " webhooks must be sent to a public address, not localhost.");
		}
		InetAddress literal = literal(host);
		if (literal != null && !TargetAddresses.isPublic(literal)) {
			throw ApiException.invalid("url", mode + " webhooks must be sent to a public address; "
					+ literal.getHostAddress() + " is private, loopback, link-local or reserved.");
		}
	}

	/** The address {@code host} spells literally, or {@code null} for a name. */
	private static InetAddress literal(String host) {
		String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
		boolean ipv6 = h.contains(":");
		if (!ipv6 && !DOTTED_QUAD.matcher(h).matches()) {
			return null;
		}
		try {
			// A literal is parsed, never looked up.
			return InetAddress.getByName(h);
		}
		catch (UnknownHostException | IllegalArgumentException ex) {
			throw ApiException.invalid("url", "url has an invalid host.");
		}
	}

	static List<String> checkEvents(List<String> events) {
		if (events.isEmpty()) {
			throw ApiException.invalid("enabled_events",
					"enabled_events must name at least one event type, or \"*\" for all.");
		}
		Set<String> seen = new LinkedHashSet<>();
		for (int i = 0; i < events.size(); i++) {
			String type = events.get(i);
			String param = "enabled_events[" + i + "]";
			if (type == null || !(ALL_EVENTS.equals(type) || SessionEvent.TYPES.contains(type))) {
				throw ApiException.invalid(param,
						"Unknown event type" + ((type != null) ? " '" + abbreviate(type) + "'" : "")
								+ ". Use \"*\" or one of: " + String.join(", ", SessionEvent.TYPES) + ".");
			}
			if (!seen.add(type)) {
				throw ApiException.invalid(param, "enabled_events names " + type + " twice.");
			}
		}
		return new ArrayList<>(seen);
	}

	private static void checkText(String param, String value) {
		if (value != null && value.length() > MAX_TEXT) {
			throw ApiException.invalid(param, param + " must be at most " + MAX_TEXT + " characters.");
		}
	}

	private static void checkMetadata(Map<String, String> metadata) {
		if (metadata == null) {
			return;
		}
		if (metadata.size() > MAX_METADATA_KEYS) {
			throw ApiException.invalid("metadata", "metadata can have at most " + MAX_METADATA_KEYS + " keys.");
		}
		for (Map.Entry<String, String> entry : metadata.entrySet()) {
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

	private static String abbreviate(String value) {
		return (value.length() > 60) ? value.substring(0, 60) + "…" : value;
	}

}
