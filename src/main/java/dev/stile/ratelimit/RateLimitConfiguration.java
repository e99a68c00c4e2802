package dev.stile.ratelimit;

import javax.sql.DataSource;

import dev.stile.api.ErrorWriter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The limiter and its filters. The per-key filter belongs to the API's security chain
 * only, so the servlet container must not run it a second time for every request; the
 * upload filter runs on the upload endpoint alone.
 */
@Configuration(proxyBeanMethods = false)
class RateLimitConfiguration {

	@Bean
	RateLimiter rateLimiter(RateLimitProperties properties, DataSource dataSource) {
		return new RateLimiter(properties, dataSource);
	}

	@Bean
	RateLimitFilter rateLimitFilter(RateLimiter limiter, RateLimitProperties properties, ErrorWriter errors,
			MeterRegistry meters) {
		return new RateLimitFilter(limiter, properties, errors, meters);
	}

	@Bean
	OperatorTokenThrottle operatorTokenThrottle(RateLimiter limiter, RateLimitProperties properties) {
		return new OperatorTokenThrottle(limiter, properties);
	}

	/**
	 * After the security chain, whose CORS headers a refusal needs for the widget to read
	 * it, and before the multipart body is parsed by the controller.
	 */
	@Bean
	FilterRegistrationBean<UploadLimitFilter> uploadLimitFilter(RateLimiter limiter, RateLimitProperties properties,
			ErrorWriter errors, MeterRegistry meters) {
		FilterRegistrationBean<UploadLimitFilter> registration = new FilterRegistrationBean<>(
				new UploadLimitFilter(limiter, properties, errors, meters));
		registration.addUrlPatterns(UploadLimitFilter.PATH);
		registration.setOrder(0);
		return registration;
	}

	@Bean
	FilterRegistrationBean<RateLimitFilter> rateLimitFilterOutsideSecurity(RateLimitFilter filter) {
		FilterRegistrationBean<RateLimitFilter> registration = new FilterRegistrationBean<>(filter);
		registration.setEnabled(false);
		return registration;
	}

}
