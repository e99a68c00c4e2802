package dev.stile.apikey;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.stile.api.Ids;

/**
 * The clear value of an API key, {@code <vk|pk>_<test|live>_<random>}, which is shown
 * once and stored only as its SHA-256 hash.
 */
record KeyValue(String value, KeyType type, boolean livemode) {

	private static final Pattern SHAPE = Pattern.compile("(vk|pk)_(test|live)_([0-9A-Za-z]{16,128})");

	private static final int RANDOM_LENGTH = 32;

	static KeyValue generate(KeyType type, boolean livemode) {
		return new KeyValue(type.prefix() + "_" + (livemode ? "live" : "test") + "_" + Ids.randomToken(RANDOM_LENGTH),
				type, livemode);
	}

	/** Parses a presented key; empty if it does not even have the shape of one. */
	static Optional<KeyValue> parse(String value) {
		if (value == null || value.length() > 200) {
			return Optional.empty();
		}
		Matcher matcher = SHAPE.matcher(value);
		if (!matcher.matches()) {
			return Optional.empty();
		}
		KeyType type = KeyType.fromPrefix(matcher.group(1)).orElseThrow();
		return Optional.of(new KeyValue(value, type, "live".equals(matcher.group(2))));
	}

	byte[] hash() {
		try {
			return MessageDigest.getInstance("SHA-256").digest(this.value.getBytes(StandardCharsets.US_ASCII));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every Java runtime", ex);
		}
	}

	String last4() {
		return this.value.substring(this.value.length() - 4);
	}

	/** The key as it may appear in messages and logs. */
	String redacted() {
		return redact(this.value);
	}

	static String redact(String presented) {
		int cut = presented.lastIndexOf('_');
		String prefix = (cut > 0 && cut < 9) ? presented.substring(0, cut + 1) : "";
		String tail = presented.length() > 4 ? presented.substring(presented.length() - 4) : "";
		return prefix + "****" + tail;
	}

	@Override
	public String toString() {
		return redacted();
	}

}
