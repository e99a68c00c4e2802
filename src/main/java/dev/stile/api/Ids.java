package dev.stile.api;

import java.security.SecureRandom;
import java.time.Instant;

/**
 * Prefixed, unguessable, time-ordered identifiers such as {@code vks_01Hh3c...}: 48 bits
 * of milliseconds then 80 random bits, in fixed-width base62 so that byte order is
 * creation order.
 */
public final class Ids {

	private static final char[] ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		.toCharArray();

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final int TIME_CHARS = 9; // 62^9 > 2^48

	private static final int RANDOM_CHARS = 14; // 62^14 > 2^80

	private Ids() {
	}

	/** A new id with the given prefix, e.g. {@code newId("vks")}. */
	public static String newId(String prefix) {
		return newId(prefix, Instant.now());
	}

	static String newId(String prefix, Instant at) {
		StringBuilder id = new StringBuilder(prefix.length() + 1 + TIME_CHARS + RANDOM_CHARS);
		id.append(prefix).append('_');
		appendBase62(id, at.toEpochMilli(), TIME_CHARS);
		id.append(randomToken(RANDOM_CHARS));
		return id.toString();
	}

	/** A random base62 string of the given length, for secrets. */
	public static String randomToken(int length) {
		char[] chars = new char[length];
		for (int i = 0; i < length; i++) {
			chars[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
		}
		return new String(chars);
	}

	/** Whether {@code value} has the shape of an id with this prefix. */
	public static boolean hasShape(String value, String prefix) {
		if (value == null || value.length() != prefix.length() + 1 + TIME_CHARS + RANDOM_CHARS
				|| !value.startsWith(prefix + "_")) {
			return false;
		}
		for (int i = prefix.length() + 1; i < value.length(); i++) {
			char c = value.charAt(i);
			if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
				return false;
			}
		}
		return true;
	}

	private static void appendBase62(StringBuilder target, long value, int width) {
		char[] digits = new char[width];
		for (int i = width - 1; i >= 0; i--) {
			digits[i] = ALPHABET[(int) (value % 62)];
			value /= 62;
		}
		target.append(digits);
	}

}
