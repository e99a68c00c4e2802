package dev.stile.ops;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A whole server in a JVM of its own, on an embedded PostgreSQL kept in a data directory,
 * so that a test can kill it as an operating system would.
 */
public final class ServerProcess implements AutoCloseable {

	private static final Pattern PORT = Pattern.compile("STILE_TEST_PORT=(\\d+)");

	private final Process process;

	private final int port;

	private ServerProcess(Process process, int port) {
		this.process = process;
		this.port = port;
	}

	/** Starts a server on {@code dataDir} and waits until it serves. */
	static ServerProcess start(Path dataDir) throws IOException {
		return start("stile.data-dir=" + dataDir, "stile.embedded-postgres.ephemeral=false");
	}

	/**
	 * Starts a server with the test profile and the given settings ({@code name=value})
	 * and waits until it serves.
	 */
	public static ServerProcess start(String... settings) throws IOException {
		String java = ProcessHandle.current().info().command().orElse("java");
		List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
				"-cp", System.getProperty("java.class.path"), Main.class.getName()));
		command.addAll(List.of(settings));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		BufferedReader output = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
		long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
		StringBuilder seen = new StringBuilder();
		String line;
		while (System.nanoTime() < deadline && (line = output.readLine()) != null) {
			seen.append(line).append('\n');
			Matcher port = PORT.matcher(line);
			if (port.find()) {
				// Keep draining its output so that it never blocks on a full pipe.
				Thread drain = new Thread(() -> output.lines().forEach((ignored) -> {
				}));
				drain.setDaemon(true);
				drain.start();
				return new ServerProcess(process, Integer.parseInt(port.group(1)));
			}
		}
		process.destroyForcibly();
		throw new IllegalStateException("The server process did not start:\n" + seen);
	}

	public int port() {
		return this.port;
	}

	/** SIGKILL, as the kernel's out-of-memory killer or {@code kill -9} would. */
	public void kill() throws InterruptedException {
		this.process.destroyForcibly();
		this.process.waitFor(30, TimeUnit.SECONDS);
	}

	@Override
	public void close() throws InterruptedException {
		kill();
	}

	/** The child JVM: the server with the test profile and the given settings. */
	static final class Main {

		public static void main(String[] args) {
			ServerInstance server = ServerInstance.start(args);
			System.out.println("STILE_TEST_PORT=" + server.port());
		}

	}

}
