package dev.stile.ops;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import dev.stile.StileApplication;
import dev.stile.support.Api;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A whole server started by a test with its own settings, beside the shared test server:
 * test profile, random ports.
 */
public final class ServerInstance implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private ServerInstance(ConfigurableApplicationContext context) {
		this.context = context;
	}

	public static ServerInstance start(String... settings) {
		List<String> args = new ArrayList<>(List.of("--spring.profiles.active=test", "--server.port=0",
				"--management.server.port=0", "--spring.main.banner-mode=off"));
		for (String setting : settings) {
			args.add("--" + setting);
		}
		return new ServerInstance(
				new SpringApplicationBuilder(StileApplication.class).run(args.toArray(String[]::new)));
	}

	public int port() {
		return ((WebServerApplicationContext) this.context).getWebServer().getPort();
	}

	int managementPort() {
		return this.context.getEnvironment().getRequiredProperty("local.management.port", Integer.class);
	}

	URI uri(String scheme, String path) {
		return URI.create(scheme + "://localhost:" + port() + path);
	}

	URI management(String path) {
		return URI.create("http://localhost:" + managementPort() + path);
	}

	<T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	/** A client of this server, like the shared test server's {@link Api}. */
	public Api api() {
		return Api.on((WebServerApplicationContext) this.context);
	}

	@Override
	public void close() {
		this.context.close();
	}

}
