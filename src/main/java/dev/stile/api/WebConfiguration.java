package dev.stile.api;

import org.apache.catalina.core.StandardHost;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverters;
import org.springframework.http.converter.yaml.JacksonYamlHttpMessageConverter;
import org.springframework.web.servlet.config.annotation.ContentNegotiationConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The API speaks JSON only: whatever a client asks for in {@code Accept}, it answers JSON
 * (an error included), and it reads no other format. YAML is on the class path for the
 * compliance rule files, not for HTTP.
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

	@Override
	public void configureContentNegotiation(ContentNegotiationConfigurer configurer) {
		configurer.ignoreAcceptHeader(true).defaultContentType(MediaType.APPLICATION_JSON);
	}

	@Override
	public void configureMessageConverters(HttpMessageConverters.ServerBuilder builder) {
		builder.configureMessageConvertersList(
				(converters) -> converters.removeIf(JacksonYamlHttpMessageConverter.class::isInstance));
	}

	/**
	 * Lets an encoded slash in a path reach the application, which refuses it in the
	 * API's envelope, instead of the servlet container answering with an HTML page.
	 */
	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> encodedSlashesReachTheApplication() {
		return (factory) -> {
			factory.addConnectorCustomizers((connector) -> connector.setEncodedSolidusHandling("passthrough"));
			// What the container still refuses itself is answered in the API's envelope,
			// not HTML.
			factory.addContextCustomizers((context) -> ((StandardHost) context.getParent())
				.setErrorReportValveClass(JsonErrorReportValve.class.getName()));
		};
	}

}
