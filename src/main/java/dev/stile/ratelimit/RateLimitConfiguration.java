package dev.stile.ratelimit;

import javax.sql.DataSource;

import dev.stile.api.ErrorWriter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The limiter and its filter. The filter belongs to the API's security chain only, so the
 * servlet container must not run it a second time for every request.
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

	@Bean
	FilterRegistrationBean<RateLimitFilter> rateLimitFilterOutsideSecurity(RateLimitFilter filter) {
		FilterRegistrationBean<RateLimitFilter> registration = new FilterRegistrationBean<>(filter);
		registration.setEnabled(false);
		return registration;
	}

}
