package dev.stile.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.FileSystemUtils;

/**
 * Starts a real PostgreSQL (binaries from Maven Central) when no
 * {@code spring.datasource.url} is configured, so that one command runs the server on a
 * fresh machine. Its data directory survives restarts unless the server is configured as
 * ephemeral.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
@EnableConfigurationProperties(EmbeddedPostgresProperties.class)
class EmbeddedPostgresConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(EmbeddedPostgresConfiguration.class);

	@Bean
	EmbeddedDatabase embeddedPostgres(EmbeddedPostgresProperties properties) throws IOException {
		Path dataDir;
		if (properties.embeddedPostgres().ephemeral()) {
			dataDir = Files.createTempDirectory("stile-postgres-");
		}
		else {
			dataDir = properties.dataDir().toAbsolutePath().normalize().resolve("postgres");
			Files.createDirectories(dataDir);
			OrphanedPostmaster.stopIfAny(dataDir, Duration.ofSeconds(60));
		}
		EmbeddedPostgres postgres = EmbeddedPostgres.builder()
			.setDataDirectory(dataDir)
			.setCleanDataDirectory(false)
			.setRegisterShutdownHook(false)
			.setPGStartupWait(Duration.ofSeconds(60))
			.setServerConfig("max_connections", "200")
			.setServerConfig("shared_buffers", "256MB")
			// Durability as a real server has it; only a throwaway test database trades
			// it for speed.
			.setServerConfig("fsync", properties.embeddedPostgres().ephemeral() ? "off" : "on")
			.setServerConfig("synchronous_commit", properties.embeddedPostgres().ephemeral() ? "off" : "on")
			.start();
		logger.info("Embedded PostgreSQL running on port {} with data in {}", postgres.getPort(), dataDir);
		return new EmbeddedDatabase(postgres, dataDir, properties.embeddedPostgres().ephemeral());
	}

	@Bean
	HikariDataSource dataSource(EmbeddedDatabase database) {
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl(database.postgres().getJdbcUrl("postgres", "postgres"));
		dataSource.setUsername("postgres");
		dataSource.setMaximumPoolSize(20);
		dataSource.setConnectionTimeout(5000);
		dataSource.setPoolName("stile-embedded");
		return dataSource;
	}

	/**
	 * The running embedded server; stopped after the connection pool that uses it is
	 * closed.
	 */
	record EmbeddedDatabase(EmbeddedPostgres postgres, Path dataDir, boolean ephemeral) implements AutoCloseable {

		@Override
		public void close() throws IOException {
			this.postgres.close();
			if (this.ephemeral) {
				FileSystemUtils.deleteRecursively(this.dataDir);
			}
		}

	}

}
