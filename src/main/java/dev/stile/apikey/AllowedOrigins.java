package dev.stile.apikey;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.stile.api.ApiException;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The origins of an organization's own sites, set by the operator ({@code PATCH
 * /admin/v1/organizations/{id}} with {@code allowed_origins}): where its publishable-key
 * sessions may redirect, and who may frame its hosted verification page.
 */
@Component
public class AllowedOrigins {

	static final int MAX_ORIGINS = 20;

	private static final int MAX_LENGTH = 200;

	private final OrganizationRepository organizations;

	AllowedOrigins(OrganizationRepository organizations) {
		this.organizations = organizations;
	}

	/** The organization's allowed origins; empty when it has none (or does not exist). */
	@Transactional(readOnly = true)
	public List<String> of(String organizationId) {
		return this.organizations.findById(organizationId).map(Organization::allowedOrigins).orElse(List.of());
	}

	/**
	 * The origin of an absolute http(s) URL as allowed origins are written: lower-case
	 * scheme and host, the port only when it is not the scheme's default. Empty when the
	 * value is not such a URL.
	 */
	public static Optional<String> originOf(String url) {
		URI uri;
		try {
			uri = new URI(url);
		}
		catch (URISyntaxException ex) {
			return Optional.empty();
		}
		if (uri.getScheme() == null || uri.getHost() == null || uri.getRawUserInfo() != null) {
			return Optional.empty();
		}
		String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
		if (!scheme.equals("https") && !scheme.equals("http")) {
			return Optional.empty();
		}
		int port = uri.getPort();
		boolean defaultPort = port == -1 || (scheme.equals("https") && port == 443)
				|| (scheme.equals("http") && port == 80);
		return Optional.of(scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port));
	}

	/**
	 * Checks the origins an operator sets and writes them as {@link #originOf} does.
	 * Origins only (no path, wildcard or credentials), https except for localhost, since
	 * they also become a Content-Security-Policy source list.
	 */
	static List<String> normalize(List<String> origins) {
		if (origins.size() > MAX_ORIGINS) {
			throw ApiException.invalid("allowed_origins", "At most " + MAX_ORIGINS + " allowed_origins.");
		}
		LinkedHashSet<String> normalized = new LinkedHashSet<>();
		for (String origin : origins) {
			if (origin == null || origin.length() > MAX_LENGTH) {
				throw ApiException.invalid("allowed_origins",
						"Each of allowed_origins must be an origin of at most " + MAX_LENGTH + " characters.");
			}
			Optional<String> parsed = originOf(origin.trim());
			String path = pathOf(origin.trim());
			if (parsed.isEmpty() || origin.contains("*") || !(path.isEmpty() || path.equals("/"))) {
				throw ApiException.invalid("allowed_origins", "'" + abbreviate(origin)
						+ "' is not an origin: write scheme://host[:port], e.g. https://shop.example.com, without a path.");
			}
			String value = parsed.get();
			if (value.startsWith("http://") && !isLocalhost(URI.create(value).getHost())) {
				throw ApiException.invalid("allowed_origins",
						"'" + abbreviate(origin) + "' must use https (http is allowed only for localhost).");
			}
			normalized.add(value);
		}
		return new ArrayList<>(normalized);
	}

	private static String pathOf(String origin) {
		try {
			URI uri = new URI(origin);
			if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
				return "?";
			}
			return (uri.getRawPath() != null) ? uri.getRawPath() : "";
		}
		catch (URISyntaxException ex) {
			return "?";
		}
	}

	private static boolean isLocalhost(String host) {
		return host.equals("localhost") || host.endsWith(".localhost") || host.equals("127.0.0.1")
				|| host.equals("[::1]");
	}

	private static String abbreviate(String value) {
		return (value.length() > 60) ? value.substring(0, 60) + "…" : value;
	}

}
