package dev.stile.oid4vp;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An {@code application/x-www-form-urlencoded} body read from its raw bytes: strict
 * percent-decoding, {@code +} as space, UTF-8 that must decode, and each name at most
 * once. Anything else is refused rather than guessed at, since what a wallet posts is
 * signed or encrypted and a lenient reading could only hide a fault.
 */
final class FormBody {

	private final Map<String, String> fields;

	private FormBody(Map<String, String> fields) {
		this.fields = fields;
	}

	/**
	 * The fields of {@code body}, or empty when it is not a well-formed form: a bad
	 * percent escape, bytes that are not UTF-8, or a repeated name.
	 */
	static Optional<FormBody> parse(byte[] body) {
		Map<String, String> fields = new LinkedHashMap<>();
		if (body.length == 0) {
			return Optional.of(new FormBody(fields));
		}
		int start = 0;
		for (int i = 0; i <= body.length; i++) {
			if (i == body.length || body[i] == '&') {
				if (i > start) {
					int equals = indexOf(body, (byte) '=', start, i);
					String name = decode(body, start, (equals < 0) ? i : equals);
					String value = (equals < 0) ? "" : decode(body, equals + 1, i);
					if (name == null || value == null || fields.putIfAbsent(name, value) != null) {
						return Optional.empty();
					}
				}
				start = i + 1;
			}
		}
		return Optional.of(new FormBody(fields));
	}

	/** The value of {@code name}, or {@code null}. */
	String get(String name) {
		return this.fields.get(name);
	}

	boolean has(String name) {
		return this.fields.containsKey(name);
	}

	java.util.Set<String> names() {
		return this.fields.keySet();
	}

	private static int indexOf(byte[] bytes, byte wanted, int from, int to) {
		for (int i = from; i < to; i++) {
			if (bytes[i] == wanted) {
				return i;
			}
		}
		return -1;
	}

	private static String decode(byte[] bytes, int from, int to) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
		for (int i = from; i < to; i++) {
			byte b = bytes[i];
			if (b == '%') {
				if (i + 2 >= to) {
					return null;
				}
				int high = Character.digit(bytes[i + 1], 16);
				int low = Character.digit(bytes[i + 2], 16);
				if (high < 0 || low < 0) {
					return null;
				}
				out.write((high << 4) | low);
				i += 2;
			}
			else if (b == '+') {
				out.write(' ');
			}
			else if (b < 0x20 || b == 0x7f) {
				// Raw control characters or non-ASCII bytes: a form encoder escapes them.
				return null;
			}
			else {
				out.write(b);
			}
		}
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(out.toByteArray()))
				.toString();
		}
		catch (CharacterCodingException ex) {
			return null;
		}
	}

}
