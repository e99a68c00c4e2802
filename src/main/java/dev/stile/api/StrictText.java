package dev.stile.api;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.KeyDeserializer;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Text the API accepts: no NUL character (PostgreSQL cannot store it) and no unpaired
 * UTF-16 surrogate (it is not a character at all). Applied to every JSON string and
 * object key read.
 */
final class StrictText {

	static final String REFUSAL = "text with a NUL character or an unpaired surrogate";

	private StrictText() {
	}

	static boolean isAcceptable(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == 0) {
				return false;
			}
			if (Character.isHighSurrogate(c)) {
				if (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
					return false;
				}
				i++;
			}
			else if (Character.isLowSurrogate(c)) {
				return false;
			}
		}
		return true;
	}

	static final class Values extends StringDeserializer {

		@Override
		public String deserialize(JsonParser parser, DeserializationContext context) {
			String value = super.deserialize(parser, context);
			if (value != null && !isAcceptable(value)) {
				throw MismatchedInputException.from(parser, String.class, REFUSAL);
			}
			return value;
		}

	}

	static final class Keys extends KeyDeserializer {

		@Override
		public Object deserializeKey(String key, DeserializationContext context) {
			if (!isAcceptable(key)) {
				throw MismatchedInputException.from(context.getParser(), String.class, REFUSAL);
			}
			return key;
		}

	}

}
