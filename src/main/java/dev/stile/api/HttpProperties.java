package dev.stile.api;

import java.util.List;

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
 */
@ConfigurationProperties("stile.http")
public record HttpProperties(@DefaultValue List<String> trustedProxies, @DefaultValue("65536") long maxBodySize,
		@DefaultValue("10485760") long maxUploadSize, @DefaultValue("*") List<String> widgetOrigins) {

	public HttpProperties {
		trustedProxies = trustedProxies.stream().map(String::trim).filter((cidr) -> !cidr.isEmpty()).toList();
	}

}
