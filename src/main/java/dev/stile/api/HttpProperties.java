package dev.stile.api;

import java.util.List;
import java.util.Locale;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * HTTP settings shared by the whole API.
 *
 * @param trustedProxies CIDRs whose forwarded and geo headers are believed; empty means
 * loopback and private networks
 * @param maxBodySize largest request body accepted, in bytes
 * @param maxUploadSize largest upload (a document photo) accepted, in bytes
 * @param widgetOrigins origins whose pages may call the widget's client-secret API
 * (CORS); {@code *} for any, which is safe because the secret is sent explicitly, never
 * as a cookie
 * @param geoHeaders the provider whose geo headers live mode believes:
 * {@code cloudflare}, {@code cloudfront}, {@code vercel}, or empty for none
 * @param maxAttemptSize largest JSON attempt sent to the widget's API, in bytes: a
 * credential presentation of up to 256 KiB, as base64url, with its other fields
 */
@ConfigurationProperties("stile.http")
public record HttpProperties(@DefaultValue List<String> trustedProxies, @DefaultValue("65536") long maxBodySize,
		@DefaultValue("10485760") long maxUploadSize, @DefaultValue("*") List<String> widgetOrigins,
		@DefaultValue("") String geoHeaders, @DefaultValue("393216") long maxAttemptSize) {

	/** Loopback and private networks: the proxies trusted when none are configured. */
	public static final List<String> PRIVATE_NETWORKS = List.of("127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12",
			"192.168.0.0/16", "fc00::/7");

	/**
	 * The request attribute holding the address of the direct peer, set before forwarded
	 * headers replace the request's remote address with the client's.
	 */
	public static final String PEER_ADDRESS_ATTRIBUTE = "dev.stile.peer_address";

	public HttpProperties {
		trustedProxies = trustedProxies.stream().map(String::trim).filter((cidr) -> !cidr.isEmpty()).toList();
		geoHeaders = geoHeaders.trim().toLowerCase(Locale.ROOT);
		if (!geoHeaders.isEmpty() && GeoJurisdiction.Provider.of(geoHeaders).isEmpty()) {
			throw new IllegalArgumentException(
					"STILE_GEO_HEADERS must be one of cloudflare, cloudfront, vercel, or empty: " + geoHeaders);
		}
	}

	/** The CIDRs of the proxies whose forwarded and geo headers are believed. */
	public List<String> trustedProxyCidrs() {
		return this.trustedProxies.isEmpty() ? PRIVATE_NETWORKS : this.trustedProxies;
	}

}
