package dev.stile.method;

/**
 * A photo that is not read: not a PNG or JPEG, damaged, or beyond what the server
 * decodes. Like any failed read it uses up an attempt.
 */
class ImageRefusedException extends RuntimeException {

	private final String code;

	ImageRefusedException(String code, String message) {
		super(message);
		this.code = code;
	}

	static ImageRefusedException unreadable() {
		return new ImageRefusedException("image_unreadable",
				"The file could not be read as a PNG or JPEG photo; take the photo again.");
	}

	/** {@code image_unreadable} or {@code image_too_large}. */
	String code() {
		return this.code;
	}

}
