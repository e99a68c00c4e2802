package dev.stile.database;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deals with a PostgreSQL left running on the data directory by a server that died
 * without stopping it (killed, out of memory, power to the JVM cut). Such a postmaster
 * holds the directory, and a new one could never start on it.
 * <p>
 * A live server holds the embedded database's lock file ({@code epg-lock}) for as long as
 * it runs, so the lock tells an orphan from a database another server is using: if the
 * lock is free while {@code postmaster.pid} names a running postgres of this directory,
 * nobody owns that postgres and it is shut down (SIGTERM: PostgreSQL's smart shutdown,
 * which checkpoints and exits once its dead clients' sessions have ended).
 */
final class OrphanedPostmaster {

	private static final Logger logger = LoggerFactory.getLogger(OrphanedPostmaster.class);

	/** The lock file the embedded database holds while it runs. */
	private static final String LOCK_FILE = "epg-lock";

	private OrphanedPostmaster() {
	}

	/**
	 * Stops the postmaster an earlier server left running on {@code dataDir}, if any.
	 * @throws IllegalStateException when another running server is using the directory
	 */
	static void stopIfAny(Path dataDir, Duration wait) throws IOException {
		Path lockFile = dataDir.resolve(LOCK_FILE);
		if (!Files.exists(dataDir.resolve("postmaster.pid")) || !Files.exists(lockFile)) {
			return;
		}
		try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
			FileLock lock = tryLock(channel);
			if (lock == null) {
				throw new IllegalStateException("Another running Stile server is using the embedded database in "
						+ dataDir + ". Stop it first, or give this one its own STILE_DATA_DIR.");
			}
			try {
				Optional<ProcessHandle> postmaster = postmasterOf(dataDir);
				if (postmaster.isPresent()) {
					stop(postmaster.get(), dataDir, wait);
				}
			}
			finally {
				lock.release();
			}
		}
	}

	/**
	 * The running postgres that {@code postmaster.pid} names, if it serves this
	 * directory.
	 */
	private static Optional<ProcessHandle> postmasterOf(Path dataDir) throws IOException {
		List<String> lines;
		try {
			lines = Files.readAllLines(dataDir.resolve("postmaster.pid"));
		}
		catch (NoSuchFileException ex) {
			return Optional.empty();
		}
		if (lines.isEmpty()) {
			return Optional.empty();
		}
		long pid;
		try {
			pid = Long.parseLong(lines.get(0).trim());
		}
		catch (NumberFormatException ex) {
			return Optional.empty();
		}
		// The pid may have been reused by an unrelated process since: only a postgres
		// started on this very directory counts.
		String directory = dataDir.toAbsolutePath().normalize().toString();
		return ProcessHandle.of(pid)
			.filter(ProcessHandle::isAlive)
			.filter((process) -> process.info()
				.commandLine()
				.filter((command) -> command.contains("postgres") && command.contains(directory))
				.isPresent());
	}

	private static FileLock tryLock(FileChannel channel) throws IOException {
		try {
			return channel.tryLock();
		}
		catch (OverlappingFileLockException ex) {
			// Held by another server in this same JVM.
			return null;
		}
	}

	private static void stop(ProcessHandle postmaster, Path dataDir, Duration wait) throws IOException {
		logger.warn("A PostgreSQL (pid {}) left running by an earlier server holds {}; stopping it", postmaster.pid(),
				dataDir);
		postmaster.destroy();
		try {
			postmaster.onExit().get(wait.toMillis(), TimeUnit.MILLISECONDS);
			logger.info("The earlier PostgreSQL (pid {}) has stopped", postmaster.pid());
		}
		catch (TimeoutException ex) {
			throw new IOException("The PostgreSQL (pid " + postmaster.pid() + ") left running on " + dataDir
					+ " did not stop within " + wait.toSeconds() + " s; stop it by hand", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("Interrupted while stopping the PostgreSQL left running on " + dataDir, ex);
		}
		catch (ExecutionException ex) {
			throw new IOException("Could not stop the PostgreSQL left running on " + dataDir, ex);
		}
	}

}
