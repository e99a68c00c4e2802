package dev.stile.method;

/**
 * Every turn to read a photo was taken for longer than a client should wait: the server
 * is busy, and the same attempt may be sent again shortly.
 */
public class ReadingCapacityException extends RuntimeException {

	public ReadingCapacityException() {
		super("The server is reading too many document photos at once; send the photo again in a few seconds.");
	}

}
