package dev.stile.ops;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Turns {@code stile.tls.certificate} and {@code stile.tls.private-key} (PEM files or PEM
 * text) into Spring Boot's SSL bundle {@code stile} served on the server port, with
 * HTTP/2. Without a certificate the server speaks plain HTTP/1.1, as behind a
 * TLS-terminating proxy.
 */
class TlsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	static final String BUNDLE = "stile";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String certificate = environment.getProperty("stile.tls.certificate");
		String privateKey = environment.getProperty("stile.tls.private-key");
		if (!StringUtils.hasText(certificate) && !StringUtils.hasText(privateKey)) {
			return;
		}
		if (!StringUtils.hasText(certificate) || !StringUtils.hasText(privateKey)) {
			throw new IllegalStateException(
					"TLS needs both STILE_TLS_CERTIFICATE and STILE_TLS_PRIVATE_KEY; only one is set.");
		}
		String prefix = "spring.ssl.bundle.pem." + BUNDLE + ".keystore.";
		Map<String, Object> tls = new LinkedHashMap<>();
		tls.put(prefix + "certificate", certificate);
		tls.put(prefix + "private-key", privateKey);
		String password = environment.getProperty("stile.tls.private-key-password");
		if (StringUtils.hasText(password)) {
			tls.put(prefix + "private-key-password", password);
		}
		tls.put("server.ssl.bundle", BUNDLE);
		tls.put("server.http2.enabled", "true");
		environment.getPropertySources().addFirst(new MapPropertySource("stile-tls", tls));
	}

	@Override
	public int getOrder() {
		// After the configuration files and the environment have been read.
		return Ordered.LOWEST_PRECEDENCE;
	}

}
