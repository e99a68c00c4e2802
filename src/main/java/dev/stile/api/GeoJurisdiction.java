package dev.stile.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.stereotype.Component;

/**
 * The caller's jurisdiction as a CDN reports it in geo headers. Live mode believes only
 * the provider named by {@code STILE_GEO_HEADERS} (none by default), since a customer can
 * send any of these headers and a CDN overwrites only its own; test mode believes all
 * three, the configured provider first, so integrations can test any place. Either way
 * the headers count only when the direct peer is a trusted proxy: loopback and private
 * networks by default, otherwise the CIDRs of {@code STILE_TRUSTED_PROXIES}.
 */
@Component
public class GeoJurisdiction {

	private static final Logger logger = LoggerFactory.getLogger(GeoJurisdiction.class);

	private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");

	private static final Pattern REGION = Pattern.compile("[A-Z0-9]{1,3}");

	private final List<IpAddressMatcher> trusted;

	private final List<Provider> live;

	private final List<Provider> test;

	GeoJurisdiction(HttpProperties properties) {
		this.trusted = properties.trustedProxyCidrs().stream().map(IpAddressMatcher::new).toList();
		Optional<Provider> configured = Provider.of(properties.geoHeaders());
		this.live = configured.map(List::of).orElse(List.of());
		List<Provider> test = new ArrayList<>(configured.map(List::of).orElse(List.of()));
		Arrays.stream(Provider.values()).filter((provider) -> !test.contains(provider)).forEach(test::add);
		this.test = List.copyOf(test);
		if (configured.isPresent() && properties.trustedProxies().isEmpty()) {
			logger.warn("STILE_GEO_HEADERS={} is believed from any loopback or private address; set "
					+ "STILE_TRUSTED_PROXIES to the addresses of your proxies", properties.geoHeaders());
		}
	}

	/**
	 * The jurisdiction code ({@code US} or {@code US-CA}) the trusted headers give in the
	 * caller's mode, if any.
	 */
	public Optional<String> of(HttpServletRequest request, boolean livemode) {
		List<Provider> providers = livemode ? this.live : this.test;
		// The direct peer, not the client address forwarded headers may have put in its
		// place.
		Object peer = request.getAttribute(HttpProperties.PEER_ADDRESS_ATTRIBUTE);
		if (providers.isEmpty() || !isTrusted((peer instanceof String address) ? address : request.getRemoteAddr())) {
			return Optional.empty();
		}
		for (Provider provider : providers) {
			String country = normalize(request.getHeader(provider.country));
			// XX (unknown) and T1 (Tor) are Cloudflare's ways of saying it does not know.
			if (country == null || !COUNTRY.matcher(country).matches() || country.equals("XX")) {
				continue;
			}
			String region = normalize(request.getHeader(provider.region));
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

	/**
	 * A CDN and the pair of headers in which it reports the viewer's country and region.
	 */
	enum Provider {

		CLOUDFLARE("CF-IPCountry", "CF-Region-Code"),

		CLOUDFRONT("CloudFront-Viewer-Country", "CloudFront-Viewer-Country-Region"),

		VERCEL("X-Vercel-IP-Country", "X-Vercel-IP-Country-Region");

		private final String country;

		private final String region;

		Provider(String country, String region) {
			this.country = country;
			this.region = region;
		}

		static Optional<Provider> of(String name) {
			return Arrays.stream(values())
				.filter((provider) -> provider.name().equalsIgnoreCase(name.trim()))
				.findFirst();
		}

	}

}
