package dev.stile.webhook;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A TCP service on localhost that is not HTTP: it greets every connection with a banner,
 * as SSH, SMTP or a database would, then reads what the client sends until it hangs up.
 */
final class Banner implements AutoCloseable {

	private final ServerSocket server;

	private Banner(String banner) throws IOException {
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread thread = new Thread(() -> {
			while (!this.server.isClosed()) {
				try (Socket socket = this.server.accept()) {
					OutputStream out = socket.getOutputStream();
					out.write(banner.getBytes(StandardCharsets.US_ASCII));
					out.flush();
					socket.setSoTimeout(5000);
					socket.getInputStream().transferTo(OutputStream.nullOutputStream());
				}
				catch (IOException ex) {
					// Closed, or the client went away: serve the next one.
				}
			}
		}, "banner-" + this.server.getLocalPort());
		thread.setDaemon(true);
		thread.start();
	}

	static Banner start(String banner) {
		try {
			return new Banner(banner);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	int port() {
		return this.server.getLocalPort();
	}

	@Override
	public void close() throws IOException {
		this.server.close();
	}

}
