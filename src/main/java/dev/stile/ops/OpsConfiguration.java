package dev.stile.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import dev.stile.api.HttpProperties;
import org.apache.catalina.Valve;
import org.apache.catalina.valves.RemoteIpValve;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * The request log and the trust of forwarded headers.
 */
@Configuration(proxyBeanMethods = false)
class OpsConfiguration {

	@Bean
	@ConditionalOnProperty(name = "stile.logging.requests", havingValue = "true", matchIfMissing = true)
	FilterRegistrationBean<RequestLogFilter> requestLogFilter() {
		FilterRegistrationBean<RequestLogFilter> registration = new FilterRegistrationBean<>(new RequestLogFilter());
		// Inside the request id filter, so that the line carries the request id.
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
		return registration;
	}

	/**
	 * Believes {@code X-Forwarded-For} and {@code X-Forwarded-Proto} only from the
	 * trusted proxies of {@code stile.http.trusted-proxies}, the same CIDRs that decide
	 * whether geo headers are believed, and remembers the direct peer for that decision.
	 */
	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> trustedProxies(HttpProperties properties) {
		String cidrs = properties.trustedProxyCidrs()
			.stream()
			.map(OpsConfiguration::cidr)
			.collect(Collectors.joining(","));
		return new TrustedProxiesCustomizer(cidrs);
	}

	// Tomcat reads a list as CIDRs only when it contains a slash.
	static String cidr(String address) {
		if (address.indexOf('/') >= 0) {
			return address;
		}
		return address.indexOf(':') >= 0 ? address + "/128" : address + "/32";
	}

	record TrustedProxiesCustomizer(
			String cidrs) implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

		@Override
		public void customize(TomcatServletWebServerFactory factory) {
			List<Valve> valves = new ArrayList<>();
			valves.add(new PeerAddressValve());
			for (Valve valve : factory.getEngineValves()) {
				if (valve instanceof RemoteIpValve remoteIp) {
					remoteIp.setInternalProxies(this.cidrs);
					remoteIp.setTrustedProxies(null);
				}
				valves.add(valve);
			}
			factory.setEngineValves(valves);
		}

		@Override
		public int getOrder() {
			// After Spring Boot's own customizer has added the RemoteIpValve.
			return Ordered.LOWEST_PRECEDENCE;
		}

	}

}
