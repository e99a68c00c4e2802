package dev.stile.support;

import java.util.Map;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Points the tests at a Testcontainers PostgreSQL when Docker is available (as on CI
 * runners that have it) and leaves them on the embedded PostgreSQL otherwise.
 * {@code STILE_TEST_DATABASE=embedded} forces the embedded one.
 */
public class TestDatabase implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	private static PostgreSQLContainer container;

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		if ("embedded".equals(System.getenv("STILE_TEST_DATABASE")) || !dockerAvailable()) {
			return;
		}
		PostgreSQLContainer postgres = start();
		context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("testcontainers-postgres",
					Map.of("spring.datasource.url", postgres.getJdbcUrl(), "spring.datasource.username",
							postgres.getUsername(), "spring.datasource.password", postgres.getPassword())));
	}

	private static synchronized PostgreSQLContainer start() {
		if (container == null) {
			container = new PostgreSQLContainer("postgres:17-alpine");
			container.start();
		}
		return container;
	}

	private static boolean dockerAvailable() {
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

}
