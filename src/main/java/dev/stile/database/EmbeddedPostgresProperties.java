package dev.stile.database;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the embedded PostgreSQL lives.
 *
 * @param dataDir the server's data directory; the database is kept in its
 * {@code postgres} sub-directory
 * @param ephemeral whether to throw the database away when the server stops
 */
@ConfigurationProperties("stile")
record EmbeddedPostgresProperties(@DefaultValue("./.stile") Path dataDir, @DefaultValue Embedded embeddedPostgres) {

	record Embedded(@DefaultValue("false") boolean ephemeral) {
	}

}
