package dev.stile.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A whole server in a JVM of its own, so that a test can stop it as an operating system
 * would: with SIGTERM, or with SIGKILL. Its output goes to a file, not a pipe, so that
 * nothing it writes while it dies is lost.
 */
public final class ServerProcess implements AutoCloseable {

	private static final Pattern PORT = Pattern.compile("STILE_TEST_PORT=(\\d+)");

	private final Process process;

	private final int port;

	private final Path output;

	private ServerProcess(Process process, int port, Path output) {
		this.process = process;
		this.port = port;
		this.output = output;
	}

	/**
	 * Starts a server on an embedded PostgreSQL kept in {@code dataDir} and waits until
	 * it serves.
	 */
	static ServerProcess start(Path dataDir) throws IOException, InterruptedException {
		return start("stile.data-dir=" + dataDir, "stile.embedded-postgres.ephemeral=false");
	}

	/**
	 * Starts a server with the test profile and the given settings ({@code name=value})
	 * and waits until it serves.
	 */
	public static ServerProcess start(String... settings) throws IOException, InterruptedException {
		String java = ProcessHandle.current().info().command().orElse("java");
		List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
				"-cp", System.getProperty("java.class.path"), Main.class.getName()));
		command.addAll(List.of(settings));
		Path output = Files.createTempFile("stile-server", ".log");
		output.toFile().deleteOnExit();
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
		long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
		while (System.nanoTime() < deadline && process.isAlive()) {
			Matcher port = PORT.matcher(Files.readString(output, StandardCharsets.UTF_8));
			if (port.find()) {
				return new ServerProcess(process, Integer.parseInt(port.group(1)), output);
			}
			process.waitFor(100, TimeUnit.MILLISECONDS);
		}
		process.destroyForcibly();
		throw new IllegalStateException("The server process did not start:\n" + Files.readString(output));
	}

	public int port() {
		return this.port;
	}

	/** Everything the server has written to standard output and error so far. */
	public String output() throws IOException {
		return Files.readString(this.output, StandardCharsets.UTF_8);
	}

	/** SIGTERM, as an orchestrator stopping the server would send. */
	public void terminate() {
		this.process.destroy();
	}

	/** Waits up to {@code timeout} for the process to end; whether it has. */
	public boolean waitForExit(Duration timeout) throws InterruptedException {
		return this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
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
