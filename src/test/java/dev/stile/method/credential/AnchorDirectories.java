package dev.stile.method.credential;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import dev.stile.credential.TestPki;
import dev.stile.support.Api;

import org.springframework.core.env.Environment;

/**
 * The shared test server's trust anchor directories (application-test.yaml): a test
 * writes roots there and reloads, and empties them again afterwards so that every other
 * test sees a server without anchors.
 */
public final class AnchorDirectories {

	static final String RELOAD = "/admin/v1/trust_anchors/reload";

	private final Api api;

	private final Path mdl;

	private final Path pid;

	public AnchorDirectories(Api api, Environment environment) {
		this.api = api;
		this.mdl = Path.of(environment.getRequiredProperty("stile.credentials.mdl-trust-anchors"));
		this.pid = Path.of(environment.getRequiredProperty("stile.credentials.pid-trust-anchors"));
	}

	public Path mdl() {
		return this.mdl;
	}

	public Path pid() {
		return this.pid;
	}

	/** Writes a root into a directory and reloads, failing unless the reload succeeds. */
	public Path trust(Path directory, String fileName, TestPki.Issued root) throws Exception {
		Path file = TrustAnchorStoreTests.writePem(directory.resolve(fileName), root);
		Api.Response response = reload();
		if (response.status() != 200) {
			throw new AssertionError("reload failed: " + response.status() + " " + response.body());
		}
		return file;
	}

	Api.Response reload() {
		return this.api.call("POST", RELOAD).key(Api.ADMIN_TOKEN).send();
	}

	/** Removes every certificate file the tests wrote, and reloads. */
	public void clear() throws IOException {
		for (Path directory : new Path[] { this.mdl, this.pid }) {
			try (Stream<Path> files = Files.list(directory)) {
				for (Path file : files.filter((f) -> !f.getFileName().toString().endsWith(".txt")).toList()) {
					Files.delete(file);
				}
			}
		}
		reload();
	}

}
