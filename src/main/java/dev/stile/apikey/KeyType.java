package dev.stile.apikey;

import java.util.Locale;
import java.util.Optional;

/**
 * The two kinds of API key: secret keys ({@code vk_}) have full access to their
 * organization in their mode; publishable keys ({@code pk_}) may only do what a browser
 * widget needs.
 */
public enum KeyType {

	SECRET("vk"), PUBLISHABLE("pk");

	private final String prefix;

	KeyType(String prefix) {
		this.prefix = prefix;
	}

	/** The prefix of keys of this type, e.g. {@code vk}. */
	public String prefix() {
		return this.prefix;
	}

	/** The type as the API names it. */
	public String apiName() {
		return name().toLowerCase(Locale.ROOT);
	}

	static Optional<KeyType> fromApiName(String name) {
		for (KeyType type : values()) {
			if (type.apiName().equals(name)) {
				return Optional.of(type);
			}
		}
		return Optional.empty();
	}

	static Optional<KeyType> fromPrefix(String prefix) {
		for (KeyType type : values()) {
			if (type.prefix.equals(prefix)) {
				return Optional.of(type);
			}
		}
		return Optional.empty();
	}

}
