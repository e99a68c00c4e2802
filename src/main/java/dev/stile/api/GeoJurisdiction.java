package dev.stile.api;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.stereotype.Component;

/**
 * The caller's jurisdiction as a CDN or reverse proxy reports it in geo headers
 * (Cloudflare, CloudFront, Vercel). The headers are believed only when the direct peer is
 * a trusted proxy: by default loopback and private networks, otherwise the CIDRs of
 * {@code STILE_TRUSTED_PROXIES}.
 */
@Component
public class GeoJurisdiction {

	private static final List<HeaderPair> HEADERS = List.of(new HeaderPair("CF-IPCountry", "CF-Region-Code"),
			new HeaderPair("CloudFront-Viewer-Country", "CloudFront-Viewer-Country-Region"),
			new HeaderPair("X-Vercel-IP-Country", "X-Vercel-IP-Country-Region"));

	private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");

	private static final Pattern REGION = Pattern.compile("[A-Z0-9]{1,3}");

	private final List<IpAddressMatcher> trusted;

	GeoJurisdiction(HttpProperties properties) {
		this.trusted = properties.trustedProxyCidrs().stream().map(IpAddressMatcher::new).toList();
	}

	/**
	 * The jurisdiction code ({@code US} or {@code US-CA}) the trusted headers give, if
	 * any.
	 */
	public Optional<String> of(HttpServletRequest request) {
		// The direct peer, not the client address forwarded headers may have put in its
		// place.
		Object peer = request.getAttribute(HttpProperties.PEER_ADDRESS_ATTRIBUTE);
		if (!isTrusted((peer instanceof String address) ? address : request.getRemoteAddr())) {
			return Optional.empty();
		}
		for (HeaderPair pair : HEADERS) {
			String country = normalize(request.getHeader(pair.country()));
			// XX (unknown) and T1 (Tor) are Cloudflare's ways of saying it does not know.
			if (country == null || !COUNTRY.matcher(country).matches() || country.equals("XX")) {
				continue;
			}
			String region = normalize(request.getHeader(pair.region()));
			if (region != null && REGION.matcher(region).matches()) {
				return Optional.of(country + "-" + region);
			}
			return Optional.of(country);
		}
		return Optional.empty();
	}

	private boolean isTrusted(String address) {
		if (address == null) {
			return false;
		}
		for (IpAddressMatcher matcher : this.trusted) {
			try {
				if (matcher.matches(address)) {
					return true;
				}
			}
			catch (IllegalArgumentException ex) {
				// An address of the other IP family than the CIDR.
			}
		}
		return false;
	}

	private static String normalize(String value) {
		return (value != null) ? value.trim().toUpperCase(Locale.ROOT) : null;
	}

	private record HeaderPair(String country, String region) {
	}

}
