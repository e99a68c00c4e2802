package dev.stile.api;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Registers the filters that run before everything else, security included.
 */
@Configuration(proxyBeanMethods = false)
class ApiFilterConfiguration {

	@Bean
	FilterRegistrationBean<RequestIdFilter> requestIdFilter() {
		FilterRegistrationBean<RequestIdFilter> registration = new FilterRegistrationBean<>(new RequestIdFilter());
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

	@Bean
	FilterRegistrationBean<BodySizeLimitFilter> bodySizeLimitFilter(HttpProperties properties,
			ErrorWriter errorWriter) {
		FilterRegistrationBean<BodySizeLimitFilter> registration = new FilterRegistrationBean<>(new BodySizeLimitFilter(
				properties.maxBodySize(), properties.maxUploadSize(), properties.maxAttemptSize(), errorWriter));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
		return registration;
	}

	@Bean
	FilterRegistrationBean<QueryStringFilter> queryStringFilter(ErrorWriter errorWriter) {
		FilterRegistrationBean<QueryStringFilter> registration = new FilterRegistrationBean<>(
				new QueryStringFilter(errorWriter));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
		return registration;
	}

	@Bean
	FilterRegistrationBean<RequestShapeFilter> requestShapeFilter(ErrorWriter errorWriter) {
		FilterRegistrationBean<RequestShapeFilter> registration = new FilterRegistrationBean<>(
				new RequestShapeFilter(errorWriter));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 3);
		return registration;
	}

}
